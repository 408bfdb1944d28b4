"""Every write of the treasury service: one transaction each, audited through the workflow engine.

Ceilings. Verification commits an SPM's amounts against its DPA lines. The lines are read under SELECT ... FOR UPDATE
in primary-key order (two SPMs sharing two lines always lock them in the same order: no deadlock), then each line's
remainder, its SPD remainder and its cash plan up to this month are checked against what this SPM asks of it, and
only then is `committed` increased. A second verifier working on an SPM against the same line waits for the first
transaction and sees its commitment: the sum never passes the line (a CHECK constraint is the last guard).

Numbers. SPP and SPM numbers are per agency, SP2D and SPD numbers per the treasury agency, all per document type and
year, from a counter row locked in the transaction that stores the number: no gaps, no duplicates."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal import format_rupiah

from satupintu.core.audit import audit_record
from satupintu.core.memo import Memo
from satupintu.organisasi.models import Agency

from . import permissions
from .banks import clean_account_number
from .clock import default_office_seconds
from .conf import bud_threshold, treasury_agency_slug
from .models import (
    REQUIRED_ATTACHMENTS,
    AttachmentKind,
    BudgetLine,
    CashPlan,
    DocumentType,
    FiscalYear,
    NumberCounter,
    OrderKind,
    OrderReturn,
    OrderStatus,
    PaymentAttachment,
    PaymentLine,
    PaymentOrder,
    PtkpStatus,
    ReturnReason,
    Spd,
    SpdLine,
    TaxClass,
)
from .taxes import order_taxes
from .workflow import ORDERS

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024

# The verifier's checklist (all must be ticked to pass an SPM).
CHECKLIST = {
    "documents": _("Dokumen lengkap dan sah"),
    "line_remainder": _("Dalam sisa pagu baris DPA"),
    "spd_remainder": _("Dalam sisa SPD dan anggaran kas"),
    "taxes": _("Potongan pajak benar"),
    "account": _("Rekening penerima sesuai nama"),
}


def rupiah(amount: int) -> str:
    return format_rupiah(amount)


# The treasury agency (name on every SP2D, owner of the SP2D and SPD counters): read once per process and minute.
treasury_memo = Memo("keuangan-treasury", seconds=60)


def treasury_agency() -> Agency:
    slug = treasury_agency_slug()
    agency = treasury_memo.get(slug, lambda: Agency.objects.filter(slug=slug).first())
    if agency is None:
        raise ValidationError(_("OPD pengelola keuangan (BUD) belum terdaftar."))
    return agency


def agency_code(agency: Agency) -> str:
    return agency.slug.upper().replace("-", ".")[:20]


# --- numbering --------------------------------------------------------------------------------------------------
def next_number(*, agency_id: int, doc_type: str, year: int) -> int:
    """The next number of `doc_type` for the agency and year. Call inside the transaction that stores it."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction that uses the number")
    # One statement: the UPDATE takes the row lock (held to the end of the transaction: a second signer waits, then
    # reads the incremented value; a rollback gives the number back) and RETURNING hands the new value over
    # (PostgreSQL, SQLite >= 3.35). The first number of a year creates the row, then increments it.
    table = connection.ops.quote_name(NumberCounter._meta.db_table)
    sql = (f"UPDATE {table} SET last_number = last_number + 1 "  # noqa: S608 (the table name is ours, quoted)
           "WHERE agency_id = %s AND doc_type = %s AND year = %s RETURNING last_number")
    with connection.cursor() as cursor:
        cursor.execute(sql, [agency_id, doc_type, year])
        row = cursor.fetchone()
        if row is None:
            NumberCounter.objects.bulk_create(
                [NumberCounter(agency_id=agency_id, doc_type=doc_type, year=year)], ignore_conflicts=True
            )
            cursor.execute(sql, [agency_id, doc_type, year])
            row = cursor.fetchone()
    return row[0]


def format_number(sequence: int, doc_type: str, agency: Agency, year: int, kind: str = "") -> str:
    label = f"{doc_type}-{kind.upper().replace('_', '.')}" if kind else doc_type
    return f"{sequence:05d}/{label}/{agency_code(agency)}/{year}"


