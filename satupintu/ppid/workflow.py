"""PPID's two state machines as tables for the engine (`satupintu.core.workflow`): information requests and the
objections to them (UU 14/2008 Pasal 22 and 35-36).

Each step names its sources and target, who may take it, its timeline label, and who hears of it with which message
(`notifications.py` holds the texts, recipients and contexts). The services check the legal rules that depend on
more than the state (the one extension, the deadlines, the objection window) and then call `REQUESTS.apply()` or
`OBJECTIONS.apply()`: state, timeline row (`InfoRequestEvent`), audit record ("ppid.<step>") and messages, in one
transaction. A step's name is also its timeline kind (`EventKind`). Nothing else assigns a PPID status.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from satupintu.akun.permissions import is_authenticated
from satupintu.core.workflow import SYSTEM, Notice, Step, Workflow, step

from . import notifications as n
from . import permissions
from .models import (
    ArchiveEntry,
    ArchiveState,
    EventKind,
    InfoRequest,
    InfoRequestEvent,
    Objection,
    ObjectionStatus,
    Status,
)

# Who may act, resolved per request by `request_actor_kinds` / `objection_actor_kinds`.
ANYONE = "anyone"  # UU 14/2008 Pasal 4: every person may request information and object; no account needed
ROUTER = "router"  # the PPID Utama or the regency administrator: forwards to a PPID Pelaksana
HANDLER = "handler"  # the PPID handling the request, the PPID Utama or the administrator: extends, answers
PLATFORM_STAFF = "platform_staff"  # turns a complaint into a request
SUPERIOR = "superior"  # atasan PPID: answers the objection, records the dispute
REQUESTER = "requester"  # the bearer of the request's secret link (signed in or not): gives the verdict


@dataclass(frozen=True)
class RequesterLink:
    """The acting "user" of a step taken through the requester's secret link: holding the token is the right."""

    token: str
    is_authenticated = False
    is_active = False

S = Status
_OPEN = {S.RECEIVED, S.FORWARDED, S.EXTENDED}
_ANY = {*_OPEN, S.ANSWERED}

def _to_requester(event: str) -> Notice:
    return Notice(event, to=("requester",))


REQUEST_TRANSITIONS = {
    "received": step({""}, S.RECEIVED, {ANYONE}, EventKind.RECEIVED.label, notify=[
        _to_requester("ppid.received"),
        Notice("ppid.staff.received", to=("handling_ppid",), context=n.staff_link),
    ]),
    # Re-forwarding (to another OPD) is allowed; the deadline runs on from the day the request was received.
    "forwarded": step(_OPEN, S.FORWARDED, {ROUTER}, EventKind.FORWARDED.label, notify=[
        _to_requester("ppid.forwarded"),
        Notice("ppid.staff.forwarded", to=("handling_ppid",), context=n.staff_link),
    ]),
    # Once only (Pasal 22 ayat (8)): the service checks `extended_at`, which the state alone does not tell.
    "extended": step({S.RECEIVED, S.FORWARDED}, S.EXTENDED, {HANDLER}, EventKind.EXTENDED.label,
                     notify=[_to_requester("ppid.extended")]),
    "answered": step(_OPEN, S.ANSWERED, {HANDLER}, EventKind.ANSWERED.label, notify=[_to_requester("ppid.answered")]),
    "late": step(_OPEN, None, {SYSTEM}, EventKind.LATE.label, notify=[
        _to_requester("ppid.late"),
        Notice("ppid.staff.late", to=("handling_and_utama",), context=n.staff_link),
    ]),
    "identity_completed": step(_ANY, None, {HANDLER}, EventKind.ID_COMPLETED.label, is_public=False),
    "from_complaint": step(_ANY, None, {ROUTER, PLATFORM_STAFF}, EventKind.COMPLAINT_HISTORY.label, is_public=False),
    # The requester's own verdict on the outcome, through their secret link (the service checks which verdicts the
    # request's state allows); it may be changed, the last one counts.
    "classified": step(_ANY, None, {REQUESTER}, EventKind.CLASSIFIED.label),
}

OS = ObjectionStatus
OBJECTION_TRANSITIONS = {
    "objection_filed": step({""}, OS.SUBMITTED, {ANYONE}, EventKind.OBJECTION_FILED.label, notify=[
        _to_requester("ppid.objection_filed"),
        Notice("ppid.staff.objection_filed", to=("handling_and_utama",), context=n.staff_link),
    ]),
    "objection_answered": step({OS.SUBMITTED}, OS.ANSWERED, {SUPERIOR}, EventKind.OBJECTION_ANSWERED.label,
                               notify=[_to_requester("ppid.objection_answered")]),
    "dispute_recorded": step({OS.ANSWERED}, None, {SUPERIOR}, EventKind.DISPUTE_RECORDED.label, is_public=False),
}


