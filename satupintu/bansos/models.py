"""Social aid (bantuan sosial) and the poverty register a village keeps (the "SIK" of a smart village).

- A programme (PKH, BPNT, BLT Dana Desa, PBI JKN, or a local one) runs for a period and is paid from a source. The
  national and regency programmes have no village; a village may add its own.
- A recipient is a resident (by NIK), a family (by KK) or a household, in one village, of one programme. The NIK or
  KK number is kept with the row as it came (lists from the ministry name people the register may not know yet).
- The poverty register is the village's slice of the national data (DTKS, now DTSEN with its welfare deciles),
  imported from the file the Ministry of Social Affairs hands out; a new file replaces the village's slice.
- The village decides per programme whether the public page names its recipients; NIKs and KK numbers are never
  published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeKind(models.TextChoices):
    PKH = "pkh", _("PKH (Program Keluarga Harapan)")
    BPNT = "bpnt", _("BPNT/Program Sembako")
    BLT_DD = "blt_dd", _("BLT Dana Desa")
    PBI_JKN = "pbi_jkn", _("PBI JKN (iuran BPJS Kesehatan dibayar pemerintah)")
    LOCAL = "local", _("Bantuan daerah/desa lainnya")


class FundingSource(models.TextChoices):
    APBN = "apbn", _("APBN (pemerintah pusat)")
    APBD_PROV = "apbd_prov", _("APBD provinsi")
    APBD_KAB = "apbd_kab", _("APBD kabupaten")
    DANA_DESA = "dana_desa", _("Dana Desa (APBDes)")
    OTHER = "other", _("Lainnya (CSR, swadaya)")


class TargetKind(models.TextChoices):
    RESIDENT = "resident", _("Perorangan (NIK)")
    FAMILY = "family", _("Keluarga (KK)")
    HOUSEHOLD = "household", _("Rumah tangga")


# Programmes that must not go to the same family: BLT Dana Desa is for poor families that do not already receive
# PKH or BPNT (Permendesa PDTT on the priorities of the Dana Desa, BLT-DD target criteria).
EXCLUSIVE: dict[str, frozenset[str]] = {
    ProgrammeKind.BLT_DD: frozenset({ProgrammeKind.PKH, ProgrammeKind.BPNT}),
    ProgrammeKind.PKH: frozenset({ProgrammeKind.BLT_DD}),
    ProgrammeKind.BPNT: frozenset({ProgrammeKind.BLT_DD}),
}


class Programme(models.Model):
    name = models.CharField(_("nama program"), max_length=150)
    kind = models.CharField(_("jenis program"), max_length=10, choices=ProgrammeKind.choices)
    source = models.CharField(_("sumber dana"), max_length=10, choices=FundingSource.choices)
    target = models.CharField(
        _("sasaran"), max_length=10, choices=TargetKind.choices, default=TargetKind.FAMILY
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"), null=True, blank=True)
    village = models.ForeignKey(
        "wilayah.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_programmes",
        verbose_name=_("desa (program lokal)"),
        help_text=_("Kosong: program nasional/kabupaten untuk semua desa."),
    )
    description = models.CharField(_("keterangan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("program bantuan sosial")
        verbose_name_plural = _("program bantuan sosial")
        ordering = ["-start", "name"]

    def __str__(self) -> str:
        return self.name


class Recipient(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("program")
    )
    village = models.ForeignKey(
        "wilayah.Village",
        on_delete=models.PROTECT,
        related_name="aid_recipients",
        verbose_name=_("desa/kelurahan"),
        db_index=False,
    )
    target = models.CharField(_("sasaran"), max_length=10, choices=TargetKind.choices)
    # The number the list names (a NIK, a KK number, or the household's number in the village) and the name it gives.
    key = models.CharField(_("NIK/nomor KK/nomor rumah tangga"), max_length=20)
    name = models.CharField(_("nama penerima"), max_length=150)
    resident = models.ForeignKey(
        "penduduk.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid",
        verbose_name=_("penduduk"),
    )
    family = models.ForeignKey(
        "penduduk.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid",
        verbose_name=_("keluarga (KK)"),
    )
    household = models.ForeignKey(
        "penduduk.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aid",
        verbose_name=_("rumah tangga"),
    )
    amount = models.PositiveBigIntegerField(_("nilai bantuan (Rp)"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)
    added_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )

    class Meta:
        verbose_name = _("penerima bantuan")
        verbose_name_plural = _("penerima bantuan")
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "target", "key"], name="bansos_recipient_unique"),
        ]
        indexes = [models.Index(fields=["village", "programme"], name="bansos_recipient_village")]

    def __str__(self) -> str:
        return f"{self.name} ({self.programme})"


class Publication(models.Model):
    """A village's choice to publish the names of a programme's recipients on its public page."""

    village = models.ForeignKey(
        "wilayah.Village", on_delete=models.CASCADE, related_name="+", verbose_name=_("desa/kelurahan")
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="+", verbose_name=_("program")
    )
    publish_names = models.BooleanField(_("tampilkan nama penerima"), default=False)
    changed_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("keterbukaan penerima")
        verbose_name_plural = _("keterbukaan penerima")
        constraints = [
            models.UniqueConstraint(fields=["village", "programme"], name="bansos_publication_unique")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}@{self.village_id}: {self.publish_names}"


class PovertySource(models.TextChoices):
    DTKS = "dtks", _("DTKS (Data Terpadu Kesejahteraan Sosial)")
    DTSEN = "dtsen", _("DTSEN (Data Tunggal Sosial dan Ekonomi Nasional)")


class PovertyEntry(models.Model):
    """One family of the village in the national poverty data, as the last imported file gave it."""

    village = models.ForeignKey(
        "wilayah.Village",
        on_delete=models.CASCADE,
        related_name="poverty_entries",
        verbose_name=_("desa/kelurahan"),
        db_index=False,
    )
    source = models.CharField(_("sumber data"), max_length=8, choices=PovertySource.choices)
    kk_number = models.CharField(_("nomor KK"), max_length=16, db_index=True)
    head_nik = models.CharField(_("NIK kepala keluarga"), max_length=16, blank=True)
    head_name = models.CharField(_("nama kepala keluarga"), max_length=150)
    decile = models.PositiveSmallIntegerField(
        _("desil kesejahteraan"),
        null=True,
        blank=True,
        help_text=_("1 = 10% termiskin ... 10 = 10% terkaya."),
    )
    family = models.ForeignKey(
        "penduduk.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poverty_entries",
        verbose_name=_("keluarga (KK)"),
    )
    data_date = models.DateField(_("tanggal data"))
    imported_at = models.DateTimeField(_("diimpor"), auto_now_add=True)

    class Meta:
        verbose_name = _("data kemiskinan (DTKS/DTSEN)")
        verbose_name_plural = _("data kemiskinan (DTKS/DTSEN)")
        ordering = ["decile", "head_name"]
        constraints = [models.UniqueConstraint(fields=["village", "kk_number"], name="bansos_poverty_unique")]

    def __str__(self) -> str:
        return f"{self.head_name} ({self.get_source_display()})"


class ImportRun(models.Model):
    """One import of a recipient list or of the poverty data: who, what, and the row report."""

    class Kind(models.TextChoices):
        RECIPIENTS = "recipients", _("Daftar penerima bantuan")
        POVERTY = "poverty", _("Data DTKS/DTSEN")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Diterapkan")
        REJECTED = "rejected", _("Ditolak")

    kind = models.CharField(_("jenis impor"), max_length=12, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    village = models.ForeignKey(
        "wilayah.Village",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("desa/kelurahan"),
    )
    filename = models.CharField(_("nama berkas"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengunggah"),
    )
    status = models.CharField(_("hasil"), max_length=10, choices=Status.choices)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    stored_count = models.PositiveIntegerField(_("baris disimpan"), default=0)
    rejected_count = models.PositiveIntegerField(_("baris ditolak"), default=0)
    flagged_count = models.PositiveIntegerField(_("baris ditandai"), default=0)
    report = models.JSONField(_("laporan per baris"), default=list, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("impor bantuan sosial")
        verbose_name_plural = _("impor bantuan sosial")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
