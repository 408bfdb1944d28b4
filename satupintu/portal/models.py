"""The portal's own records: each agency's services with their service standard (standar pelayanan).

Site content (articles, galleries, agency profiles) lives in the one site engine, `desa` (sites.SiteOwner)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The components of a service standard the public must see (PermenPAN-RB 15/2014, "komponen standar pelayanan
# yang terkait dengan proses penyampaian pelayanan"): requirements, procedure, time, cost, product, complaints.
REQUIRED_COMPONENTS = ("requirements", "procedure", "service_time", "cost", "product", "complaint_channel")


class ServiceStandard(models.Model):
    agency = models.ForeignKey("organisasi.Agency", on_delete=models.CASCADE, related_name="service_standards",
                               verbose_name=_("OPD"))
    name = models.CharField(_("nama layanan"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    requirements = models.TextField(_("persyaratan"), blank=True)
    procedure = models.TextField(_("sistem, mekanisme dan prosedur"), blank=True)
    service_time = models.CharField(_("jangka waktu penyelesaian"), max_length=200, blank=True)
    cost = models.CharField(_("biaya/tarif"), max_length=200, blank=True,
                            help_text=_("Tulis \"Gratis\" bila tidak dipungut biaya."))
    product = models.CharField(_("produk pelayanan"), max_length=200, blank=True)
    complaint_channel = models.TextField(_("penanganan pengaduan, saran dan masukan"), blank=True)
    is_published = models.BooleanField(_("tampil di situs"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("standar pelayanan")
        verbose_name_plural = _("standar pelayanan")
        ordering = ["agency", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="portal_service_slug_per_agency")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:agency_service", kwargs={"slug": self.agency.slug, "service": self.slug})

    def missing_components(self) -> list[str]:
        return [str(self._meta.get_field(f).verbose_name) for f in REQUIRED_COMPONENTS
                if not (getattr(self, f) or "").strip()]

    def clean(self):
        if self.is_published and self.missing_components():
            raise ValidationError(
                _("Standar pelayanan belum lengkap, belum dapat ditampilkan. Lengkapi: %(missing)s.")
                % {"missing": ", ".join(self.missing_components())}
            )
