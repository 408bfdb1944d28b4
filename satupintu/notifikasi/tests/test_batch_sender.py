"""The batched sender (`outbox_send_batch`, run by `manage.py outbox_worker`): a batch costs the same few statements
whatever its size, the rare outcomes keep their audited steps, and several sender processes on one queue send every
message exactly once — also when one of them is killed in the middle of its batch."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from satupintu.core.models import AuditEvent
from satupintu.notifikasi.models import ChannelOptOut, OutboxMessage, OutboxStatus, WhatsAppContact
from satupintu.notifikasi.services import Recipient, notify, outbox_send_batch

from .fake_whatsapp import FakeWhatsApp
from .test_worker_kill import ROOT, _database, _run


def _queue(n: int, prefix: str, *, start: int = 0) -> list[str]:
    phones = [f"62812{start + i:08d}" for i in range(n)]
    for i, phone in enumerate(phones):
        notify(event="notifikasi.test", recipients=[Recipient(phone=phone)], context={"site": "S", "name": f"W{i}"},
               key=f"{prefix}:{i}")
    return phones


@pytest.mark.django_db
def test_a_batch_costs_the_same_statements_whatever_its_size(fake_whatsapp):
    _queue(5, "small")
    with CaptureQueriesContext(connection) as small:
        assert outbox_send_batch(limit=50, concurrency=4) == {"sent": 5}
    _queue(40, "large", start=100)
    with CaptureQueriesContext(connection) as large:
        assert outbox_send_batch(limit=50, concurrency=4) == {"sent": 40}
    assert len(large.captured_queries) == len(small.captured_queries) <= 10
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert Counter(r.callback_data for r in fake_whatsapp.received).most_common(1)[0][1] == 1
    assert len(fake_whatsapp.received) == 45
    sent = OutboxMessage.objects.first()
    assert sent.attempts == 1 and sent.provider_message_id.startswith("wamid.") and sent.sent_at is not None


@pytest.mark.django_db
def test_opt_outs_windows_and_failures_keep_their_steps(fake_whatsapp):
    phones = _queue(3, "mix")
    # an opt-out stored while the message was already queued (channel_opt_out would also cancel what is queued)
    ChannelOptOut.objects.create(channel="whatsapp", address=phones[0], reason="STOP")
    WhatsAppContact.objects.create(phone=phones[1], last_inbound_at=timezone.now())
    assert outbox_send_batch(limit=10, concurrency=2) == {"cancelled": 1, "sent": 2}
    by_phone = {m.address: m for m in OutboxMessage.objects.all()}
    assert by_phone[phones[0]].status == OutboxStatus.CANCELLED
    assert AuditEvent.objects.filter(action="outbox.cancelled", object_id=str(by_phone[phones[0]].pk)).exists()
    kinds = {r.to: r.payload.get("type") for r in fake_whatsapp.received}
    assert kinds[phones[1]] == "text"  # inside the 24-hour window: free text
    assert kinds[phones[2]] == "template"  # outside: the approved template

    fake_whatsapp.fail_next(1, 500)  # a temporary failure: retried later, not lost
    _queue(1, "fail", start=50)
    assert outbox_send_batch(limit=10, concurrency=1) == {"retry": 1}
    failed = OutboxMessage.objects.get(address=f"62812{50:08d}")
    assert failed.status == OutboxStatus.QUEUED and failed.attempts == 1 and failed.last_error


def _env(tmp_path, fake, database_url):
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.dev", "DEBUG": "0",
        "DATABASE_URL": database_url, "SATUPINTU_VAR_DIR": str(tmp_path),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend", "WHATSAPP_API_BASE": fake.base_url,
        "WHATSAPP_TOKEN": fake.state.token, "WHATSAPP_PHONE_NUMBER_ID": fake.state.phone_number_id,
        "WHATSAPP_APP_SECRET": "batch-test-secret", "OUTBOX_BACKOFF_BASE": "0.001", "OUTBOX_LEASE_SECONDS": "1",
        "OUTBOX_RECONCILE_SECONDS": "1", "LOG_LEVEL": "WARNING",
    }


def _sender(env, *extra):
    return subprocess.Popen([sys.executable, "manage.py", "outbox_worker", "--batch", "40", "--concurrency", "6",
                             "--interval", "0.05", *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.timeout(480)
def test_parallel_senders_send_each_message_once_and_a_killed_one_loses_nothing(migrated_database, tmp_path):
    n = 240
    fake = FakeWhatsApp().start()
    database_url, counts, cleanup = _database(migrated_database, tmp_path)
    env = _env(tmp_path, fake, database_url)
    try:
        _run(["-m", "satupintu.notifikasi.tests.outbox_script", "setup", str(n)], env, timeout=280)
        senders = [_sender(env, "--once") for _ in range(3)]
        for sender in senders:
            _out, err = sender.communicate(timeout=240)
            assert sender.returncode == 0, err[-3000:]
        keys = Counter(r.callback_data for r in fake.received)
        assert len(keys) == n and max(keys.values()) == 1  # three processes, every message once
        assert counts() == {"sent": n}
    finally:
        fake.stop()
        cleanup()


@pytest.mark.timeout(480)
def test_a_sender_killed_mid_batch_loses_nothing(migrated_database, tmp_path):
    n = 120
    fake = FakeWhatsApp().start()
    database_url, counts, cleanup = _database(migrated_database, tmp_path)
    env = _env(tmp_path, fake, database_url)
    try:
        _run(["-m", "satupintu.notifikasi.tests.outbox_script", "setup", str(n)], env, timeout=280)
        fake.state.hold_after = 50  # from the 51st request on the provider takes the message but does not answer
        victim = _sender(env)
        deadline = time.monotonic() + 120
        while len(fake.state.held) < 6 and time.monotonic() < deadline and victim.poll() is None:
            time.sleep(0.01)
        assert len(fake.state.held) == 6, "the sender should be stuck inside six provider calls"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        fake.state.released.set()
        stuck = counts()
        assert stuck.get("sending", 0) >= 6  # the batch's attempts were recorded before any call
        time.sleep(1.2)  # the dead sender's lease runs out
        survivor = _sender(env, "--once")
        _out, err = survivor.communicate(timeout=120)
        assert survivor.returncode == 0, err[-3000:]
        # the killed batch is "in doubt": after the reconcile window (1 s, no status came) it is sent again
        time.sleep(1.2)
        survivor = _sender(env, "--once")
        _out, err = survivor.communicate(timeout=120)
        assert survivor.returncode == 0, err[-3000:]
        keys = Counter(r.callback_data for r in fake.received)
        assert len(keys) == n, "every message reached the provider"
        assert counts() == {"sent": n}, "and every message is recorded as sent"
        doubled = [k for k, times in keys.items() if times > 1]
        held = {key for _at, key in fake.state.held}
        assert set(doubled) <= held, "only a message whose call was cut off may arrive twice (same idempotency key)"
    finally:
        fake.stop()
        cleanup()
