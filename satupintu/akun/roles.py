from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Warga")
    VILLAGE_OPERATOR = "village_operator", _("Operator desa")
    VILLAGE_HEAD = "village_head", _("Kepala desa")
    OPD_ADMIN = "opd_admin", _("Admin OPD")
    OPD_HEAD = "opd_head", _("Kepala OPD")
    PPID_OFFICER = "ppid_officer", _("Petugas PPID")
    REGENCY_ADMIN = "regency_admin", _("Administrator kabupaten")
    REGENT = "regent", _("Bupati")


VILLAGE_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.VILLAGE_HEAD})
AGENCY_ROLES = frozenset({Role.OPD_ADMIN, Role.OPD_HEAD, Role.PPID_OFFICER})
REGENCY_WIDE_ROLES = frozenset({Role.REGENCY_ADMIN, Role.REGENT})
STAFF_ROLES = VILLAGE_ROLES | AGENCY_ROLES | REGENCY_WIDE_ROLES
