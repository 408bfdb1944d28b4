from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpidConfig(AppConfig):
    name = "satupintu.ppid"
    label = "ppid"
    verbose_name = _("PPID (informasi publik)")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ()
    staff_nav: tuple = ()
