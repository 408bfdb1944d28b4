import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _import_production(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(extra_env)
    env["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.production"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_refuses_to_start_without_secret_key():
    result = _import_production({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = _import_production({"SECRET_KEY": "x" * 50, "DEBUG": "1"})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_safe_settings():
    result = _import_production({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_healthz_checks_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_passwords_hashed_with_argon2_in_production_settings():
    from satupintu.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_explained_in_indonesian():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/akun/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()
