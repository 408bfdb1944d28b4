import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from satupintu.core.models import PeriodicRun
from satupintu.core.periodic import jobs


def enqueue_due(now=None) -> list[str]:
    """Enqueue every registered job whose interval has passed. Safe with several schedulers running."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        with transaction.atomic():
            PeriodicRun.objects.get_or_create(name=job.name)
            run = PeriodicRun.objects.select_for_update().get(name=job.name)
            if run.last_enqueued_at and now - run.last_enqueued_at < job.every:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            transaction.on_commit(job.task.enqueue)
            enqueued.append(job.name)
    return enqueued


class Command(BaseCommand):
    help = "Mengantrekan tugas berkala (eskalasi, penutupan otomatis, ...) sesuai jadwalnya."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Jalankan satu putaran lalu berhenti.")
        parser.add_argument("--interval", type=int, default=30, help="Detik antar putaran.")

    def handle(self, *args, once=False, interval=30, **options):
        while True:
            names = enqueue_due()
            if names:
                self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} enqueued: {', '.join(names)}")
            if once:
                return
            time.sleep(interval)
