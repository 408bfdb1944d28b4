from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuratConfig(AppConfig):
    name = "satupintu.surat"
    label = "surat"
    verbose_name = _("Surat keterangan")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = (
        (_("Ajukan surat"), "surat:mandiri_home"),
        (_("Cek keaslian surat"), "surat:verify_lookup"),
    )
    staff_nav: tuple = (
        (_("Antrean surat"), "surat:queue"),
        (_("Statistik surat"), "surat:stats"),
        (_("Pengaturan surat desa"), "surat:settings"),
    )
    # Figures per village for the regency portal (desa.selectors.village_statistics): name -> function(year=...).
    village_statistics: dict = {"letters_issued": "satupintu.surat.selectors.letters_issued_count_by_village"}

    def ready(self) -> None:
        from . import notifications

        notifications.register()
