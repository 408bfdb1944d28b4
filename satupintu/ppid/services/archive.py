"""The public archive of answered requests (Froide/Alaveteli): the officer's redaction step, redacted attachments,
publishing and withdrawing; and the requester's verdict on the outcome.

The rule: the archive shows only what is stored on `ArchiveEntry`/`ArchiveAttachment`, written here after the
requester's identity and the officer's marked words are masked; publishing refuses an entry in which the requester's
name, identity number, address or contact can still be found. The original attachments are never copied as they are.
"""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require

from .. import permissions, redaction
from ..files import check_upload
from ..models import (
    AnswerAttachment,
    ArchiveAttachment,
    ArchiveEntry,
    InfoRequest,
    RedactionMethod,
    Status,
    Topic,
    Verdict,
)
from ..workflow import ARCHIVE, REQUESTS, RequesterLink
from .common import TransitionError

TITLE_MAX = 200


def _default_title(question: str) -> str:
    first = " ".join(question.split())
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def archive_redact(
    *, info_request: InfoRequest, by, topic: str, mask_terms: str | list[str], title: str = ""
) -> ArchiveEntry:
    """The redaction step: store the public copies of question and answer with the marked words and the requester's
    identity masked. A published entry goes back to draft (offline) until it is published again."""
    info_request = InfoRequest.objects.select_for_update().select_related("agency").get(pk=info_request.pk)
    require(permissions.can_publish(by, info_request))
    if info_request.status != Status.ANSWERED:
        raise TransitionError(_("Hanya permohonan yang sudah dijawab dapat diterbitkan di arsip publik."))
    if topic not in Topic.values:
        raise ValidationError({"topic": _("Pilih topik.")})
    terms = redaction.clean_terms(mask_terms)
    masked = [*terms, *redaction.identity_terms(info_request)]
    question = redaction.redact_text(info_request.information, masked)
    title = redaction.redact_text(" ".join((title or "").split())[:TITLE_MAX], masked) or _default_title(
        question
    )
    entry = ArchiveEntry.objects.filter(request=info_request).first() or ArchiveEntry(request=info_request)
    changes = {
        "agency": info_request.agency,
        "topic": topic,
        "year": info_request.received_on.year,
        "title": title,
        "question": question,
        "answer": redaction.redact_text(info_request.answer_text, masked),
        "outcome": info_request.outcome,
        "answered_on": info_request.answered_on,
        "mask_terms": terms,
        "published_at": None,
    }
    ARCHIVE.apply(
        entry,
        "archive_redacted",
        by=by,
        changes=changes,
        data={"terms": len(terms)},
        timeline={"note": _("%(n)s kata ditandai untuk disamarkan.") % {"n": len(terms)}},
    )
    return entry


def _file_name(name: str, suffix: str = "") -> str:
    stem, ext = os.path.splitext(os.path.basename(name))
    return f"{stem[:80]}-disamarkan{suffix or ext}"


