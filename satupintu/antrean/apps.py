from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntreanConfig(AppConfig):
    name = "satupintu.antrean"
    label = "antrean"
    verbose_name = _("Antrean dan reservasi")
    staff_nav: tuple = (
        (_("Loket antrean"), "antrean:desk", ("queue_manager", "queue_officer", "regency_admin", "regent")),
        (_("Statistik antrean"), "antrean:stats", ("queue_manager", "regency_admin", "regent")),
    )

    def ready(self) -> None:
        from satupintu.core import periodic
        from satupintu.wilayah.models import District

        from . import notifications
        from .models import ClosedDay, Doctor, Service, ServicePoint, Session
        from .selectors import bookable_memo
        from .services import closed_days_memo, districts_memo
        from .tasks import antrean_sweep_task

        districts_memo.clear_on_change(District)
        closed_days_memo.clear_on_change(ClosedDay)
        bookable_memo.clear_on_change(ServicePoint, Service, Session, Doctor)
        notifications.register()
        # Hourly: a reminder goes out the day before; a missed run (server down) is caught up within the hour.
        periodic.register(name="antrean.sweep", task=antrean_sweep_task, every=timedelta(hours=1))
