"""School admission (SPMB): the school year and its settings, schools and their domisili areas, registrations with
their choices and documents, and the results of the selection."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from satupintu.core.codes import TrackingCode
from satupintu.core.storage import private_storage

from . import selection as sel

CODE = TrackingCode("SPMB")


def new_number() -> str:
    return CODE.new()


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Level(models.TextChoices):
    SD = sel.SD, _("SD")
    SMP = sel.SMP, _("SMP")


class Track(models.TextChoices):
    DOMISILI = sel.DOMISILI, _("Domisili")
    AFIRMASI = sel.AFIRMASI, _("Afirmasi")
    MUTASI = sel.MUTASI, _("Mutasi")
    PRESTASI = sel.PRESTASI, _("Prestasi")


def percent_field(label, default):
    return models.PositiveSmallIntegerField(label, default=default, validators=[MaxValueValidator(100)])


class SchoolYear(models.Model):
    """One admission year: its schedule, the quotas per level (per cent of a school's capacity) and the settings the
    regency chooses. `services.school_year_save` refuses quotas outside Permendikdasmen 3/2025's bounds."""

    name = models.CharField(_("tahun ajaran"), max_length=20, unique=True, help_text=_("Contoh: 2026/2027"))
    reference_date = models.DateField(_("tanggal acuan usia"), help_text=_("Biasanya 1 Juli tahun ajaran baru."))
    registration_opens = models.DateTimeField(_("pendaftaran dibuka"))
    registration_closes = models.DateTimeField(_("pendaftaran ditutup"))
    verification_closes = models.DateTimeField(_("verifikasi ditutup"))
    announcement_at = models.DateTimeField(_("pengumuman"))
    reregistration_closes = models.DateTimeField(_("batas daftar ulang"))
    second_round_opens = models.DateTimeField(_("tahap kedua dibuka"), null=True, blank=True)
    second_round_closes = models.DateTimeField(_("tahap kedua ditutup"), null=True, blank=True)
    sd_domisili = percent_field(_("SD: domisili (%)"), 75)
    sd_afirmasi = percent_field(_("SD: afirmasi (%)"), 20)
    sd_mutasi = percent_field(_("SD: mutasi (%)"), 5)
    smp_domisili = percent_field(_("SMP: domisili (%)"), 45)
    smp_afirmasi = percent_field(_("SMP: afirmasi (%)"), 25)
    smp_prestasi = percent_field(_("SMP: prestasi (%)"), 25)
    smp_mutasi = percent_field(_("SMP: mutasi (%)"), 5)
    unused_to_domisili = models.BooleanField(
        _("kursi jalur lain yang tidak terisi dialihkan ke domisili"), default=True)
    is_active = models.BooleanField(_("tahun berjalan"), default=False)
    selected_at = models.DateTimeField(_("seleksi dijalankan"), null=True, blank=True)
    selection_digest = models.CharField(_("sidik hasil seleksi"), max_length=64, blank=True)
    announced_at = models.DateTimeField(_("diumumkan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tahun ajaran SPMB")
        verbose_name_plural = _("tahun ajaran SPMB")
        ordering = ["-name"]

    def __str__(self) -> str:
        return self.name

    def percents(self, level: str) -> dict[str, int]:
        if level == Level.SD:
            return {sel.DOMISILI: self.sd_domisili, sel.AFIRMASI: self.sd_afirmasi, sel.MUTASI: self.sd_mutasi}
        return {sel.DOMISILI: self.smp_domisili, sel.AFIRMASI: self.smp_afirmasi, sel.PRESTASI: self.smp_prestasi,
                sel.MUTASI: self.smp_mutasi}

    def registration_open(self, now: dt.datetime) -> bool:
        return self.registration_opens <= now < self.registration_closes


class School(models.Model):
    npsn = models.CharField(_("NPSN"), max_length=8, unique=True)
    name = models.CharField(_("nama sekolah"), max_length=150)
    level = models.CharField(_("jenjang"), max_length=3, choices=Level.choices)
    village = models.ForeignKey("wilayah.Village", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("desa/kelurahan"))
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    latitude = models.FloatField(_("lintang"), validators=[MinValueValidator(-11), MaxValueValidator(6)])
    longitude = models.FloatField(_("bujur"), validators=[MinValueValidator(94), MaxValueValidator(142)])
    capacity = models.PositiveIntegerField(_("daya tampung"))
    domicile_villages = models.ManyToManyField("wilayah.Village", related_name="+", blank=True,
                                               verbose_name=_("wilayah domisili"))
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("sekolah")
        verbose_name_plural = _("sekolah")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class SchoolOperator(models.Model):
    """Binds a school operator's account to the school whose registrations they verify."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spmb_school",
                                verbose_name=_("akun"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="operators", verbose_name=_("sekolah"))

    class Meta:
        verbose_name = _("operator sekolah")
        verbose_name_plural = _("operator sekolah")

    def __str__(self) -> str:
        return f"{self.user} – {self.school}"


class VillageCentre(models.Model):
    """The point used as a home when a parent cannot place it on a map: the village's centre (office)."""

    village = models.OneToOneField("wilayah.Village", on_delete=models.CASCADE, related_name="+", primary_key=True)
    latitude = models.FloatField(_("lintang"))
    longitude = models.FloatField(_("bujur"))

    class Meta:
        verbose_name = _("titik pusat desa")
        verbose_name_plural = _("titik pusat desa")

    def __str__(self) -> str:
        return str(self.village_id)


class PrestasiRule(models.Model):
    """One line of the published prestasi table: points for a competition result (report cards count as their
    average, 0–100)."""

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="prestasi_rules")
    label = models.CharField(_("prestasi"), max_length=150)
    points = models.DecimalField(_("poin"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("tabel skor prestasi")
        verbose_name_plural = _("tabel skor prestasi")
        ordering = ["year", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.points})"


class Status(models.TextChoices):
    DRAFT = "draft", _("Belum dikirim")
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    VERIFIED = "verified", _("Terverifikasi")
    ADMITTED = "admitted", _("Diterima")
    NOT_ADMITTED = "not_admitted", _("Tidak diterima")
    REREGISTERED = "reregistered", _("Sudah daftar ulang")
    FORFEITED = "forfeited", _("Tidak daftar ulang")
    CANCELLED = "cancelled", _("Dibatalkan")


class DomicileBasis(models.TextChoices):
    KK = "kk", _("Kartu Keluarga (terbit minimal 1 tahun)")
    LETTER = "letter", _("Surat keterangan domisili dari desa")


class LocationSource(models.TextChoices):
    POINT = "point", _("Titik yang ditandai orang tua")
    VILLAGE = "village", _("Titik pusat desa")


class AffirmationBasis(models.TextChoices):
    NONE = "", _("Tidak ada")
    AID_CARD = "aid_card", _("Kartu bantuan sosial (KIP/PKH)")
    POVERTY_REGISTER = "poverty_register", _("Terdaftar di data kemiskinan (DTSEN/DTKS)")
    DISABILITY = "disability", _("Anak penyandang disabilitas")


class TransferBasis(models.TextChoices):
    NONE = "", _("Tidak ada")
    PARENT_TRANSFER = "parent_transfer", _("Surat penugasan/pindah tugas orang tua")
    TEACHER_CHILD = "teacher_child", _("Anak guru di sekolah tujuan")


class Registration(models.Model):
    year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="registrations")
    number = models.CharField(_("nomor pendaftaran"), max_length=14, default=new_number, editable=False)
    access_token = models.CharField(max_length=64, default=new_token, editable=False)
    child = models.ForeignKey("penduduk.Resident", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("anak"))
    child_name = models.CharField(_("nama anak"), max_length=150)
    birth_date = models.DateField(_("tanggal lahir"))
    level = models.CharField(_("jenjang"), max_length=3, choices=Level.choices)
    track = models.CharField(_("jalur"), max_length=10, choices=Track.choices)
    # No single-column indexes where a composite one leads with the column or the lookup is a rare deletion check:
    # the selection rewrites 60,000 rows (their status) and every index is written again for each.
    home_village = models.ForeignKey("wilayah.Village", on_delete=models.PROTECT, related_name="+", db_index=False,
                                     verbose_name=_("desa/kelurahan tempat tinggal"))
    latitude = models.FloatField(_("lintang rumah"))
    longitude = models.FloatField(_("bujur rumah"))
    location_source = models.CharField(_("asal titik rumah"), max_length=8, choices=LocationSource.choices)
    domicile_basis = models.CharField(_("dasar domisili"), max_length=8, choices=DomicileBasis.choices)
    kk_since = models.DateField(_("KK tercatat sejak"), null=True, blank=True)
    domicile_letter_number = models.CharField(_("nomor surat domisili"), max_length=120, blank=True)
    domicile_ok = models.BooleanField(_("domisili memenuhi syarat"), default=False)
    affirmation_basis = models.CharField(_("dasar afirmasi"), max_length=20, blank=True,
                                         choices=AffirmationBasis.choices)
    transfer_basis = models.CharField(_("dasar mutasi"), max_length=20, blank=True, choices=TransferBasis.choices)
    report_average = models.DecimalField(_("rata-rata rapor"), max_digits=5, decimal_places=2, null=True, blank=True,
                                         validators=[MinValueValidator(0), MaxValueValidator(100)])
    prestasi_rule = models.ForeignKey(PrestasiRule, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                      db_index=False, verbose_name=_("prestasi lomba"))
    score = models.DecimalField(_("skor prestasi"), max_digits=6, decimal_places=2, default=0)
    young_exception = models.BooleanField(_("rekomendasi psikolog (usia 5 tahun 6 bulan)"), default=False)
    parent_name = models.CharField(_("nama orang tua/wali"), max_length=150)
    parent_phone = models.CharField(_("nomor WhatsApp orang tua"), max_length=20)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    status_note = models.CharField(_("catatan status"), max_length=500, blank=True)
    verifying_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", db_index=False,
                                         verbose_name=_("sekolah verifikator"))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    round = models.PositiveSmallIntegerField(_("tahap"), default=1)
    reregistered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pendaftaran SPMB")
        verbose_name_plural = _("pendaftaran SPMB")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="spmb_registration_number_unique"),
            models.UniqueConstraint(fields=["access_token"], name="spmb_registration_token_unique"),
            # One registration per child and year (a cancelled one is kept, and blocks nothing).
            models.UniqueConstraint(fields=["year", "child"], condition=~models.Q(status="cancelled"),
                                    name="spmb_one_registration_per_child"),
        ]
        indexes = [models.Index(fields=["verifying_school", "status"], name="spmb_reg_school_status_idx")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("spmb:follow", args=[self.access_token])

    @property
    def masked_name(self) -> str:
        from satupintu.penduduk.masking import mask_name

        return mask_name(self.child_name)

    @property
    def editable(self) -> bool:
        return self.status in {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}


class Choice(models.Model):
    """One of up to three schools a registration chose, in order, with what the live ranking sorts by: `sort_key`
    encodes `selection.rank_key` so a school-track's ranking is one indexed query."""

    # Indexed by the unique (registration, position) and the ranking index (school, ...): no single-column ones.
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="choices", db_index=False)
    position = models.PositiveSmallIntegerField(_("pilihan ke"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="choices", db_index=False,
                               verbose_name=_("sekolah"))
    track = models.CharField(_("jalur"), max_length=10, choices=Track.choices)
    distance_m = models.PositiveIntegerField(_("jarak (m)"))
    eligible = models.BooleanField(_("memenuhi syarat jalur"), default=True)
    sort_key = models.CharField(max_length=120)
    active = models.BooleanField(default=True)  # false for cancelled or returned registrations

    class Meta:
        verbose_name = _("pilihan sekolah")
        verbose_name_plural = _("pilihan sekolah")
        ordering = ["registration", "position"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "position"], name="spmb_choice_position_unique"),
            models.UniqueConstraint(fields=["registration", "school"], name="spmb_choice_school_unique"),
        ]
        indexes = [models.Index(fields=["school", "track", "active", "sort_key"], name="spmb_choice_rank_idx")]

    def __str__(self) -> str:
        return f"{self.registration_id}#{self.position}"


