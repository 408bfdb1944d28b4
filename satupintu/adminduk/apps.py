from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmindukConfig(AppConfig):
    name = "satupintu.adminduk"
    label = "adminduk"
    verbose_name = _("Pencatatan sipil (akta kelahiran dan kematian)")
