from django.core.management.base import BaseCommand

from satupintu.surat.services import letter_types_seed


class Command(BaseCommand):
    help = (
        "Memuat jenis surat bawaan (S-01, S-02, S-04, S-07, S-11, S-17, S-21, S-41, 500) yang belum ada. "
        "Idempoten: jenis surat yang sudah ada (dan mungkin sudah diubah) tidak disentuh."
    )

    def handle(self, *args, **options):
        created = letter_types_seed()
        self.stdout.write(self.style.SUCCESS(f"Jenis surat baru: {created}."))
