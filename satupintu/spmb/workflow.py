"""The registration's state machine as one table for the engine (`satupintu.core.workflow`).

draft -> submitted (the parent sends it with its documents) -> returned (the school asks for a fix, with the reason)
-> submitted again, or -> verified; the selection (system) moves verified registrations to admitted or not admitted;
an admitted child re-registers by the deadline, or the seat is forfeited and offered in the second round, where a
child not admitted (or who forfeited nothing yet) takes part again. Changes to the data are allowed until verification
("edited", no change of state). Registrations keep no timeline of their own: the audit trail is their history."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from satupintu.core.links import absolute_url
from satupintu.core.workflow import SYSTEM, Notice, Workflow, branch, step
from satupintu.notifikasi.services import Recipient

from . import permissions
from .models import Registration, Status

S = Status


@dataclass(frozen=True)
class ParentAccess:
    """The bearer of a registration's secret link, acting as the child's parent (no account needed)."""

    registration_id: int
    # Not an account: the permission layer treats it like an anonymous visitor; only this module knows better.
    is_authenticated = False
    is_active = False


PARENT = "parent"
SCHOOL = "school"  # the operator of the verifying school (the first choice)
OFFICE = "office"  # the education office

BEFORE_VERIFICATION = {S.DRAFT, S.SUBMITTED, S.RETURNED}

TRANSITIONS = {
    "created": step({""}, S.DRAFT, {SYSTEM}, _("Pendaftaran dibuat")),
    "edited": step(BEFORE_VERIFICATION, None, {PARENT}, _("Data pendaftaran diubah")),
    "submitted": step({S.DRAFT, S.RETURNED}, S.SUBMITTED, {PARENT}, _("Pendaftaran dikirim untuk diverifikasi"),
                      notify=[Notice("spmb.submitted", to=("parent",))]),
    "returned": step({S.SUBMITTED}, S.RETURNED, {SCHOOL, OFFICE}, _("Dikembalikan untuk diperbaiki"),
                     notify=[Notice("spmb.returned", to=("parent",))]),
    "verified": step({S.SUBMITTED}, S.VERIFIED, {SCHOOL, OFFICE}, _("Berkas diverifikasi"),
                     notify=[Notice("spmb.verified", to=("parent",))]),
    "cancelled": step(BEFORE_VERIFICATION, S.CANCELLED, {PARENT, OFFICE}, _("Pendaftaran dibatalkan")),
    # Set-based (services.selection_run): bulk_check + UPDATE + bulk_record; the result is announced separately.
    "selected": branch({S.VERIFIED: {S.ADMITTED, S.NOT_ADMITTED}}, {SYSTEM}, _("Hasil seleksi ditetapkan"),
                       notify=[Notice("spmb.result", to=("parent",))]),
    "reregistered": step({S.ADMITTED}, S.REREGISTERED, {PARENT, SCHOOL, OFFICE}, _("Daftar ulang"),
                         notify=[Notice("spmb.reregistered", to=("parent",))]),
    "forfeited": step({S.ADMITTED}, S.FORFEITED, {SYSTEM}, _("Tidak daftar ulang sampai batas waktu")),
    "second_round": step({S.NOT_ADMITTED}, S.VERIFIED, {SYSTEM}, _("Diikutkan seleksi tahap kedua")),
}


def actor_kinds(by, registration: Registration) -> set[str]:
    if by is None or by == SYSTEM:
        return {SYSTEM}
    if isinstance(by, ParentAccess):
        return {PARENT} if by.registration_id == registration.pk else set()
    kinds: set[str] = set()
    if permissions.can_manage_spmb(by):
        kinds.add(OFFICE)
    if permissions.operator_school_id(by) == registration.verifying_school_id:
        kinds.add(SCHOOL)
    return kinds


def parent(registration: Registration) -> list[Recipient]:
    if not registration.parent_phone:
        return []
    return [Recipient(phone=registration.parent_phone, name=registration.parent_name)]


def context(registration: Registration, row=None) -> dict:
    with translation.override("id"):  # the WhatsApp template is Indonesian: its status parameter is too
        status = str(registration.get_status_display())
    return {"number": registration.number, "status": status, "note": registration.status_note,
            "url": absolute_url(registration.get_absolute_url()), "year": registration.year.name}


REGISTRATIONS = Workflow(
    model=Registration, transitions=TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="spmb",
    recipients={"parent": parent}, base_context=context,
    wrong_state_message=_("Pendaftaran berstatus “%(status)s” tidak dapat diubah dengan tindakan ini."),
)
