"""Messages of civil registration to the family (registered from AdmindukConfig.ready). Which step sends which is
declared in workflow.py; every message carries the tracking code and the family's secret link, where the documents
can be downloaded once registered. No message names the baby, the deceased or any NIK."""

from django.utils.translation import gettext_lazy as _

from .workflow import EVENT_DECLARED, EVENT_HANDED_OVER, EVENT_REGISTERED, EVENT_RETURNED

STATUS_TEMPLATE = "satupintu_status_update"


def register() -> None:
    from satupintu.notifikasi.registry import register_template

    register_template(
        event=EVENT_DECLARED,
        subject=_("Pengurusan %(kind)s %(code)s sudah dilaporkan"),
        body=_("Pengurusan %(kind)s Anda sudah dilaporkan ke Disdukcapil dengan kode %(code)s, tanpa biaya. Ikuti "
               "prosesnya dan unduh dokumennya nanti di tautan rahasia ini (jangan dibagikan): %(url)s"),
        whatsapp_template="satupintu_aduan_diterima", whatsapp_params=("code", "url"),
    )
    register_template(
        event=EVENT_RETURNED,
        subject=_("Pengurusan %(kind)s %(code)s perlu diperbaiki"),
        body=_("Disdukcapil mengembalikan laporan %(code)s kepada petugas untuk diperbaiki: %(reason)s. Petugas akan "
               "menghubungi Anda bila perlu. Status: %(url)s"),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
    register_template(
        event=EVENT_REGISTERED,
        subject=_("Dokumen %(code)s sudah terbit"),
        body=_("%(kind)s untuk laporan %(code)s sudah dicatat dan ditandatangani. Petugas akan menyerahkannya kepada "
               "Anda; Anda juga dapat mengunduhnya di %(url)s. Tidak dipungut biaya."),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
    register_template(
        event=EVENT_HANDED_OVER,
        subject=_("Dokumen %(code)s sudah diserahkan"),
        body=_("Dokumen untuk laporan %(code)s sudah diserahkan. Salinan PDF dapat diunduh kapan saja di tautan rahasia "
               "ini: %(url)s. Tidak dipungut biaya."),
        whatsapp_template=STATUS_TEMPLATE, whatsapp_params=("code", "status"),
    )
