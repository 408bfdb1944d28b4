import time

from django.core.management.base import BaseCommand

from satupintu.notifikasi.services import outbox_recover_abandoned, outbox_resolve_in_doubt, outbox_send_batch


class Command(BaseCommand):
    help = (
        "Mengirim pesan kotak keluar secara langsung (tanpa antrean tugas): klaim sekelompok pesan yang jatuh tempo, "
        "kirim bersamaan, catat sekaligus, ulangi. Untuk lalu lintas besar (pengumuman massal); boleh berjalan "
        "beberapa proses di beberapa mesin tanpa pesan terkirim dua kali. Sebelum mulai, pesan yang ditinggalkan "
        "pekerja mati dipulihkan."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Kirim semua yang jatuh tempo sekarang, lalu berhenti.")
        parser.add_argument("--batch", type=int, default=200, help="Jumlah pesan per klaim.")
        parser.add_argument("--concurrency", type=int, default=16,
                            help="Panggilan ke penyedia yang berjalan bersamaan dalam proses ini.")
        parser.add_argument("--interval", type=float, default=1.0, help="Detik menunggu bila antrean kosong.")

    def handle(self, *args, once=False, batch=200, concurrency=16, interval=1.0, **options):
        outbox_recover_abandoned()
        outbox_resolve_in_doubt()
        totals: dict[str, int] = {}
        while True:
            outcomes = outbox_send_batch(limit=batch, concurrency=concurrency)
            for outcome, n in outcomes.items():
                totals[outcome] = totals.get(outcome, 0) + n
            if not outcomes:
                if once:
                    break
                time.sleep(interval)
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(totals.items())) or "tidak ada pesan jatuh tempo"
        self.stdout.write(summary)
