from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import branding
from .images import SafeImageField
from .models import AuditEvent, RegencyLogo


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows that change only through the audited services: the admin is for looking them up."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor_label", "content_type", "object_id", "action", "from_state", "to_state", "channel", "ip_address")
    list_filter = ("content_type", "action", "channel")
    search_fields = ("object_id", "actor_label", "note")
    date_hierarchy = "created_at"


class RegencyLogoForm(forms.ModelForm):
    upload = SafeImageField(label=_("Lambang baru (PNG, JPEG atau WebP)"), required=False)
    clear = forms.BooleanField(label=_("Kembali ke lambang bawaan"), required=False)

    class Meta:
        model = RegencyLogo
        fields = ()

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            branding._logo_png(upload)  # validate now, so the admin shows the error on the field
        return upload


@admin.register(RegencyLogo)
class RegencyLogoAdmin(admin.ModelAdmin):
    """One row: the regency's logo for pages and letterheads. Saved through core.branding (audited)."""

    form = RegencyLogoForm
    list_display = ("__str__", "original_name", "updated_at", "updated_by")
    readonly_fields = ("preview", "original_name", "updated_at", "updated_by")

    @admin.display(description=_("Lambang sekarang"))
    def preview(self, obj):
        return format_html('<img src="{}" alt="" width="96">', branding.logo_url())

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not RegencyLogo.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("upload"):
            saved = branding.regency_logo_set(upload=form.cleaned_data["upload"], by=request.user)
        elif form.cleaned_data.get("clear") or not obj.pk:
            branding.regency_logo_clear(by=request.user)
            saved = RegencyLogo.objects.get(pk=1)
        else:
            return
        obj.pk = saved.pk
