from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from satupintu.core.audit import audit_record

from .models import User

AUDITED_FIELDS = ("role", "village_id", "agency_id", "is_active", "is_staff", "is_superuser")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "village", "agency", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "agency")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    autocomplete_fields = ("village", "agency")
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Peran dan cakupan"), {"fields": ("role", "village", "agency", "phone", "language")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Peran dan cakupan"), {"fields": ("role", "village", "agency")}),
    )

    def save_model(self, request, obj, form, change):
        """Role and scope decide what a person may see: every change of them is audited."""
        before = {}
        if change:
            old = User.objects.filter(pk=obj.pk).values(*AUDITED_FIELDS).first() or {}
            before = {k: old.get(k) for k in AUDITED_FIELDS}
        super().save_model(request, obj, form, change)
        after = {k: getattr(obj, k) for k in AUDITED_FIELDS}
        changed = {
            k: [before.get(k), after[k]] for k in AUDITED_FIELDS if not change or before.get(k) != after[k]
        }
        if changed:
            audit_record(
                obj=obj,
                action="user.scope_changed" if change else "user.created",
                actor=request.user,
                from_state=str(before.get("role") or ""),
                to_state=obj.role,
                data={k: [str(v) if v is not None else None for v in pair] for k, pair in changed.items()},
            )


# --- Two-factor devices: the administrator sees who enrolled and can remove a lost phone, never a key or a code -----
class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # each person enrols their own phone (/akun/dua-langkah/)

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        from django.db import transaction

        with transaction.atomic():
            for device in queryset.select_related("user"):
                audit_record(
                    obj=device.user,
                    action="akun.2fa_removed",
                    actor=request.user,
                    data={"device": device._meta.model_name, "by_admin": True},
                )
            queryset.delete()


def _register_second_factor_admins():
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
        admin.site.register(model, SecondFactorAdmin)


_register_second_factor_admins()
