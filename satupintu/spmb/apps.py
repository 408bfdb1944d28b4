from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpmbConfig(AppConfig):
    name = "satupintu.spmb"
    label = "spmb"
    verbose_name = _("Penerimaan murid baru (SPMB)")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = (
        (_("Daftar sekolah (SPMB)"), "spmb:home"),
    )
    staff_nav: tuple = (
        (_("SPMB"), "spmb:staff_home", ("education_officer", "school_operator", "regency_admin")),
    )

    def ready(self) -> None:
        from . import notifications
        from .models import School, SchoolYear
        from .selectors import school_memo
        from .services import year_memo

        notifications.register()
        year_memo.clear_on_change(SchoolYear)
        school_memo.clear_on_change(School)
        from django.db.models.signals import m2m_changed

        m2m_changed.connect(school_memo.clear, sender=School.domicile_villages.through, weak=False,
                            dispatch_uid="memo-spmb-schools-area")
