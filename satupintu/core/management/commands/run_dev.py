"""`manage.py run_dev [addr:port]`: what `make run` starts — the web server, a task worker (sends WhatsApp and e-mail
notifications, runs sweeps) and the periodic scheduler, stopped together by Ctrl-C (see core/supervisor.py)."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from satupintu.core.supervisor import Program, Supervisor


class Command(BaseCommand):
    help = "Server pengembangan + pekerja tugas + penjadwal, dihentikan bersama dengan Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-scheduler", action="store_true", help="Tanpa penjadwal tugas berkala.")

    def handle(self, *args, addrport, no_scheduler, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        programs = [
            Program("web", [*manage, "runserver", addrport]),
            Program("worker", [*manage, "db_worker"]),
        ]
        if not no_scheduler:
            programs.append(Program("scheduler", [*manage, "run_scheduler"]))
        # Unbuffered: a notification printed by the worker shows in the terminal at once.
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.stdout.write(
            f"Satu Pintu: http://{addrport}  — pesan WhatsApp dan e-mail tampil di terminal ini. Ctrl-C menghentikan semua."
        )
        code = Supervisor(programs, env=env).run()
        if code:
            sys.exit(code)
