from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BansosConfig(AppConfig):
    name = "satupintu.bansos"
    label = "bansos"
    verbose_name = _("Bantuan sosial")
    staff_nav: tuple = ((_("Bantuan sosial"), "bansos:home"),)
