"""A register book as a landscape PDF (Typst, like the village letters) or an XLSX sheet (core/exports).

The PDF's data reaches Typst as one JSON input, never as source text: a name typed by anyone is a string value in
Typst and prints as itself. The table's columns have fixed relative widths, so Typst lays out a 10,000-row book
without measuring every cell first (auto-sized columns made the same book six times slower)."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from dataclasses import dataclass

import typst
from django.utils.translation import gettext as _

from satupintu.core.exports import xlsx_append

from .books import Book

_local = threading.local()

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE = """#let d = json(bytes(sys.inputs.data))
#set document(title: d.title)
#set page(paper: "a4", flipped: true, margin: (x: 1cm, top: 1.2cm, bottom: 1.4cm),
  footer: context text(size: 6.5pt, fill: luma(80), grid(columns: (1fr, auto), d.footer,
    d.page_word + " " + str(counter(page).get().first()) + " / " + str(counter(page).final().first()))))
#set text(font: "Libertinus Serif", size: 6.5pt, lang: "id")
#align(center, stack(spacing: 0.45em,
  text(size: 11pt, weight: "bold", d.title),
  text(size: 8pt, d.office),
  text(size: 8pt, d.period),
))
#v(0.5em)
#table(columns: d.widths.map(w => w * 1fr), inset: (x: 2pt, y: 2.2pt), align: left + top,
  table.header(..d.header.map(h => text(weight: "bold", h)), ..d.numbers.map(n => align(center, text(size: 5.5pt, n)))),
  ..d.rows.flatten())
#v(1em)
#align(right, block(width: 7cm, align(center, stack(spacing: 0.5em,
  text(size: 8pt, d.place_date), text(size: 8pt, d.signer_title), v(1.6cm),
  text(size: 8pt, weight: "bold", d.signer_name)))))
"""


@dataclass
class Heading:
    """The lines above and below the table: whose book, which period, who signs."""

    office: str  # DESA SIALTONG, KECAMATAN KOTARIH, KABUPATEN SERDANG BEDAGAI
    period: str
    place: str
    signer_title: str
    signer_name: str


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(ignore_system_fonts=True)
    return compiler


def book_pdf(book: Book, rows, heading: Heading, *, printed_on: dt.date) -> bytes:
    from satupintu.surat.formatting import date_id

    title = f"{book.title} ({book.code})".upper()
    data = {
        "title": title,
        "office": heading.office,
        "period": heading.period,
        "header": [str(label) for label, _width in book.columns],
        "widths": [w for _label, w in book.columns],
        "numbers": [str(i) for i in range(1, len(book.columns) + 1)],
        "rows": [[_text(v) for v in row] for row in rows],
        "footer": f"{title} · {heading.office}",
        "page_word": _("Halaman"),
        "place_date": f"{heading.place}, {date_id(printed_on)}",
        "signer_title": heading.signer_title,
        "signer_name": heading.signer_name or "(......................................)",
    }
    out = _compiler().compile(
        TEMPLATE.encode(), format="pdf", sys_inputs={"data": json.dumps(data, ensure_ascii=False)}
    )
    return out[0] if isinstance(out, list) else out


def book_xlsx(book: Book, rows, heading: Heading) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(book.code)
    for i, (_label, width) in enumerate(book.columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(4, width * 2.2)
    xlsx_append(sheet, [f"{book.title} ({book.code})".upper()])
    xlsx_append(sheet, [heading.office])
    xlsx_append(sheet, [heading.period])
    xlsx_append(sheet, [str(label) for label, _width in book.columns])
    xlsx_append(sheet, list(range(1, len(book.columns) + 1)))
    for row in rows:
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
