"""Regional treasury: the budget (DPA lines, cash plan, SPD) and the payment order that walks SPP -> SPM -> SP2D.

Money is whole Rupiah in BigIntegerField everywhere (APBD amounts are whole Rupiah; never floats). One
`PaymentOrder` row is the SPP, then the SPM, then the SP2D: its state says which, the three numbers are given at the
steps that make each document (services, under the counter's row lock). DPA lines carry what verification has
committed against them; the check and the increment happen under `SELECT ... FOR UPDATE` of the line rows."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from satupintu.core.storage import UnguessablePath, private_storage

# Permendagri 90/2019 (klasifikasi, kodefikasi dan nomenklatur): akun.kelompok.jenis.objek.rincian objek.sub rincian
# objek, e.g. 5.1.02.01.01.0024 (Belanja Barang dan Jasa ... Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis
# Kantor). A DPA line is budgeted at the sub rincian objek level: all six segments.
ACCOUNT_CODE_RE = re.compile(r"^[1-9]\.[1-9]\.\d{2}\.\d{2}\.\d{2}\.\d{4}$")
# Programme (urusan.bidang.program, "1.03.02") and sub-activity (program.kegiatan.sub kegiatan, "1.03.02.2.01.0001").
PROGRAM_CODE_RE = re.compile(r"^\d\.\d{2}\.\d{2}$")
ACTIVITY_CODE_RE = re.compile(r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$")
MONTHS = range(1, 13)


def validate_account_code(value: str) -> None:
    if not ACCOUNT_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Kode rekening “%(code)s” tidak sesuai format Permendagri 90/2019 (contoh 5.1.02.01.01.0024)."),
            code="account_format", params={"code": (value or "")[:40]},
        )


class Account(models.Model):
    """The chart of accounts (bagan akun standar): only codes listed here may carry a budget."""

    code = models.CharField(_("kode rekening"), max_length=20, unique=True, validators=[validate_account_code])
    name = models.CharField(_("uraian"), max_length=255)

    class Meta:
        verbose_name = _("kode rekening")
        verbose_name_plural = _("bagan akun")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FiscalYear(models.Model):
    """A budget year. Closed (tutup buku): no new SPP, no verification, no SP2D in it."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"), unique=True)
    is_closed = models.BooleanField(_("ditutup"), default=False)

    class Meta:
        verbose_name = _("tahun anggaran")
        verbose_name_plural = _("tahun anggaran")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class BudgetLine(models.Model):
    """One line of an agency's DPA: programme, sub-activity, account, amount (pagu). `committed` is what verified
    SPMs have taken from it; `spd_released` what SPDs have made available so far."""

    agency = models.ForeignKey("organisasi.Agency", on_delete=models.PROTECT, related_name="budget_lines",
                               verbose_name=_("OPD"))
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    program_code = models.CharField(_("kode program"), max_length=12)
    program_name = models.CharField(_("program"), max_length=255)
    activity_code = models.CharField(_("kode sub kegiatan"), max_length=24)
    activity_name = models.CharField(_("sub kegiatan"), max_length=255)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, verbose_name=_("kode rekening"))
    description = models.CharField(_("uraian"), max_length=255)
    amount = models.BigIntegerField(_("pagu (Rp)"), validators=[MinValueValidator(0)])
    spd_released = models.BigIntegerField(_("disediakan SPD (Rp)"), default=0)
    committed = models.BigIntegerField(_("terpakai (Rp)"), default=0)

    class Meta:
        verbose_name = _("baris DPA")
        verbose_name_plural = _("baris DPA")
        ordering = ["agency_id", "year", "activity_code", "account__code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "activity_code", "account"], name="keuangan_line_unique"),
            models.CheckConstraint(condition=models.Q(committed__lte=models.F("amount")), name="keuangan_line_ceiling"),
            models.CheckConstraint(condition=models.Q(committed__gte=0), name="keuangan_line_committed_positive"),
        ]
        indexes = [models.Index(fields=["year", "agency"], name="keuangan_line_year_agency")]

    def __str__(self) -> str:
        return f"{self.account.code} {self.description}"

    @property
    def remainder(self) -> int:
        return self.amount - self.committed


