"""Social media: comments and messages from the regency's Facebook page and Instagram account (Graph API
webhooks), and posts pasted by an operator, kept as candidates until the regency administrator decides. notifikasi
receives the webhook and hands its body to `social_webhook_process` (registered in AduanConfig.ready())."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from satupintu.core.audit import audit_record
from satupintu.core.links import absolute_url
from satupintu.core.phones import normalize_phone
from satupintu.core.workflow import Workflow, step
from satupintu.notifikasi.models import CandidateStatus, SocialCandidate, SocialChannel
from satupintu.notifikasi.permissions import can_manage_channels, can_paste_candidates
from satupintu.notifikasi.services import DeliveryResult, outbox_call

from ..models import Complaint, normalize_tracking_code
from ..services import complaint_submit

logger = logging.getLogger(__name__)

# The candidate's table for the workflow engine. A step is named by its target, as the audit has always named it
# ("candidate.converted"). Intake stays outside: a webhook item is stored once by get_or_create (its external id
# makes a repeat delivery a no-op), and audited there as "candidate.received".
MANAGER = "manager"  # decides what a candidate is (regency administrator)
PASTER = "paster"  # pastes a post seen elsewhere
C = CandidateStatus
CANDIDATES = Workflow(
    model=SocialCandidate,
    transitions={
        "pasted": step({""}, C.NEW, {PASTER}, SocialChannel.MANUAL.label),
        "converted": step({C.NEW}, C.CONVERTED, {MANAGER}, C.CONVERTED.label),
        "linked": step({C.NEW}, C.LINKED, {MANAGER}, C.LINKED.label),
        "dismissed": step({C.NEW}, C.DISMISSED, {MANAGER}, C.DISMISSED.label),
        "new": step({C.DISMISSED}, C.NEW, {MANAGER}, C.NEW.label),  # reopened
    },
    actor_kinds=lambda by, candidate: {
        kind for kind, allowed in ((MANAGER, can_manage_channels(by)), (PASTER, can_paste_candidates(by))) if allowed
    },
    audit_prefix="candidate",
)


def _when(value) -> datetime | None:
    """A Graph API time (Unix seconds or milliseconds, or ISO 8601), or None when it is not one."""
    if value in (None, ""):
        return None
    try:
        if isinstance(value, int | float) or str(value).isdigit():
            number = float(value)
            if number > 1e11:  # Messenger timestamps are in milliseconds
                number /= 1000
            return datetime.fromtimestamp(number, tz=UTC)
        return parse_datetime(str(value).replace("+0000", "+00:00"))
    except (ValueError, OverflowError, OSError):
        return None


def _store(*, channel: str, external_id: str, kind: str, text: str, author_name: str = "", author_handle: str = "",
           permalink: str = "", posted_at=None, raw: dict | None = None) -> tuple[SocialCandidate | None, bool]:
    text = (text or "").strip()
    if not external_id or not text:
        return None, False
    candidate, created = SocialCandidate.objects.get_or_create(
        channel=channel,
        external_id=external_id[:200],
        defaults={
            "kind": kind[:32], "text": text, "author_name": author_name[:200], "author_handle": author_handle[:200],
            "permalink": permalink[:500], "posted_at": posted_at, "raw": raw or {},
        },
    )
    if created:
        audit_record(obj=candidate, action="candidate.received", to_state=CandidateStatus.NEW, channel=channel)
    return candidate, created


def social_webhook_process(*, payload: dict) -> dict[str, int]:
    """A verified Graph API webhook for a Page (object "page") or an Instagram account (object "instagram").
    Stores new comments, posts by visitors, mentions and direct messages. Replays create nothing new (unique
    channel + external id). Our own replies and edits/removals are ignored."""
    obj = payload.get("object")
    channel = {"page": SocialChannel.FACEBOOK, "instagram": SocialChannel.INSTAGRAM}.get(obj)
    counts = {"created": 0, "seen": 0}
    if channel is None:
        return counts
    for entry in payload.get("entry") or []:
        own_id = str(entry.get("id") or "")
        items = []
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            field = change.get("field")
            if channel == SocialChannel.FACEBOOK and field == "feed":
                if value.get("verb") != "add" or value.get("item") not in {"comment", "post", "status"}:
                    continue
                author = value.get("from") or {}
                if str(author.get("id", "")) == own_id:
                    continue
                items.append(dict(
                    external_id=str(value.get("comment_id") or value.get("post_id") or ""),
                    kind=value.get("item", ""), text=value.get("message", ""), author_name=author.get("name", ""),
                    author_handle=str(author.get("id", "")), permalink=value.get("permalink_url", ""),
                    posted_at=_when(value.get("created_time")), raw=value,
                ))
            elif channel == SocialChannel.INSTAGRAM and field in {"comments", "mentions", "live_comments"}:
                author = value.get("from") or {}
                if str(author.get("id", "")) == own_id:
                    continue
                items.append(dict(
                    external_id=str(value.get("id") or value.get("comment_id") or value.get("media_id") or ""),
                    kind=field.rstrip("s"), text=value.get("text", ""), author_name=author.get("username", ""),
                    author_handle=author.get("username", "") or str(author.get("id", "")), raw=value,
                ))
        for event in entry.get("messaging") or []:
            message = event.get("message") or {}
            if message.get("is_echo"):
                continue
            sender = event.get("sender") or {}
            items.append(dict(
                external_id=str(message.get("mid") or ""), kind="message", text=message.get("text", ""),
                author_handle=str(sender.get("id", "")), posted_at=_when(event.get("timestamp")), raw=event,
            ))
        for item in items:
            with transaction.atomic():
                _candidate, created = _store(channel=channel, **item)
            counts["created" if created else "seen"] += 1
    return counts


def candidate_create_manual(*, by, channel: str, text: str, author_name: str = "", author_handle: str = "",
                            permalink: str = "", posted_at=None) -> SocialCandidate:
    """An operator pastes a post seen in a WhatsApp group or on a social account."""
    if not can_paste_candidates(by):
        raise PermissionDenied
    if channel not in SocialChannel.values:
        raise ValidationError({"channel": _("Kanal tidak dikenal.")})
    if len((text or "").strip()) < 10:
        raise ValidationError({"text": _("Tempel isi unggahan selengkapnya (minimal 10 huruf).")})
    candidate = SocialCandidate(
        channel=channel, kind="manual", text=text.strip(), author_name=author_name.strip()[:200],
        author_handle=author_handle.strip()[:200], permalink=permalink[:500], posted_at=posted_at, created_by=by,
    )
    with transaction.atomic():
        CANDIDATES.apply(candidate, "pasted", by=by)
    return candidate


def _handle(candidate: SocialCandidate, *, to: str, by, note: str = "", tracking_code: str = "") -> SocialCandidate:
    """Apply the step to `to` (steps are named by their target); who handled it, when, and the linked report."""
    if not can_manage_channels(by):
        raise PermissionDenied
    changes = {
        "handled_by": by if to != CandidateStatus.NEW else None,
        "handled_at": timezone.now() if to != CandidateStatus.NEW else None,
    }
    if note:
        changes["note"] = note
    if tracking_code:
        changes["complaint_tracking_code"] = tracking_code
    CANDIDATES.apply(candidate, to, by=by, changes=changes, note=note,
                     data={"tracking_code": tracking_code} if tracking_code else None)
    return candidate


# --- Back to where it was posted (issue 22) --------------------------------------------------------------------
REPLY_EVENT = "aduan.social_reply"
# What a reply can go under: a comment, a visitor's post, a mention (a direct message is not a public thread).
REPLYABLE_KINDS = {"comment", "post", "status", "mention", "live_comment"}


def _queue_reply(candidate: SocialCandidate, complaint: Complaint) -> None:
    """In the caller's transaction: one outbox call that replies on the candidate's thread with the report's public
    tracking link (keyed on the candidate: converting or linking it again queues nothing new)."""
    if candidate.channel not in (SocialChannel.FACEBOOK, SocialChannel.INSTAGRAM) or not candidate.external_id:
        return
    if candidate.kind not in REPLYABLE_KINDS:
        return
    object_id = candidate.external_id
    if candidate.channel == SocialChannel.INSTAGRAM and candidate.kind == "mention":
        object_id = str((candidate.raw or {}).get("media_id") or object_id)
    outbox_call(event=REPLY_EVENT, address=f"{candidate.channel}:{object_id}"[:254],
                context={"channel": candidate.channel, "kind": candidate.kind, "object_id": object_id,
                         "code": complaint.tracking_code},
                key=f"aduan:social-reply:{candidate.pk}", name=candidate.author_name or candidate.author_handle)


def social_reply_text(code: str) -> str:
    """The reply on the thread: the public status page (never the reporter's private follow link: a thread is
    public)."""
    url = absolute_url(reverse("aduan:status", args=[code]))
    return _("Terima kasih, laporan Anda sudah kami catat dengan kode %(code)s. Ikuti perkembangannya di %(url)s") % {
        "code": code, "url": url}


def social_reply_deliver(message) -> DeliveryResult:
    """The outbox's delivery of REPLY_EVENT (registered in channels.register): one reply on the thread."""
    from satupintu.notifikasi.providers import social as provider

    ctx = message.context
    with translation.override(message.language or "id"):
        text = social_reply_text(ctx["code"])
    reply_id = provider.reply(channel=ctx["channel"], kind=ctx.get("kind", ""), object_id=ctx["object_id"],
                              message=text, marker=ctx["code"])
    return DeliveryResult(provider_message_id=reply_id, body=text)


