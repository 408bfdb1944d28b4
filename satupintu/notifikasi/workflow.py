"""The outbox's own states as a table for the engine (`satupintu.core.workflow`): the one list of the moves an outbox
message may make, and the audit action each is recorded under ("outbox.<step>").

Two kinds of step, one table. The rare, single-row steps (a staff member's retry or cancel, a message failed for good
or cancelled because its address opted out, one in doubt, recovered, re-sent or settled by a delivery status) go
through `OUTBOX.apply()`: lock, check, save, audit record. The hot paths (claiming due messages, recording a send)
stay one conditional UPDATE each, exactly as fast as before, but take their sources and target from this table
through `bulk_check()`; so do the worker's lease-guarded steps, whose audit rows carry the attempt. Steps that
write no audit row today (claimed, sent, requeued after a temporary error) still write none.

Who may act: the system (workers, sweeps, webhooks; `by=None`) or staff. Which staff may see a message is the
selectors' and the admin's business (`selectors.outbox_get`), as before; the services do not check it again.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from satupintu.core.workflow import SYSTEM, Transition, Workflow, branch, step

from .models import OutboxMessage, OutboxStatus

STAFF = "staff"  # an administrator retrying or cancelling a message (access checked by the selector or the admin)

S = OutboxStatus

OUTBOX_TRANSITIONS = {
    # A worker takes a due message (one conditional UPDATE; with the lease token it owns the message).
    "claimed": step({S.QUEUED}, S.SENDING, {SYSTEM}, _("Diklaim pekerja")),
    # The provider accepted it. From SENT too: a delivery status may have marked it sent before the worker recorded.
    "sent": step({S.SENDING, S.SENT}, S.SENT, {SYSTEM}, S.SENT.label),
    # A temporary error: back in the queue after the backoff (no audit row).
    "requeued": step({S.SENDING}, S.QUEUED, {SYSTEM}, S.QUEUED.label),
    # The provider refused it for good, or the attempts ran out (audited "outbox.failed").
    "failed": step({S.SENDING}, S.FAILED, {SYSTEM}, S.FAILED.label),
    # Its address opted out after it was queued; checked just before sending ("outbox.cancelled").
    "cancelled": step({S.SENDING}, S.CANCELLED, {SYSTEM}, S.CANCELLED.label),
    # The call got no answer, or the worker died during it: the message may have gone out.
    "in_doubt": step({S.SENDING}, S.IN_DOUBT, {SYSTEM}, S.IN_DOUBT.label),
    # A dead worker's message that was never attempted: cannot be a duplicate, queued again at once.
    "recovered": step({S.SENDING}, S.QUEUED, {SYSTEM}, S.QUEUED.label),
    # No delivery status within the reconcile window: sent again under the same key (the one possible duplicate).
    "resend": step({S.IN_DOUBT}, S.QUEUED, {SYSTEM}, S.QUEUED.label),
    # The provider's delivery status settles it: it went out (sent/delivered/read), or it failed while in doubt.
    "reconciled": branch({
        S.QUEUED: {S.SENT}, S.SENDING: {S.SENT}, S.IN_DOUBT: {S.SENT, S.FAILED}, S.FAILED: {S.SENT},
    }, {SYSTEM}, _("Status dari penyedia")),
    # An administrator sends it again with a fresh set of attempts.
    "retry": step({S.SENDING, S.IN_DOUBT, S.FAILED}, S.QUEUED, {STAFF, SYSTEM}, _("Diantrekan ulang")),
    # An administrator stops it.
    "cancel": step({S.QUEUED, S.SENDING, S.IN_DOUBT, S.FAILED}, S.CANCELLED, {STAFF, SYSTEM}, S.CANCELLED.label),
}


def _actor_kinds(by, message) -> set[str]:
    return {SYSTEM} if by is None else {STAFF}


OUTBOX = Workflow(
    model=OutboxMessage,
    transitions=OUTBOX_TRANSITIONS,
    actor_kinds=_actor_kinds,
    audit_prefix="outbox",
)


def set_step(action: str) -> tuple[str, str]:
    """(source, target) of a single-source system step, for a conditional UPDATE (`status=source` -> `target`);
    the table says the move exists (bulk_check) or this fails at import."""
    t: Transition = OUTBOX.bulk_check(action)
    (source,) = t.sources
    return source, t.target
