"""Writes of the notifications app. Other apps call `notify(...)` with `Recipient`s; nothing else is needed to send.
What citizens send in is handled by the app that registered for it (inbound.py)."""

from ..inbound import INBOUND_EMAIL_MAX_BYTES, InboundEmailError
from .outbox import (
    DeliveryResult,
    OutboxTransitionError,
    PermanentDeliveryError,
    Recipient,
    TemporaryDeliveryError,
    UncertainDeliveryError,
    backoff_delay,
    idempotency_key_for,
    notify,
    outbox_cancel,
    outbox_claim,
    outbox_claim_batch,
    outbox_maintenance,
    outbox_reconcile_status,
    outbox_recover_abandoned,
    outbox_resolve_in_doubt,
    outbox_retry,
    outbox_send,
    outbox_send_claimed,
)
from .preferences import channel_opt_in, channel_opt_out, channel_preference_set, is_opted_out
from .whatsapp import whatsapp_reply_queue, whatsapp_webhook_process

__all__ = [
    "InboundEmailError",
    "INBOUND_EMAIL_MAX_BYTES",
    "whatsapp_reply_queue",
    "whatsapp_webhook_process",
    "DeliveryResult",
    "OutboxTransitionError",
    "PermanentDeliveryError",
    "Recipient",
    "TemporaryDeliveryError",
    "UncertainDeliveryError",
    "backoff_delay",
    "channel_opt_in",
    "channel_opt_out",
    "channel_preference_set",
    "idempotency_key_for",
    "is_opted_out",
    "notify",
    "outbox_cancel",
    "outbox_claim",
    "outbox_claim_batch",
    "outbox_maintenance",
    "outbox_reconcile_status",
    "outbox_recover_abandoned",
    "outbox_resolve_in_doubt",
    "outbox_retry",
    "outbox_send",
    "outbox_send_claimed",
]
