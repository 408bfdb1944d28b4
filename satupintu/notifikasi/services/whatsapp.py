"""Inbound WhatsApp webhooks: delivery statuses settle outbox rows here; each message goes to the handler an app
above registered for "whatsapp" (the complaint conversation, aduan/channels/whatsapp.py; see inbound.py)."""

from __future__ import annotations

import logging

from django.conf import settings

from ..inbound import NoInboundHandler, inbound_handler
from .outbox import Recipient, _notify, outbox_reconcile_status

logger = logging.getLogger(__name__)


def _site() -> str:
    return getattr(settings, "SATUPINTU_SITE_NAME", "Satu Pintu")


def whatsapp_reply_queue(*, phone: str, text: str, key: str, respect_opt_out: bool = True) -> None:
    """Queue a free-form reply (we are inside the 24-hour window: the citizen just wrote)."""
    _notify(
        event="notifikasi.whatsapp_reply",
        recipients=[Recipient(phone=phone)],
        context={"text": text, "site": _site()},
        key=key,
        respect_opt_out=respect_opt_out,
    )


def whatsapp_webhook_process(*, payload: dict) -> dict[str, int]:
    """Handle one verified webhook POST. The handler takes each message in its own transaction, so one bad message
    does not undo the others, and a replay of any of them is a no-op (ProcessedWebhookMessage)."""
    counts = {"messages": 0, "duplicates": 0, "statuses": 0}
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            names = {
                c.get("wa_id", ""): (c.get("profile") or {}).get("name", "") for c in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                try:
                    handle = inbound_handler("whatsapp")
                except NoInboundHandler:
                    logger.warning("WhatsApp message %s dropped: no app handles inbound WhatsApp", message.get("id"))
                    continue
                outcome = handle(message=message, profile_name=names.get(message.get("from", ""), ""))
                counts["duplicates" if outcome == "duplicate" else "messages"] += 1
            for status in value.get("statuses") or []:
                errors = status.get("errors") or []
                error = "; ".join(f"{e.get('code')}: {e.get('title') or e.get('message', '')}" for e in errors)
                if outbox_reconcile_status(
                    idempotency_key=status.get("biz_opaque_callback_data", ""),
                    provider_message_id=status.get("id", ""),
                    status=status.get("status", ""),
                    error=error,
                ):
                    counts["statuses"] += 1
    return counts
