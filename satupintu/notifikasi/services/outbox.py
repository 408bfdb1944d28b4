"""The outbox: writing notifications in the caller's transaction, and sending them reliably afterwards.

Delivery guarantee, stated honestly
-----------------------------------
* Nothing is lost: the row is committed with the change that caused it; a task sends it after commit (with the
  database task backend the task row is written in that same transaction: one commit, never one without the
  other; any other backend gets the task after commit), and a periodic job (`outbox_maintenance`) re-enqueues anything due, so a lost task, a dead worker or a provider outage
  only delays a message.
* Never two workers at once: a worker *claims* a message with one conditional UPDATE
  (`status=queued AND next_attempt_at<=now` -> `sending`, a fresh lease token, a lease expiry). The database
  serialises the UPDATE, so exactly one claimant wins on SQLite and PostgreSQL alike. Results are recorded only
  `WHERE lease_token=<mine>`, so a worker that lost its lease can never overwrite a newer claim. The lease
  (OUTBOX_LEASE_SECONDS, 5 min) is far longer than the provider timeout (15 s), so a live worker is not overtaken.
* At-least-once, and why not more: neither the WhatsApp Cloud API nor SMTP takes an idempotency key, so between
  the provider accepting a message and our commit of "sent" there is a window in which a dead worker leaves us not
  knowing whether it went out. That window is made visible instead of guessed at:
    - The attempt is recorded and committed BEFORE the provider call (`outbox_send_claimed`): attempt number
      (`attempts`), `attempt_started_at`, and a lease counted from that moment, under the worker's lease token.
    - A dead worker's message (lease expired while SENDING) is recovered by `outbox_recover_abandoned`: never
      attempted (claimed in a batch, died before the call) -> QUEUED at once, it cannot be a duplicate; attempted ->
      IN_DOUBT ("belum pasti terkirim"), audited `outbox.in_doubt`. A call that got no answer (read timeout,
      dropped connection: UncertainDeliveryError) is IN_DOUBT too.
    - WhatsApp: every send carries our idempotency key as `biz_opaque_callback_data`; Meta echoes it in the
      delivery-status webhook, which settles an in-doubt message (`outbox_reconcile_status`, audited
      `outbox.reconciled`): sent/delivered/read -> SENT without a second send; failed -> FAILED (an administrator
      may retry). Only when no status arrives within OUTBOX_RECONCILE_SECONDS (120 s) does
      `outbox_resolve_in_doubt` queue it again (audited `outbox.resend`) — the one case that can deliver twice.
    - Email has no status webhook: an in-doubt email is sent again as soon as its lease has run out
      (OUTBOX_LEASE_SECONDS), with the same Message-ID (derived from the idempotency key), so mail stores that
      de-duplicate by Message-ID (Gmail, most IMAP clients) show it once; others may show it twice.
  Everything outside that window (killed before the call, while waiting for a claim, after the commit) is
  exactly-once. `tests/test_worker_kill.py` kills real workers inside the call and shows each case.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from satupintu.core.phones import normalize_phone
from satupintu.core.workflow import TransitionError

from .. import conf
from ..models import (
    Channel,
    ChannelOptOut,
    ChannelPreference,
    OutboxMessage,
    OutboxStatus,
)
from ..registry import TemplateContextError, UnknownEvent, get_template
from ..workflow import OUTBOX, set_step
from .preferences import OPT_OUT_NOTE, is_opted_out

logger = logging.getLogger(__name__)


class OutboxTransitionError(ValueError):
    pass


# The hot, set-based moves: one conditional UPDATE each, whose sources and target come from the outbox's table
# (notifikasi/workflow.py), checked once at import. They write no audit row (they never did).
_CLAIM_FROM, _CLAIM_TO = set_step("claimed")
_REQUEUE_FROM, _REQUEUE_TO = set_step("requeued")
_SENT = OUTBOX.bulk_check("sent")
_SENT_FROM, _SENT_TO = sorted(_SENT.sources), _SENT.target


@dataclass(frozen=True)
class Recipient:
    """Who to tell. With a user, missing phone/email/name are taken from the account, and the user's channel
    preferences and language apply. Without one (an anonymous WhatsApp reporter) only the address is used."""

    user: Any = None
    name: str = ""
    phone: str = ""
    email: str = ""

    def resolved(self) -> tuple[str, str, str, str]:
        """(name, phone, email, language) with the account's values filling the gaps, normalised."""
        user = self.user
        name = self.name or (user.get_full_name() or user.get_username() if user is not None else "")
        phone = normalize_phone(self.phone or (getattr(user, "phone", "") if user is not None else ""))
        email = (self.email or (getattr(user, "email", "") if user is not None else "")).strip().lower()
        language = (getattr(user, "language", "") if user is not None else "") or "id"
        return name, phone, email, language


