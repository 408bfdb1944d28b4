from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendudukConfig(AppConfig):
    name = "satupintu.penduduk"
    label = "penduduk"
    verbose_name = _("Kependudukan")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ((_("Layanan mandiri"), "penduduk:mandiri_login"),)
    staff_nav: tuple = (
        (_("Data penduduk"), "penduduk:register"),
        (_("Impor data penduduk"), "penduduk:import"),
    )