# The public archive (Froide's publishing step): the handling PPID prepares a redacted copy, then publishes it.
# Re-redacting a published entry takes it offline until it is published again. Staff-only timeline rows.
AS = ArchiveState
ARCHIVE_TRANSITIONS = {
    "archive_redacted": step({"", AS.DRAFT, AS.PUBLISHED, AS.WITHDRAWN}, AS.DRAFT, {HANDLER},
                             EventKind.ARCHIVE_REDACTED.label, is_public=False),
    "archive_attachment": step({AS.DRAFT}, None, {HANDLER}, EventKind.ARCHIVE_ATTACHMENT.label, is_public=False),
    "archive_published": step({AS.DRAFT}, AS.PUBLISHED, {HANDLER}, EventKind.ARCHIVE_PUBLISHED.label,
                              is_public=False),
    "archive_withdrawn": step({AS.PUBLISHED}, AS.WITHDRAWN, {HANDLER}, EventKind.ARCHIVE_WITHDRAWN.label,
                              is_public=False),
}


def request_actor_kinds(by, info_request: InfoRequest) -> set[str]:
    kinds = {ANYONE} if by is not None else {ANYONE, SYSTEM}
    if isinstance(by, RequesterLink):
        return {*kinds, REQUESTER} if by.token == info_request.follow_token else kinds
    if not is_authenticated(by):
        return kinds
    if permissions.can_forward(by):
        kinds.add(ROUTER)
    if getattr(by, "is_platform_staff", False):
        kinds.add(PLATFORM_STAFF)
    if permissions.can_act_on(by, info_request):
        kinds.add(HANDLER)
    return kinds


def objection_actor_kinds(by, objection: Objection) -> set[str]:
    kinds = {ANYONE} if by is not None else {ANYONE, SYSTEM}
    if objection.pk and is_authenticated(by) and permissions.can_answer_objection(by, objection):
        kinds.add(SUPERIOR)
    return kinds


def archive_actor_kinds(by, entry: ArchiveEntry) -> set[str]:
    if is_authenticated(by) and permissions.can_publish(by, entry.request):
        return {HANDLER}
    return set()


def archive_timeline(s: Step) -> InfoRequestEvent:
    return InfoRequestEvent.objects.create(request=s.obj.request, kind=s.action, actor=s.actor,
                                           note=s.fields.get("note", ""), public=False, data=s.fields.get("data") or {})


def timeline(s: Step) -> InfoRequestEvent:
    """The requester's timeline: one row per step, shown to them when the step is public. `staff_note` (a forward's
    note to the receiving PPID) becomes a second row that only staff see."""
    request = n.request_of(s.obj)
    event = InfoRequestEvent.objects.create(
        request=request, kind=s.action, actor=s.actor, note=s.fields.get("note", ""), public=s.transition.is_public,
        data=s.fields.get("data") or {},
    )
    if s.fields.get("staff_note"):
        InfoRequestEvent.objects.create(request=request, kind=s.action, actor=s.actor, note=s.fields["staff_note"],
                                        public=False)
    return event


def _wrong_state(info_request: InfoRequest) -> str:
    return _("Permohonan %(number)s berstatus “%(status)s”; tindakan ini tidak dapat dilakukan.") % {
        "number": info_request.number, "status": info_request.get_status_display()}


REQUESTS = Workflow(
    model=InfoRequest, transitions=REQUEST_TRANSITIONS, actor_kinds=request_actor_kinds, audit_prefix="ppid",
    timeline=timeline, recipients=n.RECIPIENTS, base_context=n.request_context, wrong_state_message=_wrong_state,
)
OBJECTIONS = Workflow(
    model=Objection, transitions=OBJECTION_TRANSITIONS, actor_kinds=objection_actor_kinds, audit_prefix="ppid",
    timeline=timeline, recipients=n.RECIPIENTS, base_context=n.objection_context,
)
ARCHIVE = Workflow(
    model=ArchiveEntry, transitions=ARCHIVE_TRANSITIONS, actor_kinds=archive_actor_kinds, audit_prefix="ppid",
    state_field="state", timeline=archive_timeline, recipients=n.RECIPIENTS,
)