def idempotency_key_for(*, key: str, channel: str, address: str) -> str:
    return hashlib.sha256(f"{key}\x1f{channel}\x1f{address}".encode()).hexdigest()


def _json_context(context: dict) -> dict:
    """The context as it will be stored: plain JSON. Dates, Decimals, UUIDs and lazy strings become strings."""
    if not isinstance(context, dict):
        raise TypeError("notify(context=...) must be a dict")
    try:
        return json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    except TypeError as exc:
        raise TypeError(f"notify(context=...) must be JSON-serialisable (store ids, not objects): {exc}") from exc


def notify(*, event: str, recipients: list[Recipient], context: dict, key: str) -> list[OutboxMessage]:
    """Queue `event` for every recipient on every channel they can be reached on. Call it inside the transaction
    of the change it reports: the rows commit or roll back with it, and sending starts only after commit.

    One row per recipient x channel: WhatsApp when a phone is known, email when an address is known, minus the
    channels the user switched off. Whether the address opted out (ChannelOptOut) is checked when the message is
    sent, not here: that is the moment that counts (an opt-out that arrives while a message waits, or while the
    transaction that writes it is still open, stops it too), and intake is spared a query. `key` names the change (e.g.
    "aduan:42:verified"); each row's idempotency key is derived from it, the channel and the address, so calling
    again with the same key creates nothing new. Returns the rows for this key (new and earlier ones).

    Raises UnknownEvent for an unregistered event and TemplateContextError if `context` lacks a placeholder, so a
    programming error fails in the caller's test rather than at 3 a.m. in a worker."""
    return _notify(event=event, recipients=recipients, context=context, key=key)


def _notify(
    *, event: str, recipients: list[Recipient], context: dict, key: str, respect_opt_out: bool = True
) -> list[OutboxMessage]:
    """notify() itself; `respect_opt_out=False` only for the one message confirming an opt-out (the row is marked
    so the sender lets it through)."""
    if not key:
        raise ValueError("notify(key=...) is required: it makes the notification idempotent")
    template = get_template(event)
    stored_context = _json_context(context)

    wanted: list[dict] = []
    for recipient in recipients:
        name, phone, email, language = recipient.resolved()
        template.render(context=stored_context, language=language)  # fail early on a missing placeholder
        for channel, address in ((Channel.WHATSAPP, phone), (Channel.EMAIL, email)):
            if address:
                wanted.append(
                    {"channel": channel, "address": address, "name": name, "user": recipient.user, "language": language}
                )
    if not wanted:
        return []

    user_ids = {w["user"].pk for w in wanted if w["user"] is not None}
    preferences = {p.user_id: p for p in ChannelPreference.objects.filter(user_id__in=user_ids)} if user_ids else {}
    rows: dict[str, OutboxMessage] = {}
    for w in wanted:
        pref = preferences.get(w["user"].pk) if w["user"] is not None else None
        if pref is not None and not pref.allows(w["channel"]):
            continue
        ikey = idempotency_key_for(key=key, channel=w["channel"], address=w["address"])
        rows.setdefault(
            ikey,
            OutboxMessage(
                event=event,
                channel=w["channel"],
                address=w["address"],
                recipient_name=w["name"][:200],
                user=w["user"],
                language=w["language"],
                context=stored_context,
                idempotency_key=ikey,
                source_key=key[:200],
                ignore_opt_out=not respect_opt_out,
            ),
        )
    if not rows:
        return []
    messages = _insert_new(list(rows.values()))
    new_ids = [m.pk for m in messages]
    if len(messages) < len(rows):  # some keys were queued before (a repeated call): hand back those rows too
        messages += OutboxMessage.objects.filter(idempotency_key__in=rows).exclude(pk__in=new_ids)
        messages.sort(key=lambda m: m.pk)
    if new_ids:
        _enqueue_with_transaction(new_ids)
    return messages


