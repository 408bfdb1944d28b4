"""The complaint state machine: aduan's table of transitions, who acts, and who hears of each step.

The engine (`satupintu.core.workflow`) applies it: `transition()` (or, for the periodic sweep, `WORKFLOW.bulk_record`)
checks the table and the actor, writes the public timeline event and the audit record and queues the declared
notices in the same transaction. Nothing else assigns `Complaint.status`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from satupintu.akun import permissions
from satupintu.akun.roles import Role
from satupintu.core.workflow import (
    FROM_STATE,
    NOW,
    OBJECT_ID,
    SYSTEM,
    TO_STATE,
    Notice,
    Step,
    Transition,
    TransitionError,
    Workflow,
)
from satupintu.core.workflow import step as _t

from . import notifications as n
from .models import PUBLIC_STATES, Complaint, ComplaintEvent, Status

S = Status


@dataclass(frozen=True)
class ReporterAccess:
    """The bearer of a report's secret follow link, acting as its reporter (no account needed)."""

    complaint_id: int
    # Not an account: the permission layer treats it like an anonymous visitor; only this module knows better.
    is_authenticated = False
    is_active = False


# Who may act. Resolved per report by `actor_kinds`; SYSTEM (intake, the periodic sweep) comes from the engine.
REPORTER = "reporter"  # follow-link bearer or the reporter's own account
ADMIN = "admin"  # regency administrator (verifier, router)
REGENT = "regent"
OPD_STAFF = "opd_staff"  # OPD admin/head of the assigned agency, or staff of the sub-unit it was passed to
OPD_HEAD = "opd_head"  # head of the assigned agency: approves answers

_WORKING = {S.ASSIGNED, S.IN_PROGRESS, S.PENDING_APPROVAL}
_ANY_OPEN = {S.RECEIVED, S.VERIFIED, S.RETURNED, S.ASSIGNED, S.IN_PROGRESS, S.PENDING_APPROVAL, S.ANSWERED}

# Who hears of a step: the reporter at the contact they gave (even when anonymous: anonymity hides them from the OPD
# and the public, not from the system that answers them); staff by role, never with the reporter's identity.
_REFUSED = Notice("aduan.rejected", to=("reporter",), context=n.refused)

