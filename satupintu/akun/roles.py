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
    # Civil registration (adminduk): the health facility declares, Disdukcapil verifies and registers.
    FACILITY_OFFICER = "facility_officer", _("Petugas fasilitas kesehatan")
    CAPIL_VERIFIER = "capil_verifier", _("Verifikator Disdukcapil")
    CAPIL_REGISTRAR = "capil_registrar", _("Pejabat pencatatan sipil")
    # School admission (spmb).
    EDUCATION_OFFICER = "education_officer", _("Petugas dinas pendidikan")
    SCHOOL_OPERATOR = "school_operator", _("Operator sekolah")
    # Regional treasury (keuangan): the agency's treasurer and PPK-SKPD (the head of agency, PA/KPA, is OPD_HEAD),
    # the treasury's verifier, Kuasa BUD and BUD.
    TREASURER = "treasurer", _("Bendahara pengeluaran")
    PPK_SKPD = "ppk_skpd", _("PPK-SKPD")
    TREASURY_VERIFIER = "treasury_verifier", _("Verifikator SP2D")
    KUASA_BUD = "kuasa_bud", _("Kuasa BUD")
    BUD = "bud", _("Bendahara Umum Daerah")
    # The regency portal (portal): Diskominfo's Media Center editors, each agency's site editor, the cooperatives
    # office's UMKM officer who registers businesses in the e-mall.
    MEDIA_EDITOR = "media_editor", _("Editor Media Center")
    AGENCY_EDITOR = "agency_editor", _("Editor situs OPD")
    UMKM_OFFICER = "umkm_officer", _("Petugas UMKM")
    # Queues and reservations (antrean): the manager of a service point (hospital, service hall) and the officer at
    # a counter or clinic.
    QUEUE_MANAGER = "queue_manager", _("Pengelola antrean")
    QUEUE_OFFICER = "queue_officer", _("Petugas loket")


VILLAGE_ROLES = frozenset({Role.VILLAGE_OPERATOR, Role.VILLAGE_HEAD})
AGENCY_ROLES = frozenset({Role.OPD_ADMIN, Role.OPD_HEAD, Role.PPID_OFFICER})
REGENCY_WIDE_ROLES = frozenset({Role.REGENCY_ADMIN, Role.REGENT})
# The complaint/PPID/letter scopes above are NOT granted to the service roles below: each service app decides what
# they see in its own permissions.py. Service roles bound to an agency (Disdukcapil, Disdik, BPKAD, the agency's
# finance staff) carry `agency`; the facility officer and the school operator are bound to a place their app keeps.
AGENCY_SERVICE_ROLES = frozenset({
    Role.CAPIL_VERIFIER, Role.CAPIL_REGISTRAR, Role.EDUCATION_OFFICER,
    Role.TREASURER, Role.PPK_SKPD, Role.TREASURY_VERIFIER, Role.KUASA_BUD, Role.BUD,
    Role.MEDIA_EDITOR, Role.AGENCY_EDITOR, Role.UMKM_OFFICER, Role.QUEUE_MANAGER,
})
PLACE_SERVICE_ROLES = frozenset({Role.FACILITY_OFFICER, Role.SCHOOL_OPERATOR, Role.QUEUE_OFFICER})
SERVICE_ROLES = AGENCY_SERVICE_ROLES | PLACE_SERVICE_ROLES
COMPLAINT_STAFF_ROLES = VILLAGE_ROLES | AGENCY_ROLES | REGENCY_WIDE_ROLES
STAFF_ROLES = COMPLAINT_STAFF_ROLES | SERVICE_ROLES