# --- checks shared by the steps -----------------------------------------------------------------------------------
def _check_year_open(year: int) -> None:
    fiscal = FiscalYear.objects.filter(year=year).first()
    if fiscal is None:
        raise ValidationError(_("Tahun anggaran %(year)s belum dibuka.") % {"year": year}, code="year_missing")
    if fiscal.is_closed:
        raise ValidationError(
            _("Tahun anggaran %(year)s sudah ditutup: tidak ada SPP, SPM atau SP2D baru.") % {"year": year},
            code="year_closed",
        )


def _clean_npwp(value: str) -> str:
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if value and len(digits) not in (15, 16):
        raise ValidationError(_("NPWP harus 15 atau 16 digit angka."), code="npwp")
    return digits


def _line_label(line: BudgetLine) -> str:
    return f"{line.account.code} {line.description}"


def _months_through(year: int, today) -> int:
    """Cash plan months open on `today`: all twelve for a past year, none for a future one."""
    if year < today.year:
        return 12
    if year > today.year:
        return 0
    return today.month


def _cash_plan_through(line_ids: list[int], month: int) -> dict[int, int]:
    rows = (CashPlan.objects.filter(line_id__in=line_ids, month__lte=month).values("line_id")
            .annotate(total=Sum("amount")).values_list("line_id", "total"))
    return dict(rows)


def ceiling_problems(lines: list[BudgetLine], need: dict[int, int], *, today) -> list[str]:
    """What stops `need` (line id -> Rupiah) against `lines` (read under lock by the caller): every problem, each
    naming the line and its remainder."""
    problems: list[str] = []
    if not lines:
        return problems
    cash = _cash_plan_through([line.pk for line in lines], _months_through(lines[0].year, today))
    for line in lines:
        asked = need[line.pk]
        label = _line_label(line)
        if asked > line.amount - line.committed:
            problems.append(_("Baris DPA %(line)s: sisa pagu %(remainder)s, diminta %(asked)s.") % {
                "line": label, "remainder": rupiah(line.amount - line.committed), "asked": rupiah(asked)})
        if asked > line.spd_released - line.committed:
            problems.append(_("Baris DPA %(line)s: sisa SPD %(remainder)s, diminta %(asked)s.") % {
                "line": label, "remainder": rupiah(max(line.spd_released - line.committed, 0)),
                "asked": rupiah(asked)})
        if asked > cash.get(line.pk, 0) - line.committed:
            problems.append(_("Baris DPA %(line)s: sisa anggaran kas s.d. bulan ini %(remainder)s, diminta "
                              "%(asked)s.") % {
                "line": label, "remainder": rupiah(max(cash.get(line.pk, 0) - line.committed, 0)),
                "asked": rupiah(asked)})
    return problems


def _need(order: PaymentOrder) -> dict[int, int]:
    need: dict[int, int] = defaultdict(int)
    for line_id, amount in order.lines.values_list("budget_line_id", "amount"):
        need[line_id] += amount
    return dict(need)


def _recompute(order: PaymentOrder) -> None:
    lines = list(order.lines.values_list("amount", "tax_class", "employee_number", "ptkp_status"))
    taxes = order_taxes(lines, has_npwp=bool(order.recipient_npwp))
    order.gross = sum(line[0] for line in lines)
    order.pph21, order.pph22, order.pph23, order.ppn = taxes.pph21, taxes.pph22, taxes.pph23, taxes.ppn
    order.net = order.gross - taxes.total


def _stop_clock(order: PaymentOrder, now: datetime) -> None:
    if order.clock_started_at is not None:
        order.clock_seconds += default_office_seconds(order.clock_started_at, now)
        order.clock_started_at = None


# --- the agency's side --------------------------------------------------------------------------------------------
def order_create(
    *,
    by,
    kind: str,
    description: str,
    recipient_name: str,
    bank: str,
    account_number: str,
    account_name: str,
    recipient_npwp: str = "",
    year: int | None = None,
) -> PaymentOrder:
    """A new SPP drafted by the agency's treasurer."""
    if not permissions.can_draft_order(by):
        raise PermissionDenied(_("Hanya bendahara pengeluaran OPD yang dapat membuat SPP."))
    year = year or timezone.localdate().year
    if kind not in OrderKind.values:
        raise ValidationError(_("Jenis SPP tidak dikenal."), code="kind")
    _check_year_open(year)
    number = clean_account_number(bank, account_number)
    order = PaymentOrder(
        agency_id=by.agency_id, year=year, kind=kind, description=description.strip(),
        recipient_name=recipient_name.strip(), recipient_npwp=_clean_npwp(recipient_npwp), bank=bank,
        account_number=number, account_name=account_name.strip(), created_by=by,
    )
    if not order.description or not order.recipient_name or not order.account_name:
        raise ValidationError(_("Uraian, nama penerima dan nama pemilik rekening wajib diisi."), code="required")
    with transaction.atomic():
        ORDERS.apply(order, "created", by=by)
    return order


