"""Two real `db_worker` processes share the queue and are killed with SIGKILL while each is inside a provider call —
the hardest case: the provider accepted the message, the worker died before recording it (issue 12, finding 11).

Shown here, against a temporary SQLite file (the in-memory test database cannot be shared with other processes) or,
when the suite runs on PostgreSQL, a temporary PostgreSQL database of its own (both copies of the migrated database of
conftest.py's `migrated_database`), with the django-tasks database backend
the platform uses in production:

* the attempt is recorded and committed before the call (read by this process while the workers are stuck in it);
* after the lease, the periodic job marks those messages "in doubt" (audited), not queued;
* Meta's delivery-status webhook (echoing our idempotency key) settles an in-doubt message without a second send;
* an in-doubt message whose status never comes is sent again only after the reconcile window: the one duplicate
  at-least-once allows, and the only one; nothing is lost, and no message is ever sent by two workers at once."""

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


def _database(migrated_database, tmp_path):
    """(DATABASE_URL for the subprocesses, function returning {status: count}, cleanup): a copy of the migrated
    database (conftest.py's `migrated_database`)."""
    url = migrated_database.copy("outbox", tmp_path)
    if url.startswith("postgres"):
        import psycopg

        def counts():
            with psycopg.connect(url) as conn:
                return dict(conn.execute("SELECT status, count(*) FROM notifikasi_outboxmessage GROUP BY status"))

        return url, counts, lambda: migrated_database.drop(url)
    db = url.removeprefix("sqlite:///")

    def counts():
        with sqlite3.connect(db) as conn:
            return dict(conn.execute("SELECT status, count(*) FROM notifikasi_outboxmessage GROUP BY status"))

    return url, counts, lambda: None


def _run(args, env, timeout=120):
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _state(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


RECONCILE_SECONDS = 5


@pytest.mark.timeout(240)
def test_killed_mid_send_in_doubt_settled_by_status_resent_only_after_window(migrated_database, tmp_path):
    fake = FakeWhatsApp().start()
    database_url, counts, cleanup = _database(migrated_database, tmp_path)
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
        "OUTBOX_RECONCILE_SECONDS": str(RECONCILE_SECONDS),
        "OUTBOX_LEASE_SECONDS": "1",  # far longer than one send here; short so the test need not wait
        "LOG_LEVEL": "WARNING",
    }
    victims = []
    try:
        _run(["-m", "satupintu.notifikasi.tests.outbox_script", "setup", str(N)], env)

        fake.state.hold_after = N // 3  # from the 11th request on, the "provider" takes the message but does not answer
        victims = [
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.05", "--no-reload"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        deadline = time.monotonic() + 90
        while len(fake.state.held) < 2 and time.monotonic() < deadline and all(v.poll() is None for v in victims):
            time.sleep(0.01)
        assert len(fake.state.held) == 2, "both workers should be stuck inside a provider call"
        # The attempt was committed before the call: this process reads it while both workers wait for the answer.
        stuck = _run(["-m", "satupintu.notifikasi.tests.outbox_script", "state"], env)
        for victim in victims:
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(timeout=10)
        killed_at = time.monotonic()
        fake.state.released.set()  # the provider accepts the two held messages; their senders are dead
        while len(fake.received) < N // 3 + 2 and time.monotonic() < deadline:
            time.sleep(0.01)

        rows = _state(stuck)
        held = [key for _arrived, key in fake.state.held]
        for arrived, key in fake.state.held:
            row = rows[key]
            assert row["status"] == "sending" and row["attempts"] == 1, row
            assert row["attempt_started_at"] is not None and row["attempt_started_at"] <= arrived, row
        assert counts().get("sent", 0) == N // 3

        # Meta sends the status of everything it accepted, except that the status of one held message never comes.
        settled, withheld = held
        statuses = tmp_path / "statuses.json"
        statuses.write_text(json.dumps([fake.status_webhook(r) for r in fake.received if r.callback_data != withheld]))
        time.sleep(max(0.0, 1.1 - (time.monotonic() - killed_at)))  # the lease (1 s) runs out
        # The periodic job runs first in this step: the window of both held messages opens there.
        rows = _state(_run(["-m", "satupintu.notifikasi.tests.outbox_script", "settle", str(statuses)], env))

        assert rows[settled]["status"] == "sent"
        assert rows[settled]["actions"] == ["outbox.in_doubt", "outbox.reconciled"]
        assert rows[withheld]["status"] == "in_doubt" and rows[withheld]["actions"] == ["outbox.in_doubt"]
        assert counts() == {"sent": N - 1, "in_doubt": 1}
        keys = [r.callback_data for r in fake.received]
        assert len(keys) == N and len(set(keys)) == N  # so far every message reached the provider exactly once

        # No status within the reconcile window: the withheld message is sent again, with the same key.
        window_ends = rows[withheld]["next_attempt_at"]
        assert window_ends - rows[withheld]["attempt_started_at"] >= RECONCILE_SECONDS
        time.sleep(max(0.0, window_ends + 0.2 - time.time()))
        rows = _state(_run(["-m", "satupintu.notifikasi.tests.outbox_script", "resend"], env))
        assert rows[withheld]["status"] == "sent"
        assert rows[withheld]["actions"] == ["outbox.in_doubt", "outbox.resend"]
        assert rows[withheld]["attempts"] == 2
        assert counts() == {"sent": N}
        keys = [r.callback_data for r in fake.received]
        assert keys.count(withheld) == 2  # the one duplicate at-least-once allows: its status never came
        assert len(keys) == N + 1 and len(set(keys)) == N
    finally:
        for process in victims:
            if process.poll() is None:
                process.kill()
                process.wait()
        fake.state.released.set()
        fake.stop()
        cleanup()
