from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeuanganConfig(AppConfig):
    name = "satupintu.keuangan"
    label = "keuangan"
    verbose_name = _("Keuangan daerah (SP2D)")