def candidate_convert(*, candidate: SocialCandidate, by, kind: str, title: str, description: str,
                      village=None, category=None, address: str = "", is_confidential: bool = False,
                      reporter_phone: str = "", phone_confirmed: bool = False):
    """Make a report of the candidate. The report keeps the candidate's channel (manual pastes: "manual").

    A post pasted from a WhatsApp group may carry the sender's number (`reporter_phone`): it becomes the report's
    WhatsApp contact only with the operator's confirmation (`phone_confirmed`: the number is the sender's and they
    agreed to be contacted), recorded in the audit; the sender then receives the tracking code and every update by
    WhatsApp like any reporter. A Facebook/Instagram comment or post is answered on its thread (_queue_reply)."""
    if not can_manage_channels(by):
        raise PermissionDenied
    phone = ""
    if (reporter_phone or "").strip():
        phone = normalize_phone(reporter_phone)
        if not phone:
            raise ValidationError({"reporter_phone": _("Nomor WhatsApp tidak valid.")})
        if not phone_confirmed:
            raise ValidationError({"phone_confirmed": _(
                "Pastikan nomor ini milik pengirim dan ia setuju dihubungi sebelum dicatat.")})
    with transaction.atomic():
        locked = SocialCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.status not in CANDIDATES.transitions["converted"].sources:
            raise ValidationError(_("Kandidat ini sudah ditangani (%(status)s).") % {"status": locked.get_status_display()})
        complaint = complaint_submit(
            kind=kind, title=title, description=description, channel=locked.channel, category=category,
            village=village, address=address, reporter_name=locked.author_name or locked.author_handle,
            is_confidential=is_confidential, reporter_phone=phone,
            external_ref=f"{locked.channel}:{locked.external_id or f'kandidat-{locked.pk}'}",
        )
        candidate = _handle(locked, to=CandidateStatus.CONVERTED, by=by, tracking_code=complaint.tracking_code)
        if phone:
            audit_record(obj=complaint, action="complaint.reporter_phone_confirmed", actor=by,
                         data={"candidate": locked.pk, "source": locked.channel})
        _queue_reply(candidate, complaint)
    return candidate, complaint


def candidate_link(*, candidate: SocialCandidate, by, tracking_code: str, note: str = "") -> SocialCandidate:
    """The post is about a report we already have: keep the connection, file nothing new."""
    code = normalize_tracking_code(tracking_code)
    complaint = Complaint.objects.filter(tracking_code=code).first() if code else None
    if complaint is None:
        raise ValidationError({"tracking_code": _("Aduan dengan kode lacak itu tidak ditemukan.")})
    with transaction.atomic():
        candidate = _handle(candidate, to=CandidateStatus.LINKED, by=by, note=note, tracking_code=code)
        if not complaint.is_confidential:  # a confidential report is not announced on a public thread
            _queue_reply(candidate, complaint)
        return candidate


def candidate_dismiss(*, candidate: SocialCandidate, by, note: str = "") -> SocialCandidate:
    with transaction.atomic():
        return _handle(candidate, to=CandidateStatus.DISMISSED, by=by, note=note)


def candidate_reopen(*, candidate: SocialCandidate, by) -> SocialCandidate:
    with transaction.atomic():
        return _handle(candidate, to=CandidateStatus.NEW, by=by)
