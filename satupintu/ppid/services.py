"""Every write of the PPID service. Each function runs in one transaction, checks who may do it, moves the state
through the one transition table, writes the requester's timeline (`InfoRequestEvent`) and the audit trail, and
queues the notifications (the outbox is written in the same transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import has_role, require
from satupintu.akun.roles import Role
from satupintu.core.audit import audit_record, audit_trail
from satupintu.kalender.services import add_working_days
from satupintu.organisasi.models import Agency

from . import notifications, selectors
from .files import check_upload
from .models import (
    OBJECTION_TRANSITIONS,
    TRANSITIONS,
    AccessMode,
    AnswerAttachment,
    CopyFormat,
    Counter,
    Delivery,
    EventKind,
    IdKind,
    InfoForm,
    InfoRequest,
    InfoRequestEvent,
    Objection,
    ObjectionDecision,
    ObjectionGround,
    ObjectionStatus,
    Outcome,
    PublicInfoItem,
    Status,
)

# UU 14/2008 Pasal 22 ayat (7) and (8): answer within 10 working days, extendable once by 7 working days.
ANSWER_DAYS = 10
EXTENSION_DAYS = 7
# Pasal 36: objection within 30 working days; the superior answers within 30 working days.
OBJECTION_WINDOW_DAYS = 30
OBJECTION_ANSWER_DAYS = 30
# Pasal 37 ayat (2): a dispute goes to the Komisi Informasi within 14 working days of the superior's answer.
DISPUTE_WINDOW_DAYS = 14


class TransitionError(ValidationError):
    """An action that the request's current state does not allow."""


def _move(info_request: InfoRequest, to: str) -> str:
    current = info_request.status
    if to not in TRANSITIONS[current]:
        raise TransitionError(
            _("Permohonan %(number)s berstatus \u201c%(status)s\u201d; tindakan ini tidak dapat dilakukan.")
            % {"number": info_request.number, "status": info_request.get_status_display()}
        )
    info_request.status = to
    return current


def _next_number(series: str, year: int) -> int:
    """Take the next number of `series` in `year`. The counter row is locked until the transaction ends, so two
    requests never get the same number and a rolled-back request gives its number back (no gaps)."""
    Counter.objects.get_or_create(series=series, year=year)
    counter = Counter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def ppid_utama() -> Agency:
    agency = Agency.objects.filter(is_ppid_utama=True, is_active=True).order_by("pk").first()
    if agency is None:
        raise ValidationError(_("PPID Utama belum ditetapkan. Tandai satu OPD sebagai PPID Utama di kantor belakang."))
    return agency


def _event(info_request, kind, *, actor=None, note="", public=True, data=None) -> InfoRequestEvent:
    return InfoRequestEvent.objects.create(
        request=info_request, kind=kind, actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note, public=public, data=data or {},
    )


def _validate_identity(id_kind: str, id_number: str) -> str:
    id_number = (id_number or "").strip().replace(" ", "")
    if id_kind not in IdKind.values:
        raise ValidationError({"id_kind": _("Pilih jenis identitas.")})
    if not id_number:
        raise ValidationError({"id_number": _("Nomor identitas wajib diisi.")})
    if id_kind == IdKind.NIK:
        from satupintu.penduduk.nik import validate_nik

        try:
            validate_nik(id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages})
    elif len(id_number) < 5:
        raise ValidationError({"id_number": _("Nomor identitas terlalu pendek.")})
    return id_number.upper() if id_kind != IdKind.NIK else id_number


@dataclass
class RequestInput:
    """What a requester fills in (Perki 1/2021, formulir permohonan informasi)."""

    requester_name: str
    id_kind: str
    id_number: str
    address: str
    phone: str
    email: str
    occupation: str
    information: str
    purpose: str
    access_mode: str
    copy_format: str = ""
    delivery: str = ""


