import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Membangun data demo kabupaten (Serdang Bedagai): wilayah, OPD, akun per peran, penduduk, dan data layanan. "
        "Idempoten: menjalankannya dua kali tidak mengubah apa pun."
    )

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=500)

    def handle(self, *args, **options):
        # Each app may ship a `demo.py` with `seed(*, stdout, options)`; apps run in INSTALLED_APPS order so the
        # foundation (regions, agencies, accounts) exists before the services that stand on it.
        for config in apps.get_app_configs():
            if not config.name.startswith("satupintu."):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{config.name}.demo":
                    continue
                raise
            with transaction.atomic():
                module.seed(stdout=self.stdout, options=options)
            self.stdout.write(self.style.SUCCESS(f"demo: {config.label} siap"))
