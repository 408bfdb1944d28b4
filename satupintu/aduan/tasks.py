"""Thin tasks: load, call a service."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def aduan_sweep_task() -> dict:
    from .sweep import aduan_sweep

    return aduan_sweep()


@task()
def notify_auto_closed_task(closed_at: str) -> int:
    from .models import Complaint
    from .notifications import notify_auto_closed

    ids = list(
        Complaint.objects.filter(closed_at=datetime.fromisoformat(closed_at), close_reason=Complaint.CloseReason.AUTO)
        .values_list("pk", flat=True)
    )
    total = 0
    for start in range(0, len(ids), 500):
        total += notify_auto_closed(complaint_ids=ids[start : start + 500])
    return total


@task()
def aduan_alert_digest_task() -> int:
    from .alerts import alerts_send_digests

    return alerts_send_digests()
