"""Fault test: the database stops under load and comes back (issue 12, finding 2).

A PRIVATE PostgreSQL cluster (initdb into a temporary directory, its own free port; the machine's cluster on 5432 is
never touched) is given a copy of the migrated database (pg_dump of conftest.py's `migrated_database`, instead of half a
minute of migrating again) and a regency, a village and a category; gunicorn (2 sync workers, the test settings
with DEBUG off, persistent connections with health checks as in production, the database task backend) serves it.
Six threads file complaints (each with its own title) and fetch public pages; after a warm-up the cluster is stopped
(`pg_ctl stop -m immediate`, as a crash would) for a few seconds, then started again. Checked:

* every answer is 200/302 (or 400/429 for bad input) or, while the database is down, 503 with Retry-After —
  no 500, no dropped connection;
* the intake form page still loads while the database is down (its choices are kept in memory), and /healthz says 503;
* the same gunicorn master and workers serve normally again once the database is back (no restart), and every
  request of the last seconds succeeds;
* every submission that was acknowledged (a redirect to its thank-you page) is in the database exactly once, and no
  title is there twice. A submission answered 503 may still be stored (the commit reached the server, the answer
  did not): it is counted and printed, never doubled.

Runs in the PostgreSQL pass of the suite (`DATABASE_URL=postgres://... make test`); about 40 s."""

import glob
import html
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.timeout(240),
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="runs in the PostgreSQL pass (it starts a private PostgreSQL cluster of its own)"),
]

ROOT = Path(__file__).resolve().parents[1]
THREADS = 6
WARM_UP_REPORTS = 12  # acknowledged reports before the database stops
WARM_UP_MAX = 20.0
DOWN = 4.0  # seconds the database stays down
AFTER = 3.0  # seconds of load after the first success once it is back
AFTER_MAX = 30.0
GRACE = 0.5  # every request begun this long after the restart must succeed
ALLOWED = {200, 302, 303, 400, 429, 503}

SETTINGS = """
from satupintu.config.settings.test import *  # noqa: F403

DEBUG = False
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as in production: queued in the database
ADUAN_RATE_LIMIT_IP = (1_000_000, 3600)  # every thread comes from 127.0.0.1
ADUAN_RATE_LIMIT_PHONE = (1_000_000, 3600)
"""

