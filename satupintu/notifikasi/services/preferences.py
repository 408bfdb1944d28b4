"""Channel preferences and opt-out."""

from __future__ import annotations

from django.db import transaction

from satupintu.core.audit import audit_record

from ..models import Channel, ChannelOptOut, ChannelPreference, OutboxMessage, OutboxStatus

#: Why a message was cancelled because its address opted out (at the opt-out, or just before sending).
OPT_OUT_NOTE = "Penerima berhenti berlangganan."


def channel_preference_set(*, user, whatsapp_enabled: bool, email_enabled: bool) -> ChannelPreference:
    with transaction.atomic():
        pref, _created = ChannelPreference.objects.select_for_update().get_or_create(user=user)
        before = {"whatsapp": pref.whatsapp_enabled, "email": pref.email_enabled}
        pref.whatsapp_enabled = whatsapp_enabled
        pref.email_enabled = email_enabled
        pref.save()
        audit_record(obj=pref, action="notifikasi.preference", actor=user,
                     data={"before": before, "after": {"whatsapp": whatsapp_enabled, "email": email_enabled}})
    return pref


def channel_opt_out(*, channel: str, address: str, reason: str = "") -> ChannelOptOut:
    """Stop writing to this address. Messages already queued for it are cancelled too: an opt-out means now."""
    with transaction.atomic():
        optout, created = ChannelOptOut.objects.get_or_create(channel=channel, address=address, defaults={"reason": reason})
        if created:
            OutboxMessage.objects.filter(
                channel=channel, address=address, status__in=[OutboxStatus.QUEUED, OutboxStatus.FAILED]
            ).update(status=OutboxStatus.CANCELLED, last_error=OPT_OUT_NOTE)
            audit_record(obj=optout, action="notifikasi.opt_out", note=reason)
    return optout


def channel_opt_in(*, channel: str, address: str) -> bool:
    with transaction.atomic():
        optout = ChannelOptOut.objects.filter(channel=channel, address=address).first()
        if optout is None:
            return False
        audit_record(obj=optout, action="notifikasi.opt_in")
        optout.delete()
    return True


def is_opted_out(*, channel: str = Channel.WHATSAPP, address: str) -> bool:
    return ChannelOptOut.objects.filter(channel=channel, address=address).exists()
