"""Messages of the letter service, registered in the platform's message registry (called from SuratConfig.ready)."""

from django.utils.translation import gettext_lazy as _

EVENT_READY = "surat.ready"


def register() -> None:
    try:
        from satupintu.notifikasi.registry import register_template
    except ImportError:
        return
    register_template(
        event=EVENT_READY,
        subject=_("Surat %(type)s siap diambil"),
        body=_(
            "Surat %(type)s Anda dengan nomor %(number)s sudah ditandatangani dan dapat diambil di kantor "
            "%(village)s pada jam kerja. Bawa KTP Anda."
        ),
        whatsapp_template="satupintu_status_update",
        whatsapp_params=("number", "status"),
    )
