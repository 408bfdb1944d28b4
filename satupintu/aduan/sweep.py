"""The periodic sweep: escalate late reports and close answered reports nobody reacted to.

Set-based on purpose: a handful of UPDATE and INSERT ... SELECT statements whatever the number of rows, so a
regency with a million reports is swept in seconds. Each row still gets its timeline event and audit record
(core.workflow's bulk_record), and the transitions are the ones in workflow.TRANSITIONS."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from satupintu.kalender.services import add_working_days

from . import notifications
from .models import LATE_TRACKED_STATES, AduanSettings, Complaint, Status
from .workflow import WORKFLOW


def escalation_thresholds(*, today: date, cfg: AduanSettings) -> dict[int, date]:
    """Level -> a report whose deadline is before this date deserves at least that level.

    Level 1 (OPD admin reminded) the day after the deadline; level 2 (OPD head) once more than
    `escalate_head_after` working days late; level 3 (the regent's list) after `escalate_regent_after`."""
    E = Complaint.Escalation
    return {
        E.REGENT: add_working_days(today, -cfg.escalate_regent_after) if cfg.escalate_regent_after else today,
        E.OPD_HEAD: add_working_days(today, -cfg.escalate_head_after) if cfg.escalate_head_after else today,
        E.OPD_ADMIN: today,
    }


CHUNK = 2_000  # ids per INSERT ... SELECT (well under every backend's limit on query parameters)


def _escalate(*, level: int, threshold: date, now) -> list[tuple[int, int | None]]:
    """Raise every open report whose deadline is before `threshold` to `level`; returns (id, agency_id) of each.

    UPDATE ... RETURNING (PostgreSQL, SQLite >= 3.35) hands back exactly the rows changed, so no index on a marker
    column is needed — and without one, PostgreSQL rewrites these rows in place (a HOT update: none of the table's
    indexes is touched; see the fillfactor in migration 0005), which is what makes a large catch-up fast."""
    table = connection.ops.quote_name(Complaint._meta.db_table)
    states = sorted(LATE_TRACKED_STATES)
    sql = (
        f"UPDATE {table} SET escalation_level = %s, escalated_at = %s "  # noqa: S608 - names are ours, values bound
        f"WHERE status IN ({', '.join(['%s'] * len(states))}) AND deadline < %s AND escalation_level < %s "
        "RETURNING id, agency_id"
    )
    params = [level, connection.ops.adapt_datetimefield_value(now), *states,
              connection.ops.adapt_datefield_value(threshold), level]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def aduan_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    cfg = AduanSettings.load()
    now = timezone.now()
    ts = connection.ops.adapt_datetimefield_value(now)
    result: dict[str, int] = {}
    digests: list[tuple[int, int | None, int]] = []
    with transaction.atomic():
        WORKFLOW.bulk_check("auto_close")
        closed = Complaint.objects.filter(status=Status.ANSWERED, deadline__lt=today).update(
            status=Status.CLOSED, closed_at=now, close_reason=Complaint.CloseReason.AUTO, updated_at=now
        )
        if closed:
            WORKFLOW.bulk_record(
                action="auto_close", where_sql="closed_at = %s AND close_reason = %s",
                params=[ts, Complaint.CloseReason.AUTO.value], from_state_sql="'answered'", now=now,
            )
        result["auto_closed"] = closed

        WORKFLOW.bulk_check("escalate")
        # Highest level first, so a report that is already very late gets one event, not three.
        for level, threshold in sorted(escalation_thresholds(today=today, cfg=cfg).items(), reverse=True):
            rows = _escalate(level=int(level), threshold=threshold, now=now)
            result[f"escalated_level_{int(level)}"] = len(rows)
            ids = [pk for pk, _agency in rows]
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                WORKFLOW.bulk_record(
                    action="escalate", where_sql=f"id IN ({', '.join(['%s'] * len(chunk))})", params=chunk,
                    from_state_sql="status", now=now, timeline=False,
                )
            for agency_id, n in Counter(agency for _pk, agency in rows).items():
                digests.append((int(level), agency_id, n))
        if digests:
            from satupintu.organisasi.models import Agency

            agencies = Agency.objects.in_bulk({a for _, a, _ in digests if a})
            for level, agency_id, n in digests:
                notifications.notify_late(level=level, agency=agencies.get(agency_id), count=n, today=today)
        if closed:
            from .tasks import notify_auto_closed_task

            closed_at = now.isoformat()
            transaction.on_commit(lambda: notify_auto_closed_task.enqueue(closed_at))
    return result
