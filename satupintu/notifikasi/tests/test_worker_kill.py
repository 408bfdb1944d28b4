"""A real `db_worker` process killed with SIGKILL in the middle of a batch: nothing lost, nothing doubled.

Runs against a temporary SQLite file (the in-memory test database cannot be shared with other processes), with the
django-tasks database backend the platform uses in production, and the fake WhatsApp API answering slowly so the
kill lands while a request is in flight — the hardest case: the provider accepted the message, the worker died
before recording it. Meta's delivery-status webhook (echoing our idempotency key) is what settles that message."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .fake_whatsapp import FakeWhatsApp

ROOT = Path(__file__).resolve().parents[3]
N = 30


def _run(args, env, timeout=120):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.timeout(180)
def test_killed_worker_loses_nothing_and_doubles_nothing(tmp_path):
    fake = FakeWhatsApp().start()
    db = tmp_path / "outbox.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{db}",
        "SATUPINTU_VAR_DIR": str(tmp_path),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "WHATSAPP_API_BASE": fake.base_url,
        "WHATSAPP_TOKEN": fake.state.token,
        "WHATSAPP_PHONE_NUMBER_ID": fake.state.phone_number_id,
        "WHATSAPP_APP_SECRET": "kill-test-secret",
        "OUTBOX_BACKOFF_BASE": "0.001",
        "OUTBOX_RECONCILE_SECONDS": "0",
        "OUTBOX_LEASE_SECONDS": "1",  # far longer than one send here (50 ms); short so the test need not wait
        "LOG_LEVEL": "WARNING",
    }
    try:
        _run(["-m", "satupintu.notifikasi.tests.outbox_script", "setup", str(N)], env)

        fake.state.delay = 0.05  # every request takes a while: the kill will land inside one
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.05", "--no-reload"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while fake.state.requests < N // 3 and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.005)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        killed_at = time.monotonic()
        time.sleep(fake.state.delay * 3)  # the in-flight request completes at the "provider" side
        fake.state.delay = 0

        with sqlite3.connect(db) as conn:
            before = dict(conn.execute("SELECT status, count(*) FROM notifikasi_outboxmessage GROUP BY status"))
        assert before.get("sent", 0) < N, "the worker finished before it was killed; the test proved nothing"
        assert before.get("sending", 0) == 1, before  # the message that was in flight when the worker died

        # Meta delivers the status webhooks of the messages it accepted (with biz_opaque_callback_data)
        statuses = tmp_path / "statuses.json"
        statuses.write_text(json.dumps([fake.status_webhook(r) for r in fake.received]))
        # ... then the periodic job runs (after the lease ran out), then a fresh worker drains the queue
        time.sleep(max(0.0, 1.1 - (time.monotonic() - killed_at)))
        _run(["-m", "satupintu.notifikasi.tests.outbox_script", "settle", str(statuses)], env)

        with sqlite3.connect(db) as conn:
            after = dict(conn.execute("SELECT status, count(*) FROM notifikasi_outboxmessage GROUP BY status"))
        assert after == {"sent": N}
        keys = [r.callback_data for r in fake.received]
        assert len(keys) == N and len(set(keys)) == N  # every message reached the provider exactly once
    finally:
        fake.stop()
