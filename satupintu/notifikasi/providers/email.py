"""Email through Django's email backends (console in development, SMTP from the environment in production)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .. import conf
from ..registry import get_template
from ..services.outbox import DeliveryResult, PermanentDeliveryError, TemporaryDeliveryError


def message_id_for(idempotency_key: str) -> str:
    """Deterministic, so a resend after a crash is the same message and mail stores can drop the duplicate."""
    return f"<{idempotency_key}@{conf.message_id_domain()}>"


def deliver(message) -> DeliveryResult:
    template = get_template(message.event)
    subject, body = template.render(context=message.context, language=message.language)
    subject = " ".join(subject.split())  # a header: no newlines
    message_id = message_id_for(message.idempotency_key)
    mail = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={"Message-ID": message_id, "Auto-Submitted": "auto-generated"},
        connection=get_connection(fail_silently=False, timeout=conf.email_timeout()),
    )
    try:
        mail.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentDeliveryError(f"Alamat ditolak server surel: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        text = f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"
        if 500 <= exc.smtp_code < 600:
            raise PermanentDeliveryError(text) from exc
        raise TemporaryDeliveryError(text) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryDeliveryError(f"Server surel tidak dapat dihubungi: {type(exc).__name__}: {exc}") from exc
    return DeliveryResult(provider_message_id=message_id, subject=subject, body=body)
