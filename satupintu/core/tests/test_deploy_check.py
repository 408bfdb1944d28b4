"""Issue 12 finding 12: `manage.py check --deploy` with the production settings is clean apart from the warnings the
README's Security section accepts ("Exports, personal data in URLs, headers")."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# The accepted warnings, each documented in README.md: HSTS preload is an opt-in (SECURE_HSTS_PRELOAD=1), since
# leaving the browsers' preload list takes months; SSL redirect and HSTS may be left to the reverse proxy.
ACCEPTED_DEFAULT = {"security.W021"}
ACCEPTED_BEHIND_PROXY = {"security.W004", "security.W008", "security.W021"}


def _check_deploy(tmp_path, **extra: str) -> tuple[set[str], str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
                                                            "SECURE_HSTS_PRELOAD",
                                                            "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # set by the test run
    env.update({
        "DJANGO_SETTINGS_MODULE": "satupintu.config.settings.production",
        "SECRET_KEY": "k7#Qz" * 12,  # 60 characters, varied enough for security.W009
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "SATUPINTU_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "layanan.example.go.id",
        "CSRF_TRUSTED_ORIGINS": "https://layanan.example.go.id",
        **extra,
    })
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "CRITICAL"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    return set(re.findall(r"\(([a-z_]+\.[EWCI]\d+)\)", output)), output


@pytest.mark.timeout(240)
def test_check_deploy_is_clean_apart_from_the_documented_warnings(tmp_path):
    ids, output = _check_deploy(tmp_path)
    assert ids <= ACCEPTED_DEFAULT, output
    ids, output = _check_deploy(tmp_path, SECURE_HSTS_PRELOAD="1")
    assert ids == set(), output


@pytest.mark.timeout(240)
def test_check_deploy_behind_a_proxy_that_redirects_and_sets_hsts(tmp_path):
    ids, output = _check_deploy(tmp_path, SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert ids <= ACCEPTED_BEHIND_PROXY, output


def test_the_accepted_warnings_are_documented():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Exports, personal data in URLs, headers", 1)[1].split("\n### ", 1)[0]
    for warning in ACCEPTED_BEHIND_PROXY:
        assert warning in section, warning
