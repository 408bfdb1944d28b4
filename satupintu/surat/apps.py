from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuratConfig(AppConfig):
    name = "satupintu.surat"
    label = "surat"
    verbose_name = _("Surat keterangan")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ()
    staff_nav: tuple = ()
