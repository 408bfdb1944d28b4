from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpidConfig(AppConfig):
    name = "satupintu.ppid"
    label = "ppid"
    verbose_name = _("PPID (informasi publik)")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ((_("Informasi Publik"), "ppid:index"), (_("Daftar Informasi Publik"), "ppid:dip_list"))
    staff_nav: tuple = (
        (_("PPID: antrean permohonan"), "ppid:staff_queue"),
        (_("PPID: buku register"), "ppid:register"),
        (_("PPID: laporan tahunan"), "ppid:report"),
        (_("PPID: daftar informasi publik"), "ppid:dip_manage"),
    )

    def ready(self) -> None:
        from satupintu.core.periodic import register

        from . import notifications
        from .tasks import flag_late_requests

        notifications.register_templates()
        register(name="ppid.flag_late_requests", task=flag_late_requests, every=timedelta(hours=1))