@transaction.atomic
def archive_attachment_redact(
    *, entry: ArchiveEntry, source: AnswerAttachment, by, areas: str = "", replacement=None
) -> ArchiveAttachment:
    """A public copy of one answer attachment: `replacement` (a redacted file the officer uploads), else the original
    re-drawn with `areas` blacked out (PDF, JPG, PNG; an office document must be replaced). Replaces an earlier copy
    of the same attachment."""
    if source.request_id != entry.request_id:
        raise ValidationError(_("Lampiran bukan milik permohonan ini."))
    if replacement is not None:
        try:
            content_type = check_upload(replacement)
        except ValidationError as exc:
            raise ValidationError({"replacement": exc.messages}) from exc
        data, name, method, parsed = (
            replacement.read(),
            _file_name(replacement.name),
            RedactionMethod.REPLACED,
            [],
        )
    else:
        parsed = redaction.parse_areas(areas)
        with source.file.open("rb") as handle:
            original = handle.read()
        if source.content_type == "application/pdf":
            data, content_type = redaction.redact_pdf(original, parsed), "application/pdf"
            name = _file_name(source.original_name, ".pdf")
        elif source.content_type in ("image/jpeg", "image/png"):
            fmt = "JPEG" if source.content_type == "image/jpeg" else "PNG"
            data, content_type = redaction.redact_image(original, parsed, fmt=fmt), source.content_type
            name = _file_name(source.original_name)
        else:
            raise ValidationError(
                {
                    "replacement": _(
                        "Berkas %(name)s tidak dapat disamarkan per area; unggah salinan "
                        "yang sudah disamarkan."
                    )
                    % {"name": source.original_name}
                }
            )
        method = RedactionMethod.AREA
    old = list(entry.attachments.filter(source=source))
    for item in old:
        item.file.delete(save=False)
        item.delete()
    copy = ArchiveAttachment(
        entry=entry,
        source=source,
        name=name,
        content_type=content_type,
        size=len(data),
        method=method,
        areas=[a.as_dict() for a in parsed],
    )
    copy.file.save(name, ContentFile(data), save=False)
    copy.save()
    ARCHIVE.apply(
        entry,
        "archive_attachment",
        by=by,
        data={"attachment": source.pk, "method": method, "areas": len(parsed)},
        timeline={"note": _("Lampiran %(name)s disamarkan.") % {"name": source.original_name}},
    )
    return copy


@transaction.atomic
def archive_attachment_remove(*, entry: ArchiveEntry, copy: ArchiveAttachment, by) -> None:
    if copy.entry_id != entry.pk:
        raise ValidationError(_("Lampiran bukan milik arsip ini."))
    ARCHIVE.apply(
        entry,
        "archive_attachment",
        by=by,
        data={"removed": copy.pk},
        timeline={"note": _("Lampiran %(name)s tidak diterbitkan.") % {"name": copy.name}},
    )
    copy.file.delete(save=False)
    copy.delete()


@transaction.atomic
def archive_publish(*, entry: ArchiveEntry, by) -> ArchiveEntry:
    """Publish the redacted copy. Refused while any of the requester's identity strings can still be found in it."""
    request = entry.request
    leaked = [
        t for text in (entry.title, entry.question, entry.answer) for t in redaction.leaks(text, request)
    ]
    if leaked:
        raise ValidationError(
            _("Salinan publik masih memuat data pribadi pemohon. Samarkan ulang sebelum diterbitkan.")
        )
    ARCHIVE.apply(
        entry,
        "archive_published",
        by=by,
        changes={"published_at": timezone.now()},
        data={"attachments": entry.attachments.count()},
    )
    return entry


@transaction.atomic
def archive_withdraw(*, entry: ArchiveEntry, by, reason: str = "") -> ArchiveEntry:
    ARCHIVE.apply(
        entry,
        "archive_withdrawn",
        by=by,
        changes={"published_at": None},
        note=reason,
        timeline={"note": reason},
    )
    return entry


def verdicts_allowed(info_request: InfoRequest, today=None) -> list[str]:
    """An answered request may be judged fully or partly answered or refused; an unanswered one only as "no reply",
    and only once its deadline has passed."""
    if info_request.status == Status.ANSWERED:
        return [Verdict.FULL, Verdict.PARTIAL, Verdict.REFUSED]
    if (today or timezone.localdate()) > info_request.due_date:
        return [Verdict.NO_REPLY]
    return []


@transaction.atomic
def info_request_classify(*, info_request: InfoRequest, verdict: str, token: str) -> InfoRequest:
    """The requester's verdict, given through their secret link: `token` is the link's secret (holding it is the
    permission; anyone else is refused by the workflow)."""
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    if verdict not in verdicts_allowed(info_request):
        raise ValidationError({"verdict": _("Penilaian ini belum dapat diberikan untuk permohonan ini.")})
    REQUESTS.apply(
        info_request,
        "classified",
        by=RequesterLink(token),
        locked=True,
        changes={"requester_verdict": verdict, "requester_verdict_at": timezone.now()},
        data={"verdict": verdict},
        timeline={"note": _("Penilaian pemohon: %(verdict)s.") % {"verdict": Verdict(verdict).label}},
    )
    return info_request
