"""The layers of README "Layers": an app imports only the apps below it, also inside a function, and no two apps
import each other. The contract is import-linter's, in pyproject.toml ([tool.importlinter]); `lint-imports` runs it
by hand. Tests may reach across apps and are left out of the layers (not out of notifikasi's contract)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.import_graph import app_edges, circles

ROOT = Path(__file__).resolve().parent.parent
LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def _lint(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache"], cwd=project, capture_output=True, text=True, timeout=240,
        env={**os.environ, "PYTHONPATH": str(project)},
    )


def test_no_app_imports_an_app_above_it():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_circle_between_apps():
    assert circles(app_edges()) == []


def test_the_contract_fails_when_a_lower_app_imports_a_higher_one_even_inside_a_function(tmp_path):
    """The same contract over a copy of the code with two upward imports added, both inside functions."""
    shutil.copytree(ROOT / "satupintu", tmp_path / "satupintu",
                    ignore=shutil.ignore_patterns("locale", "static", "templates", "__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "satupintu" / "notifikasi" / "upward_probe.py").write_text(
        "def handle(message):\n    from satupintu.aduan.services import complaint_submit\n\n"
        "    return complaint_submit\n"
    )
    (tmp_path / "satupintu" / "core" / "upward_probe.py").write_text(
        "def label(user):\n    from satupintu.akun.roles import Role\n\n    return Role(user.role).label\n"
    )
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert "satupintu.notifikasi.upward_probe -> satupintu.aduan.services" in result.stdout
    assert "satupintu.core.upward_probe -> satupintu.akun.roles" in result.stdout
