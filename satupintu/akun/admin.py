from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "village", "agency", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "agency")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    autocomplete_fields = ("village", "agency")
    fieldsets = BaseUserAdmin.fieldsets + ((_("Peran dan cakupan"), {"fields": ("role", "village", "agency", "phone", "language")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Peran dan cakupan"), {"fields": ("role", "village", "agency")}),)