def _validate_input(data: RequestInput, *, id_pending: bool) -> None:
    errors: dict[str, list[str]] = {}
    if not data.requester_name.strip():
        errors["requester_name"] = [_("Nama pemohon wajib diisi.")]
    if not (data.phone.strip() or data.email.strip()):
        errors["phone"] = [_("Isi nomor telepon/WhatsApp atau email agar jawaban dapat disampaikan.")]
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors["email"] = [_("Alamat email tidak valid.")]
    if not data.information.strip():
        errors["information"] = [_("Tuliskan informasi yang dibutuhkan.")]
    if not data.purpose.strip() and not id_pending:
        errors["purpose"] = [_("Tuliskan tujuan penggunaan informasi.")]
    if data.access_mode not in AccessMode.values:
        errors["access_mode"] = [_("Pilih cara memperoleh informasi.")]
    if data.access_mode == AccessMode.COPY:
        if data.copy_format not in CopyFormat.values:
            errors["copy_format"] = [_("Pilih bentuk salinan: cetak atau elektronik.")]
        if data.delivery not in Delivery.values:
            errors["delivery"] = [_("Pilih cara mendapatkan salinan.")]
        if data.delivery == Delivery.EMAIL and not data.email:
            errors["email"] = [_("Isi alamat email untuk pengiriman salinan melalui email.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def info_request_submit(*, data: RequestInput, user=None, id_pending: bool = False) -> InfoRequest:
    """Register a request at the PPID Utama. The deadline is 10 working days after the day it is received."""
    _validate_input(data, id_pending=id_pending)
    id_number = "" if id_pending and not data.id_number else _validate_identity(data.id_kind, data.id_number)
    today = timezone.localdate()
    seq = _next_number("PPID", today.year)
    access_copy = data.access_mode == AccessMode.COPY
    info_request = InfoRequest.objects.create(
        number=f"PPID/{today.year}/{seq:06d}",
        # Only a citizen's own account is linked: staff filing at the counter on someone's behalf are not the
        # requester, and must not receive the requester's messages.
        requester_user=user if has_role(user, Role.CITIZEN) else None,
        requester_name=data.requester_name.strip(),
        id_kind=data.id_kind,
        id_number=id_number,
        id_pending=id_pending and not id_number,
        address=data.address.strip(),
        phone=data.phone.strip(),
        email=data.email.strip(),
        occupation=data.occupation.strip(),
        information=data.information.strip(),
        purpose=data.purpose.strip(),
        access_mode=data.access_mode,
        copy_format=data.copy_format if access_copy else "",
        delivery=data.delivery if access_copy else "",
        agency=ppid_utama(),
        received_on=today,
        due_date=add_working_days(today, ANSWER_DAYS),
    )
    _event(info_request, EventKind.RECEIVED, actor=user,
           note=_("Permohonan diterima PPID Utama. Batas waktu jawaban: %(due)s.") % {"due": _fmt(info_request.due_date)})
    audit_record(obj=info_request, action="ppid.received", actor=user, to_state=info_request.status,
                 data={"number": info_request.number})
    notifications.request_event(info_request, "ppid.received")
    return info_request


def _fmt(d: date) -> str:
    return d.strftime("%d-%m-%Y")


@transaction.atomic
def info_request_forward(*, info_request: InfoRequest, agency: Agency, by, note: str = "") -> InfoRequest:
    """PPID Utama hands the request to the PPID Pelaksana of the OPD that holds the information. The deadline does
    not restart: it runs from the day the request was received."""
    require(selectors.can_forward(by))
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    if not agency.is_active:
        raise ValidationError({"agency": _("OPD tujuan tidak aktif.")})
    if agency.pk == info_request.agency_id:
        raise ValidationError({"agency": _("Permohonan sudah ditangani OPD ini.")})
    previous_agency = info_request.agency
    from_state = _move(info_request, Status.FORWARDED)
    info_request.agency = agency
    info_request.forwarded_at = timezone.now()
    info_request.save(update_fields=["status", "agency", "forwarded_at", "updated_at"])
    _event(info_request, EventKind.FORWARDED, actor=by,
           note=_("Diteruskan ke PPID Pelaksana %(agency)s.") % {"agency": agency.name},
           data={"from_agency": previous_agency.pk, "to_agency": agency.pk})
    if note:
        _event(info_request, EventKind.FORWARDED, actor=by, note=note, public=False)
    audit_record(obj=info_request, action="ppid.forwarded", actor=by, from_state=from_state,
                 to_state=info_request.status, note=note,
                 data={"from_agency": previous_agency.pk, "to_agency": agency.pk})
    notifications.request_event(info_request, "ppid.forwarded", suffix=str(agency.pk))
    return info_request


@transaction.atomic
def info_request_extend(*, info_request: InfoRequest, by, reason: str) -> InfoRequest:
    """UU 14/2008 Pasal 22 ayat (8): the deadline may be extended once, by at most 7 working days, with a written
    reason given to the requester before the first deadline ends. A second extension is refused."""
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    require(selectors.can_act_on(by, info_request))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan perpanjangan wajib ditulis; alasan ini disampaikan kepada pemohon.")})
    if info_request.extended_at is not None:
        raise TransitionError(_("Jangka waktu permohonan %(number)s sudah pernah diperpanjang. Perpanjangan hanya "
                                "dapat dilakukan satu kali.") % {"number": info_request.number})
    if info_request.status == Status.ANSWERED:
        raise TransitionError(_("Permohonan %(number)s sudah dijawab.") % {"number": info_request.number})
    if timezone.localdate() > info_request.due_date:
        # The written notice of an extension must reach the requester within the original 10 working days.
        raise TransitionError(
            _("Batas waktu %(due)s sudah lewat. Perpanjangan harus diberitahukan sebelum batas waktu berakhir.")
            % {"due": _fmt(info_request.due_date)}
        )
    from_state = _move(info_request, Status.EXTENDED)
    old_due = info_request.due_date
    info_request.due_date = add_working_days(old_due, EXTENSION_DAYS)
    info_request.extended_at = timezone.now()
    info_request.extension_reason = reason
    info_request.save(update_fields=["status", "due_date", "extended_at", "extension_reason", "updated_at"])
    _event(info_request, EventKind.EXTENDED, actor=by,
           note=_("Jangka waktu diperpanjang 7 hari kerja sampai %(due)s. Alasan: %(reason)s")
           % {"due": _fmt(info_request.due_date), "reason": reason},
           data={"old_due": old_due.isoformat(), "new_due": info_request.due_date.isoformat()})
    audit_record(obj=info_request, action="ppid.extended", actor=by, from_state=from_state,
                 to_state=info_request.status, note=reason,
                 data={"old_due": old_due.isoformat(), "new_due": info_request.due_date.isoformat()})
    notifications.request_event(info_request, "ppid.extended")
    return info_request


@dataclass
class AnswerInput:
    outcome: str
    answer_text: str
    refusal_ground: str = ""
    consequence_test: str = ""
    other_body: str = ""
    held_form: str = ""
    fee: Decimal | int = 0


def _validate_answer(answer: AnswerInput) -> None:
    errors: dict[str, list[str]] = {}
    if answer.outcome not in Outcome.values:
        errors["outcome"] = [_("Pilih keputusan.")]
    if not answer.answer_text.strip():
        errors["answer_text"] = [_("Isi pemberitahuan tertulis wajib diisi.")]
    if answer.outcome in (Outcome.REFUSED, Outcome.PARTIAL):
        from .models import ExemptionGround

        if answer.outcome == Outcome.REFUSED and answer.refusal_ground not in ExemptionGround.values:
            errors["refusal_ground"] = [_("Penolakan wajib menyebut dasar pengecualian menurut Pasal 17.")]
        if answer.refusal_ground and answer.refusal_ground not in ExemptionGround.values:
            errors["refusal_ground"] = [_("Dasar pengecualian tidak dikenal.")]
        if answer.refusal_ground and not answer.consequence_test.strip():
            errors["consequence_test"] = [_("Tuliskan uji konsekuensi atas informasi yang dikecualikan.")]
    if answer.outcome == Outcome.OTHER_BODY and not answer.other_body.strip():
        errors["other_body"] = [_("Sebutkan badan publik yang menguasai informasi dan cara menghubunginya.")]
    if answer.held_form and answer.held_form not in InfoForm.values:
        errors["held_form"] = [_("Bentuk informasi tidak dikenal.")]
    try:
        if Decimal(answer.fee) < 0:
            errors["fee"] = [_("Biaya tidak boleh negatif.")]
    except ArithmeticError:
        errors["fee"] = [_("Biaya tidak valid.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def info_request_answer(
    *, info_request: InfoRequest, by, answer: AnswerInput, files: Sequence = ()
) -> InfoRequest:
    """The written notice (pemberitahuan tertulis, Pasal 22 ayat (7)). Refusals name the Pasal 17 ground and the
    consequence test; "other body" names where to ask."""
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    require(selectors.can_act_on(by, info_request))
    _validate_answer(answer)
    content_types = []
    for upload in files:
        try:
            content_types.append(check_upload(upload))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages})
    from_state = _move(info_request, Status.ANSWERED)
    refused_part = answer.outcome in (Outcome.REFUSED, Outcome.PARTIAL)
    info_request.outcome = answer.outcome
    info_request.answer_text = answer.answer_text.strip()
    info_request.refusal_ground = answer.refusal_ground if refused_part else ""
    info_request.consequence_test = answer.consequence_test.strip() if refused_part else ""
    info_request.other_body = answer.other_body.strip() if answer.outcome == Outcome.OTHER_BODY else ""
    info_request.held_form = answer.held_form
    info_request.fee = Decimal(answer.fee or 0)
    info_request.answered_on = timezone.localdate()
    info_request.answered_by = by
    info_request.save()
    for upload, content_type in zip(files, content_types, strict=True):
        AnswerAttachment.objects.create(
            request=info_request, file=upload, original_name=upload.name[:200], content_type=content_type,
            size=upload.size,
        )
    _event(info_request, EventKind.ANSWERED, actor=by,
           note=_("Keputusan: %(outcome)s.") % {"outcome": info_request.get_outcome_display()},
           data={"late": info_request.is_late(), "attachments": len(content_types)})
    audit_record(obj=info_request, action="ppid.answered", actor=by, from_state=from_state,
                 to_state=info_request.status,
                 data={"outcome": answer.outcome, "refusal_ground": info_request.refusal_ground,
                       "late": info_request.is_late(), "attachments": len(content_types)})
    notifications.request_event(info_request, "ppid.answered")
    return info_request


@transaction.atomic
def info_request_complete_identity(*, info_request: InfoRequest, by, id_kind: str, id_number: str) -> InfoRequest:
    """Requests that came from another channel (a complaint) may lack the ID number; staff add it once known."""
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    require(selectors.can_act_on(by, info_request))
    info_request.id_number = _validate_identity(id_kind, id_number)
    info_request.id_kind = id_kind
    info_request.id_pending = False
    info_request.save(update_fields=["id_kind", "id_number", "id_pending", "updated_at"])
    # The note names no number: the timeline is shown to the requester and must not carry identity data.
    _event(info_request, EventKind.ID_COMPLETED, actor=by, public=False,
           note=_("Identitas pemohon dilengkapi."))
    audit_record(obj=info_request, action="ppid.identity_completed", actor=by, data={"id_kind": id_kind})
    return info_request


def info_request_flag_late(*, today: date | None = None) -> int:
    """Mark unanswered requests past their deadline and notify the requester and the PPID handling them, once per
    request. Run by the periodic task; returns how many were flagged."""
    today = today or timezone.localdate()
    flagged = 0
    pending = InfoRequest.objects.exclude(status=Status.ANSWERED).filter(due_date__lt=today, late_notified_at=None)
    for pk in pending.values_list("pk", flat=True):
        with transaction.atomic():
            info_request = (
                InfoRequest.objects.select_for_update().filter(pk=pk, late_notified_at=None)
                .exclude(status=Status.ANSWERED).first()
            )
            if info_request is None:
                continue
            info_request.late_notified_at = timezone.now()
            info_request.save(update_fields=["late_notified_at", "updated_at"])
            _event(info_request, EventKind.LATE,
                   note=_("Batas waktu %(due)s terlewati tanpa pemberitahuan tertulis. Pemohon dapat mengajukan "
                          "keberatan.") % {"due": _fmt(info_request.due_date)})
            audit_record(obj=info_request, action="ppid.late", data={"due_date": info_request.due_date.isoformat()})
            notifications.request_event(info_request, "ppid.late")
            flagged += 1
    return flagged


# --- Objections ------------------------------------------------------------------------------------------------


def objection_window(info_request: InfoRequest) -> tuple[date, date]:
    """(start, last day) of the objection period. The 30 working days (Pasal 36 ayat (1)) run from the written notice, or — when none came — from
    the deadline that passed without one."""
    if info_request.answered_on:
        start = info_request.answered_on
    else:
        start = info_request.due_date
    return start, add_working_days(start, OBJECTION_WINDOW_DAYS)


def objection_block_reason(info_request: InfoRequest, today: date | None = None) -> str | None:
    """Why an objection cannot be filed now (a sentence for the requester), or None when it can."""
    today = today or timezone.localdate()
    if info_request.objections.exists():
        return _("Keberatan atas permohonan %(number)s sudah diajukan.") % {"number": info_request.number}
    if info_request.answered_on is None and today <= info_request.due_date:
        return _("Permohonan %(number)s masih dalam jangka waktu jawaban sampai %(due)s. Keberatan dapat diajukan "
                 "setelah ada jawaban atau setelah batas waktu itu lewat.") % {
            "number": info_request.number, "due": _fmt(info_request.due_date)}
    _start, end = objection_window(info_request)
    if today > end:
        return _("Batas waktu pengajuan keberatan (30 hari kerja, sampai %(end)s) sudah lewat. Keberatan tidak dapat "
                 "diajukan lagi melalui layanan ini.") % {"end": _fmt(end)}
    return None


def objection_can_be_filed(info_request: InfoRequest, today: date | None = None) -> bool:
    return objection_block_reason(info_request, today) is None


@transaction.atomic
def objection_file(*, info_request: InfoRequest, grounds: Iterable[str], case: str, by=None) -> Objection:
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    today = timezone.localdate()
    grounds = list(dict.fromkeys(grounds))
    errors: dict[str, list[str]] = {}
    if not grounds:
        errors["grounds"] = [_("Pilih sekurang-kurangnya satu alasan keberatan (Pasal 35).")]
    elif any(g not in ObjectionGround.values for g in grounds):
        errors["grounds"] = [_("Alasan keberatan tidak dikenal.")]
    if not (case or "").strip():
        errors["case"] = [_("Uraikan kasus posisi keberatan Anda.")]
    if errors:
        raise ValidationError(errors)
    blocked = objection_block_reason(info_request, today)
    if blocked:
        raise ValidationError(blocked, code="objection_window")
    seq = _next_number("KEB", today.year)
    objection = Objection.objects.create(
        number=f"KEB/{today.year}/{seq:06d}", request=info_request, grounds=grounds, case=case.strip(),
        filed_on=today, due_date=add_working_days(today, OBJECTION_ANSWER_DAYS),
    )
    _event(info_request, EventKind.OBJECTION_FILED, actor=by,
           note=_("Keberatan %(number)s diajukan kepada atasan PPID. Tanggapan paling lambat %(due)s.")
           % {"number": objection.number, "due": _fmt(objection.due_date)})
    audit_record(obj=objection, action="ppid.objection_filed", actor=by, to_state=objection.status,
                 data={"request": info_request.number, "grounds": grounds})
    notifications.objection_event(objection, "ppid.objection_filed")
    return objection


def dispute_deadline(objection: Objection) -> date | None:
    if objection.answered_on is None:
        return None
    return add_working_days(objection.answered_on, DISPUTE_WINDOW_DAYS)


@transaction.atomic
def objection_answer(*, objection: Objection, by, decision: str, answer_text: str, superior_name: str) -> Objection:
    """The superior's written answer. The text given to the requester always ends with where to go next: the Komisi
    Informasi, within 14 working days (Pasal 37)."""
    objection = Objection.objects.select_for_update().select_related("request").get(pk=objection.pk)
    require(selectors.can_answer_objection(by, objection))
    errors: dict[str, list[str]] = {}
    if decision not in ObjectionDecision.values:
        errors["decision"] = [_("Pilih tanggapan atasan PPID.")]
    if not (answer_text or "").strip():
        errors["answer_text"] = [_("Isi tanggapan wajib diisi.")]
    if not (superior_name or "").strip():
        errors["superior_name"] = [_("Tuliskan nama dan jabatan atasan PPID yang menanggapi.")]
    if errors:
        raise ValidationError(errors)
    if ObjectionStatus.ANSWERED not in OBJECTION_TRANSITIONS[objection.status]:
        raise TransitionError(_("Keberatan %(number)s sudah ditanggapi.") % {"number": objection.number})
    today = timezone.localdate()
    dispute_by = add_working_days(today, DISPUTE_WINDOW_DAYS)
    notice = _("Apabila Anda tidak puas dengan tanggapan ini, Anda dapat mengajukan sengketa informasi kepada "
               "Komisi Informasi paling lambat 14 hari kerja sejak tanggapan ini diterima, yaitu sampai %(date)s.") % {
        "date": _fmt(dispute_by)}
    from_state = objection.status
    objection.status = ObjectionStatus.ANSWERED
    objection.decision = decision
    objection.answer_text = f"{answer_text.strip()}\n\n{notice}"
    objection.superior_name = superior_name.strip()
    objection.answered_on = today
    objection.answered_by = by
    objection.save()
    _event(objection.request, EventKind.OBJECTION_ANSWERED, actor=by,
           note=_("Atasan PPID menanggapi keberatan %(number)s: %(decision)s.")
           % {"number": objection.number, "decision": objection.get_decision_display()})
    audit_record(obj=objection, action="ppid.objection_answered", actor=by, from_state=from_state,
                 to_state=objection.status, data={"decision": decision})
    notifications.objection_event(objection, "ppid.objection_answered")
    return objection


@transaction.atomic
def objection_record_dispute(
    *, objection: Objection, by, filed: bool, filed_on: date | None = None, reference: str = "", note: str = ""
) -> Objection:
    """Record whether the requester took the matter to the Komisi Informasi (for the register and annual report)."""
    objection = Objection.objects.select_for_update().select_related("request").get(pk=objection.pk)
    require(selectors.can_answer_objection(by, objection))
    if objection.status != ObjectionStatus.ANSWERED:
        raise TransitionError(_("Sengketa hanya dapat dicatat setelah atasan PPID menanggapi keberatan."))
    if filed and filed_on is None:
        raise ValidationError({"filed_on": _("Isi tanggal pengajuan sengketa ke Komisi Informasi.")})
    if filed and filed_on < objection.answered_on:
        raise ValidationError({"filed_on": _("Tanggal sengketa tidak boleh sebelum tanggal tanggapan keberatan.")})
    objection.dispute_filed = filed
    objection.dispute_filed_on = filed_on if filed else None
    objection.dispute_reference = reference.strip() if filed else ""
    objection.dispute_note = note.strip()
    objection.save(update_fields=["dispute_filed", "dispute_filed_on", "dispute_reference", "dispute_note"])
    _event(objection.request, EventKind.DISPUTE_RECORDED, actor=by, public=False,
           note=(_("Sengketa diajukan ke Komisi Informasi pada %(date)s.") % {"date": _fmt(filed_on)})
           if filed else _("Tidak ada sengketa ke Komisi Informasi."))
    audit_record(obj=objection, action="ppid.dispute_recorded", actor=by,
                 data={"filed": filed, "filed_on": filed_on.isoformat() if filed_on else None, "reference": reference})
    return objection


# --- Daftar Informasi Publik -----------------------------------------------------------------------------------


@transaction.atomic
def public_info_item_save(*, item: PublicInfoItem, by) -> PublicInfoItem:
    """Create or update one DIP row. Exempt rows must name their legal ground and carry no document."""
    require(selectors.can_manage_dip(by))
    require(selectors.dip_agencies_for_user(by).filter(pk=item.agency_id).exists())
    if item.is_exempt and not item.legal_ground.strip():
        raise ValidationError({"legal_ground": _("Informasi dikecualikan wajib mencantumkan dasar hukumnya.")})
    if item.is_exempt and (item.document or item.link):
        raise ValidationError({"category": _("Informasi dikecualikan tidak boleh disertai dokumen atau tautan.")})
    if item.document and hasattr(item.document, "file") and not item.document._committed:
        try:
            check_upload(item.document.file)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages})
    created = item.pk is None
    item.save()
    audit_record(obj=item, action="ppid.dip_created" if created else "ppid.dip_updated", actor=by,
                 data={"agency": item.agency_id, "category": item.category})
    return item


