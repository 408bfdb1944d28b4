from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AntreanConfig(AppConfig):
    name = "satupintu.antrean"
    label = "antrean"
    verbose_name = _("Antrean dan reservasi")