class DocumentKind(models.TextChoices):
    KK = "kk", _("Kartu Keluarga")
    BIRTH = "birth", _("Akta kelahiran")
    AID_CARD = "aid_card", _("Kartu bantuan sosial / data kemiskinan")
    DISABILITY = "disability", _("Keterangan disabilitas")
    TRANSFER = "transfer", _("Surat pindah tugas orang tua / keterangan guru")
    REPORT = "report", _("Rapor lima semester")
    CERTIFICATE = "certificate", _("Sertifikat prestasi")
    PSYCHOLOGIST = "psychologist", _("Rekomendasi psikolog")


class Document(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=16, choices=DocumentKind.choices)
    file = models.FileField(upload_to="spmb/%Y/%m/", storage=private_storage)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen pendaftaran")
        verbose_name_plural = _("dokumen pendaftaran")
        ordering = ["registration", "kind", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Cutoff(models.Model):
    """A school-track's result of one selection round: seats, admitted, and the last admitted child's figure."""

    year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="cutoffs")
    round = models.PositiveSmallIntegerField(default=1)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="cutoffs")
    track = models.CharField(max_length=10, choices=Track.choices)
    seats = models.PositiveIntegerField()
    admitted = models.PositiveIntegerField()
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("batas akhir seleksi")
        verbose_name_plural = _("batas akhir seleksi")
        constraints = [models.UniqueConstraint(fields=["year", "round", "school", "track"],
                                               name="spmb_cutoff_unique")]

    def __str__(self) -> str:
        return f"{self.school_id} {self.track}"


class Placement(models.Model):
    """The outcome of one selection round for one registration: the seat (or none), the choice it was, the rule that
    decided it and, for the choices above it, why each refused (`refusals`: [[school id, track, reason], ...])."""

    # Indexed by the unique (registration, round) and (school, round): the selection writes 60,000 rows at once.
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="placements",
                                     db_index=False)
    round = models.PositiveSmallIntegerField(default=1)
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="placements",
                               db_index=False)
    track = models.CharField(max_length=10, choices=Track.choices, blank=True)
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    rule = models.CharField(max_length=32)
    distance_m = models.PositiveIntegerField(null=True, blank=True)
    refusals = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("hasil seleksi")
        verbose_name_plural = _("hasil seleksi")
        constraints = [models.UniqueConstraint(fields=["registration", "round"], name="spmb_placement_unique")]
        indexes = [models.Index(fields=["school", "round"], name="spmb_placement_school_idx")]

    def __str__(self) -> str:
        return f"{self.registration_id} ({self.round})"
