"""Make a partner's API key: `manage.py api_key_create "Aplikasi Desa X" --scope aduan:tulis [--user NAME]`."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from satupintu.api.models import Scope
from satupintu.api.services import api_client_create


class Command(BaseCommand):
    help = "Membuat kunci API untuk aplikasi mitra (kunci ditampilkan sekali)."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scope", action="append", default=[], choices=Scope.values)
        parser.add_argument("--user", default="", help="akun petugas pemilik kunci (cakupan aduan:staf)")
        parser.add_argument("--contact", default="")
        parser.add_argument("--rate-limit", type=int, default=3600, help="permintaan per jam")

    def handle(self, *args, name, scope, user, contact, rate_limit, **options):
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"Akun {user!r} tidak ditemukan.")
        try:
            client, raw = api_client_create(name=name, scopes=scope, contact=contact, user=owner,
                                            rate_limit=rate_limit)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Klien #{client.pk} {client.name}, cakupan: {', '.join(client.scopes) or '-'}")
        self.stdout.write(f"Kunci API (simpan sekarang, tidak ditampilkan lagi): {raw}")
