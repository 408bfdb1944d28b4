from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpmbConfig(AppConfig):
    name = "satupintu.spmb"
    label = "spmb"
    verbose_name = _("Penerimaan murid baru (SPMB)")