def order_update_recipient(*, order: PaymentOrder, by, recipient_name: str, bank: str, account_number: str,
                           account_name: str, recipient_npwp: str = "") -> PaymentOrder:
    """Correct the recipient or the account (a draft, or an SPM returned for a wrong account)."""
    number = clean_account_number(bank, account_number)
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        order.recipient_name, order.bank, order.account_number = recipient_name.strip(), bank, number
        order.account_name, order.recipient_npwp = account_name.strip(), _clean_npwp(recipient_npwp)
        _recompute(order)  # taxes depend on the NPWP
        ORDERS.apply(order, "edited", by=by, locked=True, note=_("Penerima dan rekening diperbarui"),
                     data={"detail": "recipient"})
    return order


def _clean_salary(order: PaymentOrder, tax_class: str, employee_number: str, ptkp_status: str) -> tuple[str, str]:
    """A salary line names the employee (NIP of 18 digits or NIK of 16) and the PTKP status that picks the TER table;
    other lines carry neither."""
    if tax_class != TaxClass.SALARY:
        return "", ""
    if order.kind != OrderKind.LS_SALARY:
        raise ValidationError(_("PPh 21 gaji (TER) hanya untuk SPP LS gaji dan tunjangan."), code="salary_kind")
    number = "".join(ch for ch in (employee_number or "") if ch.isdigit())
    if len(number) not in (16, 18):
        raise ValidationError(_("Rincian gaji wajib memuat NIP (18 digit) atau NIK (16 digit) pegawai."),
                              code="employee_number")
    if ptkp_status not in PtkpStatus.values:
        raise ValidationError(_("Pilih status PTKP pegawai (TK/0 sampai K/3)."), code="ptkp_status")
    other = (order.lines.filter(tax_class=TaxClass.SALARY, employee_number=number).exclude(ptkp_status=ptkp_status)
             .values_list("ptkp_status", flat=True).first())
    if other:
        raise ValidationError(_("Pegawai %(number)s sudah tercatat dengan status PTKP %(status)s pada SPP ini.") % {
            "number": number, "status": other}, code="ptkp_conflict")
    return number, ptkp_status


def order_line_add(*, order: PaymentOrder, by, budget_line: BudgetLine, description: str, amount: int,
                   tax_class: str = TaxClass.NONE, employee_number: str = "", ptkp_status: str = "") -> PaymentLine:
    """A line of the SPP against a DPA line of the agency. Refused, changing nothing: a negative or zero amount, a
    line of another agency or year, or more than the line's (or its SPD's) remainder with this SPP's other lines.
    A salary line (LS gaji) also names the employee and his PTKP status: PPh 21 by TER on his monthly gross."""
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("Jumlah harus bilangan bulat Rupiah lebih dari nol; jumlah negatif tidak diterima."),
                              code="amount")
    if tax_class not in TaxClass.values:
        raise ValidationError(_("Jenis pajak tidak dikenal."), code="tax_class")
    if budget_line.agency_id != order.agency_id or budget_line.year != order.year:
        raise ValidationError(_("Baris DPA itu bukan milik OPD dan tahun anggaran SPP ini."), code="line_scope")
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        ORDERS.check("edited", obj=order, by=by)
        employee_number, ptkp_status = _clean_salary(order, tax_class, employee_number, ptkp_status)
        budget_line = BudgetLine.objects.select_related("account").get(pk=budget_line.pk)  # its current commitment
        already = order.lines.filter(budget_line=budget_line).aggregate(s=Sum("amount"))["s"] or 0
        problems = ceiling_problems([budget_line], {budget_line.pk: already + amount}, today=timezone.localdate())
        if problems:
            raise ValidationError(problems, code="ceiling")
        line = PaymentLine.objects.create(order=order, budget_line=budget_line, description=description.strip()[:255],
                                          amount=amount, tax_class=tax_class, employee_number=employee_number,
                                          ptkp_status=ptkp_status)
        _recompute(order)
        ORDERS.apply(order, "edited", by=by, locked=True,
                     note=_("Rincian ditambah: %(line)s %(amount)s") % {
                         "line": budget_line.account.code, "amount": rupiah(amount)},
                     data={"detail": "line_added", "line": line.pk})
    return line


