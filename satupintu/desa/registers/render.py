"""A register book as a landscape PDF (Typst, like the village letters) or an XLSX sheet (core/exports).

The PDF's data reaches Typst as one JSON input, never as source text: a name typed by anyone is a string value in
Typst and prints as itself. Each row is a line of fixed-width boxes ruled below, and the column headings repeat as
the page header: Typst's `table` (cell grid, strokes, repeated header) took about 2.5 times as long for a 10,000-row
book, and auto-sized columns, which measure every cell first, six times as long again."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
from dataclasses import dataclass

import typst
from django.utils.translation import gettext as _

from .books import Book
from .xlsx import xlsx_bytes

_local = threading.local()

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TEMPLATE = """#let d = json(bytes(sys.inputs.data))
#let cols = d.widths.map(w => w * 1cm)
#let row(cells) = block(spacing: 0pt, inset: (y: 1.6pt), stroke: (bottom: 0.3pt), breakable: false,
  stack(dir: ltr, ..cells.zip(cols).map(((t, w)) => if t == "" { h(w) } else { box(width: w, inset: (x: 1.5pt), t) })))
#let heading = block(spacing: 0pt, stroke: (top: 0.8pt, bottom: 0.8pt), {
  set text(size: d.header_size * 1pt)
  row(d.header.map(h => strong(h)))
  set text(size: 5pt)
  row(d.numbers)
})
#set document(title: d.title)
#set page(paper: "a4", flipped: true, margin: (x: 1cm, top: 1.6cm, bottom: 1.3cm),
  header: context if counter(page).get().first() > 1 { align(bottom, heading) },
  header-ascent: 0.3cm,
  footer: context text(size: 6.5pt, fill: luma(80), grid(columns: (1fr, auto), d.footer,
    d.page_word + " " + str(counter(page).get().first()))))
#set text(font: "Libertinus Serif", size: 6.5pt, lang: "id")
#align(center, stack(spacing: 0.45em,
  text(size: 11pt, weight: "bold", d.title),
  text(size: 8pt, d.office),
  text(size: 8pt, d.period),
))
#v(0.5em)
#heading
#for r in d.rows { row(r) }
#v(1em)
#align(right, block(width: 7cm, breakable: false, align(center, stack(spacing: 0.5em,
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


PAGE_WIDTH_CM = 27.7  # A4 landscape less the margins


def column_widths(book: Book) -> tuple[list[float], float]:
    """Each column's width in cm and the headings' font size (pt): the book's relative widths over the page, but
    never narrower than the longest word of the heading (a heading word is not broken), the others giving way."""
    size = 6.0 if len(book.columns) <= 20 else 4.6
    per_char = size * 0.6 * 0.03528  # a bold character of Libertinus is about 0.6 em; pt -> cm
    least = [max(len(word) for word in str(label).split()) * per_char + 0.12 for label, _w in book.columns]
    total = sum(w for _label, w in book.columns)
    widths = [w / total * PAGE_WIDTH_CM for _label, w in book.columns]
    for _round in range(6):
        short = sum(max(0.0, m - w) for m, w in zip(least, widths, strict=True))
        if short < 0.01:
            break
        widths = [max(m, w) for m, w in zip(least, widths, strict=True)]
        slack = [w - m for m, w in zip(least, widths, strict=True)]
        spare = sum(slack)
        if spare <= 0:
            break
        widths = [w - short * s / spare for w, s in zip(widths, slack, strict=True)]
    return [round(w, 3) for w in widths], size


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
    widths, header_size = column_widths(book)
    data = {
        "widths": widths,
        "header_size": header_size,
        "title": title,
        "office": heading.office,
        "period": heading.period,
        "header": [str(label) for label, _width in book.columns],
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
    head = [
        [f"{book.title} ({book.code})".upper()],
        [heading.office],
        [heading.period],
        [str(label) for label, _width in book.columns],
        list(range(1, len(book.columns) + 1)),
    ]
    return xlsx_bytes(
        sheet=book.code,
        rows=itertools.chain(head, rows),
        widths=[max(5.0, w * 2.2) for _label, w in book.columns],
        bold_rows={1, 4},
    )