TRANSITIONS: dict[str, Transition] = {
    "submit": _t({""}, S.RECEIVED, {SYSTEM}, _("Laporan diterima"), notify=[Notice("aduan.received", to=("reporter",))]),
    "verify": _t({S.RECEIVED}, S.VERIFIED, {ADMIN}, _("Laporan diverifikasi"),
                 notify=[Notice("aduan.verified", to=("reporter",))]),
    "reject": _t({S.RECEIVED}, S.REJECTED, {ADMIN}, _("Laporan tidak dapat diproses"), is_public=False,
                 notify=[_REFUSED]),
    # The merge: the same problem sent again (another channel, another person) joins the first report; its reporter
    # becomes one of that report's reporters and hears of every later step (co_reporters below).
    "mark_duplicate": _t({S.RECEIVED}, S.DUPLICATE, {ADMIN}, _("Laporan digabung dengan laporan %(detail)s"),
                         notify=[Notice("aduan.merged", to=("reporter",), context=n.merged)]),
    "convert": _t({S.RECEIVED}, S.CONVERTED, {ADMIN}, _("Dialihkan menjadi permohonan informasi publik"),
                  notify=[_REFUSED]),
    "assign": _t({S.VERIFIED, S.RETURNED}, S.ASSIGNED, {ADMIN}, _("Diteruskan ke %(detail)s"),
                 notify=[Notice("aduan.assigned", to=("agency_admins", "unit_admins"), context=n.assigned)]),
    # A service that files into a category with its own agency routes by rule, without the regency admin: an SPMB
    # objection goes straight to the education office (spmb.services.objection_file). The system's step alone: a
    # sweep or a person can never verify or assign through it.
    "route": _t({S.RECEIVED}, S.ASSIGNED, {SYSTEM}, _("Diteruskan otomatis ke %(detail)s"),
                notify=[Notice("aduan.verified", to=("reporter",)),
                        Notice("aduan.assigned", to=("agency_admins", "unit_admins"), context=n.assigned)]),
    "hand_back": _t(_WORKING, S.RETURNED, {OPD_STAFF}, _("Dikembalikan ke admin untuk diteruskan ke OPD lain"),
                    notify=[Notice("aduan.returned", to=("regency_admins",), context=n.handed_back)]),
    "accept": _t({S.ASSIGNED}, S.IN_PROGRESS, {OPD_STAFF}, _("Sedang ditindaklanjuti oleh %(detail)s")),
    "delegate": _t({S.IN_PROGRESS}, None, {OPD_STAFF}, _("Didisposisikan ke %(detail)s"), is_public=False,
                   notify=[Notice("aduan.assigned", to=("unit_admins",), context=n.delegated)]),
    "submit_answer": _t({S.IN_PROGRESS}, S.PENDING_APPROVAL, {OPD_STAFF}, _("Jawaban menunggu persetujuan"),
                        is_public=False, visible_to_reporter=False,
                        notify=[Notice("aduan.approval_needed", to=("agency_head",), context=n.staff_link)]),
    "return_answer": _t({S.PENDING_APPROVAL}, S.IN_PROGRESS, {OPD_HEAD}, _("Jawaban dikembalikan untuk diperbaiki"),
                        is_public=False, visible_to_reporter=False),
    "approve_answer": _t({S.PENDING_APPROVAL}, S.ANSWERED, {OPD_HEAD}, _("Dijawab oleh %(detail)s"),
                         notify=[Notice("aduan.answered", to=("reporter",), context=n.answered)]),
    "reply": _t(_ANY_OPEN, None, {REPORTER}, _("Pelapor menanggapi"), is_public=False,
                notify=[Notice("aduan.reply", to=("agency_admins",), context=n.staff_link)]),
    "confirm": _t({S.ANSWERED}, S.CLOSED, {REPORTER}, _("Pelapor menyatakan selesai"),
                  notify=[Notice("aduan.closed", to=("reporter",))]),
    "rate": _t({S.CLOSED}, None, {REPORTER}, _("Pelapor memberi penilaian"), is_public=False),
    "reopen": _t({S.ANSWERED, S.CLOSED}, S.IN_PROGRESS, {REPORTER}, _("Dibuka kembali oleh pelapor"),
                 notify=[Notice("aduan.reopened", to=("agency_admins",), context=n.reopened)]),
    # Swept in bulk; the task after the sweep announces it report by report (notifications.notify_auto_closed).
    "auto_close": _t({S.ANSWERED}, S.CLOSED, {SYSTEM}, _("Selesai: tidak ada tanggapan pelapor"),
                     notify=[Notice("aduan.closed", to=("reporter",))]),
    # Escalation changes no state: audited row by row, but not put on the report's timeline. Its message is one
    # digest per agency and level (notifications.notify_late), not a notice per report.
    "escalate": _t(_ANY_OPEN - {S.ANSWERED}, None, {SYSTEM}, _("Melewati batas waktu"), is_public=False,
                   visible_to_reporter=False),
    "instruct": _t(_ANY_OPEN, None, {REGENT}, _("Instruksi Bupati"), is_public=False, visible_to_reporter=False,
                   notify=[Notice("aduan.instruction", to=("agency_staff",), context=n.instructed)]),
    "note": _t(_ANY_OPEN, None, {ADMIN, OPD_STAFF, REGENT}, _("Catatan internal"), is_public=False,
               visible_to_reporter=False),
}




def _with_co_reporters(transitions: dict[str, Transition]) -> dict[str, Transition]:
    """Every notice to the reporter also goes to the reporters of the reports merged into this one, with the
    public status page as the link: the follow link (it lets its bearer reply and close) stays the first
    reporter's. One message per address: a co-reporter with the reporter's own number gets it once. Intake is left
    out: a report being filed has nothing merged into it yet (and intake stays free of reads)."""
    from dataclasses import replace

    out = {}
    for name, t in transitions.items():
        if t.sources == frozenset({""}):
            out[name] = t
            continue
        twins = tuple(Notice(x.event, to=("co_reporters",), context=n.co_reporter_context(x.context))
                      for x in t.notices if "reporter" in x.to)
        out[name] = replace(t, notices=t.notices + twins) if twins else t
    return out


