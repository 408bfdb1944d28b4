from django.contrib import admin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "kind", "parent", "head_name", "is_ppid_utama", "is_active")
    list_filter = ("kind", "is_active", "is_ppid_utama")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("short_name",)}
    autocomplete_fields = ("parent",)
