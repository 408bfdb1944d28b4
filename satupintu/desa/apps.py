from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesaConfig(AppConfig):
    name = "satupintu.desa"
    label = "desa"
    verbose_name = _("Situs desa")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ((_("Desa"), "desa:portal"), (_("Lapak desa"), "desa:catalogue"))
    staff_nav: tuple = ((_("Situs desa"), "desa:staff"),)
