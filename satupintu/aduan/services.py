"""Writes of the complaint service. Every state change goes through workflow.transition (aduan's table, applied by
core.workflow together with its timeline event, audit record and declared notices)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from satupintu.akun.roles import Role
from satupintu.kalender.services import add_working_days, working_days_between

from . import alerts
from .handoffs import handoff_receiver
from .models import AduanSettings, Answer, Attachment, Channel, Complaint, Kind, Status, new_tracking_code
from .workflow import ReporterAccess, check, transition

MAX_ATTACHMENTS = 5
# The web form's limit on the text of a report. Other channels (an e-mail, a long WhatsApp conversation) may bring
# more: the text is cut to this length and the whole of it is kept as a private text attachment.
DESCRIPTION_MAX_LENGTH = 5000
FULL_TEXT_NAME = "isi-laporan-lengkap.txt"
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ALLOWED_MIME = {"image/jpeg": "JPG", "image/png": "PNG", "image/webp": "WEBP", "application/pdf": "PDF"}


def _today() -> date:
    return timezone.localdate()


# --- Intake ---------------------------------------------------------------------------------------------------
def attachments_validate(files: Sequence) -> list[tuple[object, str, int]]:
    """Check count, size and the real type of each file (by its first bytes, not its name).

    Returns (file, mime, size) triples. Raises ValidationError with one Indonesian message per bad file."""
    import filetype

    from satupintu.core.files import pdf_check
    from satupintu.core.images import image_check

    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            _("Lampiran paling banyak %(max)d berkas; Anda memilih %(n)d.") % {"max": MAX_ATTACHMENTS, "n": len(files)},
            code="too_many",
        )
    errors, checked = [], []
    for f in files:
        name = getattr(f, "name", "") or _t("berkas")
        size = getattr(f, "size", None)
        if size is None:
            f.seek(0, 2)
            size = f.tell()
        if size > MAX_ATTACHMENT_BYTES:
            errors.append(
                ValidationError(
                    _("Berkas %(name)s terlalu besar (%(size).1f MB). Batasnya %(max)d MB per berkas.")
                    % {"name": name, "size": size / 1024 / 1024, "max": MAX_ATTACHMENT_BYTES // 1024 // 1024},
                    code="too_large",
                )
            )
            continue
        f.seek(0)
        head = f.read(261)
        f.seek(0)
        kind = filetype.guess(head)
        mime = kind.mime if kind else ""
        if mime not in ALLOWED_MIME:
            errors.append(
                ValidationError(
                    _("Berkas %(name)s bukan foto (JPG, PNG, WEBP) atau PDF. Jenis berkas diperiksa dari isinya, "
                      "bukan dari namanya.") % {"name": name},
                    code="bad_type",
                )
            )
            continue
        try:
            if mime.startswith("image/"):
                image_check(f, name=name)  # the header only: a decompression bomb is refused before decoding
            elif mime == "application/pdf":
                pdf_check(f, name=name)
        except ValidationError as exc:
            errors.append(exc)
            continue
        checked.append((f, mime, size))
    if errors:
        raise ValidationError(errors)
    return checked


def _strip_metadata(f, mime: str, size: int) -> tuple[object, str, int]:
    """Re-encode photos without their EXIF/XMP metadata (core.images): a phone photo may carry GPS, the device's
    serial or the owner's name, which must not reach the OPD when the reporter chose anonymity; the place of a
    report belongs in its location fields. Large photos are shrunk too. PDFs are kept as they are."""
    if not mime.startswith("image/"):
        return f, mime, size
    from satupintu.core.images import image_reencode

    data, mime = image_reencode(f, name=getattr(f, "name", "") or "")
    return data, mime, data.size


def _cap_description(description: str) -> tuple[str, list[tuple[object, str, int]]]:
    """The description cut to DESCRIPTION_MAX_LENGTH with a note saying so, and the whole text as an attachment
    (nothing when it fits). A 20 MB e-mail must not become a 20 MB complaint page for staff."""
    if len(description) <= DESCRIPTION_MAX_LENGTH:
        return description, []
    from django.core.files.base import ContentFile

    note = _t("[Teks dipotong: laporan ini lebih dari %(max)d karakter. Isi lengkapnya tersimpan sebagai lampiran "
              "%(name)s.]") % {"max": DESCRIPTION_MAX_LENGTH, "name": FULL_TEXT_NAME}
    cut = description[: DESCRIPTION_MAX_LENGTH - len(note) - 2].rstrip()
    data = description.encode("utf-8", "replace")
    return f"{cut}\n\n{note}", [(ContentFile(data, name=FULL_TEXT_NAME), "text/plain; charset=utf-8", len(data))]


def _normalize_phone(value: str) -> str:
    from satupintu.core.phones import normalize_phone

    return normalize_phone(value) if value else ""


def complaint_submit(
    *,
    kind: str,
    title: str,
    description: str,
    channel: str = Channel.WEB,
    category=None,
    village=None,
    address: str = "",
    latitude=None,
    longitude=None,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_email: str = "",
    reporter_user=None,
    is_anonymous: bool = False,
    is_confidential: bool = False,
    attachments: Sequence = (),
    external_ref: str = "",
) -> Complaint:
    """The one intake: web form, WhatsApp, email, social media and operators all file through here."""
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Jenis laporan tidak dikenal.")})
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kanal tidak dikenal.")})
    title, description = (title or "").strip(), (description or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Judul laporan wajib diisi.")
    if len(description) < 10:
        errors["description"] = _("Isi laporan terlalu singkat; ceritakan apa, di mana dan kapan.")
    phone = _normalize_phone(reporter_phone)
    if reporter_phone and not phone:
        errors["reporter_phone"] = _("Nomor WhatsApp tidak valid. Contoh: 0812 3456 7890.")
    if errors:
        raise ValidationError(errors)
    if external_ref:
        # A channel re-delivering the same message must not file it twice.
        existing = Complaint.objects.filter(channel=channel, external_ref=external_ref).first()
        if existing is not None:
            return existing
    cleaned = [_strip_metadata(f, mime, size) for f, mime, size in attachments_validate(attachments)]
    description, full_text = _cap_description(description)
    cleaned += full_text
    if reporter_user is not None and getattr(reporter_user, "is_authenticated", False):
        reporter_name = reporter_name or reporter_user.get_full_name()
        reporter_email = reporter_email or reporter_user.email
        phone = phone or _normalize_phone(getattr(reporter_user, "phone", ""))
    else:
        reporter_user = None
    cfg = AduanSettings.load()
    for _attempt in range(5):
        complaint = Complaint(
            kind=kind,
            title=title[:200],
            description=description,
            channel=channel,
            category=category,
            topic_id=category.root_id() if category is not None else None,
            village=village,
            district_id=village.district_id if village is not None else None,
            address=(address or "")[:300],
            latitude=latitude,
            longitude=longitude,
            reporter_user=reporter_user,
            reporter_name=(reporter_name or "").strip()[:200],
            reporter_phone=phone,
            reporter_email=(reporter_email or "").strip(),
            is_anonymous=bool(is_anonymous),
            is_confidential=bool(is_confidential),
            external_ref=external_ref[:200],
            deadline=add_working_days(_today(), cfg.verification_days),
        )
        try:
            with transaction.atomic():
                complaint, _event = transition(complaint=complaint, action="submit", by=None,
                                               data={"channel": channel})
                for f, mime, size in cleaned:
                    att = Attachment(complaint=complaint, original_name=(getattr(f, "name", "") or "")[-200:],
                                     content_type=mime, size=size)
                    att.file.save(getattr(f, "name", "") or "lampiran", f, save=False)
                    att.save()
            return complaint
        except IntegrityError:
            # The only unique value we make up is the tracking code; 40 random bits collide almost never.
            if Complaint.objects.filter(tracking_code=complaint.tracking_code).exists():
                complaint.tracking_code = new_tracking_code()
                continue
            raise
    raise RuntimeError("could not allocate a tracking code")


# --- Steps of the state machine -------------------------------------------------------------------------------
def _step(complaint: Complaint, action: str, by, **kwargs) -> Complaint:
    with transaction.atomic():
        complaint, _event = transition(complaint=complaint, action=action, by=by, **kwargs)
    return complaint


def complaint_verify(*, complaint: Complaint, by, agency=None, note: str = "") -> Complaint:
    """Verify; with `agency`, route it in the same go (the usual case: the verifier also assigns)."""
    with transaction.atomic():
        _step(complaint, "verify", by, changes={"verified_at": timezone.now()}, note=note)
        alerts.alerts_on_event(complaint, "new")  # followers of its village or district (alerts.py)
        if agency is not None:
            complaint_assign(complaint=complaint, by=by, agency=agency, note=note)
    return complaint


def complaint_reject(*, complaint: Complaint, by, reason: str) -> Complaint:
    check("reject", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan penolakan; pelapor akan membacanya.")})
    return _step(complaint, "reject", by, changes={"reject_reason": reason.strip(), "closed_at": timezone.now()},
                 note=reason, body=reason.strip())


def complaint_mark_duplicate(*, complaint: Complaint, by, original: Complaint) -> Complaint:
    check("mark_duplicate", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    while original.duplicate_of_id:  # always point at the first report, not at another duplicate
        original = original.duplicate_of
    if original.pk == complaint.pk:
        raise ValidationError({"original": _("Aduan tidak bisa menjadi duplikat dirinya sendiri.")})
    return _step(complaint, "mark_duplicate", by, changes={"duplicate_of": original, "closed_at": timezone.now()},
                 public_detail=original.tracking_code, data={"original": original.tracking_code})


def complaint_convert_to_info_request(*, complaint: Complaint, by):
    """Hand a request for information to the PPID service (UU 14/2008 applies from then on)."""
    info_request_from_complaint = handoff_receiver("info_request")  # registered by ppid (aduan/handoffs.py)
    with transaction.atomic():
        complaint = _step(complaint, "convert", by, changes={"closed_at": timezone.now()})
        info_request = info_request_from_complaint(complaint=complaint, by=by)
        ref = str(getattr(info_request, "number", "") or info_request.pk)
        Complaint.objects.filter(pk=complaint.pk).update(converted_ref=ref[:64])
        complaint.converted_ref = ref[:64]
    return info_request


def complaint_assign(*, complaint: Complaint, by, agency, note: str = "") -> Complaint:
    check("assign", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    top, changes = _assignment(agency, now=timezone.now())
    return _step(complaint, "assign", by, changes=changes, public_detail=top.short_name, note=note,
                 data={"agency": top.pk})


def _assignment(agency, *, now) -> tuple:
    """(top-level agency, the fields an assignment sets): the agency, its sub-unit, the answer deadline in working
    days from today, the escalation restarted. Refuses an inactive agency."""
    if agency is None or not agency.is_active:
        raise ValidationError({"agency": _("Pilih OPD yang masih aktif.")})
    top = agency.top_level
    due = add_working_days(_today(), AduanSettings.load().answer_days)
    return top, {"agency": top, "handler_unit": agency if agency.pk != top.pk else None, "assigned_at": now,
                 "answer_due": due, "deadline": due, "escalation_level": 0}


def complaint_route(*, complaint: Complaint, agency, note: str = "") -> Complaint:
    """Verify and assign in one system step, for reports a service files into a category whose agency is fixed by
    rule (an SPMB objection: the education office). Audited and notified like the admin's verify + assign."""
    check("route", complaint=complaint, by=None)
    now = timezone.now()
    top, changes = _assignment(agency, now=now)
    with transaction.atomic():
        _step(complaint, "route", None, changes={"verified_at": now, **changes}, public_detail=top.short_name,
              note=note, data={"agency": top.pk})
        alerts.alerts_on_event(complaint, "new")
    return complaint