def _insert_new(rows: list[OutboxMessage]) -> list[OutboxMessage]:
    """Insert the rows whose idempotency key is new, in one statement, and return exactly those (with their ids).

    ``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` (PostgreSQL; ``INSERT OR IGNORE ... RETURNING`` on SQLite >=
    3.35) returns only the rows it inserted, and a concurrent notify() with the same key loses quietly instead of
    aborting the caller's transaction. Django's bulk_create(ignore_conflicts=True) runs that statement but drops the
    RETURNING, so it is issued here through the same insert machinery bulk_create uses (QuerySet._insert: private
    API, covered by tests of the new-key and repeated-key cases on both databases). One statement where a read before
    and a read after took three: intake, the busiest writer, does this on every report. (SQLite >= 3.35 is needed
    anyway: the sweep's UPDATE ... RETURNING.)"""
    from django.db.models.constants import OnConflict

    db = OutboxMessage.objects.db
    opts = OutboxMessage._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]  # the insert compiler applies pre_save()
    returned = OutboxMessage.objects._insert(
        rows, fields=fields, returning_fields=[opts.pk, opts.get_field("idempotency_key")],
        on_conflict=OnConflict.IGNORE, using=db,
    )
    by_key = {row.idempotency_key: row for row in rows}
    inserted = []
    for returned_row in returned:
        if returned_row is None:  # one row that conflicted: Django fetches one RETURNING row and finds none
            continue
        pk, ikey = returned_row
        row = by_key[ikey]
        row.pk = pk
        row._state.adding, row._state.db = False, db
        inserted.append(row)
    return inserted


def _tasks_in_database() -> bool:
    from django_tasks_db import DatabaseBackend

    from ..tasks import send_outbox_message

    return isinstance(send_outbox_message.get_backend(), DatabaseBackend)


def _enqueue_with_transaction(message_ids: list[int]) -> None:
    """Hand the messages to the task queue as part of the caller's transaction.

    The database backend stores a task as a row: written here, it commits or rolls back with the outbox rows, costs
    no commit of its own, and a worker sees it only once both are committed. Any other backend (one that runs the
    task at once, or a broker outside the database) must not see a message before it exists: after commit.

    No savepoint around the enqueue (intake pays for every statement): an error raised before the task row is written
    (validation, a signal receiver) is logged and the periodic job queues the message later; a database error means
    the caller's transaction cannot commit anyway, so it is raised and the caller's atomic block rolls back.

    With OUTBOX_DELIVERY="senders" nothing is enqueued: the outbox_worker processes find the committed rows."""
    if conf.outbox_delivery() == "senders":
        return
    if _tasks_in_database() and transaction.get_connection().in_atomic_block:
        _enqueue(message_ids, raise_database_errors=True)
    else:
        transaction.on_commit(lambda: _enqueue(message_ids))


def _enqueue(message_ids: list[int], *, run_after: datetime | None = None, raise_database_errors: bool = False) -> None:
    from ..tasks import send_outbox_message

    if conf.outbox_delivery() == "senders":  # the outbox_worker processes claim due rows themselves
        return
    task = send_outbox_message
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the periodic job picks it up when due
        task = task.using(run_after=run_after)
    for message_id in message_ids:
        try:
            task.enqueue(message_id)
        except DatabaseError:
            if raise_database_errors:
                raise
            logger.exception("Could not enqueue outbox message %s; the periodic job will retry", message_id)
        except Exception:  # noqa: BLE001 - a broken queue must not break the request; the periodic job re-enqueues
            logger.exception("Could not enqueue outbox message %s; the periodic job will retry", message_id)


# --- calls to other systems ----------------------------------------------------------------------------------

_system_deliveries: dict[str, Any] = {}


def delivery_register(*, event: str, deliver) -> None:
    """Called from an AppConfig.ready() of an app above: `deliver(message) -> DeliveryResult` makes the call that an
    outbox row of channel "system" and this event stands for (raising Temporary/Uncertain/PermanentDeliveryError).
    The row's idempotency key should travel with the call (a header the other side de-duplicates on): a message in
    doubt is sent again under the same key, so an idempotent receiver sees it once."""
    _system_deliveries[event] = deliver


def outbox_call(*, event: str, address: str, context: dict, key: str, name: str = "") -> OutboxMessage | None:
    """Queue one call to another system (channel "system"), in the caller's transaction: `address` names the
    receiver (a URL, "lapor"), `context` the ids the delivery needs, `key` the change (the same key again creates
    nothing new). Returns the new row, or None if the key was queued before."""
    if not key:
        raise ValueError("outbox_call(key=...) is required: it makes the call idempotent")
    if event not in _system_deliveries:
        raise UnknownEvent(f"No delivery registered for event {event!r}: call delivery_register() in AppConfig.ready()")
    ikey = idempotency_key_for(key=key, channel=Channel.SYSTEM, address=address)
    row = OutboxMessage(
        event=event, channel=Channel.SYSTEM, address=address[:254], recipient_name=name[:200],
        context=_json_context(context), idempotency_key=ikey, source_key=key[:200],
    )
    inserted = _insert_new([row])
    if inserted:
        _enqueue_with_transaction([inserted[0].pk])
        return inserted[0]
    return None