class CashPlan(models.Model):
    """Anggaran kas: how much of a DPA line may be spent by the end of each month (quarterly plans are stored in the
    quarter's first month)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="cash_plan")
    month = models.PositiveSmallIntegerField(_("bulan"))
    amount = models.BigIntegerField(_("jumlah (Rp)"), validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("anggaran kas")
        verbose_name_plural = _("anggaran kas")
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="keuangan_cashplan_unique")]

    def __str__(self) -> str:
        return f"{self.line_id}/{self.month}: {self.amount}"


class Spd(models.Model):
    """Surat Penyediaan Dana: releases, for an agency, the cash plan of a run of months."""

    agency = models.ForeignKey("organisasi.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD"))
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    number = models.CharField(_("nomor SPD"), max_length=60, unique=True)
    month_from = models.PositiveSmallIntegerField(_("dari bulan"))
    month_to = models.PositiveSmallIntegerField(_("sampai bulan"))
    amount = models.BigIntegerField(_("jumlah (Rp)"), default=0)
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("SPD")
        verbose_name_plural = _("SPD")
        ordering = ["-year", "agency_id", "month_from"]

    def __str__(self) -> str:
        return self.number


class SpdLine(models.Model):
    spd = models.ForeignKey(Spd, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="spd_lines")
    amount = models.BigIntegerField(_("jumlah (Rp)"), validators=[MinValueValidator(0)])

    def __str__(self) -> str:
        return f"{self.spd_id}/{self.line_id}: {self.amount}"


class OrderKind(models.TextChoices):
    UP = "up", _("UP (uang persediaan)")
    GU = "gu", _("GU (ganti uang persediaan)")
    TU = "tu", _("TU (tambahan uang persediaan)")
    LS_SALARY = "ls_gaji", _("LS gaji dan tunjangan")
    LS_GOODS = "ls_barang", _("LS barang dan jasa")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draf SPP")
    SPP_SUBMITTED = "spp_submitted", _("SPP menunggu pemeriksaan PPK")
    SPM_DRAFT = "spm_draft", _("SPM menunggu tanda tangan PA/KPA")
    AT_TREASURY = "at_treasury", _("SPM di BUD, menunggu verifikasi")
    RETURNED = "returned", _("SPM dikembalikan ke OPD")
    VERIFIED = "verified", _("Terverifikasi, menunggu tanda tangan SP2D")
    ISSUED = "issued", _("SP2D terbit")
    SENT = "sent", _("SP2D dikirim ke bank")
    CANCELLED = "cancelled", _("Dibatalkan")


IN_TREASURY = (OrderStatus.AT_TREASURY, OrderStatus.VERIFIED)
ISSUED_STATES = (OrderStatus.ISSUED, OrderStatus.SENT)


class ReturnReason(models.TextChoices):
    DOCUMENTS = "documents", _("Dokumen tidak lengkap")
    LINE_REMAINDER = "line_remainder", _("Melebihi sisa pagu DPA")
    SPD_REMAINDER = "spd_remainder", _("Melebihi sisa SPD atau anggaran kas")
    TAXES = "taxes", _("Potongan pajak tidak benar")
    ACCOUNT = "account", _("Rekening penerima tidak sesuai")
    OTHER = "other", _("Lainnya")


class PaymentOrder(models.Model):
    """SPP -> SPM -> SP2D of one payment. Amounts: `gross` the sum of the lines, taxes withheld from them (computed by
    `taxes.py` when the lines change), `net` what the bank transfers to the recipient."""

    agency = models.ForeignKey("organisasi.Agency", on_delete=models.PROTECT, related_name="payment_orders",
                               verbose_name=_("OPD"))
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kind = models.CharField(_("jenis"), max_length=12, choices=OrderKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.DRAFT,
                              db_index=True)
    description = models.CharField(_("uraian pembayaran"), max_length=300)
    recipient_name = models.CharField(_("nama penerima"), max_length=150)
    recipient_npwp = models.CharField(_("NPWP penerima"), max_length=16, blank=True)
    bank = models.CharField(_("bank"), max_length=20)
    account_number = models.CharField(_("nomor rekening"), max_length=20)
    account_name = models.CharField(_("nama pemilik rekening"), max_length=150)

    gross = models.BigIntegerField(_("jumlah kotor (Rp)"), default=0)
    pph21 = models.BigIntegerField(_("PPh 21 (Rp)"), default=0)
    pph22 = models.BigIntegerField(_("PPh 22 (Rp)"), default=0)
    pph23 = models.BigIntegerField(_("PPh 23 (Rp)"), default=0)
    ppn = models.BigIntegerField(_("PPN (Rp)"), default=0)
    net = models.BigIntegerField(_("jumlah bersih (Rp)"), default=0)

    spp_number = models.CharField(_("nomor SPP"), max_length=60, blank=True)
    spm_number = models.CharField(_("nomor SPM"), max_length=60, blank=True)
    sp2d_number = models.CharField(_("nomor SP2D"), max_length=60, blank=True)

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # The clock of the one-hour promise: office minutes at the treasury, stopped while the SPM is back at the agency.
    submitted_at = models.DateTimeField(_("pertama diterima BUD"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("jam berjalan sejak"), null=True, blank=True)
    clock_seconds = models.PositiveIntegerField(_("detik jam kerja di BUD (segmen yang selesai)"), default=0)
    return_count = models.PositiveSmallIntegerField(_("jumlah dikembalikan"), default=0)
    checklist = models.JSONField(_("daftar periksa"), default=dict, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sp2d_at = models.DateTimeField(_("SP2D terbit"), null=True, blank=True, db_index=True)
    # The month (Asia/Jakarta) of sp2d_at, kept for the reports: grouping 60,000 SP2Ds of a year by an integer column
    # instead of a time-zone conversion of every row.
    sp2d_month = models.PositiveSmallIntegerField(_("bulan SP2D"), null=True, blank=True)
    sp2d_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                       related_name="+")
    signer_name = models.CharField(_("nama penanda tangan SP2D"), max_length=150, blank=True)
    signer_title = models.CharField(_("jabatan penanda tangan SP2D"), max_length=100, blank=True)
    verification_token = models.CharField(_("token verifikasi"), max_length=64, null=True, blank=True, unique=True)
    verification_url = models.URLField(_("alamat verifikasi (isi QR)"), max_length=300, blank=True)
    pdf = models.FileField(_("SP2D (PDF)"), upload_to=UnguessablePath("keuangan/sp2d"), blank=True,
                           storage=private_storage)
    sent_at = models.DateTimeField(_("dikirim ke bank"), null=True, blank=True)

    class Meta:
        verbose_name = _("SPP/SPM/SP2D")
        verbose_name_plural = _("SPP/SPM/SP2D")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "clock_started_at"], name="keuangan_order_queue"),
            models.Index(fields=["agency", "status"], name="keuangan_order_agency"),
            models.Index(fields=["year", "sp2d_at"], name="keuangan_order_year_sp2d"),
        ]

    def __str__(self) -> str:
        return self.sp2d_number or self.spm_number or self.spp_number or _("Draf SPP #%(pk)s") % {"pk": self.pk}

    @property
    def number(self) -> str:
        return self.sp2d_number or self.spm_number or self.spp_number

    @property
    def deductions(self) -> int:
        return self.pph21 + self.pph22 + self.pph23 + self.ppn


class TaxClass(models.TextChoices):
    NONE = "none", _("Tanpa potongan pajak")
    GOODS = "goods", _("Pembelian barang (PPN + PPh 22)")
    SERVICES = "services", _("Jasa (PPN + PPh 23)")
    HONOR_NON_PNS = "honor", _("Honorarium bukan PNS (PPh 21)")
    HONOR_PNS_III = "honor_iii", _("Honorarium PNS golongan III (PPh 21)")
    HONOR_PNS_IV = "honor_iv", _("Honorarium PNS golongan IV (PPh 21)")
    SALARY = "salary", _("Gaji dan tunjangan pegawai (PPh 21 TER)")


class PtkpStatus(models.TextChoices):
    """The employee's PTKP status (UU PPh Pasal 7): it picks the TER table (PP 58/2023)."""

    TK0 = "TK/0", "TK/0"
    TK1 = "TK/1", "TK/1"
    TK2 = "TK/2", "TK/2"
    TK3 = "TK/3", "TK/3"
    K0 = "K/0", "K/0"
    K1 = "K/1", "K/1"
    K2 = "K/2", "K/2"
    K3 = "K/3", "K/3"


