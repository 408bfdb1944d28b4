"""Handing out a register book: who may, for which village and period, and the audit row of each export (the
population books carry NIKs, so every copy that leaves the platform is recorded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record
from satupintu.penduduk.permissions import can_manage_residents

from .books import BOOKS, Book
from .render import XLSX_TYPE, Heading, book_pdf, book_xlsx

FORMATS = {"pdf": "application/pdf", "xlsx": XLSX_TYPE}
MAX_PERIOD_DAYS = 366 * 10


@dataclass
class Export:
    content: bytes
    filename: str
    content_type: str
    rows: int


def can_read_registers(user, village) -> bool:
    """The village's own staff and the regency-wide roles: the same who keep its population register."""
    return can_manage_residents(user, village)


def heading_for(village, book: Book, start: dt.date, end: dt.date) -> Heading:
    from satupintu.surat.formatting import date_id, regency_full_name
    from satupintu.surat.models import VillageLetterProfile

    kind = "KELURAHAN" if village.kind == "kelurahan" else "DESA"
    regency = village.district.regency
    office = (
        f"{kind} {village.name.upper()}, KECAMATAN {village.district.name.upper()}, "
        f"{regency_full_name(regency).upper()}"
    )
    if book.describes == "end":
        period = _("Keadaan tanggal %(date)s") % {"date": date_id(end)}
    else:
        period = _("Periode %(start)s sampai %(end)s") % {"start": date_id(start), "end": date_id(end)}
    profile = VillageLetterProfile.objects.filter(village=village).first()
    default_title = _("Kepala Kelurahan") if village.kind == "kelurahan" else _("Kepala Desa")
    return Heading(
        office=office,
        period=period,
        place=village.name,
        signer_title=(profile.signer_title if profile and profile.signer_title else default_title),
        signer_name=profile.signer_name if profile else "",
    )


def book_export(*, by, village, slug: str, start: dt.date, end: dt.date, fmt: str) -> Export:
    """The book `slug` of `village` for `start`..`end` as `fmt` ("pdf" or "xlsx")."""
    require(can_read_registers(by, village))
    book = BOOKS.get(slug)
    if book is None or fmt not in FORMATS:
        raise ValidationError(_("Buku atau format tidak dikenal."))
    if start > end:
        raise ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError(_("Periode paling panjang sepuluh tahun."))
    rows = list(book.rows(village, start, end))
    heading = heading_for(village, book, start, end)
    if fmt == "pdf":
        content = book_pdf(book, rows, heading, printed_on=timezone.localdate())
    else:
        content = book_xlsx(book, rows, heading)
    audit_record(
        obj=village,
        action="desa.register.exported",
        actor=by,
        data={
            "book": slug,
            "format": fmt,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "rows": len(rows),
        },
    )
    filename = f"{book.code.replace('.', '')}-{slug}-{village.pk}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    return Export(content=content, filename=filename, content_type=FORMATS[fmt], rows=len(rows))
