"""The read replica against a real PostgreSQL streaming standby (scripts/pg-replica starts one on 127.0.0.1:5433).

A real server process runs with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the standby, over a database
made for this test (a copy of the migrated database of conftest.py's `migrated_database`; the standby copies it by
streaming replication). With the standby's replay paused, so that it lags:
- the citizen who just filed a report reads its page at once (read-your-writes: from the primary);
- another visitor reading the same page gets the lagging copy, i.e. the page really reads from the replica;
- after replay resumes the other visitor sees it too;
- anonymous public pages are read on the standby: its own statistics count the scans, the primary's do not.

Runs when REPLICA_TEST_URL names the standby (.ci/run sets it in the PostgreSQL run); REQUIRE_REPLICA=1 makes a missing
standby a failure instead of a skip.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[3]
STANDBY_URL = os.environ.get("REPLICA_TEST_URL", "")
PRIMARY_URL = os.environ.get("DATABASE_URL", "")

if not (STANDBY_URL and PRIMARY_URL.startswith("postgres")):
    if os.environ.get("REQUIRE_REPLICA"):
        raise RuntimeError("REQUIRE_REPLICA is set but REPLICA_TEST_URL/DATABASE_URL name no PostgreSQL primary+standby")
    pytest.skip("needs a PostgreSQL primary (DATABASE_URL) and a streaming standby (REPLICA_TEST_URL)",
                allow_module_level=True)

psycopg = pytest.importorskip("psycopg")
requests = pytest.importorskip("requests")


def _url(base: str, db: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path=f"/{db}"))


def _sql(base: str, query: str, *, db: str = "postgres", params=None):
    with psycopg.connect(_url(base, db), autocommit=True) as conn:
        cur = conn.execute(query, params or [])
        return cur.fetchall() if cur.description else None


def _wait_caught_up(timeout: float = 60) -> None:
    target = _sql(PRIMARY_URL, "SELECT pg_current_wal_lsn()::text")[0][0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _sql(STANDBY_URL, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", params=[target])[0][0]:
            return
        time.sleep(0.2)
    raise AssertionError("the standby did not catch up with the primary")


def _scans(base: str, database: str, table: str) -> int:
    """seq + index scans of `table` counted by that server (its statistics are flushed when a backend exits; the
    server under test closes its connection after each request)."""
    row = _sql(base, "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables "
                     "WHERE relname = %s", db=database, params=[table])
    return row[0][0] if row else 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database(migrated_database):
    """The name of the server's database on the primary: a copy of the migrated database (conftest.py)."""
    url = migrated_database.copy("replica_check")
    try:
        yield migrated_database.name(url)
    finally:
        migrated_database.drop(url)


@pytest.fixture(scope="module")
def server(database):
    env = {**os.environ, "DATABASE_URL": _url(PRIMARY_URL, database), "DATABASE_CONN_MAX_AGE": "0",
           "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.dev", "REDIS_URL": ""}
    env.pop("DATABASE_REPLICA_URL", None)
    _wait_caught_up()
    port = _free_port()
    env["DATABASE_REPLICA_URL"] = _url(STANDBY_URL, database)
    proc = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload",
                             "--skip-checks"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                requests.get(base + "/aduan/", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        yield base
    finally:
        _sql(STANDBY_URL, "SELECT pg_wal_replay_resume()")
        proc.terminate()
        proc.wait(timeout=30)


def _file_report(session: requests.Session, base: str) -> str:
    form = session.get(base + "/aduan/lapor/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(base + "/aduan/lapor/", data={
        "csrfmiddlewaretoken": token, "kind": "pengaduan", "title": "Lampu jalan mati di depan pasar",
        "description": "Sudah tiga malam lampu jalan di depan pasar mati, gelap dan rawan.",
        "reporter_name": "Sari", "reporter_email": "sari@example.org",
    }, headers={"Referer": base + "/aduan/lapor/"}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:2000]
    assert "sp_w" in session.cookies, "a browser that wrote is marked for read-your-writes"
    return answer.headers["Location"]


def test_the_writer_reads_its_write_while_others_read_the_lagging_replica(server, database):
    citizen = requests.Session()
    _sql(STANDBY_URL, "SELECT pg_wal_replay_pause()")
    try:
        thanks = _file_report(citizen, server)
        mine = citizen.get(server + thanks, timeout=30)
        code = _sql(PRIMARY_URL, "SELECT tracking_code FROM aduan_complaint ORDER BY id DESC LIMIT 1", db=database)[0][0]
        assert mine.status_code == 200 and code in mine.text  # from the primary
        other = requests.get(server + thanks, timeout=30)
        assert other.status_code == 404  # the replica has not replayed the report yet: this page reads the replica
    finally:
        _sql(STANDBY_URL, "SELECT pg_wal_replay_resume()")
    _wait_caught_up()
    assert requests.get(server + thanks, timeout=30).status_code == 200


def test_public_pages_are_read_on_the_replica_by_its_own_statistics(server, database):
    time.sleep(1.5)  # let both servers' statistics settle
    standby_before = _scans(STANDBY_URL, database, "aduan_complaint")
    primary_before = _scans(PRIMARY_URL, database, "aduan_complaint")
    for path in ("/aduan/", "/aduan/statistik/"):
        assert requests.get(server + path, timeout=30).status_code == 200
    time.sleep(1.5)
    assert _scans(STANDBY_URL, database, "aduan_complaint") > standby_before
    assert _scans(PRIMARY_URL, database, "aduan_complaint") == primary_before


def test_a_signed_in_or_writing_browser_reads_the_primary(server, database):
    writer = requests.Session()
    _file_report(writer, server)
    time.sleep(1.5)
    primary_before = _scans(PRIMARY_URL, database, "aduan_complaint")
    assert writer.get(server + "/aduan/", timeout=30).status_code == 200
    time.sleep(1.5)
    assert _scans(PRIMARY_URL, database, "aduan_complaint") > primary_before