@transaction.atomic
def public_info_item_delete(*, item: PublicInfoItem, by) -> None:
    require(selectors.dip_items_for_user(by).filter(pk=item.pk).exists())
    audit_record(obj=item, action="ppid.dip_deleted", actor=by, data={"title": item.title, "agency": item.agency_id})
    item.delete()


# --- From a complaint ------------------------------------------------------------------------------------------


@transaction.atomic
def info_request_from_complaint(*, complaint, by) -> InfoRequest:
    """A complaint of kind "permintaan informasi" becomes an information request. The complaint stays linked and its
    history is copied into the request's timeline (staff only). Complaints carry no ID number, so the request is
    marked "identitas perlu dilengkapi" and the 10 working days run from today, when the PPID received it."""
    if not selectors.can_forward(by) and not getattr(by, "is_platform_staff", False):
        raise PermissionDenied
    existing = InfoRequest.objects.filter(source_complaint=complaint).first()
    if existing is not None:
        return existing
    anonymous = bool(getattr(complaint, "is_anonymous", False))
    user = complaint.reporter_user
    name = complaint.reporter_name or (user.get_full_name() if user else "") or _("Pelapor aduan %(code)s") % {
        "code": complaint.tracking_code}
    village = getattr(complaint, "village", None)
    data = RequestInput(
        requester_name=name,
        id_kind=IdKind.NIK,
        id_number="",
        address=str(village) if village else "",
        phone=complaint.reporter_phone or (user.phone if user else ""),
        email=complaint.reporter_email or (user.email if user else ""),
        occupation="",
        information=f"{complaint.title}\n\n{complaint.description}".strip(),
        purpose=_("Disampaikan melalui aduan %(code)s.") % {"code": complaint.tracking_code},
        access_mode=AccessMode.COPY,
        copy_format=CopyFormat.SOFTCOPY,
        delivery=Delivery.EMAIL if (complaint.reporter_email or (user and user.email)) else Delivery.PICK_UP,
    )
    if not (data.phone or data.email):
        raise ValidationError(_("Aduan %(code)s tidak memiliki kontak pelapor; permohonan informasi tidak dapat "
                                "dijawab.") % {"code": complaint.tracking_code})
    info_request = info_request_submit(data=data, user=user, id_pending=True)
    info_request.source_complaint = complaint
    info_request.save(update_fields=["source_complaint", "updated_at"])
    history = [
        {
            "at": timezone.localtime(e.created_at).isoformat(timespec="minutes"),
            "action": e.action,
            "from": e.from_state,
            "to": e.to_state,
            # The actor label names staff accounts; for an anonymous complaint the reporter is never named.
            "by": "" if anonymous and e.actor_id and e.actor_id == complaint.reporter_user_id else e.actor_label,
        }
        for e in audit_trail(complaint)
    ]
    _event(info_request, EventKind.COMPLAINT_HISTORY, actor=by, public=False,
           note=_("Berasal dari aduan %(code)s (diajukan %(date)s); %(count)s catatan riwayat disalin.")
           % {"code": complaint.tracking_code, "date": _fmt(timezone.localtime(complaint.created_at).date()),
              "count": len(history)},
           data={"complaint": complaint.tracking_code, "history": history})
    audit_record(obj=info_request, action="ppid.from_complaint", actor=by,
                 data={"complaint": complaint.tracking_code})
    return info_request