def order_line_remove(*, order: PaymentOrder, by, line_id: int) -> None:
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        ORDERS.check("edited", obj=order, by=by)
        deleted, _rows = order.lines.filter(pk=line_id).delete()
        if not deleted:
            raise ValidationError(_("Rincian tidak ditemukan."), code="line_missing")
        _recompute(order)
        ORDERS.apply(order, "edited", by=by, locked=True, note=_("Rincian dihapus"),
                     data={"detail": "line_removed", "line": line_id})


def attachment_add(*, order: PaymentOrder, by, kind: str, upload) -> PaymentAttachment:
    from satupintu.core.files import pdf_check

    if kind not in AttachmentKind.values:
        raise ValidationError(_("Jenis dokumen tidak dikenal."), code="kind")
    name = getattr(upload, "name", "") or "dokumen.pdf"
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("Lampiran harus berkas PDF."), code="pdf")
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("Lampiran paling besar 5 MB."), code="size")
    pdf_check(upload, name=name)
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        ORDERS.check("edited", obj=order, by=by)
        attachment = PaymentAttachment(order=order, kind=kind, original_name=name[:200], uploaded_by=by)
        attachment.file.save(name, upload, save=False)
        attachment.save()
        ORDERS.apply(order, "edited", by=by, locked=True,
                     note=_("Lampiran diunggah: %(kind)s") % {"kind": attachment.get_kind_display()},
                     data={"detail": "attachment", "attachment": attachment.pk})
    return attachment


def missing_attachments(order: PaymentOrder) -> list[str]:
    have = set(order.attachments.values_list("kind", flat=True))
    return [str(AttachmentKind(k).label) for k in REQUIRED_ATTACHMENTS.get(order.kind, ()) if k not in have]


def spp_submit(*, order: PaymentOrder, by) -> PaymentOrder:
    """The treasurer submits the SPP to the PPK-SKPD; the SPP gets its number."""
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().select_related("agency").get(pk=order.pk)
        ORDERS.check("submit_spp", obj=order, by=by)
        if not order.lines.exists():
            raise ValidationError(_("SPP belum memiliki rincian."), code="no_lines")
        _check_year_open(order.year)
        changes = {}
        if not order.spp_number:
            seq = next_number(agency_id=order.agency_id, doc_type=DocumentType.SPP, year=order.year)
            changes["spp_number"] = format_number(seq, "SPP", order.agency, order.year, order.kind)
        ORDERS.apply(order, "submit_spp", by=by, locked=True, changes=changes)
    return order


def spp_check(*, order: PaymentOrder, by, note: str = "") -> PaymentOrder:
    with transaction.atomic():
        ORDERS.apply(order, "check_spp", by=by, note=note)
    return order


def spp_reject(*, order: PaymentOrder, by, note: str) -> PaymentOrder:
    if not note.strip():
        raise ValidationError(_("Tuliskan alasan pengembalian."), code="note")
    with transaction.atomic():
        ORDERS.apply(order, "reject_spp", by=by, note=note.strip())
    return order


def spm_sign(*, order: PaymentOrder, by, now: datetime | None = None) -> PaymentOrder:
    """The head (PA/KPA) signs the SPM: it gets its number and arrives at the treasury, where the clock starts."""
    now = now or timezone.now()
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().select_related("agency").get(pk=order.pk)
        ORDERS.check("sign_spm", obj=order, by=by)
        _check_year_open(order.year)
        changes = {"clock_started_at": now, "submitted_at": order.submitted_at or now}
        if not order.spm_number:
            seq = next_number(agency_id=order.agency_id, doc_type=DocumentType.SPM, year=order.year)
            changes["spm_number"] = format_number(seq, "SPM", order.agency, order.year, order.kind)
        ORDERS.apply(order, "sign_spm", by=by, locked=True, changes=changes)
    return order


