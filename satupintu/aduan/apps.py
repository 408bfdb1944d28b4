from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AduanConfig(AppConfig):
    name = "satupintu.aduan"
    label = "aduan"
    verbose_name = _("Aduan masyarakat")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ((_("Aduan"), "aduan:list"), (_("Lapor"), "aduan:submit"))
    staff_nav: tuple = ((_("Antrean aduan"), "aduan:queue_home"), (_("Aduan terlambat per OPD"), "aduan:late_dashboard"))

    def ready(self) -> None:
        from satupintu.core import periodic

        from . import notifications
        from .tasks import aduan_sweep_task

        notifications.register()
        # Hourly: escalation levels change once a day, but a missed run (server down at night) is caught up soon.
        periodic.register(name="aduan.sweep", task=aduan_sweep_task, every=timedelta(hours=1))
