from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KalenderConfig(AppConfig):
    name = "satupintu.kalender"
    label = "kalender"
    verbose_name = _("Kalender hari kerja")
