from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgencyQuerySet(models.QuerySet):
    def descendant_ids(self, agency_id: int) -> set[int]:
        """The agency and all its sub-units, at any depth (trees are small: tens of rows)."""
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, stack = set(), [agency_id]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            stack.extend(children.get(current, []))
        return found


class Agency(models.Model):
    """An OPD/SKPD of the regency, or a sub-unit (bidang, seksi, UPT) of one."""

    class Kind(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KANTOR = "kantor", _("Kantor")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        BAGIAN = "bagian", _("Bagian")
        KECAMATAN = "kecamatan", pgettext_lazy("agency kind", "Kecamatan")
        RSUD = "rsud", _("RSUD")
        SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
        SUB_UNIT = "sub_unit", _("Sub-unit (bidang/seksi/UPT)")

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("nama singkat"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="sub_units"
    )
    district = models.ForeignKey(
        "wilayah.District", verbose_name=_("kecamatan"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Untuk OPD jenis kecamatan."),
    )
    head_name = models.CharField(_("nama kepala"), max_length=200, blank=True)
    head_title = models.CharField(_("jabatan kepala"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP kepala"), max_length=18, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    is_ppid_utama = models.BooleanField(
        _("PPID Utama"), default=False, help_text=_("Satu OPD (biasanya Diskominfo) menjadi PPID Utama kabupaten.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def top_level(self) -> "Agency":
        node = self
        while node.parent_id:
            node = node.parent
        return node