TRANSITIONS = _with_co_reporters(TRANSITIONS)


def actor_kinds(by, complaint: Complaint) -> set[str]:
    """The roles `by` holds with respect to this report."""
    if by is None or by == SYSTEM:
        return {SYSTEM}
    if isinstance(by, ReporterAccess):
        return {REPORTER} if by.complaint_id == complaint.pk else set()
    kinds: set[str] = set()
    if not permissions.is_authenticated(by):
        return kinds
    if complaint.reporter_user_id and complaint.reporter_user_id == by.pk:
        kinds.add(REPORTER)
    if permissions.has_role(by, Role.REGENCY_ADMIN):
        kinds.add(ADMIN)
    if permissions.has_role(by, Role.REGENT):
        kinds.add(REGENT)
    if permissions.has_role(by, Role.OPD_ADMIN, Role.OPD_HEAD):
        scope = permissions.agency_ids_in_scope(by)
        if complaint.agency_id in scope or (complaint.handler_unit_id and complaint.handler_unit_id in scope):
            kinds.add(OPD_STAFF)
        if by.role == Role.OPD_HEAD and complaint.agency_id in scope:
            kinds.add(OPD_HEAD)
    return kinds


def _write_event(s: Step) -> ComplaintEvent:
    return ComplaintEvent.objects.create(
        complaint=s.obj, action=s.action, from_status=s.from_state, to_status=s.to_state, actor=s.actor,
        public_detail=s.fields.get("public_detail", "")[:200], body=s.fields.get("body", ""),
        is_public=s.transition.is_public, visible_to_reporter=s.transition.visible_to_reporter,
    )


def _bulk_event(action: str, t: Transition) -> dict:
    return {"complaint_id": OBJECT_ID, "created_at": NOW, "action": action, "from_status": FROM_STATE,
            "to_status": TO_STATE, "actor_id": None, "public_detail": "", "body": "", "is_public": t.is_public,
            "visible_to_reporter": t.visible_to_reporter}


def _publicity(complaint: Complaint) -> None:
    complaint.is_public = complaint.status in PUBLIC_STATES and not complaint.is_confidential


WORKFLOW = Workflow(
    model=Complaint,
    transitions=TRANSITIONS,
    actor_kinds=actor_kinds,
    audit_prefix="aduan",
    timeline=_write_event,
    timeline_model=ComplaintEvent,
    bulk_timeline=_bulk_event,
    before_save=_publicity,
    audit_channel=lambda by: "web" if isinstance(by, ReporterAccess) else None,
    recipients=n.RECIPIENTS,
    base_context=n.base_context,
    wrong_state_message=_("Tindakan ini tidak dapat dilakukan pada aduan berstatus “%(status)s”."),
    forbidden_message=_("Anda tidak berwenang melakukan tindakan ini pada aduan ini."),
)


def allowed_actions(by, complaint: Complaint) -> list[str]:
    return WORKFLOW.allowed_actions(by, complaint)


def check(action: str, *, complaint: Complaint, by) -> Transition:
    return WORKFLOW.check(action, obj=complaint, by=by)


def transition(
    *,
    complaint: Complaint,
    action: str,
    by,
    changes: dict | None = None,
    note: str = "",
    public_detail: str = "",
    body: str = "",
    data: dict | None = None,
) -> tuple[Complaint, ComplaintEvent]:
    """Apply one step of the table to a report (locked until the caller's transaction ends) and queue its notices."""
    return WORKFLOW.apply(complaint, action, by=by, changes=changes, note=note, data=data,
                          timeline={"public_detail": public_detail, "body": body})


def event_label(action: str, public_detail: str = "") -> str:
    return WORKFLOW.label(action, public_detail)


__all__ = ["SYSTEM", "TRANSITIONS", "WORKFLOW", "ReporterAccess", "TransitionError", "allowed_actions", "check",
           "event_label", "transition"]