# --- sending ------------------------------------------------------------------------------------------------


class TemporaryDeliveryError(Exception):
    """The provider could not take the message now (network, 5xx, 429): try again later."""


class UncertainDeliveryError(TemporaryDeliveryError):
    """The request went out but no answer came back (read timeout, dropped connection): the provider may have
    accepted it. Retried only after the reconcile grace period, when a delivery status may have settled it."""


class PermanentDeliveryError(Exception):
    """The provider refused the message for good (invalid number, bad template, outside the 24-hour window with
    no template): retrying cannot help."""


@dataclass(frozen=True)
class DeliveryResult:
    provider_message_id: str
    subject: str = ""
    body: str = ""


def backoff_delay(attempts: int) -> timedelta:
    """Exponential backoff with "equal jitter": half the exponential delay fixed, half random, so retries after an
    outage do not all hit the provider in the same second."""
    delay = min(conf.outbox_backoff_max(), conf.outbox_backoff_base() * (2 ** max(attempts - 1, 0)))
    return timedelta(seconds=delay / 2 + random.uniform(0, delay / 2))


def outbox_claim(*, message_id: int, now: datetime | None = None) -> str | None:
    """Take a due queued message for this worker. Returns the lease token, or None if it is not ours to send (sent
    already, claimed by another worker, not yet due). One conditional UPDATE: atomic on every database."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=_CLAIM_FROM, next_attempt_at__lte=now
    ).update(
        status=_CLAIM_TO,
        lease_token=token,
        lease_expires_at=now + timedelta(seconds=conf.outbox_lease_seconds()),
        attempt_started_at=None,  # claimed, not yet attempted: see outbox_send_claimed
        updated_at=now,
    )
    return token if claimed else None


def _due_ids_locked(*, limit: int, now: datetime) -> list[int]:
    """Ids of up to `limit` due queued messages; call inside a transaction. On PostgreSQL they are locked with
    SKIP LOCKED so parallel senders take different rows instead of queueing behind each other; on SQLite (one
    writer at a time) the caller's conditional UPDATE alone decides."""
    due = OutboxMessage.objects.filter(status=_CLAIM_FROM, next_attempt_at__lte=now).order_by("next_attempt_at", "id")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    return list(due.values_list("pk", flat=True)[:limit])


def outbox_claim_batch(*, limit: int = 50, now: datetime | None = None) -> list[tuple[int, str]]:
    """Claim up to `limit` due messages for a worker loop. On PostgreSQL the candidates are locked with
    SKIP LOCKED so parallel loops take different rows instead of queueing behind each other; on SQLite (one writer
    at a time) the conditional UPDATE of outbox_claim alone decides."""
    now = now or timezone.now()
    claimed: list[tuple[int, str]] = []
    with transaction.atomic():
        for message_id in _due_ids_locked(limit=limit, now=now):
            token = outbox_claim(message_id=message_id, now=now)
            if token:
                claimed.append((message_id, token))
    return claimed


def _deliver(message: OutboxMessage) -> DeliveryResult:
    from ..providers import email as email_provider
    from ..providers import whatsapp as whatsapp_provider

    if message.channel == Channel.WHATSAPP:
        return whatsapp_provider.deliver(message)
    if message.channel == Channel.EMAIL:
        return email_provider.deliver(message)
    if message.channel == Channel.SYSTEM:
        deliver = _system_deliveries.get(message.event)
        if deliver is None:
            raise PermanentDeliveryError(f"No delivery registered for event {message.event!r}")
        return deliver(message)
    raise PermanentDeliveryError(f"Unknown channel {message.channel!r}")


def outbox_send(*, message_id: int, now: datetime | None = None) -> str:
    """Claim, send and record one message. Returns what happened: "sent", "retry", "failed" or "skipped"."""
    token = outbox_claim(message_id=message_id, now=now)
    if token is None:
        return "skipped"
    return outbox_send_claimed(message_id=message_id, token=token)


