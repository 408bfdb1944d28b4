"""APBDes downloads: CSV and XLSX in the import layout (kode, uraian, anggaran, realisasi; so a download can be
edited and imported again) and a PDF typeset with Typst.

The PDF gets its text through `sys.inputs` as JSON, never spliced into Typst markup, so names containing `#`, `*`,
`$` or brackets are printed as written and cannot run Typst code."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import typst
from django.utils import timezone
from lokal import format_rupiah

from satupintu.core.exports import csv_writer, xlsx_append
from satupintu.core.formatting import tanggal_waktu

HEADER = ["kode", "uraian", "anggaran", "realisasi"]

PDF_TEMPLATE = """
#let data = json(bytes(sys.inputs.data))
#set document(title: data.title)
#set page(paper: "a4", margin: (x: 1.4cm, y: 1.6cm), footer: context [
  #set text(size: 7pt)
  #data.footer #h(1fr) #counter(page).display("1 / 1", both: true)
])
#set text(size: 8.5pt, lang: "id")
#text(size: 13pt, weight: "bold")[#data.title]
#linebreak()
#data.subtitle
#v(6pt)
#table(
  columns: (auto, 1fr, auto, auto, auto),
  align: (left, left, right, right, right),
  stroke: 0.4pt + luma(180),
  table.header(..data.header.map(h => text(weight: "bold", h))),
  ..data.rows.map(r => {
    let cells = (r.code, r.description, r.budget, r.realisation, r.percent)
    if r.group { cells.map(c => text(weight: "bold", c)) } else { cells }
  }).flatten()
)
"""


def _amount(value: Decimal) -> str:
    return str(value.quantize(Decimal("1")) if value == value.to_integral_value() else value)


def _rows(lines):
    return [[line.code, line.description, _amount(line.budget_amount), _amount(line.realisation_amount)]
            for line in lines]


def budget_csv(budget, lines) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)  # a description starting with "=" would otherwise run as a formula
    writer.writerow(HEADER)
    writer.writerows(_rows(lines))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def budget_xlsx(budget, lines) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = f"APBDes {budget.year}"
    xlsx_append(ws, HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for line in lines:
        xlsx_append(ws, [line.code, line.description, line.budget_amount, line.realisation_amount])
        if line.is_group:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        for col in (3, 4):
            ws.cell(row=ws.max_row, column=col).number_format = "#,##0"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 18
    ws.column_dimensions["D"].width = 18
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def budget_pdf(budget, lines) -> bytes:
    village = budget.village
    data = {
        "title": f"APBDes {village} Tahun {budget.year}",
        "subtitle": f"Kecamatan {village.district.name}",
        "footer": f"Dicetak {tanggal_waktu(timezone.now())}",
        "header": ["Kode", "Uraian", "Anggaran", "Realisasi", "%"],
        "rows": [
            {
                "code": line.code,
                "description": line.description,
                "budget": format_rupiah(line.budget_amount),
                "realisation": format_rupiah(line.realisation_amount),
                "percent": "" if line.realisation_percent is None else f"{line.realisation_percent}".replace(".", ","),
                "group": line.is_group,
            }
            for line in lines
        ],
    }
    return typst.compile(PDF_TEMPLATE.encode(), sys_inputs={"data": json.dumps(data)})
