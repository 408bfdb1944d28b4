from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifikasiConfig(AppConfig):
    name = "satupintu.notifikasi"
    label = "notifikasi"
    verbose_name = _("Notifikasi dan kanal")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ()
    staff_nav: tuple = ()
