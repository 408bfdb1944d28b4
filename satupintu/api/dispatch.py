"""Every complaint timeline row reaches the webhooks and SP4N-LAPOR!, also the ones written in bulk.

Steps taken one at a time reach them at once: a post_save receiver (apps.py) queues the outbox calls in the
transaction of the step. The periodic sweep writes its timeline rows with one INSERT ... SELECT (core.workflow's
bulk_record: the auto-close of answered reports), which sends no signal; `events_catch_up` (every minute) walks the
rows written since its cursor and hands each to the same two functions. Both paths queue under the same keys
(webhook:<subscription>:<row>, lapor:status:<row>), so a row seen twice is still delivered once."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from .models import EventCursor

BATCH = 1000


def on_complaint_event(event) -> None:
    from . import webhooks
    from .lapor import services as lapor

    webhooks.on_complaint_event(event)
    lapor.on_complaint_event(event)


def events_catch_up(*, limit: int = BATCH) -> int:
    """Hand the timeline rows written since the last run to on_complaint_event. Returns how many were read. On its
    first run it starts from the newest row: history from before the API existed is not replayed."""
    from satupintu.aduan.models import ComplaintEvent

    with transaction.atomic():
        cursor = EventCursor.objects.select_for_update().filter(pk=1).first()
        if cursor is None:
            newest = ComplaintEvent.objects.aggregate(n=Max("pk"))["n"] or 0
            EventCursor.objects.create(pk=1, last_event_id=newest)
            return 0
        events = list(ComplaintEvent.objects.filter(pk__gt=cursor.last_event_id).select_related("complaint")
                      .order_by("pk")[:limit])
        for event in events:
            on_complaint_event(event)
        if events:
            cursor.last_event_id = events[-1].pk
            cursor.save(update_fields=["last_event_id", "updated_at"])
    return len(events)