def spm_resubmit(*, order: PaymentOrder, by, note: str = "", now: datetime | None = None) -> PaymentOrder:
    """Back at the treasury after a return: the clock runs again from now."""
    with transaction.atomic():
        ORDERS.apply(order, "resubmit", by=by, note=note, changes={"clock_started_at": now or timezone.now()})
    return order


def order_cancel(*, order: PaymentOrder, by, note: str) -> PaymentOrder:
    if not note.strip():
        raise ValidationError(_("Alasan pembatalan wajib diisi."), code="note")
    with transaction.atomic():
        ORDERS.apply(order, "cancel", by=by, note=note.strip())
    return order


# --- the treasury's side ------------------------------------------------------------------------------------------
def _lock_lines(ids) -> list[BudgetLine]:
    # Primary-key order: every transaction takes the same locks in the same order (no deadlock).
    return list(BudgetLine.objects.select_for_update(of=("self",)).select_related("account")
                .filter(pk__in=sorted(ids)).order_by("pk"))


def spm_verify(*, order: PaymentOrder, by, checklist: dict | None = None, now: datetime | None = None) -> PaymentOrder:
    """The verifier passes an SPM: every item of the checklist ticked, the documents the kind requires attached, and
    the ceilings hold (checked and committed under the lines' locks). Refused with every reason, changing nothing."""
    now = now or timezone.now()
    ticked = {key: bool((checklist or {}).get(key)) for key in CHECKLIST}
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        ORDERS.check("verify", obj=order, by=by)
        _check_year_open(order.year)
        problems = [_("Daftar periksa belum lengkap: %(item)s.") % {"item": CHECKLIST[key]}
                    for key, ok in ticked.items() if not ok]
        missing = missing_attachments(order)
        if missing:
            problems.append(_("Lampiran belum ada: %(docs)s.") % {"docs": ", ".join(missing)})
        need = _need(order)
        lines = _lock_lines(need)
        problems += ceiling_problems(lines, need, today=timezone.localdate(now))
        if problems:
            raise ValidationError(problems, code="verify")
        for line in lines:
            line.committed += need[line.pk]
            line.save(update_fields=["committed"])
        ORDERS.apply(order, "verify", by=by, locked=True,
                     changes={"checklist": ticked, "verified_at": now, "verified_by": by})
    return order


def spm_return(*, order: PaymentOrder, by, reason: str, note: str, now: datetime | None = None) -> PaymentOrder:
    """Back to the agency with a reason; the clock stops. A verified SPM gives its commitment back."""
    now = now or timezone.now()
    if reason not in ReturnReason.values:
        raise ValidationError(_("Pilih alasan pengembalian."), code="reason")
    if not note.strip():
        raise ValidationError(_("Tuliskan alasan pengembalian."), code="note")
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        ORDERS.check("return", obj=order, by=by)
        if order.status == OrderStatus.VERIFIED:
            need = _need(order)
            for line in _lock_lines(need):
                line.committed -= need[line.pk]
                line.save(update_fields=["committed"])
        _stop_clock(order, now)
        OrderReturn.objects.create(order=order, reason=reason, note=note.strip()[:500], returned_at=now,
                                   returned_by=by)
        ORDERS.apply(order, "return", by=by, locked=True, note=note.strip(), data={"reason": reason},
                     changes={"return_count": order.return_count + 1, "checklist": {}})
    return order


