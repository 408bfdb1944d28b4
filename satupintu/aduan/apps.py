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

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from satupintu.core import periodic

        from . import notifications
        from .models.related import clear_settings_memo
        from .tasks import aduan_sweep_task

        notifications.register()
        # Hourly: escalation levels change once a day, but a missed run (server down at night) is caught up soon.
        periodic.register(name="aduan.sweep", task=aduan_sweep_task, every=timedelta(hours=1))
        setting_changed.connect(clear_settings_memo, dispatch_uid="aduan_settings_memo")  # each test starts clean
        self._connect_choice_invalidation()

    def _connect_choice_invalidation(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from satupintu.organisasi.models import Agency
        from satupintu.wilayah.models import District, Village

        from .filters import clear_choices
        from .models import Category

        for model in (Category, Agency, District, Village):
            post_save.connect(clear_choices, sender=model, dispatch_uid=f"aduan_choices_save_{model.__name__}")
            post_delete.connect(clear_choices, sender=model, dispatch_uid=f"aduan_choices_delete_{model.__name__}")
