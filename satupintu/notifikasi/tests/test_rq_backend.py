"""The tasks on Redis (django-tasks-rq), as a large install may run them: a notification's task goes through RQ and a
worker sends it; a task lost with Redis (flushed, restarted without disk) is queued again by the periodic job from
the outbox, which stays the record of what is to be sent."""

import pytest

from satupintu.core.tests.redis_support import REDIS_TEST_URL, redis_or_skip
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
from satupintu.notifikasi.services import Recipient, notify, outbox_maintenance

pytestmark = pytest.mark.django_db


@pytest.fixture
def rq(settings):
    client = redis_or_skip()
    url = REDIS_TEST_URL.rsplit("/", 1)[0] + "/9"  # a database of its own: the test flushes it
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    import django_rq

    queue = django_rq.get_queue("default")
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()
    client.close()


def _work(queue) -> None:
    from django_tasks_rq import Job
    from rq import SimpleWorker

    # what `manage.py rqworker --job-class django_tasks_rq.Job default` runs, without forking (same connection)
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def test_a_notification_goes_through_rq_and_a_worker_sends_it(rq, fake_whatsapp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="notifikasi.test", recipients=[Recipient(phone="081200000901")], context={"site": "S", "name": "A"},
               key="rq-1")
    assert rq.count == 1  # enqueued on commit, in Redis
    _work(rq)
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert len(fake_whatsapp.received) == 1


def test_a_task_lost_with_redis_is_queued_again_from_the_outbox(rq, fake_whatsapp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="notifikasi.test", recipients=[Recipient(phone="081200000902")], context={"site": "S", "name": "B"},
               key="rq-2")
    rq.connection.flushdb()  # Redis restarted without its data: the task is gone
    _work(rq)
    assert OutboxMessage.objects.get().status == OutboxStatus.QUEUED  # not lost: still queued in the outbox
    assert outbox_maintenance()["enqueued"] == 1
    _work(rq)
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert len(fake_whatsapp.received) == 1