class PaymentLine(models.Model):
    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="lines")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="payment_lines",
                                    verbose_name=_("baris DPA"))
    description = models.CharField(_("uraian"), max_length=255)
    amount = models.BigIntegerField(_("jumlah (Rp)"), validators=[MinValueValidator(1)])
    tax_class = models.CharField(_("pajak"), max_length=12, choices=TaxClass.choices, default=TaxClass.NONE)
    # A salary line (LS gaji) is one employee's monthly pay on one account (gaji pokok, tunjangan ...): PPh 21 is
    # withheld on the employee's whole monthly gross, summed over the order's lines with the same employee number.
    employee_number = models.CharField(_("NIP/NIK pegawai"), max_length=18, blank=True)
    ptkp_status = models.CharField(_("status PTKP"), max_length=4, choices=PtkpStatus.choices, blank=True)

    class Meta:
        verbose_name = _("rincian SPP")
        verbose_name_plural = _("rincian SPP")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"


class AttachmentKind(models.TextChoices):
    INVOICE = "invoice", _("Faktur/tagihan")
    RECEIPT = "receipt", _("Kuitansi")
    HANDOVER = "handover", _("Berita acara serah terima")
    PAYROLL = "payroll", _("Daftar gaji")
    OTHER = "other", _("Lainnya")


