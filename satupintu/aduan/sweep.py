"""The periodic sweep: escalate late reports and close answered reports nobody reacted to.

Set-based on purpose: a handful of UPDATE and INSERT ... SELECT statements whatever the number of rows, so a
regency with a million reports is swept in seconds. Each row still gets its timeline event and audit record
(workflow.record_bulk_events), and the transitions are the ones in workflow.TRANSITIONS."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from satupintu.kalender.services import add_working_days

from . import notifications
from .models import LATE_TRACKED_STATES, AduanSettings, Complaint, Status
from .workflow import bulk_transition_check, connection, record_bulk_events


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


def aduan_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    cfg = AduanSettings.load()
    now = timezone.now()
    ts = connection.ops.adapt_datetimefield_value(now)
    result: dict[str, int] = {}
    digests: list[tuple[int, int | None, int]] = []
    with transaction.atomic():
        bulk_transition_check("auto_close")
        closed = Complaint.objects.filter(status=Status.ANSWERED, deadline__lt=today).update(
            status=Status.CLOSED, closed_at=now, close_reason=Complaint.CloseReason.AUTO, updated_at=now
        )
        if closed:
            record_bulk_events(
                action="auto_close", marker_sql="closed_at = %s AND close_reason = %s",
                marker_params=[ts, Complaint.CloseReason.AUTO.value], from_status_sql="'answered'", now=now,
            )
        result["auto_closed"] = closed

        bulk_transition_check("escalate")
        # Highest level first, so a report that is already very late gets one event, not three.
        for level, threshold in sorted(escalation_thresholds(today=today, cfg=cfg).items(), reverse=True):
            # One timestamp per level (a microsecond apart), so each level's rows are found again by index alone.
            marked = now + timedelta(microseconds=int(level))
            n = Complaint.objects.filter(
                status__in=LATE_TRACKED_STATES, deadline__lt=threshold, escalation_level__lt=level
            ).update(escalation_level=level, escalated_at=marked)
            result[f"escalated_level_{int(level)}"] = n
            if n:
                record_bulk_events(
                    action="escalate", marker_sql="escalated_at = %s",
                    marker_params=[connection.ops.adapt_datetimefield_value(marked)], from_status_sql="status",
                    now=now, timeline=False,
                )
                for row in (
                    Complaint.objects.filter(escalated_at=marked)
                    .values("agency_id").annotate(n=Count("id")).order_by()
                ):
                    digests.append((int(level), row["agency_id"], row["n"]))
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
