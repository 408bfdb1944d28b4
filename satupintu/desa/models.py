"""Village websites: profile, published content, village shop (lapak) and the village budget (APBDes).

Everything a village publishes hangs off `wilayah.Village`; who may change it is decided by
`akun.permissions.can_access_village` in the services, never here."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from satupintu.core.storage import UnguessablePath


class PublishState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")


# Allowed moves between states; anything else is refused by the services with a clear message.
PUBLISH_TRANSITIONS: dict[str, set[str]] = {
    PublishState.DRAFT: {PublishState.DRAFT, PublishState.PUBLISHED},
    PublishState.PUBLISHED: {PublishState.PUBLISHED, PublishState.DRAFT},
}


class PublishableQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """What the public may see: published, and its publication time has come (scheduled publishing)."""
        now = now or timezone.now()
        return self.filter(status=PublishState.PUBLISHED, published_at__lte=now)


class Publishable(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=PublishState.choices, default=PublishState.DRAFT)
    published_at = models.DateTimeField(
        _("waktu terbit"), null=True, blank=True,
        help_text=_("Kosongkan untuk terbit sekarang. Isi waktu mendatang untuk penerbitan terjadwal."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        return (
            self.status == PublishState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class VillageSite(models.Model):
    """Per-village site settings. `hostname` lets a village use its own address (e.g. sialtong.desa.id)."""

    village = models.OneToOneField("wilayah.Village", on_delete=models.CASCADE, related_name="site", primary_key=True)
    hostname = models.CharField(
        _("nama host"), max_length=253, unique=True, null=True, blank=True,
        help_text=_("Contoh: sialtong.desa.id. Diatur oleh admin kabupaten."),
    )
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("situs desa")
        verbose_name_plural = _("situs desa")

    def __str__(self) -> str:
        return str(self.village)


class VillageProfile(models.Model):
    village = models.OneToOneField("wilayah.Village", on_delete=models.CASCADE, related_name="profile", primary_key=True)
    history = models.TextField(_("sejarah"), blank=True)
    vision = models.TextField(_("visi"), blank=True)
    mission = models.TextField(_("misi"), blank=True)
    area_km2 = models.DecimalField(_("luas wilayah (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    boundary_geojson = models.JSONField(
        _("batas wilayah (GeoJSON)"), null=True, blank=True,
        help_text=_("Polygon atau MultiPolygon batas desa; digambar sebagai peta sederhana."),
    )
    map_image = models.ImageField(_("gambar peta"), upload_to=UnguessablePath("desa/peta"), blank=True)
    address = models.CharField(_("alamat kantor"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    office_hours = models.CharField(_("jam layanan"), max_length=120, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("profil desa")
        verbose_name_plural = _("profil desa")

    def __str__(self) -> str:
        return str(self.village)


class VillageOfficial(models.Model):
    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="officials")
    name = models.CharField(_("nama"), max_length=120)
    position = models.CharField(_("jabatan"), max_length=120)
    photo = models.ImageField(_("foto"), upload_to=UnguessablePath("desa/aparat"), blank=True)
    photo_thumb = models.ImageField(upload_to=UnguessablePath("desa/aparat/thumb"), blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("aparat desa")
        verbose_name_plural = _("aparat desa")
        ordering = ["village", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class Article(Publishable):
    """News, announcements, agenda, potential and tourism spots: one model, told apart by `kind`."""

    class Kind(models.TextChoices):
        NEWS = "berita", _("Berita")
        ANNOUNCEMENT = "pengumuman", _("Pengumuman")
        AGENDA = "agenda", _("Agenda")
        POTENTIAL = "potensi", _("Potensi desa")
        TOURISM = "wisata", _("Wisata")

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="articles")
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = models.TextField(_("isi"), help_text=_("Teks biasa (baris kosong = paragraf baru) atau HTML sederhana; skrip dan atribut berbahaya dibuang."))
    image = models.ImageField(_("gambar"), upload_to=UnguessablePath("desa/artikel"), blank=True)
    image_thumb = models.ImageField(upload_to=UnguessablePath("desa/artikel/thumb"), blank=True, editable=False)
    event_start = models.DateTimeField(_("mulai acara"), null=True, blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["village", "slug"], name="desa_article_slug_per_village")]
        indexes = [models.Index(fields=["village", "kind", "status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("desa:article", kwargs={"slug": self.village.slug, "article": self.slug})


class GalleryPhoto(Publishable):
    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="gallery")
    caption = models.CharField(pgettext_lazy("foto galeri desa", "keterangan"), max_length=200)
    image = models.ImageField(_("foto"), upload_to=UnguessablePath("desa/galeri"))
    image_thumb = models.ImageField(upload_to=UnguessablePath("desa/galeri/thumb"), blank=True, editable=False)

    class Meta:
        verbose_name = _("foto galeri")
        verbose_name_plural = _("galeri")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.caption


class Download(Publishable):
    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="downloads")
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    file = models.FileField(_("berkas"), upload_to=UnguessablePath("desa/unduhan"))

    class Meta:
        verbose_name = _("unduhan")
        verbose_name_plural = _("unduhan")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Seller(models.Model):
    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="sellers")
    name = models.CharField(_("nama usaha"), max_length=150)
    owner_name = models.CharField(_("nama pemilik"), max_length=120, blank=True)
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=20, help_text=_("Contoh: 0812 3456 7890"))
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("pelaku UMKM")
        verbose_name_plural = _("pelaku UMKM")
        ordering = ["village", "name"]

    def __str__(self) -> str:
        return self.name


class Product(Publishable):
    class Category(models.TextChoices):
        FOOD = "kuliner", _("Makanan dan minuman")
        CRAFT = "kerajinan", _("Kerajinan")
        FARM = "pertanian", _("Hasil pertanian")
        FISH = "perikanan", _("Hasil perikanan")
        FASHION = "fesyen", _("Pakaian dan kain")
        SERVICE = "jasa", _("Jasa")
        OTHER = "lainnya", _("Lainnya")

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="products")
    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="products", verbose_name=_("penjual"))
    name = models.CharField(_("nama produk"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170)
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices, default=Category.OTHER)
    description = models.TextField(_("keterangan"), blank=True)
    price = models.DecimalField(_("harga (Rp)"), max_digits=14, decimal_places=0)
    unit = models.CharField(_("satuan"), max_length=30, blank=True, help_text=_("Contoh: per kg, per bungkus"))
    image = models.ImageField(_("foto"), upload_to=UnguessablePath("desa/produk"), blank=True)
    image_thumb = models.ImageField(upload_to=UnguessablePath("desa/produk/thumb"), blank=True, editable=False)

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["village", "slug"], name="desa_product_slug_per_village")]
        indexes = [
            models.Index(fields=["status", "published_at"]),  # the regency catalogue, newest first
            models.Index(fields=["village", "status", "published_at"]),  # a village's lapak, the portal's latest
            models.Index(fields=["category"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("desa:product", kwargs={"slug": self.village.slug, "product": self.slug})


class VillageBudget(Publishable):
    """APBDes of one village for one year. Lines follow the Permendagri 20/2018 account structure (4/5/6)."""

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("APBDes")
        verbose_name_plural = _("APBDes")
        ordering = ["village", "-year"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="desa_budget_per_village_year")]

    def __str__(self) -> str:
        return f"APBDes {self.village.name} {self.year}"


class BudgetLine(models.Model):
    """One row of the APBDes. A row whose code has children is a group; its amounts are the sum of its children."""

    budget = models.ForeignKey(VillageBudget, on_delete=models.CASCADE, related_name="lines")
    code = models.CharField(_("kode rekening"), max_length=40)
    description = models.CharField(_("uraian"), max_length=255)
    budget_amount = models.DecimalField(_("anggaran (Rp)"), max_digits=16, decimal_places=2, default=Decimal("0"))
    realisation_amount = models.DecimalField(
        _("realisasi (Rp)"), max_digits=16, decimal_places=2, default=Decimal("0")
    )
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    is_group = models.BooleanField(default=False, editable=False)
    sort_key = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        verbose_name = _("baris APBDes")
        verbose_name_plural = _("baris APBDes")
        ordering = ["budget", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "code"], name="desa_budget_line_code_unique"),
            models.CheckConstraint(condition=Q(budget_amount__gte=0), name="desa_budget_line_amount_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def realisation_percent(self) -> Decimal | None:
        if not self.budget_amount:
            return None
        return (self.realisation_amount * 100 / self.budget_amount).quantize(Decimal("0.1"))
