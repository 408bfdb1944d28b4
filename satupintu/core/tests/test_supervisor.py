"""`make run` (issue 13, bug 12): the supervisor stops the server, the worker and the scheduler — and whatever they
started — on Ctrl-C or when one of them dies; nothing is left running."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from satupintu.core.management.commands.run_dev import Command

# A program that starts a grandchild (as runserver's autoreloader does) and prints both pids.
WITH_GRANDCHILD = textwrap.dedent("""
    import subprocess, sys, time
    g = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    print(f"pids {__import__('os').getpid()} {g.pid}", flush=True)
    time.sleep(120)
""")
# Long enough for the other program to start and print its pids on a loaded machine before this one dies.
DIES = "import sys, time; time.sleep(6); sys.exit(3)"

SUPERVISE = textwrap.dedent("""
    import sys
    from satupintu.core.supervisor import Program, Supervisor
    programs = [Program(f"p{i}", [sys.executable, "-c", code]) for i, code in enumerate(sys.argv[1:])]
    sys.exit(Supervisor(programs, grace=2).run())
""")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie not yet reaped by init counts as gone
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _start(*codes: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", SUPERVISE, *codes], stdout=subprocess.PIPE, text=True,
                            cwd=os.getcwd(), env={**os.environ, "PYTHONUNBUFFERED": "1"})


def _read_pairs(proc: subprocess.Popen, programs: int) -> list[tuple[int, int]]:
    """(program pid, grandchild pid) of each program that starts a grandchild."""
    pairs: list[tuple[int, int]] = []
    deadline = time.monotonic() + 60  # a wait, not a target: a loaded CI machine starts three interpreters slowly
    while len(pairs) < programs and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if m := re.match(r"pids (\d+) (\d+)", line):
            pairs.append((int(m[1]), int(m[2])))
    return pairs


def _read_pids(proc: subprocess.Popen, expected: int) -> set[int]:
    return {pid for pair in _read_pairs(proc, expected // 2) for pid in pair}


def _wait_gone(pids: set[int], seconds: float = 10) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return {p for p in pids if _alive(p)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_ctrl_c_stops_every_program_and_what_they_started():
    proc = _start(WITH_GRANDCHILD, WITH_GRANDCHILD, WITH_GRANDCHILD)
    pids = _read_pids(proc, 6)
    assert len(pids) == 6 and all(_alive(p) for p in pids)
    proc.send_signal(signal.SIGINT)  # what the terminal sends on Ctrl-C
    assert proc.wait(timeout=15) == 0
    assert _wait_gone(pids) == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_one_program_dying_stops_the_others_with_its_code():
    proc = _start(WITH_GRANDCHILD, DIES)
    pids = _read_pids(proc, 2)
    assert len(pids) == 2
    assert proc.wait(timeout=40) == 3
    assert _wait_gone(pids) == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")
def test_killing_the_supervisor_outright_leaves_no_program_behind():
    proc = _start(WITH_GRANDCHILD)
    [(child, grandchild)] = _read_pairs(proc, 1)
    proc.kill()  # SIGKILL: no chance to clean up; the children get SIGTERM from the kernel (PR_SET_PDEATHSIG)
    proc.wait(timeout=10)
    assert _wait_gone({child}) == set()
    if _alive(grandchild):  # not the supervisor's to stop once its parent is gone (runserver stops its own)
        os.kill(grandchild, signal.SIGKILL)


def test_make_run_starts_server_worker_and_scheduler(monkeypatch):
    started = {}

    class FakeSupervisor:
        def __init__(self, programs, **kwargs):
            started.update({p.name: list(p.argv) for p in programs})
            started["env"] = kwargs.get("env") or {}

        def run(self):
            return 0

    monkeypatch.setattr("satupintu.core.management.commands.run_dev.Supervisor", FakeSupervisor)
    Command().handle(addrport="127.0.0.1:8123", no_scheduler=False)
    assert started["web"][-2:] == ["runserver", "127.0.0.1:8123"]
    assert started["worker"][-1] == "db_worker" and started["scheduler"][-1] == "run_scheduler"
    assert started["env"]["PYTHONUNBUFFERED"] == "1"
