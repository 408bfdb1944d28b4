from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task

from satupintu.core import periodic
from satupintu.core.management.commands.run_scheduler import enqueue_due
from satupintu.core.models import PeriodicRun

CALLS: list[str] = []


@task()
def _record_call() -> None:
    CALLS.append("ran")


@pytest.fixture
def only_test_job(monkeypatch):
    monkeypatch.setattr(periodic, "_registry", {})
    periodic.register(name="test.job", task=_record_call, every=timedelta(minutes=10))
    CALLS.clear()


@pytest.mark.django_db(transaction=True)
def test_scheduler_enqueues_once_per_interval(only_test_job):
    now = timezone.now()
    assert enqueue_due(now) == ["test.job"]
    assert CALLS == ["ran"], "the job runs after the scheduler's transaction commits"
    assert enqueue_due(now + timedelta(minutes=5)) == [], "not due again within its interval"
    assert enqueue_due(now + timedelta(minutes=11)) == ["test.job"]
    assert CALLS == ["ran", "ran"]
    assert PeriodicRun.objects.get(name="test.job").last_enqueued_at == now + timedelta(minutes=11)
