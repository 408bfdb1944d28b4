from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PpidConfig(AppConfig):
    name = "satupintu.ppid"
    label = "ppid"
    verbose_name = _("PPID (informasi publik)")
    # Links in the site navigation: (label, url name). Only names that resolve are shown.
    public_nav: tuple = ((_("Informasi Publik"), "ppid:index"), (_("Daftar Informasi Publik"), "ppid:dip_list"),
                          (_("Arsip jawaban"), "ppid:archive_list"))
    staff_nav: tuple = (
        (_("PPID: antrean permohonan"), "ppid:staff_queue"),
        (_("PPID: buku register"), "ppid:register"),
        (_("PPID: laporan tahunan"), "ppid:report"),
        (_("PPID: daftar informasi publik"), "ppid:dip_manage"),
    )

    def ready(self) -> None:
        from satupintu.aduan.handoffs import handoff_register
        from satupintu.core.periodic import register

        from . import notifications
        from .models import ArchiveEntry, InfoRequest
        from .selectors import archive_memo
        from .services import info_request_from_complaint
        from .tasks import flag_late_requests

        archive_memo.clear_on_change(ArchiveEntry, InfoRequest)
        notifications.register_templates()
        # A complaint that asks for information becomes a request here; aduan does not import ppid.
        handoff_register(kind="info_request", receiver=info_request_from_complaint)
        register(name="ppid.flag_late_requests", task=flag_late_requests, every=timedelta(hours=1))
        from django.db.models.signals import post_migrate

        post_migrate.connect(_ensure_db_objects, sender=self, dispatch_uid="ppid.ensure_db_objects")


def _ensure_db_objects(sender, using="default", **kwargs) -> None:
    """Put back the archive's full-text triggers if a table rebuild dropped them (dbsql.py)."""
    from django.db import connections

    from .dbsql import ensure_objects

    ensure_objects(connections[using])
