from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmindukConfig(AppConfig):
    name = "satupintu.adminduk"
    label = "adminduk"
    verbose_name = _("Pencatatan sipil (akta kelahiran dan kematian)")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    # Staff links, limited to the roles whose work this is (others would be refused).
    staff_nav: tuple = (
        (_("Antrean pencatatan sipil"), "adminduk:queue",
         ("facility_officer", "capil_verifier", "capil_registrar", "regency_admin", "regent")),
        (_("Statistik pencatatan sipil"), "adminduk:stats",
         ("facility_officer", "capil_verifier", "capil_registrar", "regency_admin", "regent")),
    )

    def ready(self) -> None:
        from . import notifications

        notifications.register()
