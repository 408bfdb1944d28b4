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


class ArticleQuerySet(PublishableQuerySet):
    def published(self, *, now=None):
        """Published, its time has come, and (announcements) not yet expired."""
        now = now or timezone.now()
        return super().published(now=now).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def owned_by(self, owner):
        return self.filter(**owner.lookup())


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


class OwnedQuerySet(PublishableQuerySet):
    def owned_by(self, owner):
        return self.filter(**owner.lookup())


class AgencySite(models.Model):
    """An agency's (OPD) website: the same engine as the village sites (articles, galleries hang off the agency).
    `hostname` lets the agency use its own address (e.g. dinkes.tapselkab.go.id), routed by desa/middleware.py."""

    agency = models.OneToOneField("organisasi.Agency", on_delete=models.CASCADE, related_name="site",
                                  primary_key=True)
    hostname = models.CharField(
        _("nama host"), max_length=253, unique=True, null=True, blank=True,
        help_text=_("Contoh: dinkes.tapselkab.go.id. Diatur oleh admin kabupaten."),
    )
    tagline = models.CharField(_("slogan"), max_length=200, blank=True)
    profile = models.TextField(_("profil"), blank=True, help_text=_("Sejarah singkat, visi dan misi."))
    tasks_functions = models.TextField(_("tugas dan fungsi"), blank=True)
    structure = models.TextField(_("struktur organisasi"), blank=True,
                                 help_text=_("Susunan jabatan; satu jabatan per baris atau HTML sederhana."))
    head_photo = models.ImageField(_("foto kepala"), upload_to=UnguessablePath("desa/opd"), blank=True)
    head_photo_thumb = models.ImageField(upload_to=UnguessablePath("desa/opd/thumb"), blank=True, editable=False)
    office_hours = models.CharField(_("jam layanan"), max_length=120, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("situs OPD")
        verbose_name_plural = _("situs OPD")

    def __str__(self) -> str:
        return str(self.agency)


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
    # The columns of the Buku Aparat Pemerintah Desa (Permendagri 47/2016); all optional, the site needs only the
    # name and position.
    niap = models.CharField(_("NIAP"), max_length=30, blank=True,
                            help_text=_("Nomor Induk Aparat Pemerintah Desa."))
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, blank=True,
                           choices=[("L", _("Laki-laki")), ("P", _("Perempuan"))])
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    religion = models.CharField(_("agama"), max_length=40, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=60, blank=True)
    education = models.CharField(_("pendidikan terakhir"), max_length=60, blank=True)
    appointment_number = models.CharField(_("nomor keputusan pengangkatan"), max_length=100, blank=True)
    appointment_date = models.DateField(_("tanggal keputusan pengangkatan"), null=True, blank=True)
    dismissal_number = models.CharField(_("nomor keputusan pemberhentian"), max_length=100, blank=True)
    dismissal_date = models.DateField(_("tanggal keputusan pemberhentian"), null=True, blank=True)
    note = models.CharField(pgettext_lazy("buku administrasi desa", "keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("aparat desa")
        verbose_name_plural = _("aparat desa")
        ordering = ["village", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class Article(Publishable):
    """News, press releases, announcements, agenda, infographics, potential and tourism spots: one model, told apart
    by `kind`. Its owner (sites.SiteOwner) is a village, an agency, or the regency (neither: the Media Center)."""

    class Kind(models.TextChoices):
        NEWS = "berita", _("Berita")
        PRESS = "siaran-pers", _("Siaran pers")
        ANNOUNCEMENT = "pengumuman", _("Pengumuman")
        INFOGRAPHIC = "infografis", _("Infografis")
        AGENDA = "agenda", _("Agenda")
        POTENTIAL = "potensi", _("Potensi desa")
        TOURISM = "wisata", _("Wisata")

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="articles",
                                null=True, blank=True)
    agency = models.ForeignKey("organisasi.Agency", on_delete=models.CASCADE, related_name="site_articles",
                               null=True, blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = models.TextField(_("isi"), help_text=_("Teks biasa (baris kosong = paragraf baru) atau HTML sederhana; skrip dan atribut berbahaya dibuang."))
    image = models.ImageField(_("gambar"), upload_to=UnguessablePath("desa/artikel"), blank=True)
    image_thumb = models.ImageField(upload_to=UnguessablePath("desa/artikel/thumb"), blank=True, editable=False)
    event_start = models.DateTimeField(_("mulai acara"), null=True, blank=True)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    expires_at = models.DateTimeField(
        _("berlaku sampai"), null=True, blank=True,
        help_text=_("Pengumuman hilang dari situs setelah waktu ini. Kosongkan bila tidak kedaluwarsa."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikel")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["village", "slug"], name="desa_article_slug_per_village"),
            models.UniqueConstraint(fields=["agency", "slug"], condition=Q(agency__isnull=False),
                                    name="desa_article_slug_per_agency"),
            models.UniqueConstraint(fields=["slug"], condition=Q(village__isnull=True, agency__isnull=True),
                                    name="desa_article_slug_regency"),
            models.CheckConstraint(condition=Q(village__isnull=True) | Q(agency__isnull=True),
                                   name="desa_article_one_owner"),
        ]
        indexes = [
            models.Index(fields=["village", "kind", "status", "published_at"]),
            models.Index(fields=["agency", "kind", "status", "published_at"]),
            models.Index(fields=["kind", "status", "published_at"], condition=Q(village__isnull=True, agency__isnull=True),
                         name="desa_article_regency_idx"),
            models.Index(fields=["status", "published_at"], condition=Q(village__isnull=True, agency__isnull=True),
                         name="desa_article_regency_all_idx"),
            models.Index(fields=["kind", "event_start"], condition=Q(village__isnull=True, agency__isnull=True),
                         name="desa_article_regency_event_idx"),  # the Media Center's upcoming agenda
            models.Index(fields=["status", "published_at"], name="desa_article_status_pub_idx"),  # next scheduled
            models.Index(fields=["expires_at"], condition=Q(expires_at__isnull=False), name="desa_article_expiry_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.village_id:
            return reverse("desa:article", kwargs={"slug": self.village.slug, "article": self.slug})
        if self.agency_id:
            return reverse("portal:agency_article", kwargs={"slug": self.agency.slug, "article": self.slug})
        return reverse("portal:article", kwargs={"article": self.slug})

    @property
    def thumb_or_image(self):
        return self.image_thumb or self.image


class GalleryPhoto(Publishable):
    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="gallery",
                                null=True, blank=True)
    agency = models.ForeignKey("organisasi.Agency", on_delete=models.CASCADE, related_name="site_gallery",
                               null=True, blank=True)
    caption = models.CharField(pgettext_lazy("foto galeri desa", "keterangan"), max_length=200)
    image = models.ImageField(_("foto"), upload_to=UnguessablePath("desa/galeri"))
    image_thumb = models.ImageField(upload_to=UnguessablePath("desa/galeri/thumb"), blank=True, editable=False)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("foto galeri")
        verbose_name_plural = _("galeri")
        ordering = ["-published_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(village__isnull=True) | Q(agency__isnull=True),
                                              name="desa_gallery_one_owner")]

    def __str__(self) -> str:
        return self.caption


YOUTUBE_THUMBNAIL_HOST = "https://i.ytimg.com"
YOUTUBE_ID = r"(?:youtube\.com/(?:watch\?v=|embed/|shorts/|live/)|youtu\.be/)([A-Za-z0-9_-]{11})"


class GalleryVideo(Publishable):
    """A video in a site's gallery: linked (YouTube), never hosted here."""

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="videos",
                                null=True, blank=True)
    agency = models.ForeignKey("organisasi.Agency", on_delete=models.CASCADE, related_name="site_videos",
                               null=True, blank=True)
    title = models.CharField(_("judul"), max_length=200)
    url = models.URLField(_("tautan video"), help_text=_("Tautan YouTube, contoh: https://www.youtube.com/watch?v=..."))

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("video galeri")
        verbose_name_plural = _("video galeri")
        ordering = ["-published_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(village__isnull=True) | Q(agency__isnull=True),
                                              name="desa_video_one_owner")]

    def __str__(self) -> str:
        return self.title

    @property
    def video_id(self) -> str:
        import re

        match = re.search(YOUTUBE_ID, self.url or "")
        return match.group(1) if match else ""

    @property
    def thumbnail_url(self) -> str:
        """YouTube's still of the video, only where the regency allows that host in SATUPINTU_IMG_HOSTS: by default a
        visitor's phone asks no third party for anything (and the Content-Security-Policy would block it)."""
        from django.conf import settings

        if not self.video_id or YOUTUBE_THUMBNAIL_HOST not in getattr(settings, "SATUPINTU_IMG_HOSTS", ()):
            return ""
        return f"{YOUTUBE_THUMBNAIL_HOST}/vi/{self.video_id}/mqdefault.jpg"


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
    class Origin(models.TextChoices):
        VILLAGE = "desa", _("Didaftarkan desa")
        OFFICE = "dinas", _("Didaftarkan dinas koperasi dan UMKM")

    village = models.ForeignKey("wilayah.Village", on_delete=models.CASCADE, related_name="sellers")
    name = models.CharField(_("nama usaha"), max_length=150)
    owner_name = models.CharField(_("nama pemilik"), max_length=120, blank=True)
    whatsapp = models.CharField(_("nomor WhatsApp"), max_length=20, help_text=_("Contoh: 0812 3456 7890"))
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    origin = models.CharField(_("didaftarkan oleh"), max_length=5, choices=Origin.choices, default=Origin.VILLAGE)
    manage_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False,
                                  help_text=_("Sidik (SHA-256) tautan rahasia penjual untuk mengubah stok dan harga."))

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
    stock = models.PositiveIntegerField(_("stok"), null=True, blank=True,
                                        help_text=_("Kosongkan bila stok tidak dihitung (mis. dibuat sesuai pesanan)."))
    view_count = models.PositiveIntegerField(_("dilihat"), default=0, editable=False)

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["-published_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["village", "slug"], name="desa_product_slug_per_village")]
        indexes = [
            models.Index(fields=["status", "published_at"]),  # the regency catalogue, newest first
            models.Index(fields=["village", "status", "published_at"]),  # a village's lapak, the portal's latest
            models.Index(fields=["category"]),
            models.Index(fields=["status", "view_count"]),  # the e-mall's most viewed
            models.Index(fields=["status", "price"]),
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


from .registers.models import IncomingLetter, TemporaryResident, VillageRegulation  # noqa: E402,F401
