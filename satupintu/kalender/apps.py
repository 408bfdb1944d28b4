from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KalenderConfig(AppConfig):
    name = "satupintu.kalender"
    label = "kalender"
    verbose_name = _("Kalender hari kerja")
    staff_nav = ((_("Hari libur"), "kalender:holidays"),)

    def ready(self) -> None:
        from . import services
        from .models import Holiday

        # The memo of admin-added holidays must never outlive a change (see services module docstring).
        services.admin_rows_memo.clear_on_change(Holiday, settings=True)
