"""Every setting of the channels app, read in one place.

Each value comes from Django settings when defined there, otherwise from the environment, otherwise a default that
keeps a development server running with no provider configured (WhatsApp to the log, email to the console).
Read them through the functions below at call time (never at import) so tests can override settings."""

from __future__ import annotations

import os

from django.conf import settings


def _get(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return value


def _float(name: str, default: float) -> float:
    return float(_get(name, str(default)))


def _int(name: str, default: int) -> int:
    return int(_get(name, str(default)))


# --- WhatsApp Business Cloud API ----------------------------------------------------------------------------
def whatsapp_token() -> str:
    return _get("WHATSAPP_TOKEN")


def whatsapp_phone_number_id() -> str:
    return _get("WHATSAPP_PHONE_NUMBER_ID")


def whatsapp_app_secret() -> str:
    """Signs every webhook POST (X-Hub-Signature-256). Meta uses the same app secret for WhatsApp, Facebook
    and Instagram webhooks of one app."""
    return _get("WHATSAPP_APP_SECRET")


def whatsapp_verify_token() -> str:
    return _get("WHATSAPP_VERIFY_TOKEN")


def whatsapp_api_base() -> str:
    return _get("WHATSAPP_API_BASE", "https://graph.facebook.com").rstrip("/")


def whatsapp_api_version() -> str:
    return _get("WHATSAPP_API_VERSION", "v21.0")


def whatsapp_timeout() -> float:
    """Seconds to wait for the Graph API. Must stay well below the lease (see outbox_lease_seconds)."""
    return _float("WHATSAPP_TIMEOUT", 15.0)


def whatsapp_configured() -> bool:
    return bool(whatsapp_token() and whatsapp_phone_number_id())


def whatsapp_template_language() -> str:
    return _get("WHATSAPP_TEMPLATE_LANGUAGE", "id")


# --- Facebook Page / Instagram account (replies on the thread a report came from) -------------------------
def social_page_token() -> str:
    """The Page access token (it also speaks for the Instagram account linked to the Page)."""
    return _get("SOCIAL_PAGE_TOKEN")


def social_api_base() -> str:
    return _get("SOCIAL_API_BASE", whatsapp_api_base()).rstrip("/")


def social_timeout() -> float:
    return _float("SOCIAL_TIMEOUT", 15.0)


def social_configured() -> bool:
    return bool(social_page_token())


def social_account_id(channel: str) -> str:
    """Our Page id (facebook) or Instagram account id: a reply found on a thread counts only when it is ours."""
    return _get("SOCIAL_PAGE_ID" if channel == "facebook" else "SOCIAL_INSTAGRAM_ID")


# --- Email ------------------------------------------------------------------------------------------------
def inbound_email_token() -> str:
    return _get("INBOUND_EMAIL_TOKEN")


def complaints_email() -> str:
    return _get("COMPLAINTS_EMAIL", "aduan@satupintu.local")


def email_timeout() -> float:
    """Seconds for the SMTP connection when EMAIL_TIMEOUT is not set: a hung mail server must not hold a worker
    past its lease (smtplib would otherwise wait forever)."""
    return float(getattr(settings, "EMAIL_TIMEOUT", None) or _float("OUTBOX_EMAIL_TIMEOUT", 30.0))


def message_id_domain() -> str:
    return _get("OUTBOX_MESSAGE_ID_DOMAIN", "satupintu.local")


# --- Outbox -----------------------------------------------------------------------------------------------
def outbox_max_attempts() -> int:
    return _int("OUTBOX_MAX_ATTEMPTS", 6)


def outbox_backoff_base() -> float:
    """Seconds before the first retry; doubled each attempt (30 s, 1 min, 2 min, 4 min, ...)."""
    return _float("OUTBOX_BACKOFF_BASE", 30.0)


def outbox_backoff_max() -> float:
    return _float("OUTBOX_BACKOFF_MAX", 3600.0)


def outbox_lease_seconds() -> float:
    """How long a worker owns a claimed message. A claimed message whose lease ran out is presumed abandoned by a
    dead worker. It must be far longer than one send (provider timeout) so a slow live worker is never overtaken."""
    return _float("OUTBOX_LEASE_SECONDS", 300.0)


OUTBOX_DELIVERIES = ("tasks", "senders")


def outbox_delivery() -> str:
    """Who sends the outbox's messages.

    "tasks" (default): notify() enqueues one task per message (the database task queue of the embedded set-up, or
    Redis); a task worker sends it, and the periodic job re-enqueues what is due.
    "senders": `manage.py outbox_worker` processes claim due messages from the outbox themselves, a batch at a time
    (the scaled set-up, deploy/). notify() then writes only the message row: no task row per message, half the
    statements of a mass notice, and no task that would find its message already sent."""
    value = _get("OUTBOX_DELIVERY", "tasks").strip().lower() or "tasks"
    if value not in OUTBOX_DELIVERIES:
        raise ValueError(f"OUTBOX_DELIVERY must be one of {OUTBOX_DELIVERIES}, not {value!r}")
    return value


def outbox_reconcile_seconds() -> float:
    """After recovering an abandoned message, wait this long for the provider's delivery status (which carries our
    idempotency key) before sending it again."""
    return _float("OUTBOX_RECONCILE_SECONDS", 120.0)


# --- Social media (Graph API webhooks for the Facebook page and Instagram account) ------------------------
def social_verify_token() -> str:
    return _get("SOCIAL_VERIFY_TOKEN") or whatsapp_verify_token()


def social_app_secret() -> str:
    return _get("SOCIAL_APP_SECRET") or whatsapp_app_secret()


def check_outbox_delivery(app_configs=None, **kwargs):
    """System check (registered in apps.py): a mistyped OUTBOX_DELIVERY stops the start instead of every notify()."""
    from django.core import checks

    try:
        outbox_delivery()
    except ValueError as exc:
        return [checks.Error(str(exc), id="notifikasi.E001")]
    return []