def outbox_send_claimed(*, message_id: int, token: str) -> str:
    """Send a message this worker claimed. Runs outside any transaction (a task, the worker loop), so the attempt
    record below is committed before the provider is called."""
    message = (
        OutboxMessage.objects.select_related("user")
        .filter(pk=message_id, lease_token=token, status=OutboxStatus.SENDING)
        .first()
    )
    if message is None:  # recovered (or settled) meanwhile: no longer ours
        return "skipped"
    if message.provider_message_id:
        # A delivery status arrived for a message we had lost track of (see module docstring): it went out.
        _record_sent(message, token, DeliveryResult(provider_message_id=message.provider_message_id))
        return "sent"
    if not message.ignore_opt_out and is_opted_out(channel=message.channel, address=message.address):
        _record_final(message, token, OutboxStatus.CANCELLED, OPT_OUT_NOTE)
        return "cancelled"
    # Record the attempt before the call: its number, when it started and a lease counted from now (a message
    # claimed in a batch earlier is still ours only if nobody recovered it meanwhile). If this process dies during
    # the call, this committed row is what tells the recovery that the message is in doubt rather than unsent.
    started = timezone.now()
    if not OutboxMessage.objects.filter(pk=message_id, lease_token=token, status=OutboxStatus.SENDING).update(
        attempts=F("attempts") + 1,
        attempt_started_at=started,
        lease_expires_at=started + timedelta(seconds=conf.outbox_lease_seconds()),
        updated_at=started,
    ):
        return "skipped"
    message.attempts += 1
    message.attempt_started_at = started
    outcome, result = _deliver_outcome(message)
    if outcome != "sent":
        return _record_unsent(message, token, outcome, result)
    if not _record_sent(message, token, result):
        logger.warning("Outbox message %s was sent but its lease had been taken over", message.pk)
    return "sent"


# --- the batched sender: many processes, each claiming and recording a batch at a time ---------------------------

_pools: dict[int, ThreadPoolExecutor] = {}


def _pool(size: int) -> ThreadPoolExecutor:
    pool = _pools.get(size)
    if pool is None:
        pool = _pools[size] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="outbox-send")
    return pool


def _deliver_outcome(message: OutboxMessage) -> tuple[str, Any]:
    """Call the provider for one message: ("sent", result) or (kind, error text), kind "in_doubt", "retry" or
    "failed". Never raises, so the batched sender can run it in a pool thread."""
    try:
        return "sent", _deliver(message)
    except UncertainDeliveryError as exc:
        return "in_doubt", str(exc)
    except TemporaryDeliveryError as exc:
        return "retry", str(exc)
    except (PermanentDeliveryError, TemplateContextError, UnknownEvent) as exc:
        return "failed", str(exc)
    except Exception as exc:  # noqa: BLE001 - unexpected errors are temporary, and logged
        logger.exception("Unexpected error sending outbox message %s", message.pk)
        return "retry", f"{type(exc).__name__}: {exc}"


def _record_unsent(message: OutboxMessage, token: str, outcome: str, error: str) -> str:
    """Record a call that did not deliver (an outcome of `_deliver_outcome` other than "sent"); returns what
    happened: "in_doubt", "retry" or "failed" (a message out of attempts fails)."""
    if outcome == "in_doubt":
        return _record_in_doubt(message, token, error)
    if outcome == "retry":
        return _record_temporary_failure(message, token, error)
    _record_final(message, token, OutboxStatus.FAILED, error)
    return "failed"


