"""Civil registration of births and deaths (UU 23/2006 as amended by UU 24/2013; Perpres 96/2018).

A `BirthRegistration` follows one baby from the declaration at the health facility (or the village's birth letter
for a home birth) through Disdukcapil's verification and registration to the hand-over of the documents to the
parents; a `DeathRegistration` does the same for a death. Registering issues `CivilDocument`s (kutipan akta, akta
kematian, the new KK), each with its own number, PDF and public verification token.

Nothing is charged (UU 24/2013 Pasal 79A): no model here has a fee, and every document says so."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from satupintu.core.codes import TrackingCode
from satupintu.core.storage import UnguessablePath, private_storage
from satupintu.penduduk.masking import mask_name

BIRTH_CODE = TrackingCode("AKL")
DEATH_CODE = TrackingCode("AKM")


def new_birth_code() -> str:
    return BIRTH_CODE.new()


def new_death_code() -> str:
    return DEATH_CODE.new()


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class FacilityKind(models.TextChoices):
    HOSPITAL = "rumah_sakit", _("Rumah sakit")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    CLINIC = "klinik", _("Klinik")
    MIDWIFE = "praktik_bidan", _("Praktik mandiri bidan")


class HealthFacility(models.Model):
    """A place where babies are born and deaths are certified: it declares, and hands the documents over."""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=FacilityKind.choices)
    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="health_facilities", verbose_name=_("desa/kelurahan")
    )
    agency = models.ForeignKey(
        "organisasi.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="health_facilities",
        verbose_name=_("OPD pengelola"), help_text=_("Untuk RSUD dan puskesmas milik pemerintah daerah."),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("fasilitas kesehatan")
        verbose_name_plural = _("fasilitas kesehatan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FacilityMembership(models.Model):
    """Binds a facility officer (midwife, hospital registration desk) to the facility they declare for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facility_memberships",
        verbose_name=_("petugas"),
    )
    facility = models.ForeignKey(
        HealthFacility, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("fasilitas kesehatan")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("petugas fasilitas kesehatan")
        verbose_name_plural = _("petugas fasilitas kesehatan")
        constraints = [models.UniqueConstraint(fields=["user", "facility"], name="adminduk_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.facility}"


class RegistrationStatus(models.TextChoices):
    DECLARED = "declared", _("Dilaporkan")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")
    VERIFIED = "verified", _("Terverifikasi")
    REGISTERED = "registered", _("Tercatat, dokumen siap")
    HANDED_OVER = "handed_over", _("Dokumen diserahkan")


OPEN_STATES = frozenset({RegistrationStatus.DECLARED, RegistrationStatus.RETURNED, RegistrationStatus.VERIFIED})


class Origin(models.TextChoices):
    FACILITY = "facility", _("Fasilitas kesehatan")
    VILLAGE = "village", _("Surat keterangan desa")


class Attendant(models.TextChoices):
    DOCTOR = "dokter", _("Dokter")
    MIDWIFE = "bidan", _("Bidan")
    NURSE = "perawat", _("Perawat")
    TRADITIONAL = "dukun", _("Dukun bayi")
    OTHER = "lainnya", _("Lainnya")


class RegistrationBase(models.Model):
    """What a birth and a death registration share: the way in, the state, the people and times of each step."""

    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices, db_index=True)
    status_changed_at = models.DateTimeField(_("status berubah"), null=True, blank=True)
    return_reason = models.TextField(_("alasan pengembalian"), blank=True)
    checklist = models.JSONField(_("daftar periksa verifikasi"), default=list, blank=True)
    origin = models.CharField(_("asal laporan"), max_length=10, choices=Origin.choices)
    facility = models.ForeignKey(
        HealthFacility, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("fasilitas kesehatan"),
    )
    village_letter = models.ForeignKey(
        "surat.LetterRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("surat keterangan desa"),
    )
    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan pelapor"),
        help_text=_("Desa fasilitas atau desa yang menerbitkan surat keterangan."),
    )
    needs_attention = models.BooleanField(_("perlu perhatian verifikator"), default=False)
    attention_notes = models.JSONField(_("catatan untuk verifikator"), default=list, blank=True)
    contact_phone = models.CharField(_("nomor WhatsApp keluarga"), max_length=20, blank=True)
    contact_email = models.EmailField(_("email keluarga"), blank=True)
    witness1_name = models.CharField(_("nama saksi 1"), max_length=150)
    witness1_nik = models.CharField(_("NIK saksi 1"), max_length=16)
    witness2_name = models.CharField(_("nama saksi 2"), max_length=150)
    witness2_nik = models.CharField(_("NIK saksi 2"), max_length=16)

    declared_at = models.DateTimeField(_("dilaporkan"), auto_now_add=True, db_index=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("pelapor")
    )
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("verifikator"),
    )
    registered_at = models.DateTimeField(_("dicatat"), null=True, blank=True, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("pejabat pencatatan sipil"),
    )
    certificate_number = models.CharField(_("nomor akta"), max_length=60, null=True, blank=True, unique=True)
    is_late = models.BooleanField(_("pelaporan terlambat"), default=False)
    handed_over_at = models.DateTimeField(_("diserahkan"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diserahkan oleh"),
    )
    handed_over_to = models.CharField(_("diterima oleh"), max_length=150, blank=True)

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class BirthRegistration(RegistrationBase):
    tracking_code = models.CharField(_("kode lacak"), max_length=16, unique=True, default=new_birth_code)
    follow_token = models.CharField(_("tautan rahasia"), max_length=64, unique=True, default=new_secret)

    mother_nik = models.CharField(_("NIK ibu"), max_length=16)
    father_nik = models.CharField(_("NIK ayah"), max_length=16, blank=True)
    kk_number = models.CharField(_("nomor KK"), max_length=16)
    mother = models.ForeignKey(
        "penduduk.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ibu")
    )
    father = models.ForeignKey(
        "penduduk.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ayah")
    )
    family = models.ForeignKey(
        "penduduk.Family", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("keluarga (KK)"),
    )
    mother_name = models.CharField(_("nama ibu"), max_length=150)
    father_name = models.CharField(_("nama ayah"), max_length=150, blank=True)

    child_name = models.CharField(_("nama bayi"), max_length=150)
    child_sex = models.CharField(_("jenis kelamin bayi"), max_length=1,
                                 choices=[("L", _("Laki-laki")), ("P", _("Perempuan"))])
    birth_date = models.DateField(_("tanggal lahir"))
    birth_time = models.TimeField(_("jam lahir"))
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    weight_grams = models.PositiveIntegerField(_("berat lahir (gram)"))
    length_cm = models.DecimalField(_("panjang lahir (cm)"), max_digits=4, decimal_places=1)
    attendant = models.CharField(_("penolong kelahiran"), max_length=10, choices=Attendant.choices)
    birth_order = models.PositiveSmallIntegerField(
        _("kelahiran ke- (kembar)"), default=1, help_text=_("1 untuk kelahiran tunggal; 1, 2, ... untuk bayi kembar.")
    )
    marriage_book_number = models.CharField(_("nomor buku nikah/akta perkawinan"), max_length=60, blank=True)
    sptjm = models.BooleanField(
        _("SPTJM kebenaran pasangan suami istri"), default=False,
        help_text=_("Surat pernyataan tanggung jawab mutlak, bila tidak ada buku nikah/akta perkawinan."),
    )
    discharge_at = models.DateTimeField(
        _("pulang dari fasilitas"), null=True, blank=True,
        help_text=_("Bila dicatat, serah terima sebelum waktu ini dihitung 'sebelum pulang'."),
    )

    child = models.OneToOneField(
        "penduduk.Resident", on_delete=models.PROTECT, null=True, blank=True, related_name="birth_registration",
        verbose_name=_("bayi dalam register"),
    )
    child_nik = models.CharField(_("NIK bayi"), max_length=16, null=True, blank=True, unique=True)
    family_version = models.ForeignKey(
        "penduduk.FamilyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("versi KK baru"),
    )

    class Meta:
        verbose_name = _("pencatatan kelahiran")
        verbose_name_plural = _("pencatatan kelahiran")
        ordering = ["-declared_at", "-id"]
        constraints = [
            # The same baby declared twice: same mother, same birth date, same place in a multiple birth.
            models.UniqueConstraint(fields=["mother_nik", "birth_date", "birth_order"], name="adminduk_birth_once"),
        ]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="adminduk_birth_queue_idx")]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def masked_child_name(self) -> str:
        return mask_name(self.child_name)


