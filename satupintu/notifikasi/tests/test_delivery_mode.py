"""OUTBOX_DELIVERY: "tasks" (a task per message) or "senders" (outbox_worker processes claim the rows themselves)."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from satupintu.notifikasi import conf
from satupintu.notifikasi.conf import check_outbox_delivery
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
from satupintu.notifikasi.services import Recipient, notify, outbox_maintenance, outbox_send_batch


def _notify(n: int, prefix: str) -> None:
    with transaction.atomic():
        for i in range(n):
            notify(event="notifikasi.test", recipients=[Recipient(phone=f"62812{i:08d}")],
                   context={"site": "S", "name": f"W{i}"}, key=f"{prefix}:{i}")


@pytest.mark.django_db
def test_tasks_mode_enqueues_a_task_per_message(settings):
    settings.OUTBOX_DELIVERY = "tasks"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _notify(3, "t")
    assert OutboxMessage.objects.count() == 3
    assert DBTaskResult.objects.filter(task_path__endswith="send_outbox_message").count() == 3


@pytest.mark.django_db
def test_senders_mode_writes_only_the_rows_and_the_senders_send_them(settings, fake_whatsapp):
    settings.OUTBOX_DELIVERY = "senders"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _notify(5, "s")
    assert OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).count() == 5
    assert not DBTaskResult.objects.exists()  # no task per message
    assert outbox_maintenance()["enqueued"] == 0 and not DBTaskResult.objects.exists()
    assert outbox_send_batch(limit=50, concurrency=2) == {"sent": 5}
    assert sorted(r.callback_data for r in fake_whatsapp.received) == sorted(
        OutboxMessage.objects.values_list("idempotency_key", flat=True))


def test_a_mistyped_delivery_mode_stops_the_start(settings):
    settings.OUTBOX_DELIVERY = "sender"
    errors = check_outbox_delivery()
    assert [e.id for e in errors] == ["notifikasi.E001"] and "senders" in errors[0].msg
    with pytest.raises(ValueError):
        conf.outbox_delivery()
    settings.OUTBOX_DELIVERY = "senders"
    assert check_outbox_delivery() == []
    call_command("check")  # the check is registered
