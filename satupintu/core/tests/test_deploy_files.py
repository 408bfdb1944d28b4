"""The deployment files (deploy/): where no container engine runs, CI checks what can be checked without one —
the compose file's structure, the image's shape, nginx's private location and the systemd units."""

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"
LONG_RUNNING = {"db", "replica", "redis", "app", "worker", "outbox", "scheduler", "proxy"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_starts_the_whole_platform_with_health_checks_and_volumes(compose):
    services = compose["services"]
    assert LONG_RUNNING <= set(services)
    for name in LONG_RUNNING:
        assert "healthcheck" in services[name], f"{name} has no health check"
        assert services[name].get("restart") == "unless-stopped", name
    for name, service in services.items():
        image = service.get("image", "")
        if image and not image.startswith("${"):
            assert re.search(r":\d", image), f"{name}: image {image} is not pinned to a version"
    assert {"db", "replica", "media", "private", "static"} <= set(compose["volumes"])
    app = services["app"]["environment"]
    assert app["DATABASE_URL"].split("@")[1].startswith("db:")
    assert app["DATABASE_REPLICA_URL"].split("@")[1].startswith("replica:")
    assert app["REDIS_URL"].startswith("redis://redis:")
    assert app["OUTBOX_DELIVERY"] == "senders"  # the outbox service sends: no task per message


def test_every_command_the_services_run_exists(compose):
    commands = get_commands()
    for name, service in compose["services"].items():
        command = service.get("command")
        if isinstance(command, list) and command[:2] == ["python", "manage.py"]:
            assert command[2] in commands, f"{name} runs an unknown command {command[2]}"


def test_the_image_is_multi_stage_pinned_and_unprivileged():
    text = (DEPLOY / "Dockerfile").read_text()
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\w+))?", text, re.M)
    assert len(stages) >= 2
    base = re.search(r"^ARG PYTHON_IMAGE=(\S+)", text, re.M).group(1)
    assert re.fullmatch(r"python:3\.1[1-9]\.\d+-slim-\w+", base), base
    final = text[text.rindex("\nFROM "):]
    assert re.search(r"^USER (?!root)\w+", final, re.M), "the runtime stage must not run as root"
    assert "HEALTHCHECK" in final and "/healthz" in final
    assert "build-essential" not in final, "no compiler in the runtime image"


def test_private_files_leave_only_through_an_internal_nginx_location():
    nginx = (DEPLOY / "nginx.conf").read_text()
    assert nginx.count("{") == nginx.count("}")
    block = re.search(r"location /_private/ \{(.*?)\}", nginx, re.S).group(1)
    assert re.search(r"^\s*internal;", block, re.M)
    alias = re.search(r"alias (\S+);", block).group(1)
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert f"PRIVATE_MEDIA_ROOT={alias.rstrip('/')}" in dockerfile
    compose = (DEPLOY / "compose.yaml").read_text()
    assert "PRIVATE_FILES_ACCEL_PREFIX: /_private/" in compose


@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").glob("*.service")))
def test_systemd_units(unit):
    path = DEPLOY / "systemd" / unit
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    assert {"Unit", "Service", "Install"} <= set(parser.sections())
    start = parser["Service"]["ExecStart"]
    assert start.startswith("/srv/satupintu/.venv/bin/")
    if "manage.py" in start:
        assert start.split("manage.py")[1].split()[0] in get_commands()
    assert parser["Service"]["User"] != "root"
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True)
        problems = [line for line in (result.stdout + result.stderr).splitlines()
                    if line.strip() and "is not executable" not in line and "No such file" not in line]
        assert not problems, problems
