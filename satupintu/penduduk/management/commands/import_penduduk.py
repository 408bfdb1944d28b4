"""Import a register file from the civil registry (CSV or XLSX). See satupintu/penduduk/imports.py for the columns."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from satupintu.core.request_context import using
from satupintu.penduduk.imports import residents_import_path
from satupintu.wilayah.models import Village


class Command(BaseCommand):
    help = "Impor data penduduk dari berkas CSV/XLSX Disdukcapil (seluruh berkas diterapkan atau tidak sama sekali)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas .csv atau .xlsx")
        parser.add_argument("--village", help="kode desa (12.18.01.2001): hanya desa ini; KODE_DESA boleh kosong")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")

    def handle(self, *args, file, village=None, dry_run=False, **options):
        village_obj = None
        if village:
            village_obj = Village.objects.filter(pk=village).first()
            if village_obj is None:
                raise CommandError(f"Kode desa {village} tidak dikenal.")
        try:
            with using(channel="cli"):
                result = residents_import_path(path=file, village=village_obj, dry_run=dry_run)
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        for rejection in result.rejections:
            self.stdout.write(f"baris {rejection.line}: {rejection.nik or '-'}: {rejection.reason}")
        summary = (
            f"{result.total_rows} baris dibaca dalam {result.duration:.1f} detik: "
            f"{result.created} penduduk baru, {result.updated} diperbarui, {result.families_created} KK baru, "
            f"{len(result.rejections)} baris ditolak."
        )
        if result.rejections:
            self.stdout.write(summary)
            raise CommandError("Impor dibatalkan: tidak ada data yang disimpan. Perbaiki baris di atas lalu ulangi.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Pemeriksaan selesai, semua baris sah (tidak disimpan). {summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"Impor berhasil. {summary}"))
