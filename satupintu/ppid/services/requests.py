"""Information requests: submit, forward, extend, answer, complete the identity, the late sweep, and requests made
from complaints."""

from __future__ import annotations

from collections.abc import Sequence
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
from satupintu.core.audit import audit_trail
from satupintu.kalender.services import add_working_days
from satupintu.organisasi.models import Agency

from .. import permissions
from ..files import check_upload
from ..models import (
    AccessMode,
    AnswerAttachment,
    CopyFormat,
    Delivery,
    ExemptionGround,
    IdKind,
    InfoForm,
    InfoRequest,
    Outcome,
    Status,
)
from ..workflow import REQUESTS
from .common import (
    ANSWER_DAYS,
    EXTENSION_DAYS,
    TransitionError,
    _fmt,
    _next_number,
    ppid_utama,
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
    info_request = InfoRequest(
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
    note = _("Permohonan diterima PPID Utama. Batas waktu jawaban: %(due)s.") % {"due": _fmt(info_request.due_date)}
    REQUESTS.apply(info_request, "received", by=user, data={"number": info_request.number}, timeline={"note": note})
    return info_request


@transaction.atomic
def info_request_forward(*, info_request: InfoRequest, agency: Agency, by, note: str = "") -> InfoRequest:
    """PPID Utama hands the request to the PPID Pelaksana of the OPD that holds the information. The deadline does
    not restart: it runs from the day the request was received."""
    require(permissions.can_forward(by))
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    if not agency.is_active:
        raise ValidationError({"agency": _("OPD tujuan tidak aktif.")})
    if agency.pk == info_request.agency_id:
        raise ValidationError({"agency": _("Permohonan sudah ditangani OPD ini.")})
    moved = {"from_agency": info_request.agency_id, "to_agency": agency.pk}
    REQUESTS.apply(
        info_request, "forwarded", by=by, changes={"agency": agency, "forwarded_at": timezone.now()}, note=note,
        data=moved,
        timeline={"note": _("Diteruskan ke PPID Pelaksana %(agency)s.") % {"agency": agency.name}, "data": moved,
                  "staff_note": note},
    )
    return info_request


@transaction.atomic
def info_request_extend(*, info_request: InfoRequest, by, reason: str) -> InfoRequest:
    """UU 14/2008 Pasal 22 ayat (8): the deadline may be extended once, by at most 7 working days, with a written
    reason given to the requester before the first deadline ends. A second extension is refused."""
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    require(permissions.can_act_on(by, info_request))
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
    old_due = info_request.due_date
    new_due = add_working_days(old_due, EXTENSION_DAYS)
    dues = {"old_due": old_due.isoformat(), "new_due": new_due.isoformat()}
    REQUESTS.apply(
        info_request, "extended", by=by,
        changes={"due_date": new_due, "extended_at": timezone.now(), "extension_reason": reason}, note=reason,
        data=dues,
        timeline={"note": _("Jangka waktu diperpanjang 7 hari kerja sampai %(due)s. Alasan: %(reason)s")
                  % {"due": _fmt(new_due), "reason": reason}, "data": dues},
    )
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
    require(permissions.can_act_on(by, info_request))
    _validate_answer(answer)
    content_types = []
    for upload in files:
        try:
            content_types.append(check_upload(upload))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages})
    refused_part = answer.outcome in (Outcome.REFUSED, Outcome.PARTIAL)
    today = timezone.localdate()
    late = today > info_request.due_date
    refusal_ground = answer.refusal_ground if refused_part else ""
    REQUESTS.apply(
        info_request, "answered", by=by,
        changes={
            "outcome": answer.outcome,
            "answer_text": answer.answer_text.strip(),
            "refusal_ground": refusal_ground,
            "consequence_test": answer.consequence_test.strip() if refused_part else "",
            "other_body": answer.other_body.strip() if answer.outcome == Outcome.OTHER_BODY else "",
            "held_form": answer.held_form,
            "fee": Decimal(answer.fee or 0),
            "answered_on": today,
            "answered_by": by,
        },
        data={"outcome": answer.outcome, "refusal_ground": refusal_ground, "late": late,
              "attachments": len(content_types)},
        timeline={"note": _("Keputusan: %(outcome)s.") % {"outcome": Outcome(answer.outcome).label},
                  "data": {"late": late, "attachments": len(content_types)}},
    )
    for upload, content_type in zip(files, content_types, strict=True):
        AnswerAttachment.objects.create(
            request=info_request, file=upload, original_name=upload.name[:200], content_type=content_type,
            size=upload.size,
        )
    return info_request


@transaction.atomic
def info_request_complete_identity(*, info_request: InfoRequest, by, id_kind: str, id_number: str) -> InfoRequest:
    """Requests that came from another channel (a complaint) may lack the ID number; staff add it once known."""
    info_request = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    require(permissions.can_act_on(by, info_request))
    id_number = _validate_identity(id_kind, id_number)
    # The note names no number: timeline and audit must not carry identity data.
    REQUESTS.apply(
        info_request, "identity_completed", by=by,
        changes={"id_kind": id_kind, "id_number": id_number, "id_pending": False}, data={"id_kind": id_kind},
        timeline={"note": _("Identitas pemohon dilengkapi.")},
    )
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
            note = _("Batas waktu %(due)s terlewati tanpa pemberitahuan tertulis. Pemohon dapat mengajukan "
                     "keberatan.") % {"due": _fmt(info_request.due_date)}
            REQUESTS.apply(
                info_request, "late", by=None, changes={"late_notified_at": timezone.now()},
                data={"due_date": info_request.due_date.isoformat()}, timeline={"note": note},
            )
            flagged += 1
    return flagged




@transaction.atomic
def info_request_from_complaint(*, complaint, by) -> InfoRequest:
    """A complaint of kind "permintaan informasi" becomes an information request. The complaint stays linked and its
    history is copied into the request's timeline (staff only). Complaints carry no ID number, so the request is
    marked "identitas perlu dilengkapi" and the 10 working days run from today, when the PPID received it."""
    if not permissions.can_forward(by) and not getattr(by, "is_platform_staff", False):
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
    history = [
        {
            "at": timezone.localtime(e.created_at).isoformat(timespec="minutes"),
            "action": e.action,
            "from": e.from_state,
            "to": e.to_state,
            # The actor label names staff accounts; for an anonymous complaint the reporter is never named.
            "by": "" if anonymous and e.actor_id and e.actor_id == complaint.reporter_user_id else e.actor_label,
            # The person's name as staff read it ("by" keeps the account name and role code as recorded).
            "by_name": "" if anonymous and e.actor_id and e.actor_id == complaint.reporter_user_id
            else (e.actor.get_full_name() if e.actor_id else ""),
        }
        for e in audit_trail(complaint).select_related("actor")
    ]
    note = _("Berasal dari aduan %(code)s (diajukan %(date)s); %(count)s catatan riwayat disalin.") % {
        "code": complaint.tracking_code, "date": _fmt(timezone.localtime(complaint.created_at).date()),
        "count": len(history)}
    REQUESTS.apply(
        info_request, "from_complaint", by=by, changes={"source_complaint": complaint},
        data={"complaint": complaint.tracking_code},
        timeline={"note": note, "data": {"complaint": complaint.tracking_code, "history": history}},
    )
    return info_request