def sp2d_sign(*, order: PaymentOrder, by, passphrase: str = "", now: datetime | None = None,
              request=None) -> PaymentOrder:
    """The Kuasa BUD (or the BUD above the threshold) signs: the SP2D gets its number from the treasury's counter, the
    clock stops, the PDF (terbilang, QR to the verification page) is rendered and signed. A failure anywhere (also
    at the signing service) rolls everything back: no number is used."""
    from satupintu.core.links import absolute_url
    from satupintu.surat.signing import SigningError, SignRequest, get_signer

    from .pdf import render_sp2d

    now = now or timezone.now()
    with transaction.atomic():
        order = PaymentOrder.objects.select_for_update().select_related("agency").get(pk=order.pk)
        if permissions.is_treasury(by) and by.role == "kuasa_bud" and permissions.needs_bud(order):
            raise PermissionDenied(_("SP2D di atas %(limit)s ditandatangani oleh BUD, bukan Kuasa BUD.") % {
                "limit": rupiah(bud_threshold())})
        ORDERS.check("sign_sp2d", obj=order, by=by)
        _check_year_open(order.year)
        treasury = treasury_agency()
        seq = next_number(agency_id=treasury.pk, doc_type=DocumentType.SP2D, year=order.year)
        order.sp2d_number = format_number(seq, "SP2D", treasury, order.year)
        order.verification_token = secrets.token_urlsafe(18)
        order.verification_url = absolute_url(f"/keuangan/v/{order.verification_token}/", request=request)
        order.sp2d_at = now
        order.sp2d_month = timezone.localtime(now).month
        order.sp2d_signed_by = by
        order.signer_name = by.get_full_name() or by.get_username()
        order.signer_title = str(by.get_role_display())
        _stop_clock(order, now)
        pdf = render_sp2d(order, treasury=treasury)
        try:
            signed = get_signer().sign(SignRequest(pdf=pdf, filename=f"sp2d-{seq}.pdf",
                                                   signer_nik=getattr(by, "nik", "") or "", passphrase=passphrase))
        except SigningError as exc:
            raise ValidationError(str(exc), code="signing") from exc
        order.pdf.save(f"sp2d-{order.year}-{seq:05d}.pdf", ContentFile(signed), save=False)
        ORDERS.apply(order, "sign_sp2d", by=by, locked=True)
    return order


def sp2d_send(*, order: PaymentOrder, by, now: datetime | None = None) -> PaymentOrder:
    """Marked as handed to the bank (with the transfer file, `exports.bank_transfer_csv`)."""
    with transaction.atomic():
        ORDERS.apply(order, "send_to_bank", by=by, changes={"sent_at": now or timezone.now()})
    return order


# --- budget -------------------------------------------------------------------------------------------------------
def fiscal_year_open(year: int) -> FiscalYear:
    fiscal, _created = FiscalYear.objects.get_or_create(year=year)
    return fiscal


def budget_import(*, agency: Agency, year: int, data: bytes, filename: str, by) -> dict:
    """Import an agency's DPA for a year from a spreadsheet: every line checked first (budget.parse_dpa reports every
    bad line), then applied in one transaction or not at all. A line already in the DPA (same sub-activity and
    account) gets the new amount and cash plan; it can never drop below what is already committed or released."""
    from .budget import BudgetFileError, parse_dpa

    if not permissions.can_manage_budget(by):
        raise PermissionDenied
    rows = parse_dpa(data, filename)
    with transaction.atomic():
        fiscal_year_open(year)
        existing = {(line.activity_code, line.account_id): line
                    for line in BudgetLine.objects.select_for_update().filter(agency=agency, year=year)}
        errors = []
        created = updated = 0
        plans: list[CashPlan] = []
        for row in rows:
            line = existing.get((row.activity_code, row.account.pk))
            if line is not None:
                floor = max(line.committed, line.spd_released)
                if row.amount < floor:
                    errors.append(_("Baris %(line)s (%(code)s): pagu %(amount)s lebih kecil dari yang sudah dipakai "
                                    "atau disediakan SPD (%(floor)s).") % {
                        "line": row.line, "code": row.account.code, "amount": rupiah(row.amount),
                        "floor": rupiah(floor)})
                    continue
                line.program_code, line.program_name = row.program_code, row.program_name
                line.activity_name, line.description, line.amount = row.activity_name, row.description, row.amount
                line.save()
                line.cash_plan.all().delete()
                updated += 1
            else:
                line = BudgetLine.objects.create(
                    agency=agency, year=year, program_code=row.program_code, program_name=row.program_name,
                    activity_code=row.activity_code, activity_name=row.activity_name, account=row.account,
                    description=row.description, amount=row.amount)
                created += 1
            plans += [CashPlan(line=line, month=month, amount=amount) for month, amount in row.cash_plan.items()
                      if amount]
        if errors:
            transaction.set_rollback(True)
            raise BudgetFileError(errors)
        CashPlan.objects.bulk_create(plans)
        audit_record(obj=agency, action="keuangan.budget_imported", actor=by,
                     data={"year": year, "created": created, "updated": updated, "file": filename[:100]})
        realisation_dip_publish(year=year, by=by)
    return {"created": created, "updated": updated}


