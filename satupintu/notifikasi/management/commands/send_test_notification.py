from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.crypto import get_random_string

from satupintu.core.phones import normalize_phone
from satupintu.notifikasi.services import Recipient, notify


class Command(BaseCommand):
    help = "Mengantrekan pesan uji (peristiwa notifikasi.test) ke nomor WhatsApp dan/atau email, untuk memeriksa konfigurasi."

    def add_arguments(self, parser):
        parser.add_argument("--phone", default="", help="Nomor WhatsApp, mis. 0812 3456 7890.")
        parser.add_argument("--email", default="", help="Alamat email.")
        parser.add_argument("--name", default="Petugas", help="Nama penerima.")

    def handle(self, *args, phone="", email="", name="Petugas", **options):
        if phone and not normalize_phone(phone):
            raise CommandError("Nomor WhatsApp tidak valid. Contoh: 0812 3456 7890.")
        if not (phone or email):
            raise CommandError("Isi --phone dan/atau --email.")
        with transaction.atomic():
            rows = notify(
                event="notifikasi.test",
                recipients=[Recipient(name=name, phone=phone, email=email)],
                context={"name": name, "site": getattr(settings, "SATUPINTU_SITE_NAME", "Satu Pintu")},
                key=f"uji-manual:{get_random_string(12)}",
            )
        for row in rows:
            self.stdout.write(f"#{row.pk} {row.get_channel_display()} → {row.address}: {row.get_status_display()}")
        if not rows:
            self.stdout.write("Tidak ada pesan dibuat (alamat berhenti berlangganan?).")
