from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    ChannelOptOut,
    ChannelPreference,
    InboundEmail,
    OutboxMessage,
    OutboxStatus,
    SocialCandidate,
    WhatsAppContact,
    WhatsAppConversation,
)
from .services import OutboxTransitionError, outbox_cancel, outbox_retry


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("id", "event", "channel", "address", "status", "attempts", "next_attempt_at", "sent_at",
                    "short_error")
    list_filter = ("status", "channel", "event", "delivery_status")
    search_fields = ("address", "recipient_name", "event", "provider_message_id", "idempotency_key", "source_key")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    actions = ["retry_messages", "cancel_messages"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("galat penyedia"))
    def short_error(self, obj):
        return (obj.last_error[:120] + "…") if len(obj.last_error) > 120 else obj.last_error

    @admin.action(description=_("Kirim ulang pesan yang gagal"))
    def retry_messages(self, request, queryset):
        done = 0
        for message in queryset.filter(status=OutboxStatus.FAILED):
            outbox_retry(message=message, by=request.user)
            done += 1
        self.message_user(request, ngettext("%(n)d pesan diantrekan ulang.", "%(n)d pesan diantrekan ulang.", done)
                          % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Batalkan pesan"))
    def cancel_messages(self, request, queryset):
        done = 0
        for message in queryset.filter(status__in=[OutboxStatus.QUEUED, OutboxStatus.IN_DOUBT, OutboxStatus.FAILED]):
            try:
                outbox_cancel(message=message, by=request.user, reason="admin")
                done += 1
            except OutboxTransitionError:
                continue
        self.message_user(request, ngettext("%(n)d pesan dibatalkan.", "%(n)d pesan dibatalkan.", done) % {"n": done})


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "whatsapp_enabled", "email_enabled", "updated_at")
    list_filter = ("whatsapp_enabled", "email_enabled")
    search_fields = ("user__username", "user__email", "user__phone")
    raw_id_fields = ("user",)


@admin.register(ChannelOptOut)
class ChannelOptOutAdmin(admin.ModelAdmin):
    list_display = ("address", "channel", "reason", "created_at")
    list_filter = ("channel",)
    search_fields = ("address",)


@admin.register(WhatsAppContact)
class WhatsAppContactAdmin(admin.ModelAdmin):
    list_display = ("phone", "profile_name", "last_inbound_at")
    search_fields = ("phone", "profile_name")


@admin.register(WhatsAppConversation)
class WhatsAppConversationAdmin(admin.ModelAdmin):
    list_display = ("phone", "state", "village", "last_tracking_code", "updated_at")
    list_filter = ("state",)
    search_fields = ("phone", "last_tracking_code")
    raw_id_fields = ("village",)


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ("from_address", "subject", "complaint_tracking_code", "received_at")
    search_fields = ("from_address", "subject", "message_id", "complaint_tracking_code")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SocialCandidate)
class SocialCandidateAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "author_name", "status", "complaint_tracking_code", "created_at")
    list_filter = ("status", "channel")
    search_fields = ("text", "author_name", "author_handle", "complaint_tracking_code")
    raw_id_fields = ("created_by", "handled_by")
    readonly_fields = ("status", "handled_by", "handled_at", "complaint_tracking_code")
