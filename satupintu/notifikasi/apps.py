from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "satupintu.notifikasi"
    label = "notifikasi"
    verbose_name = _("Notifikasi dan kanal")
    # Links in the site navigation: (label, url name[, roles]). Only names that resolve are shown.
    public_nav: tuple = ()
    staff_nav: tuple = (
        (_("Kotak keluar"), "notifikasi:outbox", ("regency_admin",)),
        (_("Kandidat aduan medsos"), "notifikasi:candidates", ("regency_admin",)),
        (_("Tempel unggahan medsos/grup WA"), "notifikasi:candidate_new"),
    )

    def ready(self) -> None:
        from django.core import checks

        from satupintu.core import periodic, workflow

        from . import messages
        from .conf import check_outbox_delivery
        from .services import notify
        from .tasks import outbox_maintenance_task

        checks.register(check_outbox_delivery)
        messages.register()
        workflow.set_outbox(notify)  # the notices that workflows declare become outbox rows here
        periodic.register(name="notifikasi.outbox_maintenance", task=outbox_maintenance_task, every=timedelta(minutes=1))
