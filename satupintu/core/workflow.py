"""The one workflow engine: an app declares its table of transitions, this module applies it.

A service declares, per model, one `Workflow`: the table (`Transition`: sources, target, actors, public label,
visibility, the notices it raises), the state field, how to write its timeline row, who the acting user is towards
an object (`actor_kinds`) and the audit prefix. `Workflow.apply()` is the only code that changes that state field;
it locks the row, checks state and actor, saves, writes the timeline row and the audit record, and queues the
declared notices in the outbox, all in the caller's transaction (one rollback undoes every part). Sweeps that move
100,000 rows use `bulk_check()` + their own set-based UPDATE + `bulk_record()` (two INSERT ... SELECT statements).

Why not a library: django-fsm-2 puts transitions on model methods with a permission callable and no log (django-fsm-log
adds a row per change through a signal, outside our timeline and audit, and one row at a time); viewflow's FSM adds
labels and admin views but neither actor kinds resolved per object, nor a public timeline, nor declared notices, nor
a set-based form for sweeps. Both would still need this module around them, so it stays ~300 lines of our own.

Notices are declared, not coded: `Notice(event, to=("reporter",), context=...)` names a registered message template
(notifikasi's registry), recipient resolvers of the workflow and the extra context. The engine hands them to the
outbox that `notifikasi` registers with `set_outbox()` in its AppConfig.ready() (core is below notifikasi and does
not import it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .models import AuditEvent

SYSTEM = "system"  # the actor kind of intake, sweeps and tasks (`by=None`)

Actor = Any  # a User, an app's stand-in for a link bearer (aduan's ReporterAccess), or None for the system
Resolver = Callable[[Any], list]  # object -> notifikasi Recipients
ContextBuilder = Callable[[Any, Any], dict]  # (object, timeline row or None) -> template context


class TransitionError(ValidationError):
    """The object is not in a state that allows this step."""


@dataclass(frozen=True)
class Notice:
    """Who hears of a transition and through which message: `event` is a template registered in notifikasi's registry,
    `to` names recipient resolvers of the workflow, `context` adds to (or overrides) the workflow's base context."""

    event: str
    to: tuple[str, ...]
    context: ContextBuilder | None = None


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]  # "" is the state of an object not yet saved (intake)
    target: str | None  # None: the state does not change (a message, a note, a disposition)
    actors: frozenset[str]
    label: Any  # public timeline label (lazy); may use %(detail)s
    is_public: bool = True  # shown on the public status page
    visible_to_reporter: bool = True
    notices: tuple[Notice, ...] = ()
    # A step whose target depends on where it starts or on the caller's choice (a letter sent back one step; a
    # resident marked moved or deceased): (source, allowed targets) pairs; then `target` is None, apply(to=) picks.
    moves: tuple[tuple[str, frozenset[str]], ...] = ()

    def target_from(self, source: str, to: str | None = None) -> str | None:
        """The state this step leads to from `source` (None: it changes no state). For a step with `moves`: `to`, if
        allowed from `source`, or the only target allowed there; else TransitionError."""
        if not self.moves:
            return self.target
        allowed = dict(self.moves).get(source, frozenset())
        if to is None and len(allowed) == 1:
            (to,) = allowed
        if to not in allowed:
            raise TransitionError(_("Perubahan status ini tidak diperbolehkan."))
        return to

    @property
    def is_system_only(self) -> bool:
        """Steps only the system takes (intake, sweeps) are never offered to people as actions."""
        return self.actors == frozenset({SYSTEM})


def step(
    sources: Iterable[str],
    target: str | None,
    actors: Iterable[str],
    label: Any,
    *,
    is_public: bool = True,
    visible_to_reporter: bool = True,
    notify: Iterable[Notice] = (),
) -> Transition:
    """A `Transition` from plain iterables: the tables read as one line per step."""
    return Transition(frozenset(sources), target, frozenset(actors), label, is_public, visible_to_reporter,
                      tuple(notify))


def branch(
    moves: Mapping[str, Iterable[str]],
    actors: Iterable[str],
    label: Any,
    *,
    is_public: bool = True,
    visible_to_reporter: bool = True,
    notify: Iterable[Notice] = (),
) -> Transition:
    """A step with several targets: `moves` maps each source to the targets allowed from it."""
    pairs = tuple((source, frozenset(targets)) for source, targets in moves.items())
    return Transition(frozenset(moves), None, frozenset(actors), label, is_public, visible_to_reporter,
                      tuple(notify), pairs)


@dataclass(frozen=True)
class Step:
    """What the timeline writer of a workflow receives for one applied transition."""

    obj: models.Model
    action: str
    transition: Transition
    from_state: str
    to_state: str
    actor: Any  # the authenticated user, or None
    by: Actor
    fields: Mapping[str, Any]  # `timeline=` of apply(): app-specific columns (body, public detail, ...)


