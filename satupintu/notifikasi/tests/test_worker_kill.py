"""Two real `db_worker` processes share the queue; one is killed with SIGKILL in the middle of the batch: nothing
lost, nothing doubled, and no message is ever sent by both.

Runs against a temporary SQLite file (the in-memory test database cannot be shared with other processes) or, when
the suite runs on PostgreSQL, a temporary PostgreSQL database of its own; with the django-tasks database backend
the platform uses in production, and the fake WhatsApp API answering slowly so the kill lands while a request is in
flight — the hardest case: the provider accepted the message, the worker died before recording it. Meta's
delivery-status webhook (echoing our idempotency key) is what settles that message."""

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


def _database(tmp_path):
    """(DATABASE_URL for the subprocesses, function returning {status: count}, cleanup)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base, _slash, name = url.rpartition("/")
        kill_db = f"{name.split('?')[0]}_kill"
        admin = f"{base}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{kill_db}"')
            conn.execute(f'CREATE DATABASE "{kill_db}"')

        def counts():
            with psycopg.connect(f"{base}/{kill_db}") as conn:
                return dict(conn.execute("SELECT status, count(*) FROM notifikasi_outboxmessage GROUP BY status"))

        def cleanup():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{kill_db}" WITH (FORCE)')

        return f"{base}/{kill_db}", counts, cleanup
    db = tmp_path / "outbox.sqlite3"

    def counts():
        with sqlite3.connect(db) as conn:
            return dict(conn.execute("SELECT status, count(*) FROM notifikasi_outboxmessage GROUP BY status"))

    return f"sqlite:///{db}", counts, lambda: None


def _run(args, env, timeout=120):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.timeout(180)
def test_killed_worker_loses_nothing_and_doubles_nothing(tmp_path):
    fake = FakeWhatsApp().start()
    database_url, counts, cleanup = _database(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": database_url,
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
        victim, survivor = (
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.05", "--no-reload"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        )
        deadline = time.monotonic() + 90
        while fake.state.requests < N // 3 and time.monotonic() < deadline and victim.poll() is None:
            time.sleep(0.005)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        killed_at = time.monotonic()
        time.sleep(fake.state.delay * 3)  # the in-flight request completes at the "provider" side
        fake.state.delay = 0

        before = counts()
        assert before.get("sent", 0) < N, "the workers finished before one was killed; the test proved nothing"
        assert before.get("sending", 0) >= 1, before  # at least the message that was in flight when it died

        # Meta delivers the status webhooks of the messages it accepted (with biz_opaque_callback_data)
        statuses = tmp_path / "statuses.json"
        statuses.write_text(json.dumps([fake.status_webhook(r) for r in fake.received]))
        # ... then the periodic job runs (after the lease ran out), then a fresh worker drains the queue
        time.sleep(max(0.0, 1.1 - (time.monotonic() - killed_at)))
        _run(["-m", "satupintu.notifikasi.tests.outbox_script", "settle", str(statuses)], env)
        deadline = time.monotonic() + 60
        while counts() != {"sent": N} and time.monotonic() < deadline:
            time.sleep(0.05)
        survivor.kill()
        survivor.wait(timeout=10)

        assert counts() == {"sent": N}
        keys = [r.callback_data for r in fake.received]
        assert len(keys) == N and len(set(keys)) == N  # every message reached the provider exactly once
    finally:
        for process in locals().get("victim"), locals().get("survivor"):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
        fake.stop()
        cleanup()
