"""Objections (keberatan) to the PPID's superior, and disputes before the Komisi Informasi (UU 14/2008 Pasal 35-37)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.kalender.services import add_working_days

from .. import permissions
from ..models import (
    InfoRequest,
    Objection,
    ObjectionDecision,
    ObjectionGround,
    ObjectionStatus,
)
from ..workflow import OBJECTIONS
from .common import (
    DISPUTE_WINDOW_DAYS,
    OBJECTION_ANSWER_DAYS,
    OBJECTION_WINDOW_DAYS,
    TransitionError,
    _fmt,
    _next_number,
)


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
    objection = Objection(
        number=f"KEB/{today.year}/{seq:06d}", request=info_request, grounds=grounds, case=case.strip(),
        filed_on=today, due_date=add_working_days(today, OBJECTION_ANSWER_DAYS),
    )
    OBJECTIONS.apply(
        objection, "objection_filed", by=by, data={"request": info_request.number, "grounds": grounds},
        timeline={"note": _("Keberatan %(number)s diajukan kepada atasan PPID. Tanggapan paling lambat %(due)s.")
                  % {"number": objection.number, "due": _fmt(objection.due_date)}},
    )
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
    require(permissions.can_answer_objection(by, objection))
    errors: dict[str, list[str]] = {}
    if decision not in ObjectionDecision.values:
        errors["decision"] = [_("Pilih tanggapan atasan PPID.")]
    if not (answer_text or "").strip():
        errors["answer_text"] = [_("Isi tanggapan wajib diisi.")]
    if not (superior_name or "").strip():
        errors["superior_name"] = [_("Tuliskan nama dan jabatan atasan PPID yang menanggapi.")]
    if errors:
        raise ValidationError(errors)
    if objection.status == ObjectionStatus.ANSWERED:
        raise TransitionError(_("Keberatan %(number)s sudah ditanggapi.") % {"number": objection.number})
    today = timezone.localdate()
    dispute_by = add_working_days(today, DISPUTE_WINDOW_DAYS)
    notice = _("Apabila Anda tidak puas dengan tanggapan ini, Anda dapat mengajukan sengketa informasi kepada "
               "Komisi Informasi paling lambat 14 hari kerja sejak tanggapan ini diterima, yaitu sampai %(date)s.") % {
        "date": _fmt(dispute_by)}
    OBJECTIONS.apply(
        objection, "objection_answered", by=by,
        changes={"decision": decision, "answer_text": f"{answer_text.strip()}\n\n{notice}",
                 "superior_name": superior_name.strip(), "answered_on": today, "answered_by": by},
        data={"decision": decision},
        timeline={"note": _("Atasan PPID menanggapi keberatan %(number)s: %(decision)s.")
                  % {"number": objection.number, "decision": ObjectionDecision(decision).label}},
    )
    return objection


@transaction.atomic
def objection_record_dispute(
    *, objection: Objection, by, filed: bool, filed_on: date | None = None, reference: str = "", note: str = ""
) -> Objection:
    """Record whether the requester took the matter to the Komisi Informasi (for the register and annual report)."""
    objection = Objection.objects.select_for_update().select_related("request").get(pk=objection.pk)
    require(permissions.can_answer_objection(by, objection))
    if objection.status != ObjectionStatus.ANSWERED:
        raise TransitionError(_("Sengketa hanya dapat dicatat setelah atasan PPID menanggapi keberatan."))
    if filed and filed_on is None:
        raise ValidationError({"filed_on": _("Isi tanggal pengajuan sengketa ke Komisi Informasi.")})
    if filed and filed_on < objection.answered_on:
        raise ValidationError({"filed_on": _("Tanggal sengketa tidak boleh sebelum tanggal tanggapan keberatan.")})
    OBJECTIONS.apply(
        objection, "dispute_recorded", by=by,
        changes={"dispute_filed": filed, "dispute_filed_on": filed_on if filed else None,
                 "dispute_reference": reference.strip() if filed else "", "dispute_note": note.strip()},
        data={"filed": filed, "filed_on": filed_on.isoformat() if filed_on else None, "reference": reference},
        timeline={"note": (_("Sengketa diajukan ke Komisi Informasi pada %(date)s.") % {"date": _fmt(filed_on)})
                  if filed else _("Tidak ada sengketa ke Komisi Informasi.")},
    )
    return objection