# What the verifier expects attached, per kind of order (Permendagri 77/2020, lampiran SPP-LS/UP/GU/TU).
REQUIRED_ATTACHMENTS = {
    OrderKind.LS_GOODS: (AttachmentKind.INVOICE, AttachmentKind.RECEIPT, AttachmentKind.HANDOVER),
    OrderKind.LS_SALARY: (AttachmentKind.PAYROLL,),
    OrderKind.GU: (AttachmentKind.RECEIPT,),
    OrderKind.UP: (),
    OrderKind.TU: (),
}


class PaymentAttachment(models.Model):
    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("jenis dokumen"), max_length=12, choices=AttachmentKind.choices)
    file = models.FileField(_("berkas"), upload_to=UnguessablePath("keuangan/lampiran"), storage=private_storage)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class OrderReturn(models.Model):
    """Each time the treasury sends an SPM back: the reason counts in the statistics."""

    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="returns")
    reason = models.CharField(_("alasan"), max_length=20, choices=ReturnReason.choices)
    note = models.CharField(_("catatan"), max_length=500)
    returned_at = models.DateTimeField(_("dikembalikan"))
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-returned_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.note}"


class DocumentType(models.TextChoices):
    SPP = "SPP", "SPP"
    SPM = "SPM", "SPM"
    SP2D = "SP2D", "SP2D"
    SPD = "SPD", "SPD"


class NumberCounter(models.Model):
    """The last number given per agency, document type and year. Incremented only under `select_for_update()` in the
    transaction that stores the number (services.next_number): a rollback gives the number back, so no gaps; the row
    lock serialises two signers, so no duplicates."""

    agency = models.ForeignKey("organisasi.Agency", on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=4, choices=DocumentType.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "doc_type", "year"], name="keuangan_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year}: {self.last_number}"
