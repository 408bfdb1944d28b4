"""A tiny process supervisor for `make run`: the web server, the task worker and the scheduler side by side.

Each child runs in a process group of its own, so stopping it stops whatever it started too (runserver's
autoreloader runs the server in a grandchild). Ctrl-C or SIGTERM to the supervisor, or any child ending by itself,
stops every group: SIGTERM, then SIGKILL after `grace` seconds. On Linux a child also gets SIGTERM should the
supervisor itself be killed outright (PR_SET_PDEATHSIG), so no worker is left behind in any case.

Deliberately small and without dependencies (honcho/supervisord would do more, but need a Procfile or a config and
are one more thing for a new contributor to learn); production runs each process under systemd or the like.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Program:
    name: str
    argv: Sequence[str]


def _child_setup() -> None:  # pragma: no cover - runs in the child between fork and exec
    os.setpgrp()  # its own group: the terminal's Ctrl-C reaches the supervisor, which stops the groups in order
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass


class Supervisor:
    def __init__(self, programs: Sequence[Program], *, grace: float = 5.0, out=None, env: dict | None = None):
        self.programs = list(programs)
        self.grace = grace
        self.out = out or sys.stdout
        self.env = env
        self.children: dict[str, subprocess.Popen] = {}
        self._stopping = False

    def _say(self, text: str) -> None:
        print(f"[run] {text}", file=self.out, flush=True)

    def _on_signal(self, signum, _frame) -> None:
        self._stopping = True

    def start(self) -> None:
        for program in self.programs:
            child = subprocess.Popen(list(program.argv), preexec_fn=_child_setup, env=self.env)  # noqa: PLW1509, S603
            self.children[program.name] = child
            self._say(f"{program.name}: pid {child.pid}")

    def run(self) -> int:
        """Start every program and wait; returns 0 after Ctrl-C/SIGTERM, else the exit code of the first to die."""
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        code = 0
        try:
            self.start()
            while not self._stopping:
                for name, child in self.children.items():
                    status = child.poll()
                    if status is not None:
                        self._say(f"{name} berhenti (kode {status}); semua proses dihentikan.")
                        code = status or 1
                        self._stopping = True
                        break
                else:
                    time.sleep(0.2)
        finally:
            self.stop()
            for s, handler in previous.items():
                signal.signal(s, handler)
        return code

    def _signal_groups(self, sig: int) -> None:
        for child in self.children.values():
            try:
                os.killpg(child.pid, sig)
            except (ProcessLookupError, PermissionError):
                pass  # already gone

    def stop(self) -> None:
        """SIGTERM every group, wait up to `grace` seconds, SIGKILL what is left; reap every child."""
        if not self.children:
            return
        self._say("menghentikan semua proses ...")
        self._signal_groups(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while time.monotonic() < deadline and any(c.poll() is None for c in self.children.values()):
            time.sleep(0.05)
        self._signal_groups(signal.SIGKILL)  # grandchildren too, even when their parent has already left
        for child in self.children.values():
            child.wait()
        self._say("selesai.")