def complaint_hand_back(*, complaint: Complaint, by, reason: str) -> Complaint:
    """"Bukan kewenangan kami": the OPD returns the report to the regency administrator for re-assignment."""
    check("hand_back", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan mengapa aduan ini bukan kewenangan OPD Anda.")})
    agency = complaint.agency
    return _step(
        complaint, "hand_back", by,
        changes={"agency": None, "handler_unit": None, "escalation_level": 0,
                 "deadline": add_working_days(_today(), AduanSettings.load().verification_days)},
        note=reason.strip(), body=reason.strip(), public_detail=agency.short_name if agency else "",
        data={"agency": agency.pk if agency else None},
    )


def complaint_accept(*, complaint: Complaint, by) -> Complaint:
    return _step(complaint, "accept", by, public_detail=complaint.agency.short_name if complaint.agency else "")


def complaint_delegate(*, complaint: Complaint, by, unit) -> Complaint:
    """Disposition inside the OPD: pass the work to one of its sub-units (bidang, seksi, UPT)."""
    check("delegate", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    from satupintu.organisasi.models import Agency

    if unit is None or unit.pk not in Agency.objects.descendant_ids(complaint.agency_id) or unit.pk == complaint.agency_id:
        raise ValidationError({"unit": _("Pilih sub-unit dari OPD penanggung jawab.")})
    return _step(complaint, "delegate", by, changes={"handler_unit": unit}, public_detail=unit.short_name,
                 data={"unit": unit.pk})


def answer_submit(*, complaint: Complaint, by, body: str) -> Answer:
    """The OPD's draft answer goes to the OPD head; the citizen sees nothing until it is approved."""
    check("submit_answer", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    body = (body or "").strip()
    if len(body) < 10:
        raise ValidationError({"body": _("Jawaban terlalu singkat. Jelaskan tindak lanjut yang dilakukan.")})
    with transaction.atomic():
        _step(complaint, "submit_answer", by)
        complaint.answers.filter(state__in=[Answer.State.DRAFT, Answer.State.REVISION]).delete()
        return Answer.objects.create(complaint=complaint, body=body, state=Answer.State.SUBMITTED,
                                     author=by if getattr(by, "is_authenticated", False) else None)


def _pending_answer(complaint: Complaint) -> Answer:
    answer = complaint.answers.filter(state=Answer.State.SUBMITTED).order_by("-created_at").first()
    if answer is None:
        raise ValidationError(_("Tidak ada jawaban yang menunggu persetujuan."))
    return answer


def answer_approve(*, complaint: Complaint, by) -> Complaint:
    today = _today()
    cfg = AduanSettings.load()
    with transaction.atomic():
        check("approve_answer", complaint=complaint, by=by)  # the state machine speaks first
        answer = _pending_answer(complaint)
        assigned_on = timezone.localdate(complaint.assigned_at) if complaint.assigned_at else today
        changes = {"answered_at": timezone.now(), "deadline": add_working_days(today, cfg.auto_close_days),
                   "escalation_level": 0}
        if complaint.answer_working_days is None:  # statistics count the first answer
            changes["answer_working_days"] = max(working_days_between(assigned_on, today), 0)
            changes["answered_on_time"] = bool(complaint.answer_due and today <= complaint.answer_due)
        _step(complaint, "approve_answer", by, changes=changes,
              public_detail=complaint.agency.short_name if complaint.agency else "", data={"answer": answer.pk})
        answer.state = Answer.State.APPROVED
        answer.approved_by = by
        answer.approved_at = timezone.now()
        answer.save(update_fields=["state", "approved_by", "approved_at"])
        alerts.alerts_on_event(complaint, "answered")
    return complaint


def answer_return(*, complaint: Complaint, by, note: str) -> Complaint:
    if not (note or "").strip():
        raise ValidationError({"note": _("Tuliskan apa yang perlu diperbaiki.")})
    with transaction.atomic():
        check("return_answer", complaint=complaint, by=by)
        answer = _pending_answer(complaint)
        _step(complaint, "return_answer", by, note=note.strip(), body=note.strip())
        answer.state = Answer.State.REVISION
        answer.revision_note = note.strip()
        answer.save(update_fields=["state", "revision_note"])
    return complaint


def complaint_reply(*, complaint: Complaint, by, message: str) -> Complaint:
    check("reply", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Tanggapan tidak boleh kosong.")})
    return _step(complaint, "reply", by, body=message[:5000])


def _check_rating(rating) -> int | None:
    if rating in (None, ""):
        return None
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": _("Penilaian harus antara 1 sampai 5.")})
    return value


def complaint_confirm(*, complaint: Complaint, by, rating=None) -> Complaint:
    """The reporter says the matter is solved (optionally rating the answer)."""
    value = _check_rating(rating)
    changes = {"closed_at": timezone.now(), "close_reason": Complaint.CloseReason.CONFIRMED}
    if value:
        changes["rating"] = value
    return _step(complaint, "confirm", by, changes=changes, data={"rating": value})


def complaint_rate(*, complaint: Complaint, by, rating) -> Complaint:
    check("rate", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    value = _check_rating(rating)
    if value is None:
        raise ValidationError({"rating": _("Pilih penilaian 1 sampai 5.")})
    if complaint.rating:
        raise ValidationError({"rating": _("Aduan ini sudah dinilai.")})
    return _step(complaint, "rate", by, changes={"rating": value}, data={"rating": value})


def complaint_reopen(*, complaint: Complaint, by, reason: str) -> Complaint:
    """The reporter may reopen an answered or closed report once, with a reason; the same OPD answers again."""
    check("reopen", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali aduan.")})
    if complaint.reopen_count >= 1:
        raise ValidationError(_("Aduan hanya dapat dibuka kembali satu kali."))
    if complaint.agency_id is None:
        raise ValidationError(_("Aduan ini tidak sedang ditangani OPD mana pun."))
    due = add_working_days(_today(), AduanSettings.load().answer_days)
    return _step(
        complaint, "reopen", by,
        changes={"reopen_count": complaint.reopen_count + 1, "closed_at": None, "close_reason": "",
                 "deadline": due, "answer_due": due, "escalation_level": 0},
        note=reason.strip(), body=reason.strip(),
    )


def complaint_instruct(*, complaint: Complaint, by, instruction: str) -> Complaint:
    """The regent's instruction on any open report; the OPD sees it on the report and is notified."""
    check("instruct", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    instruction = (instruction or "").strip()
    if not instruction:
        raise ValidationError({"instruction": _("Instruksi tidak boleh kosong.")})
    return _step(complaint, "instruct", by, body=instruction[:5000], note=instruction[:500])


def complaint_note(*, complaint: Complaint, by, text: str) -> Complaint:
    check("note", complaint=complaint, by=by)  # a wrong state or actor is refused before the input
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Catatan tidak boleh kosong.")})
    return _step(complaint, "note", by, body=text[:5000])


def reporter_access(complaint: Complaint) -> ReporterAccess:
    return ReporterAccess(complaint_id=complaint.pk)


__all__ = [
    "Role",
    "Status",
    "answer_approve",
    "answer_return",
    "answer_submit",
    "attachments_validate",
    "complaint_accept",
    "complaint_assign",
    "complaint_confirm",
    "complaint_convert_to_info_request",
    "complaint_delegate",
    "complaint_hand_back",
    "complaint_instruct",
    "complaint_mark_duplicate",
    "complaint_note",
    "complaint_rate",
    "complaint_reject",
    "complaint_reopen",
    "complaint_reply",
    "complaint_submit",
    "complaint_verify",
]
