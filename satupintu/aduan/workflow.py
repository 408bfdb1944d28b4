"""The complaint state machine: ONE table of allowed transitions and ONE function that applies any of them.

Every change of a report's state goes through `transition()` (or, for the nightly sweep, `bulk_transition()`), which
checks the table, checks who is acting through akun.permissions, writes the public timeline event and the audit
record in the same transaction, and raises the notification event. Nothing else assigns `Complaint.status`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.akun import permissions
from satupintu.akun.roles import Role
from satupintu.core.audit import audit_record
from satupintu.core.models import AuditEvent

from .models import PUBLIC_STATES, Complaint, ComplaintEvent, Status

S = Status


@dataclass(frozen=True)
class ReporterAccess:
    """The bearer of a report's secret follow link, acting as its reporter (no account needed)."""

    complaint_id: int
    # Not an account: the permission layer treats it like an anonymous visitor; only this module knows better.
    is_authenticated = False
    is_active = False


# Who may act. Resolved per report by `actor_kinds`.
SYSTEM = "system"  # the periodic sweep, intake
REPORTER = "reporter"  # follow-link bearer or the reporter's own account
ADMIN = "admin"  # regency administrator (verifier, router)
REGENT = "regent"
OPD_STAFF = "opd_staff"  # OPD admin/head of the assigned agency, or staff of the sub-unit it was passed to
OPD_HEAD = "opd_head"  # head of the assigned agency: approves answers


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str | None  # None: the state does not change (a message, a disposition inside the OPD)
    actors: frozenset[str]
    label: object  # public timeline label; may use %(detail)s
    is_public: bool = True  # shown on the public status page
    visible_to_reporter: bool = True


def _t(sources, target, actors, label, *, is_public=True, visible_to_reporter=True) -> Transition:
    return Transition(frozenset(sources), target, frozenset(actors), label, is_public, visible_to_reporter)


_WORKING = {S.ASSIGNED, S.IN_PROGRESS, S.PENDING_APPROVAL}
_ANY_OPEN = {S.RECEIVED, S.VERIFIED, S.RETURNED, S.ASSIGNED, S.IN_PROGRESS, S.PENDING_APPROVAL, S.ANSWERED}

TRANSITIONS: dict[str, Transition] = {
    "submit": _t({""}, S.RECEIVED, {SYSTEM}, _("Laporan diterima")),
    "verify": _t({S.RECEIVED}, S.VERIFIED, {ADMIN}, _("Laporan diverifikasi")),
    "reject": _t({S.RECEIVED}, S.REJECTED, {ADMIN}, _("Laporan tidak dapat diproses"), is_public=False),
    "mark_duplicate": _t({S.RECEIVED}, S.DUPLICATE, {ADMIN}, _("Laporan digabung dengan laporan %(detail)s")),
    "convert": _t({S.RECEIVED}, S.CONVERTED, {ADMIN}, _("Dialihkan menjadi permohonan informasi publik")),
    "assign": _t({S.VERIFIED, S.RETURNED}, S.ASSIGNED, {ADMIN}, _("Diteruskan ke %(detail)s")),
    "hand_back": _t(_WORKING, S.RETURNED, {OPD_STAFF}, _("Dikembalikan ke admin untuk diteruskan ke OPD lain")),
    "accept": _t({S.ASSIGNED}, S.IN_PROGRESS, {OPD_STAFF}, _("Sedang ditindaklanjuti oleh %(detail)s")),
    "delegate": _t({S.IN_PROGRESS}, None, {OPD_STAFF}, _("Didisposisikan ke %(detail)s"), is_public=False),
    "submit_answer": _t({S.IN_PROGRESS}, S.PENDING_APPROVAL, {OPD_STAFF}, _("Jawaban menunggu persetujuan"),
                        is_public=False, visible_to_reporter=False),
    "return_answer": _t({S.PENDING_APPROVAL}, S.IN_PROGRESS, {OPD_HEAD}, _("Jawaban dikembalikan untuk diperbaiki"),
                        is_public=False, visible_to_reporter=False),
    "approve_answer": _t({S.PENDING_APPROVAL}, S.ANSWERED, {OPD_HEAD}, _("Dijawab oleh %(detail)s")),
    "reply": _t(_ANY_OPEN, None, {REPORTER}, _("Pelapor menanggapi"), is_public=False),
    "confirm": _t({S.ANSWERED}, S.CLOSED, {REPORTER}, _("Pelapor menyatakan selesai")),
    "rate": _t({S.CLOSED}, None, {REPORTER}, _("Pelapor memberi penilaian"), is_public=False),
    "reopen": _t({S.ANSWERED, S.CLOSED}, S.IN_PROGRESS, {REPORTER}, _("Dibuka kembali oleh pelapor")),
    "auto_close": _t({S.ANSWERED}, S.CLOSED, {SYSTEM}, _("Selesai: tidak ada tanggapan pelapor")),
    # Escalation changes no state: audited row by row, but not put on the report's timeline.
    "escalate": _t(_ANY_OPEN - {S.ANSWERED}, None, {SYSTEM}, _("Melewati batas waktu"), is_public=False,
                   visible_to_reporter=False),
    "instruct": _t(_ANY_OPEN, None, {REGENT}, _("Instruksi Bupati"), is_public=False, visible_to_reporter=False),
    "note": _t(_ANY_OPEN, None, {ADMIN, OPD_STAFF, REGENT}, _("Catatan internal"), is_public=False,
               visible_to_reporter=False),
}


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


