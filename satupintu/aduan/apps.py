from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AduanConfig(AppConfig):
    name = "satupintu.aduan"
    label = "aduan"
    verbose_name = _("Aduan masyarakat")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    # The list page leads to the form ("Sampaikan laporan") and to tracking; one entry keeps a phone's menu short.
    # A context: the plain "Aduan" is notifikasi's singular column label ("Complaint"); the menu names the service.
    public_nav: tuple = ((pgettext_lazy("menu layanan aduan", "Aduan"), "aduan:list"),)
    # Every staff role has a queue; the regent's late dashboard is linked from the queue page (other roles get 403).
    staff_nav: tuple = ((_("Antrean aduan"), "aduan:queue_home"),)
    # Figures per village for the regency portal (desa.selectors.village_statistics): name -> function(year=...).
    village_statistics: dict = {"complaints": "satupintu.aduan.selectors.complaint_count_by_village"}

    def ready(self) -> None:
        from satupintu.core import periodic
        from satupintu.organisasi.models import Agency
        from satupintu.wilayah.models import District, Village

        from . import alerts, channels, notifications
        from .filters import choices_memo
        from .models import AduanSettings, Category
        from .models.related import settings_memo
        from .tasks import aduan_alert_digest_task, aduan_sweep_task

        notifications.register()
        channels.register()  # WhatsApp, inbound mail and social media become reports (notifikasi hands them over)
        # Hourly: escalation levels change once a day, but a missed run (server down at night) is caught up soon.
        periodic.register(name="aduan.sweep", task=aduan_sweep_task, every=timedelta(hours=1))
        # Daily digests of area alerts: each alert is due a day after its last one, so an hourly run spreads them.
        periodic.register(name="aduan.alert_digest", task=aduan_alert_digest_task, every=timedelta(hours=1))
        alerts.register_templates()
        settings_memo.clear_on_change(AduanSettings, settings=True)
        # The filter and intake forms' choices and rows (filters.py); a test's rollback reuses ids, so the root
        # conftest clears every memo between tests.
        choices_memo.clear_on_change(Category, Agency, District, Village)
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_db_objects, sender=self, dispatch_uid="aduan.ensure_db_objects")


def _ensure_db_objects(sender, using="default", **kwargs) -> None:
    """Put back the full-text and map triggers if a table rebuild dropped them (dbsql.py)."""
    from django.db import connections

    from .dbsql import ensure_objects

    ensure_objects(connections[using])
