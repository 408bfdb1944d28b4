"""Messages of the treasury service, registered in the platform's message registry (called from KeuanganConfig.ready)."""

from django.utils.translation import gettext_lazy as _

EVENT_RETURNED = "keuangan.returned"
EVENT_ISSUED = "keuangan.issued"


def register() -> None:
    from satupintu.notifikasi.registry import register_template

    register_template(
        event=EVENT_RETURNED,
        subject=_("SPM %(spm_number)s dikembalikan oleh BUD"),
        body=_(
            "SPM %(spm_number)s (%(agency)s, %(amount)s) dikembalikan oleh BUD. Alasan: %(reason)s. Perbaiki lalu "
            "kirim ulang; jam layanan berhenti sampai SPM dikirim ulang. %(link)s"
        ),
        whatsapp_template="satupintu_status_update",
        whatsapp_params=("spm_number", "status"),
    )
    register_template(
        event=EVENT_ISSUED,
        subject=_("SP2D %(sp2d_number)s terbit"),
        body=_(
            "SP2D %(sp2d_number)s untuk SPM %(spm_number)s (%(agency)s, %(amount)s) telah terbit dalam %(minutes)s "
            "menit jam kerja dan diteruskan ke bank. %(link)s"
        ),
        whatsapp_template="satupintu_status_update",
        whatsapp_params=("sp2d_number", "status"),
    )
