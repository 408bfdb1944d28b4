"""Regions by Kemendagri code: province (PP) -> regency/city (PP.KK) -> district (PP.KK.CC) -> village (PP.KK.CC.DDDD).

Codes are the primary keys: they are what every register, NIK and decree uses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    class Kind(models.TextChoices):
        REGENCY = "kabupaten", _("Kabupaten")
        CITY = "kota", _("Kota")

    code = models.CharField(_("kode"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("provinsi"))
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.REGENCY)
    # False for codes of regencies that moved to another province (the old Papua codes): kept for NIKs, like District.
    is_active = models.BooleanField(_("masih berlaku"), default=True)

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    code = models.CharField(_("kode"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("kabupaten/kota"))
    name = models.CharField(_("nama"), max_length=100)
    # A district code that no longer exists in the current decree (split or renamed regions) is kept so that NIKs
    # issued under it stay valid: a NIK never changes.
    is_active = models.BooleanField(_("masih berlaku"), default=True)

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        DESA_ADAT = "desa_adat", _("Desa adat")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan"))
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.DESA)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def short_code(self) -> str:
        """The last four digits (e.g. 2001), used in letter numbers."""
        return self.code.rsplit(".", 1)[-1]
