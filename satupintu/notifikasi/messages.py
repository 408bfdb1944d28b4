"""The generic messages of the channels app itself. Apps register their own in their AppConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from .registry import register_template


def register() -> None:
    register_template(
        event="notifikasi.test",
        subject=_("Pesan uji dari %(site)s"),
        body=_("Halo %(name)s, ini pesan uji dari %(site)s. Jika Anda menerimanya, kanal ini berfungsi."),
        whatsapp_template="satupintu_pesan_uji",
        whatsapp_params=("name",),
    )
    register_template(
        event="notifikasi.whatsapp_reply",
        subject=_("Balasan %(site)s"),
        body=_("%(text)s"),
    )
    register_template(
        event="notifikasi.email_rejected",
        subject=_("Email Anda belum dapat kami proses"),
        body=_(
            "Email Anda dengan subjek \"%(subject)s\" belum dapat kami jadikan aduan: %(reason)s "
            "Silakan kirim ulang ke %(complaints_email)s atau gunakan formulir di %(site_url)s."
        ),
    )
    register_template(
        event="notifikasi.complaint_code",
        subject=_("Laporan Anda tercatat: %(code)s"),
        body=_(
            "Terima kasih. Laporan Anda sudah kami terima di %(site)s dengan kode lacak %(code)s. "
            "Simpan kode ini untuk menanyakan perkembangannya."
        ),
    )
