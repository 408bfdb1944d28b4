"""Messages of SPMB, registered in the platform's message registry (called from SpmbConfig.ready)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    try:
        from satupintu.notifikasi.registry import register_template
    except ImportError:
        return
    texts = {
        "spmb.submitted": (
            _("Pendaftaran SPMB %(number)s diterima"),
            _("Pendaftaran SPMB %(year)s dengan nomor %(number)s sudah kami terima dan menunggu verifikasi sekolah. "
              "Simpan tautan rahasia ini untuk mengikuti dan mengubahnya sampai diverifikasi: %(url)s"),
        ),
        "spmb.returned": (
            _("Pendaftaran SPMB %(number)s perlu diperbaiki"),
            _("Sekolah mengembalikan pendaftaran %(number)s: %(note)s. Perbaiki lewat tautan ini lalu kirim "
              "kembali: %(url)s"),
        ),
        "spmb.verified": (
            _("Pendaftaran SPMB %(number)s terverifikasi"),
            _("Berkas pendaftaran %(number)s sudah diverifikasi. Hasil seleksi diumumkan sesuai jadwal: %(url)s"),
        ),
        "spmb.result": (
            _("Hasil seleksi SPMB %(number)s"),
            _("Hasil seleksi pendaftaran %(number)s: %(status)s. Lihat rinciannya dan alasannya di sini: %(url)s"),
        ),
        "spmb.reregistered": (
            _("Daftar ulang SPMB %(number)s tercatat"),
            _("Daftar ulang pendaftaran %(number)s sudah tercatat. Selamat bergabung di sekolah baru."),
        ),
    }
    for event, (subject, body) in texts.items():
        register_template(event=event, subject=subject, body=body, whatsapp_template="satupintu_status_update",
                          whatsapp_params=("number", "status"))
