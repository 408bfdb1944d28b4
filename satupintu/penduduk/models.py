"""The village population register: residents by NIK, grouped in families by KK number.

The register mirrors what the civil registry (Disdukcapil) hands to villages; villages read it to serve letters and
statistics. A NIK never changes, so it is the key every import and look-up goes by."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from satupintu.core.formatting import tanggal

from .nik import validate_nik

digits_16 = RegexValidator(r"^[0-9]{16}$", _("Harus tepat 16 digit angka."))
rt_rw_validator = RegexValidator(r"^[0-9]{1,3}$", _("RT/RW berupa angka, paling banyak 3 digit."))


def validate_kk_number(value: str) -> None:
    """A KK number is 16 digits starting with the issuing region's code (PPKKCC). Whether that region exists in the
    deployment's region table is checked by forms and the import, which have the table at hand."""
    digits_16(value)
    if value[:2] == "00" or value[2:4] == "00" or value[4:6] == "00":
        raise ValidationError(_("Nomor KK harus diawali kode wilayah (6 digit) yang sah."), code="kk_region")
    if value[6:] == "0" * 10:
        raise ValidationError(_("Nomor KK tidak boleh berakhir dengan sepuluh angka nol."), code="kk_serial")


class Sex(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    KRISTEN = "kristen", _("Kristen")
    KATOLIK = "katolik", _("Katolik")
    HINDU = "hindu", _("Hindu")
    BUDDHA = "buddha", _("Buddha")
    KONGHUCU = "konghucu", _("Konghucu")
    KEPERCAYAAN = "kepercayaan", _("Kepercayaan terhadap Tuhan YME")


class MaritalStatus(models.TextChoices):
    BELUM_KAWIN = "belum_kawin", _("Belum kawin")
    KAWIN = "kawin", _("Kawin")
    CERAI_HIDUP = "cerai_hidup", _("Cerai hidup")
    CERAI_MATI = "cerai_mati", _("Cerai mati")


class Education(models.TextChoices):
    """Dukcapil's education levels as printed on the KK ("pendidikan dalam KK")."""

    TIDAK_SEKOLAH = "tidak_sekolah", _("Tidak/belum sekolah")
    BELUM_TAMAT_SD = "belum_tamat_sd", _("Belum tamat SD/sederajat")
    SD = "sd", _("Tamat SD/sederajat")
    SMP = "smp", _("SLTP/sederajat")
    SMA = "sma", _("SLTA/sederajat")
    D1_D2 = "d1_d2", _("Diploma I/II")
    D3 = "d3", _("Akademi/Diploma III/Sarjana Muda")
    S1_D4 = "s1_d4", _("Diploma IV/Strata I")
    S2 = "s2", _("Strata II")
    S3 = "s3", _("Strata III")


class FamilyRelation(models.TextChoices):
    KEPALA = "kepala", _("Kepala keluarga")
    ISTRI = "istri", _("Istri")
    SUAMI = "suami", _("Suami")
    ANAK = "anak", _("Anak")
    MENANTU = "menantu", _("Menantu")
    CUCU = "cucu", _("Cucu")
    ORANG_TUA = "orang_tua", _("Orang tua")
    MERTUA = "mertua", _("Mertua")
    FAMILI_LAIN = "famili_lain", _("Famili lain")
    LAINNYA = "lainnya", _("Lainnya")


class BloodType(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    AB = "AB", "AB"
    O = "O", "O"  # noqa: E741 - the blood type is called O
    UNKNOWN = "tidak_tahu", _("Tidak tahu")


class Disability(models.TextChoices):
    """Kinds of disability as in UU 8/2016 Pasal 4 (fisik, intelektual, mental, sensorik), with the sensory ones
    split as villages record them."""

    NONE = "tidak_ada", _("Tidak ada")
    PHYSICAL = "fisik", _("Disabilitas fisik")
    INTELLECTUAL = "intelektual", _("Disabilitas intelektual")
    MENTAL = "mental", _("Disabilitas mental")
    SIGHT = "netra", _("Disabilitas sensorik netra")
    HEARING = "rungu_wicara", _("Disabilitas sensorik rungu/wicara")
    MULTIPLE = "ganda", _("Disabilitas ganda")


class HealthInsurance(models.TextChoices):
    NONE = "tidak_ada", _("Tidak punya")
    PBI = "bpjs_pbi", _("BPJS Kesehatan PBI (dibayar pemerintah)")
    NON_PBI = "bpjs_mandiri", _("BPJS Kesehatan mandiri")
    WORKER = "bpjs_pekerja", _("BPJS Kesehatan pekerja penerima upah")
    JAMKESDA = "jamkesda", _("Jamkesda")
    PRIVATE = "swasta", _("Asuransi swasta")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("Aktif")
    MOVED = "moved", _("Pindah")
    DECEASED = "deceased", _("Meninggal")


def nik_consistency_errors(nik: str, birth_date: dt.date | None, sex: str | None) -> dict[str, str]:
    """Field -> message for every way `birth_date`/`sex` contradict what the NIK encodes (Dukcapil: DDMMYY, day + 40
    for women). The NIK only stores two digits of the year, so the year is compared modulo 100."""
    from .nik import parse_nik

    try:
        info = parse_nik(nik)
    except ValidationError:
        return {}  # the NIK field reports its own error
    errors: dict[str, str] = {}
    if sex and info.sex != sex:
        errors["sex"] = str(
            _("Jenis kelamin tidak sesuai dengan NIK: NIK ini milik penduduk %(sex)s.")
            % {"sex": Sex(info.sex).label.lower()}
        )
    if birth_date and (
        (birth_date.day, birth_date.month, birth_date.year % 100)
        != (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100)
    ):
        errors["birth_date"] = str(
            _("Tanggal lahir tidak sesuai dengan NIK: NIK ini mencatat tanggal lahir %(date)s.")
            % {"date": tanggal(info.birth_date)}
        )
    return errors


class Family(models.Model):
    """A family card (Kartu Keluarga)."""

    kk_number = models.CharField(_("nomor KK"), max_length=16, unique=True, validators=[validate_kk_number])
    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="families", verbose_name=_("desa/kelurahan")
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True, validators=[rt_rw_validator])
    rw = models.CharField(_("RW"), max_length=3, blank=True, validators=[rt_rw_validator])
    head = models.ForeignKey(
        "Resident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("kepala keluarga")
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("keluarga (KK)")
        verbose_name_plural = _("keluarga (KK)")
        ordering = ["kk_number"]

    def __str__(self) -> str:
        return _("KK %(kk)s") % {"kk": self.masked_kk}

    @property
    def masked_kk(self) -> str:
        from .masking import mask_kk

        return mask_kk(self.kk_number)


class ResidentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ResidentStatus.ACTIVE)


class Resident(models.Model):
    nik = models.CharField(_("NIK"), max_length=16, unique=True, validators=[validate_nik])
    name = models.CharField(_("nama lengkap"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    religion = models.CharField(_("agama"), max_length=16, choices=Religion.choices)
    marital_status = models.CharField(_("status perkawinan"), max_length=16, choices=MaritalStatus.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    education = models.CharField(_("pendidikan"), max_length=16, choices=Education.choices, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True, validators=[rt_rw_validator])
    rw = models.CharField(_("RW"), max_length=3, blank=True, validators=[rt_rw_validator])
    # No index of its own: the (village, status) index below starts with it.
    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="residents", verbose_name=_("desa/kelurahan"),
        db_index=False,
    )
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("keluarga (KK)")
    )
    family_relation = models.CharField(
        _("hubungan dalam keluarga"), max_length=16, choices=FamilyRelation.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResidentStatus.choices, default=ResidentStatus.ACTIVE
    )
    # Database defaults: the bulk import writes residents with plain INSERTs that do not name these columns.
    blood_type = models.CharField(
        _("golongan darah"), max_length=10, choices=BloodType.choices, blank=True, db_default=""
    )
    disability = models.CharField(
        _("disabilitas"), max_length=16, choices=Disability.choices, blank=True, db_default=""
    )
    health_insurance = models.CharField(
        _("jaminan kesehatan"), max_length=16, choices=HealthInsurance.choices, blank=True, db_default=""
    )
    household = models.ForeignKey(
        "Household", on_delete=models.SET_NULL, null=True, blank=True, related_name="members",
        verbose_name=_("rumah tangga"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = ResidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penduduk")
        verbose_name_plural = _("penduduk")
        ordering = ["name", "nik"]
        indexes = [
            # `nik` is unique, which already gives the look-up index. This one serves village lists and statistics
            # (and every query by village alone). Few indexes on purpose: each one slows the bulk import.
            # With `sex` last it also covers the monthly report's count of the register by village and sex (an
            # index-only scan instead of a million row look-ups).
            models.Index(fields=["village", "status", "sex"], name="penduduk_village_status_sex"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.nik:
            errors = nik_consistency_errors(self.nik, self.birth_date, self.sex)
            if errors:
                raise ValidationError(errors)

    def age(self, on: dt.date | None = None) -> int:
        on = on or timezone.localdate()
        years = on.year - self.birth_date.year
        if (on.month, on.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years

    @property
    def is_active(self) -> bool:
        return self.status == ResidentStatus.ACTIVE

    @property
    def masked_nik(self) -> str:
        from .masking import mask_nik

        return mask_nik(self.nik)

    @property
    def masked_name(self) -> str:
        from .masking import mask_name

        return mask_name(self.name)


class ResidentCredential(models.Model):
    """A resident's self-service (layanan mandiri) PIN. Only the hash is stored; the PIN is shown once at the counter."""

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="credential", verbose_name=_("penduduk")
    )
    pin_hash = models.CharField(_("PIN (hash)"), max_length=255)
    failed_attempts = models.PositiveSmallIntegerField(_("percobaan gagal"), default=0)
    locked_until = models.DateTimeField(_("terkunci sampai"), null=True, blank=True)
    issued_at = models.DateTimeField(_("PIN diterbitkan"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diterbitkan oleh"),
    )
    last_login_at = models.DateTimeField(_("terakhir masuk"), null=True, blank=True)

    class Meta:
        verbose_name = _("akses layanan mandiri")
        verbose_name_plural = _("akses layanan mandiri")

    def __str__(self) -> str:
        return str(_("Akses mandiri %(nik)s") % {"nik": self.resident.masked_nik})


class ImportRun(models.Model):
    """One register import (a file from the civil registry): who, what, and what came of it. Audited once, with its
    counts; the rejected rows are kept (up to a limit) so the operator can fix the file."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Diterapkan")
        REJECTED = "rejected", _("Ditolak")

    filename = models.CharField(_("nama berkas"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("pengunggah"),
    )
    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dibatasi ke desa"),
    )
    status = models.CharField(_("hasil"), max_length=10, choices=Status.choices)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    created_count = models.PositiveIntegerField(_("penduduk baru"), default=0)
    updated_count = models.PositiveIntegerField(_("penduduk diperbarui"), default=0)
    family_count = models.PositiveIntegerField(_("KK baru"), default=0)
    rejected_count = models.PositiveIntegerField(_("baris ditolak"), default=0)
    rejections = models.JSONField(_("baris ditolak (rincian)"), default=list, blank=True)
    duration_ms = models.PositiveIntegerField(_("lama (ms)"), default=0)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("impor data penduduk")
        verbose_name_plural = _("impor data penduduk")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class FamilyVersion(models.Model):
    """One version of a family card: who was on it, and who changed what and when.

    A KK is reissued whenever its members change (a birth adds the baby, a death removes the deceased). The register
    keeps the card's current state in `Family`/`Resident`; each reissue is a row here holding the whole card as it
    then stood (`members`), what changed (`change`) and who did it, so every earlier version stays readable. The first
    change to a card that has no version yet also records the card as it stood before (version 1)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="versions", verbose_name=_("keluarga (KK)"))
    version = models.PositiveIntegerField(_("versi"))
    members = models.JSONField(_("anggota keluarga"), default=list)
    head_nik = models.CharField(_("NIK kepala keluarga"), max_length=16, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    change = models.JSONField(_("perubahan"), default=dict, blank=True)
    reason = models.CharField(_("alasan perubahan"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("diubah oleh"),
    )

    class Meta:
        verbose_name = _("versi KK")
        verbose_name_plural = _("versi KK")
        ordering = ["family", "version"]
        constraints = [models.UniqueConstraint(fields=["family", "version"], name="penduduk_family_version_unique")]

    def __str__(self) -> str:
        return _("%(family)s versi %(version)s") % {"family": self.family, "version": self.version}

    @property
    def member_niks(self) -> list[str]:
        return [m["nik"] for m in self.members]


class EventKind(models.TextChoices):
    BIRTH = "birth", _("Lahir")
    DEATH = "death", _("Meninggal")
    MOVE_IN = "move_in", _("Pindah datang")
    MOVE_OUT = "move_out", _("Pindah keluar")


class EventDocument(models.TextChoices):
    VILLAGE_LETTER = "village_letter", _("Surat desa")
    CIVIL_RECORD = "civil_record", _("Akta/catatan Disdukcapil")
    MOVE_CERTIFICATE = "move_certificate", _("Surat pindah (SKPWNI)")
    OTHER = "other", _("Dokumen lain")


class PopulationEvent(models.Model):
    """One population event (mutasi penduduk) of a village: a birth, a death, a resident moving in or out, with its
    date and the document it rests on. Recorded by `events` services together with the change to the register and
    the family card; the monthly report counts these rows. `sex` is copied from the resident when recorded, so the
    report groups by it without joining the register."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="population_events",
        verbose_name=_("desa/kelurahan"), db_index=False,
    )
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="population_events", verbose_name=_("penduduk")
    )
    kind = models.CharField(_("jenis mutasi"), max_length=10, choices=EventKind.choices)
    date = models.DateField(_("tanggal peristiwa"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    document_kind = models.CharField(_("jenis dokumen"), max_length=20, choices=EventDocument.choices)
    document_number = models.CharField(_("nomor dokumen"), max_length=120, blank=True)
    place = models.CharField(
        _("asal/tujuan/tempat"), max_length=255, blank=True,
        help_text=_("Alamat asal (datang), alamat tujuan (pindah), tempat lahir atau meninggal."),
    )
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("mutasi penduduk")
        verbose_name_plural = _("mutasi penduduk")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["village", "date"], name="penduduk_event_village_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.resident_id}"


# --- Households (rumah tangga) --------------------------------------------------------------------------------


class Floor(models.TextChoices):
    """Floor, walls, water, light and toilet: the house questions of BPS's Susenas/Regsosek, as villages collect
    them for the poverty register (DTKS/DTSEN)."""

    CERAMIC = "keramik", _("Keramik/marmer/granit")
    TILE = "ubin", _("Ubin/tegel/teraso")
    CEMENT = "semen", _("Semen/bata merah")
    WOOD = "kayu", _("Kayu/papan")
    BAMBOO = "bambu", _("Bambu")
    EARTH = "tanah", _("Tanah")
    OTHER = "lainnya", _("Lainnya")


class Wall(models.TextChoices):
    BRICK = "tembok", _("Tembok")
    PLASTER = "plesteran", _("Plesteran anyaman bambu/kawat")
    WOOD = "kayu", _("Kayu/papan")
    BAMBOO = "bambu", _("Anyaman bambu")
    OTHER = "lainnya", _("Lainnya")


class WaterSource(models.TextChoices):
    PIPED = "ledeng", _("Air ledeng/PDAM")
    BOTTLED = "kemasan", _("Air kemasan/isi ulang")
    PUMP = "sumur_bor", _("Sumur bor/pompa")
    WELL = "sumur", _("Sumur terlindung")
    UNPROTECTED = "sumur_tak_terlindung", _("Sumur/mata air tak terlindung")
    SPRING = "mata_air", _("Mata air terlindung")
    RIVER = "sungai", _("Air sungai/danau")
    RAIN = "hujan", _("Air hujan")


class Electricity(models.TextChoices):
    PLN_METERED = "pln_meter", _("Listrik PLN dengan meteran")
    PLN_SHARED = "pln_numpang", _("Listrik PLN tanpa meteran (menumpang)")
    NON_PLN = "non_pln", _("Listrik non-PLN (genset, surya)")
    NONE = "tidak_ada", _("Tidak ada listrik")


class Sanitation(models.TextChoices):
    OWN = "sendiri", _("Jamban sendiri dengan tangki septik")
    OWN_NO_TANK = "sendiri_tanpa_septik", _("Jamban sendiri tanpa tangki septik")
    SHARED = "bersama", _("Jamban bersama/umum")
    NONE = "tidak_ada", _("Tidak ada (buang air sembarangan)")


class Welfare(models.TextChoices):
    """The household welfare stages of BKKBN (tahapan keluarga sejahtera) that villages publish."""

    PRA_SEJAHTERA = "pra_sejahtera", _("Pra sejahtera")
    SEJAHTERA_1 = "sejahtera_1", _("Sejahtera I")
    SEJAHTERA_2 = "sejahtera_2", _("Sejahtera II")
    SEJAHTERA_3 = "sejahtera_3", _("Sejahtera III")
    SEJAHTERA_3_PLUS = "sejahtera_3_plus", _("Sejahtera III plus")


class Household(models.Model):
    """A household (rumah tangga): the people who live in one house and share its kitchen, whatever family card
    they are on. One house may hold several KKs and one KK may be split over houses, so households stand beside
    families: a resident is on one KK and in at most one household. Its head is one of its members."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.PROTECT, related_name="households", verbose_name=_("desa/kelurahan")
    )
    number = models.CharField(
        _("nomor rumah tangga"), max_length=20,
        help_text=_("Nomor urut rumah tangga di desa; dibuat otomatis bila dikosongkan."),
    )
    head = models.ForeignKey(
        Resident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("kepala rumah tangga"),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True, validators=[rt_rw_validator])
    rw = models.CharField(_("RW"), max_length=3, blank=True, validators=[rt_rw_validator])
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    floor = models.CharField(_("lantai"), max_length=16, choices=Floor.choices, blank=True)
    wall = models.CharField(_("dinding"), max_length=16, choices=Wall.choices, blank=True)
    water = models.CharField(_("sumber air minum"), max_length=24, choices=WaterSource.choices, blank=True)
    electricity = models.CharField(_("penerangan"), max_length=16, choices=Electricity.choices, blank=True)
    sanitation = models.CharField(_("jamban"), max_length=24, choices=Sanitation.choices, blank=True)
    floor_area = models.PositiveIntegerField(_("luas lantai (m²)"), null=True, blank=True)
    welfare = models.CharField(_("tahapan kesejahteraan"), max_length=20, choices=Welfare.choices, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("rumah tangga")
        verbose_name_plural = _("rumah tangga")
        ordering = ["village", "number"]
        constraints = [
            models.UniqueConstraint(fields=["village", "number"], name="penduduk_household_number_unique"),
        ]

    def __str__(self) -> str:
        return str(_("Rumah tangga %(number)s") % {"number": self.number})

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya.")
        if self.latitude is not None and not (-90 <= self.latitude <= 90):
            errors["latitude"] = _("Lintang harus di antara -90 dan 90.")
        if self.longitude is not None and not (-180 <= self.longitude <= 180):
            errors["longitude"] = _("Bujur harus di antara -180 dan 180.")
        if errors:
            raise ValidationError(errors)
