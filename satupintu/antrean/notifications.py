"""Messages of the queue service to the citizen (registered from AntreanConfig.ready). Which step sends which is
declared in workflow.py; each carries the booking code, the number, the time and the secret link (cancel, move,
print). No message carries the NIK."""

from django.utils.translation import gettext_lazy as _

from .workflow import EVENT_BOOKED, EVENT_CANCELLED, EVENT_MOVED, EVENT_REMINDER

STATUS_TEMPLATE = "satupintu_status_update"


def register() -> None:
    from satupintu.notifikasi.registry import register_template

    register_template(
        event=EVENT_BOOKED,
        subject=_("Pesanan antrean %(code)s: nomor %(number)s"),
        body=_("Pesanan antrean %(service)s di %(point)s tercatat: kode %(code)s, nomor %(number)s, %(date)s, perkiraan "
               "dilayani pukul %(time)s. Tunjukkan kode di anjungan saat tiba. Batalkan atau pindah jadwal di tautan "
               "rahasia ini (jangan dibagikan): %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
    register_template(
        event=EVENT_MOVED,
        subject=_("Pesanan antrean %(code)s dipindah"),
        body=_("Pesanan antrean %(code)s dipindah ke %(date)s, nomor %(number)s, perkiraan dilayani pukul %(time)s. "
               "Rincian: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
    register_template(
        event=EVENT_CANCELLED,
        subject=_("Pesanan antrean %(code)s dibatalkan"),
        body=_("Pesanan antrean %(code)s (%(service)s, %(date)s) sudah dibatalkan dan kursinya dilepas untuk orang "
               "lain."),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
    register_template(
        event=EVENT_REMINDER,
        subject=_("Pengingat: antrean %(code)s besok"),
        body=_("Pengingat: besok, %(date)s, Anda terdaftar di %(service)s, %(point)s, nomor %(number)s, perkiraan "
               "pukul %(time)s. Tunjukkan kode %(code)s di anjungan. Berhalangan? Batalkan di %(url)s agar kursinya "
               "dapat dipakai orang lain."),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
