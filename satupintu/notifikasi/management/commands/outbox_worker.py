import time

from django.core.management.base import BaseCommand

from satupintu.notifikasi.services import (
    outbox_claim_batch,
    outbox_recover_abandoned,
    outbox_resolve_in_doubt,
    outbox_send_claimed,
)


class Command(BaseCommand):
    help = (
        "Mengirim pesan kotak keluar secara langsung (tanpa antrean tugas): klaim sekelompok pesan yang jatuh tempo, "
        "kirim, ulangi. Alternatif lebih cepat dari db_worker untuk lalu lintas besar; boleh berjalan beberapa "
        "sekaligus. Sebelum mulai, pesan yang ditinggalkan pekerja mati dipulihkan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Kirim semua yang jatuh tempo sekarang, lalu berhenti.")
        parser.add_argument("--batch", type=int, default=50, help="Jumlah pesan per klaim.")
        parser.add_argument("--interval", type=float, default=1.0, help="Detik menunggu bila antrean kosong.")

    def handle(self, *args, once=False, batch=50, interval=1.0, **options):
        outbox_recover_abandoned()
        outbox_resolve_in_doubt()
        totals: dict[str, int] = {}
        while True:
            claimed = outbox_claim_batch(limit=batch)
            for message_id, token in claimed:
                outcome = outbox_send_claimed(message_id=message_id, token=token)
                totals[outcome] = totals.get(outcome, 0) + 1
            if not claimed:
                if once:
                    break
                time.sleep(interval)
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(totals.items())) or "tidak ada pesan jatuh tempo"
        self.stdout.write(summary)
