from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from satupintu.core.admin import ReadOnlyAdmin

from . import services
from .models import ApiClient, EventCursor, LaporLink, LaporRule, LaporSync, WebhookSubscription


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Keys are made here or with `manage.py api_key_create`; the key is shown once, in the message after saving."""

    list_display = ("name", "key_prefix", "scopes", "user", "rate_limit", "is_active", "last_used_at")
    list_filter = ("is_active",)
    search_fields = ("name", "contact", "key_prefix")
    fields = ("name", "contact", "scopes", "user", "rate_limit", "is_active", "key_prefix", "created_at",
              "last_used_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        client, raw = services.api_client_create(name=obj.name, scopes=list(obj.scopes or []), contact=obj.contact,
                                                 user=obj.user, rate_limit=obj.rate_limit, by=request.user)
        obj.pk, obj.key_prefix, obj.key_hash = client.pk, client.key_prefix, client.key_hash
        obj._state.adding = False
        messages.warning(request, _("Kunci API (simpan sekarang, tidak ditampilkan lagi): %(key)s") % {"key": raw})

    @admin.action(description=_("Cabut kunci terpilih"))
    def revoke(self, request, queryset):
        for client in queryset:
            services.api_client_revoke(client=client, by=request.user)


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ("url", "client", "events", "is_active", "created_at")
    list_filter = ("is_active",)
    readonly_fields = ("secret", "created_at")


@admin.register(LaporRule)
class LaporRuleAdmin(admin.ModelAdmin):
    list_display = ("category", "forward_automatically")


@admin.register(LaporLink)
class LaporLinkAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "direction", "lapor_id", "lapor_status", "forwarded_at", "synced_at")
    list_filter = ("direction",)
    search_fields = ("lapor_id", "complaint__tracking_code")


@admin.register(LaporSync)
class LaporSyncAdmin(ReadOnlyAdmin):
    list_display = ("cursor", "last_run_at", "last_error")


@admin.register(EventCursor)
class EventCursorAdmin(ReadOnlyAdmin):
    list_display = ("last_event_id", "updated_at")
