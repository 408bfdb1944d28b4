from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import AGENCY_ROLES, AGENCY_SERVICE_ROLES, PLACE_SERVICE_ROLES, STAFF_ROLES, VILLAGE_ROLES, Role


class User(AbstractUser):
    """A person who signs in. One role, and the scope it works in: a village for village roles, an agency (OPD) for
    agency roles, the whole regency for the administrator and the regent."""

    role = models.CharField(_("peran"), max_length=32, choices=Role.choices, default=Role.CITIZEN, db_index=True)
    village = models.ForeignKey(
        "wilayah.Village", verbose_name=_("desa"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    agency = models.ForeignKey(
        "organisasi.Agency", verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    phone = models.CharField(_("nomor WhatsApp"), max_length=20, blank=True)
    language = models.CharField(_("bahasa"), max_length=8, default="id", choices=[("id", "Bahasa Indonesia"), ("en", "English")])

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def clean(self):
        super().clean()
        if self.role in VILLAGE_ROLES and not self.village_id:
            raise ValidationError({"village": _("Peran desa harus terikat pada satu desa.")})
        if self.role in (AGENCY_ROLES | AGENCY_SERVICE_ROLES) and not self.agency_id:
            raise ValidationError({"agency": _("Peran OPD harus terikat pada satu OPD.")})
        if self.role not in VILLAGE_ROLES and self.village_id and self.role != Role.CITIZEN:
            raise ValidationError({"village": _("Peran ini tidak terikat pada desa.")})
        if self.role not in (AGENCY_ROLES | AGENCY_SERVICE_ROLES | PLACE_SERVICE_ROLES) and self.agency_id:
            raise ValidationError({"agency": _("Peran ini tidak terikat pada OPD.")})

    @property
    def is_platform_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def scope_label(self) -> str:
        if self.role in VILLAGE_ROLES and self.village_id:
            return str(self.village)
        if self.role in (AGENCY_ROLES | AGENCY_SERVICE_ROLES) and self.agency_id:
            return str(self.agency)
        if self.role in (Role.REGENCY_ADMIN, Role.REGENT):
            return str(_("Seluruh kabupaten"))
        return str(_("Pribadi"))
