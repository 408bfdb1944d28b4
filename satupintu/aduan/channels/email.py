"""Inbound email to the complaints address becomes a report.

Choice: an inbound-mail *webhook* receiving the raw RFC 822 message (POST, body = the message, Content-Type
message/rfc822, shared secret in `X-Inbound-Token` or `Authorization: Bearer`). Every mail setup can produce it
without a provider account: a Postfix/Exim alias piped to `curl --data-binary @-`, a Cloudflare Email Worker, or
any provider's "forward raw MIME" route. Polling IMAP was rejected: it needs a long-running poller with its own
state and credentials, and delivers later. The Message-ID is the de-duplication key: a redelivered mail creates
nothing new. notifikasi receives the webhook (token, size) and hands the body to `inbound_email_receive`, registered
in AduanConfig.ready()."""

from __future__ import annotations

import hashlib
import logging
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core import request_context
from satupintu.notifikasi import conf
from satupintu.notifikasi.inbound import INBOUND_EMAIL_MAX_BYTES, InboundEmailError
from satupintu.notifikasi.models import Channel, InboundEmail, OutboxMessage
from satupintu.notifikasi.payloads import clean_text
from satupintu.notifikasi.services import Recipient, notify

from ..services import complaint_submit

logger = logging.getLogger(__name__)

ATTACHMENT_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
MAX_ATTACHMENTS = 5
# The whole raw message is at most INBOUND_EMAIL_MAX_BYTES (notifikasi's webhook refuses a larger body unread). The
# text of the report is cut to the web form's length by complaint_submit, which keeps the whole text as a file.


def _message_id(msg: EmailMessage, raw: bytes) -> str:
    value = (msg.get("Message-ID") or "").strip()
    if value:
        return clean_text(value)[:300]
    # No Message-ID (rare, broken senders): the content itself is the identity of the mail.
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@tanpa-message-id>"


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):
        content = part.get_payload(decode=True).decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        content = nh3.clean(content, tags=set())
    lines = [line.rstrip() for line in content.replace("\r\n", "\n").split("\n")]
    # Drop the quoted history of a reply; keep what the citizen wrote now.
    kept = []
    for line in lines:
        if line.startswith(">") or (line.startswith("Pada ") and line.endswith("menulis:")) or (
            line.startswith("On ") and line.endswith("wrote:")
        ):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _attachments(msg: EmailMessage) -> list[ContentFile]:
    files = []
    for part in msg.iter_attachments():
        if part.get_content_type() not in ATTACHMENT_TYPES or len(files) >= MAX_ATTACHMENTS:
            continue
        payload = part.get_payload(decode=True) or b""
        if payload:
            files.append(ContentFile(payload, name=clean_text(part.get_filename() or "lampiran")[-100:]))
    return files


def _is_automatic(msg: EmailMessage, sender: str) -> bool:
    """Bounces, auto-replies and lists must not become reports, nor be answered (mail loops)."""
    auto = (msg.get("Auto-Submitted") or "no").strip().lower()
    return (
        auto != "no"
        or not sender
        or sender.lower().startswith(("mailer-daemon@", "postmaster@", "noreply@", "no-reply@"))
        or (msg.get("Precedence") or "").lower() in {"bulk", "junk", "list"}
        or bool(msg.get("List-Id"))
    )


def inbound_email_receive(*, raw: bytes) -> tuple[InboundEmail, bool]:
    """Turn one raw mail into a report. Returns (record, created); created is False for a redelivery."""
    if not raw or len(raw) > INBOUND_EMAIL_MAX_BYTES:
        raise InboundEmailError("empty or oversized message")
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    if not msg.keys():
        raise InboundEmailError("no headers")
    message_id = _message_id(msg, raw)
    existing = InboundEmail.objects.filter(message_id=message_id).first()
    if existing is not None:
        return existing, False
    # Mail may carry NUL characters or undecodable bytes, which PostgreSQL will not store: cleaned at the door.
    name, sender = (clean_text(part) for part in parseaddr(str(msg.get("From") or "")))
    sender = sender.strip().lower()
    subject = clean_text(" ".join(str(msg.get("Subject") or "").split()))[:300]
    body = clean_text(_body_text(msg))
    files = _attachments(msg)
    with request_context.using(channel="email"):
        try:
            with transaction.atomic():
                record = InboundEmail.objects.create(message_id=message_id, from_address=sender[:254], subject=subject)
                if _is_automatic(msg, sender):
                    return record, True
                _file_report(record=record, name=name, sender=sender, subject=subject, body=body, files=files)
                return record, True
        except IntegrityError:
            existing = InboundEmail.objects.filter(message_id=message_id).first()
            if existing is not None:
                return existing, False
            raise


def _file_report(*, record: InboundEmail, name: str, sender: str, subject: str, body: str, files) -> None:
    title = subject or (body.splitlines()[0][:80] if body else "")
    started = timezone.now()
    try:
        with transaction.atomic():
            complaint = complaint_submit(
                kind="pengaduan",
                title=title or _("Laporan lewat email"),
                description=body,
                channel="email",
                reporter_name=name[:200],
                reporter_email=sender,
                attachments=files,
                external_ref=record.message_id,
            )
    except ValidationError as exc:
        reason = " ".join(str(m) for m in exc.messages)
        notify(
            event="notifikasi.email_rejected",
            recipients=[Recipient(name=name, email=sender)],
            context={"subject": subject or "-", "reason": reason, "site_url": _site_url(),
                     "complaints_email": conf.complaints_email()},
            key=f"email-in:{record.message_id}:rejected",
        )
        return
    record.complaint_tracking_code = complaint.tracking_code
    record.save(update_fields=["complaint_tracking_code"])
    told = OutboxMessage.objects.filter(
        channel=Channel.EMAIL, address=sender, created_at__gte=started, context__code=complaint.tracking_code
    ).exists()
    if not told:
        notify(
            event="notifikasi.complaint_code",
            recipients=[Recipient(name=name, email=sender)],
            context={"code": complaint.tracking_code, "site": _site()},
            key=f"email-in:{record.message_id}:code",
        )


def _site() -> str:
    return getattr(settings, "SATUPINTU_SITE_NAME", "Satu Pintu")


def _site_url() -> str:
    return getattr(settings, "SATUPINTU_BASE_URL", "")