def realisation_dip_publish(*, year: int, by=None):
    """The year's public realisation as a row of the treasury's Daftar Informasi Publik (PPID), periodic information
    (UU 14/2008 Pasal 9; Perki 1/2021: laporan realisasi anggaran): created when the year's first DPA is imported,
    kept (never duplicated) on later imports. The row links to `/keuangan/realisasi/?tahun=<year>`, which always shows
    the current figures: aggregates per agency and programme, no recipient's data. Without a registered treasury
    agency nothing is published (None)."""
    from django.urls import reverse

    from satupintu.core.links import absolute_url
    from satupintu.ppid.models import InfoCategory, InfoForm, PublicInfoItem

    treasury = Agency.objects.filter(slug=treasury_agency_slug()).first()
    if treasury is None:
        return None
    path = f"{reverse('keuangan:realisation')}?tahun={year}"
    values = {
        "title": _("Realisasi anggaran belanja daerah tahun %(year)s per OPD dan program, per bulan") % {"year": year},
        "summary": _("Pagu DPA dan realisasi belanja (SP2D terbit) setiap OPD dan program, per bulan, diperbarui "
                     "setiap kali SP2D terbit. Angka agregat tanpa data pribadi penerima pembayaran."),
        "holding_unit": treasury.name[:200],
        "responsible_officer": _("Bendahara Umum Daerah (BUD)"),
        "made_when": _("Tahun anggaran %(year)s, diperbarui setiap SP2D terbit") % {"year": year},
        "made_where": treasury.name[:200],
        "form": InfoForm.ELECTRONIC,
        "retention_period": _("Permanen"),
        "category": InfoCategory.PERIODIC,
        "link": absolute_url(path),
        "is_published": True,
    }
    item = PublicInfoItem.objects.filter(agency=treasury, category=InfoCategory.PERIODIC, link__endswith=path).first()
    if item is not None:
        return item
    item = PublicInfoItem.objects.create(agency=treasury, **values)
    audit_record(obj=item, action="keuangan.realisation_published", actor=by, data={"year": year})
    return item


def spd_issue(*, agency: Agency, year: int, month_from: int, month_to: int, by) -> Spd:
    """An SPD releasing, for each of the agency's DPA lines, its cash plan of the months `month_from`..`month_to`.
    Periods of one agency and year do not overlap."""
    if not permissions.can_manage_budget(by):
        raise PermissionDenied
    if not (1 <= month_from <= month_to <= 12):
        raise ValidationError(_("Periode SPD tidak sah: bulan 1 sampai 12, awal tidak sesudah akhir."), code="period")
    with transaction.atomic():
        _check_year_open(year)
        overlap = Spd.objects.filter(agency=agency, year=year, month_from__lte=month_to, month_to__gte=month_from)
        if overlap.exists():
            raise ValidationError(_("Periode itu sudah (sebagian) dicakup SPD %(number)s.") % {
                "number": overlap.first().number}, code="overlap")
        ids = list(BudgetLine.objects.filter(agency=agency, year=year).values_list("pk", flat=True))
        if not ids:
            raise ValidationError(_("OPD ini belum memiliki DPA tahun %(year)s.") % {"year": year}, code="no_dpa")
        lines = _lock_lines(ids)
        plan = dict(CashPlan.objects.filter(line_id__in=ids, month__gte=month_from, month__lte=month_to)
                    .values("line_id").annotate(total=Sum("amount")).values_list("line_id", "total"))
        treasury = treasury_agency()
        seq = next_number(agency_id=treasury.pk, doc_type=DocumentType.SPD, year=year)
        spd = Spd.objects.create(agency=agency, year=year, number=format_number(seq, "SPD", agency, year),
                                 month_from=month_from, month_to=month_to, issued_by=by,
                                 amount=sum(plan.values()))
        spd_lines = []
        for line in lines:
            amount = plan.get(line.pk, 0)
            if amount:
                line.spd_released += amount
                line.save(update_fields=["spd_released"])
                spd_lines.append(SpdLine(spd=spd, line=line, amount=amount))
        SpdLine.objects.bulk_create(spd_lines)
        audit_record(obj=spd, action="keuangan.spd_issued", actor=by,
                     data={"agency": agency.pk, "amount": spd.amount, "months": [month_from, month_to]})
    return spd
