from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AkunConfig(AppConfig):
    name = "satupintu.akun"
    label = "akun"
    verbose_name = _("Akun dan peran")

    def ready(self):
        from . import signals  # noqa: F401 - connects the sign-in audit
