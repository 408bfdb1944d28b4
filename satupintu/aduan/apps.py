from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AduanConfig(AppConfig):
    name = "satupintu.aduan"
    label = "aduan"
    verbose_name = _("Aduan masyarakat")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ()
    staff_nav: tuple = ()