def allowed_actions(by, complaint: Complaint) -> list[str]:
    kinds = actor_kinds(by, complaint)
    return [
        name for name, t in TRANSITIONS.items()
        if complaint.status in t.sources and kinds & t.actors and name not in {"submit", "auto_close", "escalate"}
    ]


class TransitionError(ValidationError):
    """The report is not in a state that allows this step."""


def check(action: str, *, complaint: Complaint, by) -> Transition:
    try:
        t = TRANSITIONS[action]
    except KeyError:
        raise TransitionError(_("Tindakan tidak dikenal."))
    current = complaint.status if complaint.pk else ""
    if current not in t.sources:
        raise TransitionError(
            _("Tindakan ini tidak dapat dilakukan pada aduan berstatus “%(status)s”.")
            % {"status": complaint.get_status_display()}
        )
    if not (actor_kinds(by, complaint) & t.actors):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada aduan ini."))
    return t


def _actor_user(by):
    return by if permissions.is_authenticated(by) else None


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
    """Apply one step of the table to a report, locked for the duration of the caller's transaction.

    No savepoint of its own: every caller runs it inside its own atomic block, which rolls back on any error."""
    with transaction.atomic(savepoint=False):
        if complaint.pk:
            locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
            complaint.__dict__.update({f.attname: getattr(locked, f.attname) for f in Complaint._meta.concrete_fields})
            # Forget cached related objects that no longer match the locked row (e.g. another OPD meanwhile).
            for field in Complaint._meta.concrete_fields:
                if field.is_relation and field.is_cached(complaint):
                    cached = field.get_cached_value(complaint)
                    if cached is None or cached.pk != getattr(complaint, field.attname):
                        field.delete_cached_value(complaint)
        t = check(action, complaint=complaint, by=by)
        from_status = complaint.status if complaint.pk else ""
        for field, value in (changes or {}).items():
            setattr(complaint, field, value)
        if t.target:
            complaint.status = t.target
        complaint.is_public = complaint.status in PUBLIC_STATES and not complaint.is_confidential
        complaint.save()
        event = ComplaintEvent.objects.create(
            complaint=complaint,
            action=action,
            from_status=from_status,
            to_status=complaint.status,
            actor=_actor_user(by),
            public_detail=public_detail[:200],
            body=body,
            is_public=t.is_public,
            visible_to_reporter=t.visible_to_reporter,
        )
        audit_record(
            obj=complaint,
            action=f"aduan.{action}",
            actor=_actor_user(by),
            from_state=from_status,
            to_state=complaint.status,
            note=note,
            data={"event": event.pk, **(data or {})},
            channel="web" if isinstance(by, ReporterAccess) else None,
        )
    return complaint, event


def event_label(action: str, public_detail: str = "") -> str:
    t = TRANSITIONS.get(action)
    if t is None:
        return action
    return str(t.label) % {"detail": public_detail or "-"} if "%(detail)s" in str(t.label) else str(t.label)


# --- Set-based transitions for the periodic sweep -------------------------------------------------------------
def _adapt_dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def record_bulk_events(
    *, action: str, marker_sql: str, marker_params: list, from_status_sql: str, now: datetime, timeline: bool = True
) -> None:
    """Write the timeline event and the audit row of every report matched by `marker_sql`, in two INSERT ... SELECT
    statements: a sweep that touches 100,000 rows must not make 200,000 round trips. `timeline=False` writes the
    audit row only (escalation changes no state; the staff pages show the current level)."""
    from django.contrib.contenttypes.models import ContentType

    t = TRANSITIONS[action]
    q = connection.ops.quote_name
    complaint_table = q(Complaint._meta.db_table)
    event_table = q(ComplaintEvent._meta.db_table)
    audit_table = q(AuditEvent._meta.db_table)
    ts = _adapt_dt(now)
    with connection.cursor() as cursor:
        if timeline:
            cursor.execute(
            f"INSERT INTO {event_table} (complaint_id, created_at, action, from_status, to_status, actor_id, "  # noqa: S608
            f"public_detail, body, is_public, visible_to_reporter) "
            f"SELECT id, %s, %s, {from_status_sql}, status, NULL, '', '', %s, %s FROM {complaint_table} "
            f"WHERE {marker_sql}",
            [ts, action, t.is_public, t.visible_to_reporter, *marker_params],
            )
        content_type_id = ContentType.objects.get_for_model(Complaint).pk
        json_empty = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
        cursor.execute(
            f"INSERT INTO {audit_table} (created_at, actor_id, actor_label, content_type_id, object_id, action, "  # noqa: S608
            f"from_state, to_state, note, data, ip_address, channel) "
            f"SELECT %s, NULL, '', %s, CAST(id AS VARCHAR(64)), %s, {from_status_sql}, status, '', {json_empty}, "
            f"NULL, 'sistem' FROM {complaint_table} WHERE {marker_sql}",
            [ts, content_type_id, f"aduan.{action}", "{}", *marker_params],
        )


def bulk_transition_check(action: str) -> Transition:
    t = TRANSITIONS[action]
    if SYSTEM not in t.actors:
        raise PermissionDenied(f"{action} is not a system transition")
    return t


def now() -> datetime:
    return timezone.now()