def outbox_send_batch(*, limit: int = 200, concurrency: int = 16, now: datetime | None = None) -> dict[str, int]:
    """Claim up to `limit` due messages, send them `concurrency` at a time, record them; returns outcome -> count.

    The per-message path (claim, record the attempt, call, record the result: about six statements a message) is
    what a task runs. A sender process under load does the same work in batches: one UPDATE claims the batch *and*
    records its attempt (token, attempt number, start time, lease), one SELECT loads it, one query finds the opted-out
    addresses, the calls go out over a pool of threads sharing the provider's keep-alive HTTP client, and one UPDATE
    records every sent message (guarded by the batch's lease token, like `_record_sent`). The rare outcomes (retry,
    in doubt, failed, cancelled) take the audited per-message steps. Since the attempt is recorded before any call,
    a sender killed mid-batch leaves its messages "in doubt" for the recovery, never lost and never sent twice
    without the provider's idempotency key."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        ids = _due_ids_locked(limit=limit, now=now)
        if not ids:
            return {}
        OutboxMessage.objects.filter(pk__in=ids, status=_CLAIM_FROM, next_attempt_at__lte=now).update(
            status=_CLAIM_TO, lease_token=token, attempts=F("attempts") + 1, attempt_started_at=now,
            lease_expires_at=now + timedelta(seconds=conf.outbox_lease_seconds()), updated_at=now,
        )
    messages = list(OutboxMessage.objects.select_related("user").filter(lease_token=token, status=OutboxStatus.SENDING))
    totals: dict[str, int] = {}

    def count(outcome: str) -> None:
        totals[outcome] = totals.get(outcome, 0) + 1

    opted_out: set[tuple[str, str]] = set()
    for channel in {m.channel for m in messages if not m.ignore_opt_out}:
        addresses = {m.address for m in messages if m.channel == channel and not m.ignore_opt_out}
        opted_out |= {(channel, a) for a in ChannelOptOut.objects.filter(
            channel=channel, address__in=addresses).values_list("address", flat=True)}
    whatsapp = [m.address for m in messages if m.channel == Channel.WHATSAPP]
    if whatsapp:
        from ..providers.whatsapp import windows_open

        open_windows = windows_open(whatsapp)
        for message in messages:
            if message.channel == Channel.WHATSAPP:
                message.in_whatsapp_window = message.address in open_windows
    to_send = []
    for message in messages:
        if message.provider_message_id:  # a delivery status came for it already: it went out
            _record_sent(message, token, DeliveryResult(provider_message_id=message.provider_message_id))
            count("sent")
        elif not message.ignore_opt_out and (message.channel, message.address) in opted_out:
            _record_final(message, token, OutboxStatus.CANCELLED, OPT_OUT_NOTE)
            count("cancelled")
        else:
            to_send.append(message)
    outcomes = list(_pool(max(1, concurrency)).map(_deliver_outcome, to_send)) if concurrency > 1 else [
        _deliver_outcome(m) for m in to_send]
    sent_at = timezone.now()
    sent = []
    for message, (outcome, detail) in zip(to_send, outcomes, strict=True):
        if outcome == "sent":
            message.status, message.provider_message_id = _SENT_TO, detail.provider_message_id[:200]
            message.rendered_subject, message.rendered_body = detail.subject[:300], detail.body
            message.sent_at = message.updated_at = sent_at
            message.lease_expires_at, message.last_error = None, ""
            sent.append(message)
        else:
            count(_record_unsent(message, token, outcome, detail))
    if sent:
        _record_sent_batch(sent, token, sent_at)
        totals["sent"] = totals.get("sent", 0) + len(sent)
    return totals


def _record_sent_batch(sent: list[OutboxMessage], token: str, now: datetime) -> None:
    """`_record_sent` for a batch: one parameterised UPDATE run for every row in one round trip (psycopg pipelines
    executemany; SQLite runs it in-process), guarded like the single one by our lease token and the allowed states.
    (QuerySet.bulk_update built a CASE per field and row: two thirds of a sender's time went into compiling it.)"""
    table = OutboxMessage._meta.db_table
    sources = ", ".join(["%s"] * len(_SENT_FROM))
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = (f"UPDATE {table} SET status = %s, provider_message_id = %s, rendered_subject = %s, rendered_body = %s, "  # noqa: S608 - our own table; values are parameters
           f"sent_at = %s, lease_expires_at = NULL, last_error = '', updated_at = %s "
           f"WHERE id = %s AND lease_token = %s AND status IN ({sources})")
    rows = [(_SENT_TO, m.provider_message_id, m.rendered_subject, m.rendered_body, stamp, stamp, m.pk, token,
             *_SENT_FROM) for m in sent]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _record_sent(message: OutboxMessage, token: str, result: DeliveryResult) -> bool:
    now = timezone.now()
    return bool(
        # SENT too: a delivery status may have arrived (and marked it sent) before we got here.
        OutboxMessage.objects.filter(pk=message.pk, lease_token=token, status__in=_SENT_FROM).update(
            status=_SENT_TO,
            provider_message_id=result.provider_message_id[:200],
            rendered_subject=result.subject[:300],
            rendered_body=result.body,
            sent_at=now,
            lease_expires_at=None,
            last_error="",
            updated_at=now,
        )
    )


def _record_temporary_failure(
    message: OutboxMessage, token: str, error: str, *, delay: timedelta | None = None
) -> str:
    attempts = OutboxMessage.objects.filter(pk=message.pk).values_list("attempts", flat=True).get()
    if attempts >= conf.outbox_max_attempts():
        _record_final(message, token, OutboxStatus.FAILED, error)
        return "failed"
    now = timezone.now()
    next_at = now + max(delay or timedelta(0), backoff_delay(attempts))
    updated = OutboxMessage.objects.filter(pk=message.pk, lease_token=token, status=_REQUEUE_FROM).update(
        status=_REQUEUE_TO, next_attempt_at=next_at, last_error=error[:4000], lease_expires_at=None, updated_at=now
    )
    if updated:
        _enqueue([message.pk], run_after=next_at)
    return "retry"


def _record_in_doubt(message: OutboxMessage, token: str, error: str) -> str:
    """The call went out but no answer came back (read timeout, dropped connection): the provider may have the
    message. It waits for a delivery status instead of being sent again; see outbox_resolve_in_doubt."""
    if message.attempts >= conf.outbox_max_attempts():
        _record_final(message, token, OutboxStatus.FAILED, error)
        return "failed"
    _apply_leased(
        message.pk, "in_doubt", lease_token=token, note=error[:1000],
        changes={"next_attempt_at": timezone.now() + _reconcile_window(message.channel), "last_error": error[:4000],
                 "lease_expires_at": None},
        data=_in_doubt_data(attempt=message.attempts, started_at=message.attempt_started_at),
    )
    return "in_doubt"


def _reconcile_window(channel: str) -> timedelta:
    """How long an in-doubt message waits for a delivery status before it is sent again. Only WhatsApp sends
    statuses (echoing our key as biz_opaque_callback_data); e-mail has none, so waiting would only delay the
    re-send, which carries the same Message-ID."""
    if channel == Channel.WHATSAPP:
        return timedelta(seconds=conf.outbox_reconcile_seconds())
    return timedelta(0)


def _in_doubt_data(*, attempt: int, started_at: datetime | None) -> dict:
    return {"attempt": attempt, "started_at": started_at.isoformat() if started_at else None}


def _apply_leased(message_id: int, action: str, *, changes: dict, note: str = "", data: dict | None = None,
                  **held) -> bool:
    """One rare step of the table (`OUTBOX.apply`: lock, check, save, audit "outbox.<action>") on a message that
    is still as the caller saw it: in a source state of the step and matching `held` (the worker's lease token, an
    expired lease, a passed reconcile window). False when it no longer is (another worker, the recovery or a
    delivery status got there first): then nothing is written, as with the conditional UPDATE this replaces."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, status__in=OUTBOX.transitions[action].sources, **held)
            .first()
        )
        if message is None:
            return False
        OUTBOX.apply(message, action, by=None, changes=changes, note=note, data=data, locked=True)
    return True


def _record_final(message: OutboxMessage, token: str, status: str, error: str) -> None:
    """End a message we hold the lease of: FAILED (the provider refused it for good) or CANCELLED (its address opted
    out), audited as outbox.failed / outbox.cancelled."""
    action = {OutboxStatus.FAILED: "failed", OutboxStatus.CANCELLED: "cancelled"}[status]
    _apply_leased(message.pk, action, lease_token=token, note=error[:1000],
                  changes={"last_error": error[:4000], "lease_expires_at": None})


# --- maintenance, reconciliation, administration -------------------------------------------------------------


NOTE_NOT_STARTED = "Pekerja berhenti sebelum memanggil penyedia; pesan dikembalikan ke antrean."
NOTE_IN_DOUBT = "Pekerja berhenti saat mengirim; menunggu status dari penyedia sebelum mengirim ulang."
NOTE_RESEND = "Tidak ada status dari penyedia dalam jangka rekonsiliasi; dikirim ulang (kunci yang sama)."


def outbox_recover_abandoned(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Messages whose worker died: lease expired while "sending". Which of them may have gone out is known from the
    attempt record written before the provider call (attempt_started_at):

    * never attempted (claimed in a batch, the worker died first) -> QUEUED, due now: it cannot be a duplicate;
    * attempted -> IN_DOUBT for the reconcile window (WhatsApp; none for e-mail), during which the provider's
      delivery status carrying our key settles it without a second send (outbox_reconcile_status); after it,
      outbox_resolve_in_doubt sends it again.

    Each change is audited. Rare (a dead worker), so one small transaction per message is fine."""
    now = now or timezone.now()
    expired = list(
        OutboxMessage.objects.filter(status=OutboxStatus.SENDING, lease_expires_at__lt=now)
        .order_by("lease_expires_at", "id")
        .values_list("pk", "lease_token", "channel", "attempts", "attempt_started_at")[:limit]
    )
    recovered = 0
    for pk, token, channel, attempts, started_at in expired:
        in_doubt = started_at is not None
        note = NOTE_IN_DOUBT if in_doubt else NOTE_NOT_STARTED
        if not _apply_leased(
            pk, "in_doubt" if in_doubt else "recovered", lease_token=token, lease_expires_at__lt=now, note=note,
            changes={"next_attempt_at": now + _reconcile_window(channel) if in_doubt else now, "last_error": note,
                     "lease_token": "", "lease_expires_at": None},
            data=_in_doubt_data(attempt=attempts, started_at=started_at) if in_doubt else None,
        ):
            continue  # the worker was alive after all and recorded its result
        recovered += 1
    return recovered


def outbox_resolve_in_doubt(*, now: datetime | None = None, limit: int = 1000) -> list[int]:
    """In-doubt messages whose reconcile window passed without a delivery status: queued to be sent again, with the
    same idempotency key (WhatsApp's biz_opaque_callback_data, e-mail's Message-ID). This is where at-least-once
    can deliver twice: the provider had the message but its status did not reach us in time. Audited
    (outbox.resend). Returns the ids queued."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=OutboxStatus.IN_DOUBT, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    queued = []
    for pk in due:
        if _apply_leased(pk, "resend", next_attempt_at__lte=now, note=NOTE_RESEND, changes={"last_error": NOTE_RESEND}):
            queued.append(pk)
    return queued


def outbox_due_ids(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_maintenance(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic job: recover abandoned messages and enqueue everything due (retries whose task was lost,
    messages queued while the task queue was down). With OUTBOX_DELIVERY="senders" the senders take due rows
    themselves: only the recovery runs."""
    recovered = outbox_recover_abandoned(now=now)
    resent = outbox_resolve_in_doubt(now=now)
    due = outbox_due_ids(now=now) if conf.outbox_delivery() == "tasks" else []
    _enqueue(due)
    return {"recovered": recovered, "resent": len(resent), "enqueued": len(due)}


def outbox_reconcile_status(*, idempotency_key: str = "", provider_message_id: str = "", status: str, error: str = "") -> bool:
    """Apply a provider delivery status. Matched by our idempotency key (echoed by the provider) or its message id.
    A "sent"/"delivered"/"read" status for a message we did not record as sent proves it left: it is marked sent
    and will not be sent again."""
    if not (idempotency_key or provider_message_id):
        return False
    condition = Q(idempotency_key=idempotency_key) if idempotency_key else Q(provider_message_id=provider_message_id)
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(condition).first()
        if message is None:
            return False
        changes: dict[str, Any] = {"delivery_status": status[:32]}
        if provider_message_id and not message.provider_message_id:
            changes["provider_message_id"] = provider_message_id[:200]
        # The table's "reconciled" step says which states a status settles and to what. From SENDING too: the worker
        # that holds it may be dead (killed after the provider accepted it); if it is alive, its own record of the
        # result still succeeds (see _record_sent).
        moves = dict(OUTBOX.transitions["reconciled"].moves).get(message.status, frozenset())
        if status in {"sent", "delivered", "read"} and OutboxStatus.SENT in moves:
            changes.update(sent_at=message.sent_at or timezone.now(), lease_expires_at=None)
            OUTBOX.apply(message, "reconciled", by=None, to=OutboxStatus.SENT, changes=changes,
                         note=f"Status penyedia: {status}")
        elif status == "failed" and OutboxStatus.FAILED in moves:
            # The provider had it (it was in doubt) and could not deliver it: no longer in doubt, and sending it again
            # unasked could fail the same way. An administrator may retry it (outbox_retry).
            last_error = (error or "Status penyedia: failed")[:4000]
            changes["last_error"] = last_error
            OUTBOX.apply(message, "reconciled", by=None, to=OutboxStatus.FAILED, changes=changes, note=last_error[:1000])
        else:
            if status == "failed" and error:
                changes["last_error"] = error[:4000]
            for name, value in changes.items():
                setattr(message, name, value)
            message.save(update_fields=[*changes, "updated_at"])
        return True


def _apply_by_staff(message: OutboxMessage, action: str, *, by, changes: dict | None = None,
                    note: str = "") -> OutboxMessage:
    """A step an administrator takes (retry, cancel) through `OUTBOX.apply`; a state the table does not allow it
    from raises OutboxTransitionError with the message the admin and the outbox page show."""
    try:
        OUTBOX.apply(message, action, by=by, changes=changes, note=note)
    except TransitionError:
        target = OUTBOX.transitions[action].target
        raise OutboxTransitionError(
            f"Pesan berstatus {message.get_status_display()} tidak dapat diubah menjadi {OutboxStatus(target).label}."
        ) from None
    return message


def outbox_retry(*, message: OutboxMessage, by=None) -> OutboxMessage:
    """An administrator sends a failed message again, with a fresh set of attempts."""
    with transaction.atomic():
        message = OutboxMessage.objects.get(pk=message.pk)
        _apply_by_staff(message, "retry", by=by, changes={"attempts": 0, "next_attempt_at": timezone.now()})
        _enqueue_with_transaction([message.pk])
    return message


def outbox_cancel(*, message: OutboxMessage, by=None, reason: str = "") -> OutboxMessage:
    with transaction.atomic():
        message = OutboxMessage.objects.get(pk=message.pk)
        _apply_by_staff(message, "cancel", by=by, note=reason)
    return message