# Placeholders for bulk_timeline columns: replaced by SQL over the swept rows.
OBJECT_ID = object()
NOW = object()
FROM_STATE = object()
TO_STATE = object()

_outbox: Callable[..., Any] | None = None


def set_outbox(deliver: Callable[..., Any]) -> None:
    """Register `deliver(*, event, recipients, context, key)` (notifikasi's notify) that turns notices into rows."""
    global _outbox
    _outbox = deliver


@dataclass
class Workflow:
    model: type[models.Model]
    transitions: Mapping[str, Transition]
    actor_kinds: Callable[[Actor, Any], set[str]]
    audit_prefix: str  # audit actions are "<prefix>.<action>" ("" : the bare action), notice keys "<prefix>:<pk>:..."
    state_field: str = "status"
    timeline: Callable[[Step], models.Model | None] | None = None  # writes the row of one step
    timeline_model: type[models.Model] | None = None  # bulk_record() inserts into it ...
    bulk_timeline: Callable[[str, Transition], dict[str, Any]] | None = None  # ... these columns (placeholders below)
    before_save: Callable[[Any], None] | None = None  # derived fields that follow the state
    audit_channel: Callable[[Actor], str | None] | None = None
    recipients: Mapping[str, Resolver] = field(default_factory=dict)
    base_context: ContextBuilder | None = None
    wrong_state_message: Any = _("Tindakan ini tidak dapat dilakukan pada status “%(status)s”.")
    forbidden_message: Any = _("Anda tidak berwenang melakukan tindakan ini.")
    unknown_message: Any = _("Tindakan tidak dikenal.")

    def __post_init__(self) -> None:
        for name, t in self.transitions.items():
            for notice in t.notices:
                unknown = [r for r in notice.to if r not in self.recipients]
                if unknown:
                    raise ImproperlyConfigured(f"{self.audit_prefix}.{name}: no recipient resolver {unknown}")

    # --- reading the table -----------------------------------------------------------------------------------
    def audit_action(self, action: str) -> str:
        return f"{self.audit_prefix}.{action}" if self.audit_prefix else action

    def state(self, obj) -> str:
        return "" if obj._state.adding else getattr(obj, self.state_field)

    def check(self, action: str, *, obj, by: Actor) -> Transition:
        """The transition, if `obj`'s state allows it and `by` may take it: TransitionError, else PermissionDenied."""
        try:
            t = self.transitions[action]
        except KeyError:
            raise TransitionError(self.unknown_message) from None
        if self.state(obj) not in t.sources:
            if callable(self.wrong_state_message):  # a message that names more than the state (e.g. a number)
                raise TransitionError(self.wrong_state_message(obj))
            display = getattr(obj, f"get_{self.state_field}_display")()
            raise TransitionError(self.wrong_state_message % {"status": display})
        if not (self.actor_kinds(by, obj) & t.actors):
            raise PermissionDenied(self.forbidden_message)
        return t

    def allowed_actions(self, by: Actor, obj) -> list[str]:
        """The steps `by` may take on `obj` now, in the table's order (system-only steps are never offered)."""
        kinds = self.actor_kinds(by, obj)
        current = self.state(obj)
        return [name for name, t in self.transitions.items()
                if current in t.sources and kinds & t.actors and not t.is_system_only]

    def label(self, action: str, detail: str = "") -> str:
        t = self.transitions.get(action)
        if t is None:
            return action
        text = str(t.label)
        return text % {"detail": detail or "-"} if "%(detail)s" in text else text

    # --- applying one step -----------------------------------------------------------------------------------
    def apply(
        self,
        obj,
        action: str,
        *,
        by: Actor,
        changes: Mapping[str, Any] | None = None,
        note: str = "",
        data: Mapping[str, Any] | None = None,
        timeline: Mapping[str, Any] | None = None,
        to: str | None = None,
        locked: bool = False,
    ) -> tuple[Any, models.Model | None]:
        """Lock -> check -> change -> timeline row -> audit record -> notices, inside the caller's transaction.

        No savepoint of its own: callers wrap it (with their other writes) in their atomic block, which rolls the
        whole step back on any error. Returns the object and its timeline row (None without a timeline). `to` picks
        the target of a step with several (`branch`). `locked=True`: the caller read `obj` itself with SELECT ... FOR
        UPDATE in this transaction, so it is not read again."""
        with transaction.atomic(savepoint=False):
            if not obj._state.adding and not locked:
                self._lock(obj)
            t = self.check(action, obj=obj, by=by)
            from_state = self.state(obj)
            target = t.target_from(from_state, to)
            for name, value in (changes or {}).items():
                setattr(obj, name, value)
            if target:
                setattr(obj, self.state_field, target)
            if self.before_save:
                self.before_save(obj)
            obj.save()
            to_state = getattr(obj, self.state_field)
            # akun.permissions.is_authenticated, written out: core is below akun and does not import it.
            actor = by if (by and by.is_authenticated and by.is_active) else None
            row = None
            if self.timeline:
                row = self.timeline(Step(obj, action, t, from_state, to_state, actor, by, dict(timeline or {})))
            audit = audit_record(
                obj=obj, action=self.audit_action(action), actor=actor, from_state=from_state,
                to_state=to_state, note=note,
                data={"event": row.pk, **(data or {})} if row is not None else dict(data or {}),
                channel=self.audit_channel(by) if self.audit_channel else None,
            )
            event_id = row.pk if row is not None else audit.pk
            self.announce(action, obj, row=row, key=f"{self.audit_prefix}:{obj.pk}:{event_id}")
        return obj, row

    def _lock(self, obj) -> None:
        """Re-read the row under SELECT ... FOR UPDATE into `obj`: the check sees what no one else can change now."""
        model = type(obj)
        locked = model.objects.select_for_update().get(pk=obj.pk)
        obj.__dict__.update({f.attname: getattr(locked, f.attname) for f in model._meta.concrete_fields})
        # Forget cached related objects that no longer match the locked row (e.g. another agency meanwhile).
        for f in model._meta.concrete_fields:
            if f.is_relation and f.is_cached(obj):
                cached = f.get_cached_value(obj)
                if cached is None or cached.pk != getattr(obj, f.attname):
                    f.delete_cached_value(obj)

    # --- notices ---------------------------------------------------------------------------------------------
    def announce(self, action: str, obj, *, row: models.Model | None = None, key: str) -> int:
        """Queue the notices `action` declares for `obj` (each under "<key>:<event>", so repeating creates nothing).
        Also used by tasks that announce a bulk step row by row after commit. Returns how many had recipients."""
        t = self.transitions[action]
        sent = 0
        for notice in t.notices:
            recipients = [r for name in notice.to for r in self.recipients[name](obj)]
            if not recipients:
                continue
            if _outbox is None:
                raise ImproperlyConfigured("No outbox registered: notifikasi's AppConfig.ready() calls set_outbox()")
            context = self.base_context(obj, row) if self.base_context else {}
            if notice.context:
                context = {**context, **notice.context(obj, row)}
            _outbox(event=notice.event, recipients=recipients, context=context, key=f"{key}:{notice.event}")
            sent += 1
        return sent

    def notice_events(self) -> set[str]:
        """Every message event the table declares (a test checks each has a registered template)."""
        return {n.event for t in self.transitions.values() for n in t.notices}

    # --- the set-based form, for sweeps ----------------------------------------------------------------------
    def bulk_check(self, action: str) -> Transition:
        t = self.transitions[action]
        if SYSTEM not in t.actors:
            raise PermissionDenied(f"{action} is not a system transition")
        return t

    def bulk_record(
        self,
        *,
        action: str,
        where_sql: str,
        params: list,
        from_state_sql: str,
        now: datetime,
        timeline: bool = True,
    ) -> None:
        """Timeline rows and audit records of every row of the model matched by `where_sql`, in two INSERT ... SELECT
        statements: a sweep that changed 100,000 rows must not make 200,000 round trips. Call it after the sweep's own
        UPDATE, in its transaction; `from_state_sql` is the former state (a literal, or `status` when unchanged).
        `timeline=False` writes the audit records only. Notices are the caller's (usually a task after commit)."""
        from django.contrib.contenttypes.models import ContentType

        t = self.bulk_check(action)
        q = connection.ops.quote_name
        table = q(self.model._meta.db_table)
        state = q(self.model._meta.get_field(self.state_field).column)
        ts = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            if timeline and self.bulk_timeline and self.timeline_model:
                columns, exprs, values = [], [], []
                for column, value in self.bulk_timeline(action, t).items():
                    columns.append(q(column))
                    if value is OBJECT_ID:
                        exprs.append("id")
                    elif value is FROM_STATE:
                        exprs.append(from_state_sql)
                    elif value is TO_STATE:
                        exprs.append(state)
                    elif value is None:
                        exprs.append("NULL")
                    else:
                        exprs.append("%s")
                        values.append(ts if value is NOW else value)
                timeline_table = q(self.timeline_model._meta.db_table)
                cursor.execute(
                    f"INSERT INTO {timeline_table} ({', '.join(columns)}) "  # noqa: S608 - names are ours
                    f"SELECT {', '.join(exprs)} FROM {table} WHERE {where_sql}",
                    [*values, *params],
                )
            content_type_id = ContentType.objects.get_for_model(self.model).pk
            json_empty = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
            cursor.execute(
                f"INSERT INTO {q(AuditEvent._meta.db_table)} (created_at, actor_id, actor_label, content_type_id, "  # noqa: S608
                f"object_id, action, from_state, to_state, note, data, ip_address, channel) "
                f"SELECT %s, NULL, '', %s, CAST(id AS VARCHAR(64)), %s, {from_state_sql}, {state}, '', {json_empty}, "
                f"NULL, 'sistem' FROM {table} WHERE {where_sql}",
                [ts, content_type_id, self.audit_action(action), "{}", *params],
            )