SEED = """
from satupintu.aduan.models import Category
from satupintu.organisasi.models import Agency
from satupintu.wilayah.models import District, Province, Regency, Village

province = Province.objects.create(code="12", name="Sumatera Utara")
regency = Regency.objects.create(code="12.18", province=province, name="Serdang Bedagai")
district = District.objects.create(code="12.18.01", regency=regency, name="Kotarih")
village = Village.objects.create(code="12.18.01.2001", district=district, name="Sialtong", postal_code="20991",
                                 slug="sialtong")
agency = Agency.objects.create(name="Dinas Pekerjaan Umum", short_name="Dinas PUPR", slug="dinas-pupr",
                               kind=Agency.Kind.DINAS, email="pupr@example.id")
category = Category.objects.create(name="Jalan rusak", slug="jalan-rusak", default_agency=agency)
print("SEEDED", category.pk, village.pk)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateCluster:
    """A throw-away PostgreSQL cluster in a temporary directory, run as the postgres user when we are root
    (initdb and pg_ctl refuse root)."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not found:
            pytest.fail("the fault test needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin/initdb)")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="sp-outage-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")

    def _run(self, *args, check=True):
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if check and result.returncode:
            pytest.fail(f"{' '.join(args[:2])} failed: {result.stdout[-1500:]} {result.stderr[-1500:]}")
        return result

    def init(self):
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        self.start()

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "server.log"), "-o", options, "-w", "start")

    def stop(self, mode="fast", check=True):
        return self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=check)

    def url(self, name="postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def load(self, source_url: str, name: str) -> None:
        """Copy the database at `source_url` (on another server) into the new database `name` of this cluster."""
        dump = subprocess.run([str(self.bin / "pg_dump"), "-Fc", "--no-owner", "--no-acl", "-d", source_url],
                              capture_output=True, timeout=120)
        assert dump.returncode == 0, dump.stderr[-1500:]
        restore = subprocess.run([str(self.bin / "pg_restore"), "--no-owner", "--no-acl", "--exit-on-error", "-d",
                                  self.url(name)], input=dump.stdout, capture_output=True, timeout=120)
        assert restore.returncode == 0, restore.stderr[-1500:]

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.stop("immediate", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class Visitor:
    """One citizen's browser: the CSRF cookie and token of the intake form, new connection per request (gunicorn's
    sync workers close it anyway)."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def open_form(self):
        status, headers, text = self.request("GET", "/aduan/lapor/")
        assert status == 200, (status, text[:500])
        match = re.search(r"csrftoken=([A-Za-z0-9]+)", headers.get("Set-Cookie", ""))
        self.cookie = f"csrftoken={match.group(1)}" if match else self.cookie
        self.token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1))


def _gunicorn_workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def test_database_outage_under_load_answers_503_recovers_and_loses_nothing(tmp_path, migrated_database):
    import psycopg

    cluster = PrivateCluster()
    gunicorn = None
    try:
        cluster.init()
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE satupintu")
        cluster.load(migrated_database.url(migrated_database.template), "satupintu")
        (tmp_path / "outage_settings.py").write_text(SETTINGS)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "outage_settings",
            "DATABASE_URL": cluster.url("satupintu"),
            "DATABASE_CONN_MAX_AGE": "60",
            "SATUPINTU_VAR_DIR": str(tmp_path),
            "REDIS_URL": "",
        }
        result = subprocess.run([sys.executable, "manage.py", "shell", "-c", SEED], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-3000:]
        category, village = re.search(r"SEEDED (\S+) (\S+)", result.stdout).groups()

        port = _free_port()
        log_path = tmp_path / "gunicorn.log"
        with log_path.open("w") as log_file:
            gunicorn = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "satupintu.config.wsgi", "-b", f"127.0.0.1:{port}",
                 "-w", "2", "--timeout", "60", "--log-level", "warning"],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
            )
        for _ in range(300):
            try:
                if Visitor(port).request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail(f"gunicorn did not start: {log_path.read_text()[-3000:]}")
        workers_before = _gunicorn_workers(gunicorn.pid)
        assert len(workers_before) == 2

        phase = {"name": "up"}  # up → down → back
        # (begun, answered: seconds since the start; phase when begun; "METHOD path"; status; headers; title)
        results = []
        errors = []
        ready = threading.Barrier(THREADS + 1)
        stop = threading.Event()
        started = time.monotonic()

        def load(n: int):
            visitor = Visitor(port)
            try:
                visitor.open_form()
                visitor.open_form()  # twice: more likely that both workers have read the form's choices
            finally:
                ready.wait()
            i = 0
            while not stop.is_set():
                i += 1
                title = f"Uji gangguan basis data t{n} n{i}"
                data = {
                    "csrfmiddlewaretoken": visitor.token, "kind": "pengaduan", "title": title,
                    "description": f"Lampu jalan mati di dusun {n}, laporan ke-{i}.", "category": category,
                    "village": village, "address": "Dusun III", "reporter_name": f"Warga {n}",
                    "reporter_phone": f"0812{n:02d}{i:06d}", "reporter_email": "",
                }
                plan = [("POST", "/aduan/lapor/", data), ("GET", ["/aduan/lapor/", "/", "/aduan/", "/healthz"][i % 4], None)]
                for method, path, body in plan:
                    current, begun = phase["name"], time.monotonic() - started
                    try:
                        status, headers, text = visitor.request(method, path, body)
                    except OSError as exc:
                        errors.append(f"{method} {path} begun {current}: {exc!r}")
                        continue
                    answered = time.monotonic() - started
                    results.append((begun, answered, current, f"{method} {path}", status, headers, title if body else None))
                    if status == 500:
                        errors.append(f"500 on {method} {path} begun {current}: {text[:300]}")

        threads = [threading.Thread(target=load, args=(n,), daemon=True) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        ready.wait(timeout=120)  # every visitor has its form (and CSRF token) before the load starts
        deadline = time.monotonic() + WARM_UP_MAX
        while sum(1 for r in list(results) if r[4] == 302) < WARM_UP_REPORTS and time.monotonic() < deadline:
            time.sleep(0.1)
        phase["name"] = "down"
        cluster.stop("immediate")
        down_at = time.monotonic() - started
        time.sleep(DOWN)
        restarting_at = time.monotonic() - started  # the server may accept connections before pg_ctl returns
        cluster.start()
        back_at = time.monotonic() - started
        phase["name"] = "back"
        deadline = time.monotonic() + AFTER_MAX
        while time.monotonic() < deadline:
            recovered = [r[1] for r in list(results) if r[0] > back_at and r[4] in {200, 302}]
            if recovered and time.monotonic() - started > min(recovered) + AFTER:
                break
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        ended = time.monotonic() - started
        log = log_path.read_text(errors="replace")

        statuses = Counter(r[4] for r in results)
        by_phase = {name: Counter(r[4] for r in results if r[2] == name) for name in ("up", "down", "back")}
        acknowledged = {}
        for *_, what, status, headers, title in results:
            if what.startswith("POST") and status == 302:
                token = re.search(r"/aduan/terima-kasih/([^/]+)/", headers.get("Location", ""))
                assert token, headers.get("Location")
                acknowledged[title] = urllib.parse.unquote(token.group(1))
        with psycopg.connect(cluster.url("satupintu")) as conn:
            stored = dict(conn.execute(
                "SELECT title, count(*) FROM aduan_complaint WHERE title LIKE 'Uji gangguan basis data %%' "
                "GROUP BY title").fetchall())
            tokens = dict(conn.execute(
                "SELECT follow_token, count(*) FROM aduan_complaint WHERE follow_token = ANY(%s) GROUP BY follow_token",
                [list(acknowledged.values())]).fetchall())
        outage = [r for r in results if r[0] > down_at and r[1] < restarting_at]  # begun and answered while down
        during = Counter(r[4] for r in outage)
        form_during_outage = Counter(r[4] for r in outage if r[3] == "GET /aduan/lapor/")
        healthz_during_outage = Counter(r[4] for r in outage if r[3] == "GET /healthz")
        after_restart = Counter(r[4] for r in results if r[0] > back_at + GRACE)
        print(
            f"\nfault test: {len(results)} answers in {ended:.1f} s, database down {down_at:.1f}-{restarting_at:.1f} s "
            f"(up again by {back_at:.1f} s): "
            f"{dict(sorted(statuses.items()))}; by the phase a request began in: up {dict(by_phase['up'])}, "
            f"down {dict(by_phase['down'])}, back {dict(by_phase['back'])}; begun and answered during the outage "
            f"{dict(during)} (intake form {dict(form_during_outage)}, /healthz {dict(healthz_during_outage)}); "
            f"begun after the restart {dict(after_restart)}; acknowledged {len(acknowledged)}, stored "
            f"{sum(stored.values())} ({len(set(stored) - set(acknowledged))} answered 503 but committed); "
            f"errors {len(errors)}"
        )

        assert not errors, f"{errors[:5]}\n--- gunicorn log:\n{log[-6000:]}"
        assert statuses[500] == 0
        assert set(statuses) <= ALLOWED, statuses
        assert during[503] > 0, "the outage was not seen: no 503"
        assert all(r[5].get("Retry-After") == "60" for r in results if r[4] == 503 and r[3] != "GET /healthz")
        assert form_during_outage and set(form_during_outage) == {200}, f"{form_during_outage}\n{log[-4000:]}"
        assert healthz_during_outage and set(healthz_during_outage) == {503}, healthz_during_outage
        # Recovery without a restart: the same processes, and everything begun after the restart succeeds.
        assert gunicorn.poll() is None and _gunicorn_workers(gunicorn.pid) == workers_before
        assert after_restart and set(after_restart) <= {200, 302}, f"{after_restart}\n{log[-6000:]}"
        assert any(r[0] > back_at and r[3].startswith("POST") and r[4] == 302 for r in results)
        # Nothing acknowledged lost, nothing doubled.
        assert acknowledged
        missing = [title for title in acknowledged if stored.get(title) != 1]
        assert not missing, f"acknowledged but not stored exactly once: {missing[:10]}"
        assert all(count == 1 for count in tokens.values()) and len(tokens) == len(acknowledged)
        assert all(count == 1 for count in stored.values()), [t for t, c in stored.items() if c > 1]
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        cluster.remove()
