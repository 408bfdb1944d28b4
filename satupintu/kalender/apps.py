from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KalenderConfig(AppConfig):
    name = "satupintu.kalender"
    label = "kalender"
    verbose_name = _("Kalender hari kerja")
    staff_nav = ((_("Hari libur"), "kalender:holidays"),)

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django.test.signals import setting_changed

        from . import services
        from .models import Holiday

        # The memo of admin-added holidays must never outlive a change (see services module docstring).
        post_save.connect(services.clear_cache, sender=Holiday, dispatch_uid="kalender-holiday-saved")
        post_delete.connect(services.clear_cache, sender=Holiday, dispatch_uid="kalender-holiday-deleted")
        setting_changed.connect(services.clear_cache, dispatch_uid="kalender-setting-changed")