class DeathCause(models.TextChoices):
    ILLNESS = "sakit", _("Sakit biasa/tua")
    EPIDEMIC = "wabah", _("Wabah penyakit")
    ACCIDENT = "kecelakaan", _("Kecelakaan")
    CRIME = "kriminalitas", _("Kriminalitas")
    SUICIDE = "bunuh_diri", _("Bunuh diri")
    OTHER = "lainnya", _("Lainnya")


class DeathRegistration(RegistrationBase):
    tracking_code = models.CharField(_("kode lacak"), max_length=16, unique=True, default=new_death_code)
    follow_token = models.CharField(_("tautan rahasia"), max_length=64, unique=True, default=new_secret)

    deceased = models.ForeignKey(
        "penduduk.Resident", on_delete=models.PROTECT, related_name="death_registrations",
        verbose_name=_("almarhum/almarhumah"),
    )
    deceased_name = models.CharField(_("nama almarhum/almarhumah"), max_length=150)
    death_date = models.DateField(_("tanggal meninggal"))
    death_time = models.TimeField(_("jam meninggal"), null=True, blank=True)
    death_place = models.CharField(_("tempat meninggal"), max_length=150)
    cause = models.CharField(_("sebab meninggal"), max_length=16, choices=DeathCause.choices)
    reporter_name = models.CharField(_("nama pelapor"), max_length=150)
    reporter_relation = models.CharField(_("hubungan pelapor"), max_length=60)
    family_version = models.ForeignKey(
        "penduduk.FamilyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("versi KK baru"),
    )

    class Meta:
        verbose_name = _("pencatatan kematian")
        verbose_name_plural = _("pencatatan kematian")
        ordering = ["-declared_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["deceased"], name="adminduk_death_once")]
        indexes = [models.Index(fields=["status", "status_changed_at"], name="adminduk_death_queue_idx")]

    def __str__(self) -> str:
        return self.tracking_code


class DocumentKind(models.TextChoices):
    BIRTH_CERTIFICATE = "akta_kelahiran", _("Kutipan akta kelahiran")
    DEATH_CERTIFICATE = "akta_kematian", _("Kutipan akta kematian")
    FAMILY_CARD = "kk", _("Kartu keluarga")


class CivilDocument(models.Model):
    """A document Disdukcapil issued: its number, its signed PDF and the token of its public verification page.
    What the public page shows is stored here, masked, when the document is issued (`masked_name`)."""

    kind = models.CharField(_("jenis dokumen"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("nomor dokumen"), max_length=60)
    birth = models.ForeignKey(
        BirthRegistration, on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
        verbose_name=_("pencatatan kelahiran"),
    )
    death = models.ForeignKey(
        DeathRegistration, on_delete=models.CASCADE, null=True, blank=True, related_name="documents",
        verbose_name=_("pencatatan kematian"),
    )
    masked_name = models.CharField(_("nama (disamarkan)"), max_length=150)
    office = models.CharField(_("kantor penerbit"), max_length=200)
    issued_at = models.DateTimeField(_("diterbitkan"))
    signer_name = models.CharField(_("penanda tangan"), max_length=150, blank=True)
    signature_method = models.CharField(_("cara tanda tangan"), max_length=10, blank=True)
    verification_token = models.CharField(_("token verifikasi"), max_length=64, unique=True)
    verification_url = models.URLField(_("alamat verifikasi (isi QR)"), max_length=300)
    pdf = models.FileField(_("berkas PDF"), upload_to=UnguessablePath("adminduk"), storage=private_storage)

    class Meta:
        verbose_name = _("dokumen kependudukan")
        verbose_name_plural = _("dokumen kependudukan")
        ordering = ["issued_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(birth__isnull=False) | Q(death__isnull=False),
                                   name="adminduk_document_has_registration"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class NikCounter(models.Model):
    """The last serial given to a new NIK per district and birth date (`numbering.next_nik`)."""

    district = models.CharField(_("kode kecamatan"), max_length=8)
    birth_date = models.DateField(_("tanggal lahir"))
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung NIK")
        verbose_name_plural = _("penghitung NIK")
        constraints = [models.UniqueConstraint(fields=["district", "birth_date"], name="adminduk_nik_counter_unique")]

    def __str__(self) -> str:
        return f"{self.district} {self.birth_date}: {self.last_serial}"


class NumberCounter(models.Model):
    """The last serial of certificate numbers per `key` (the number with its serial left out: a new key, e.g. a new
    day in the default pattern, starts again at 1)."""

    key = models.CharField(_("kunci"), max_length=80, unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penghitung nomor akta")
        verbose_name_plural = _("penghitung nomor akta")

    def __str__(self) -> str:
        return f"{self.key}: {self.last_serial}"
