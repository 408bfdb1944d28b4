from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendudukConfig(AppConfig):
    name = "satupintu.penduduk"
    label = "penduduk"
    verbose_name = _("Kependudukan")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ()
    staff_nav: tuple = ()
