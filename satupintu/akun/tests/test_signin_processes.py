"""The sign-in lock is one for every process: two gunicorn servers over one database, failures split between
them, and both refuse the right password once the account's limit is reached (django-axes counts in the database).
The servers share a copy of the migrated database (conftest.py's `migrated_database`): a SQLite file or, on PostgreSQL
(DATABASE_URL), a database of their own beside the test database."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Sandi-yang-benar-42"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _try(client: httpx.Client, password: str) -> httpx.Response:
    page = client.get("/akun/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return client.post(
        "/akun/masuk/", data={"csrfmiddlewaretoken": token, "username": "kepala", "password": password}
    )


@pytest.fixture
def two_servers(migrated_database, tmp_path):
    database_url = migrated_database.copy("signin_processes", tmp_path)  # conftest.py: a migrated database
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.dev",
        "SATUPINTU_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
        "DATABASE_URL": database_url,
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("REDIS_URL", None)  # the lock must not need a shared cache
    python = sys.executable
    subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            f"from satupintu.akun.models import User; User.objects.create_user('kepala', password='{PASSWORD}', role='regent')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    servers = []
    for _ in range(2):
        port = _free_port()
        proc = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "satupintu.config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        servers.append((proc, f"http://127.0.0.1:{port}"))
    try:
        for proc, url in servers:
            _wait(f"{url}/healthz", proc)
        yield [url for _, url in servers]
    finally:
        for proc, _ in servers:
            proc.terminate()
        for proc, _ in servers:
            proc.wait(timeout=20)
        migrated_database.drop(database_url)


def test_one_lock_across_processes(two_servers):
    first, second = (httpx.Client(base_url=url, timeout=20) for url in two_servers)
    with first, second:
        assert [_try(first, "salah").status_code for _ in range(3)] == [200, 200, 200]
        assert _try(second, "salah").status_code == 200
        locked = _try(second, "salah")
        assert locked.status_code == 429, "the fifth failure, counted across both processes, locks"
        assert "Akun dikunci sampai" in locked.text
        for client in (first, second):
            response = _try(client, PASSWORD)
            assert response.status_code == 429 and "sessionid" not in response.cookies
