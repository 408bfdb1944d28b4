from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeuanganConfig(AppConfig):
    name = "satupintu.keuangan"
    label = "keuangan"
    verbose_name = _("Keuangan daerah (SP2D)")
    public_nav: tuple = ((_("Realisasi anggaran"), "keuangan:realisation"),)
    # (label, url name, roles): only the roles that work there see the link.
    staff_nav: tuple = (
        (_("SPP/SPM"), "keuangan:orders", ("treasurer", "ppk_skpd")),
        (_("Antrean SP2D"), "keuangan:queue", ("treasury_verifier", "kuasa_bud", "bud")),
        (_("Papan SP2D"), "keuangan:board", ("treasury_verifier", "kuasa_bud", "bud", "regent")),
    )

    def ready(self) -> None:
        from satupintu.organisasi.models import Agency

        from . import notifications, selectors, services
        from .models import BudgetLine, PaymentOrder

        notifications.register()
        services.treasury_memo.clear_on_change(Agency, settings=True)
        selectors.realisation_memo.clear_on_change(PaymentOrder, BudgetLine, Agency)
