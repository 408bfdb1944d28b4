"""The SP2D as PDF, through surat's Typst machinery (`surat.pdf`: compiler per thread, string literals only, QR).

Every value enters the Typst source as a string literal (`typst_str`), so a recipient's name can never become markup.
The amount is printed in figures and in words (terbilang, lokal-id); the QR carries the public verification address.
"""

from __future__ import annotations

import io

import segno
from lokal import format_rupiah, terbilang

from satupintu.core.branding import regency_name
from satupintu.surat.formatting import date_id
from satupintu.surat.pdf import _compiler, typst_str

from .banks import bank_name
from .conf import rkud_account

# Any of the eight QR masks reads in every scanner (ISO/IEC 18004 lets the encoder choose); scoring all eight to pick
# the "best" one is most of the QR's cost (~10 ms of ~13 ms for a verification address), so one is fixed here.
QR_MASK = 0


def qr_svg(payload: str) -> str:
    """The verification QR as SVG text: medium error correction (survives a stamp or a fold), mask fixed."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False, mask=QR_MASK, boost_error=False).save(
        buffer, kind="svg", scale=4, border=0, xmldecl=False)
    return buffer.getvalue().decode()


def amount_in_words(amount: int) -> str:
    """"Dua juta lima ratus ribu rupiah": terbilang of whole Rupiah, capitalised, as printed on an SP2D."""
    words = terbilang(amount).strip() if amount else "nol"
    return f"{words[0].upper()}{words[1:]} rupiah"


def typst_source(order, *, treasury) -> str:
    from django.utils import timezone

    regency = f"Pemerintah {regency_name()}"
    rows = [
        ("Nomor SPM", order.spm_number),
        ("OPD", order.agency.name),
        ("Jenis", order.get_kind_display()),
        ("Tahun anggaran", str(order.year)),
        ("Dari rekening kas daerah", f"Bank Sumut {rkud_account()}"),
        ("Kepada", order.recipient_name),
        ("NPWP", order.recipient_npwp or "-"),
        ("Bank / rekening", f"{bank_name(order.bank)} {order.account_number} a.n. {order.account_name}"),
        ("Keperluan", order.description),
    ]
    cells = ", ".join(f"{typst_str(label)}, {typst_str(':')}, {typst_str(value)}" for label, value in rows)
    lines = ", ".join(
        f"{typst_str(line.budget_line.account.code)}, {typst_str(line.description)}, "
        f"align(right, {typst_str(format_rupiah(line.amount))})"
        for line in order.lines.select_related("budget_line__account")
    )
    deductions = [("PPh 21", order.pph21), ("PPh 22", order.pph22), ("PPh 23", order.pph23), ("PPN", order.ppn)]
    cuts = ", ".join(f"{typst_str(name)}, align(right, {typst_str(format_rupiah(value))})"
                     for name, value in deductions if value)
    signed = timezone.localtime(order.sp2d_at) if order.sp2d_at else timezone.localtime()
    return f"""#set document(title: {typst_str("SP2D " + order.sp2d_number)})
#set page(width: 210mm, height: 297mm, margin: (top: 1.5cm, bottom: 1.8cm, left: 2cm, right: 2cm))
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "id")
#align(center, stack(spacing: 0.4em,
  text(size: 12pt, weight: "bold", upper({typst_str(regency)})),
  text(size: 12pt, weight: "bold", {typst_str(treasury.name)}),
  v(0.4em),
  text(size: 13pt, weight: "bold", "SURAT PERINTAH PENCAIRAN DANA (SP2D)"),
  text("Nomor: " + {typst_str(order.sp2d_number)}),
))
#line(length: 100%, stroke: 0.8pt)
#grid(columns: (auto, auto, 1fr), column-gutter: 0.5em, row-gutter: 0.5em, {cells})
#v(0.6em)
#table(columns: (auto, 1fr, auto), stroke: 0.4pt, inset: 5pt,
  [*Kode rekening*], [*Uraian*], [*Jumlah (Rp)*], {lines})
#grid(columns: (1fr, auto), row-gutter: 0.45em, column-gutter: 1em,
  "Jumlah kotor", align(right, {typst_str(format_rupiah(order.gross))}),
  {cuts + "," if cuts else ""}
  text(weight: "bold", "Jumlah yang dibayarkan"), align(right, text(weight: "bold", {typst_str(format_rupiah(order.net))})),
)
#v(0.3em)
#block(stroke: 0.5pt, inset: 6pt, width: 100%, text(style: "italic", "Terbilang: " + {typst_str(amount_in_words(order.net))}))
#v(1em)
#grid(columns: (1fr, 1fr), column-gutter: 1cm, align: (left + bottom, center + top),
  stack(spacing: 0.4em,
    link({typst_str(order.verification_url)}, image(bytes({typst_str(qr_svg(order.verification_url))}), format: "svg", width: 2.6cm)),
    text(size: 7.5pt, "Pindai kode QR untuk memeriksa keaslian SP2D."),
  ),
  stack(spacing: 0.5em,
    text({typst_str(date_id(signed.date()))}),
    text({typst_str(order.signer_title)}),
    v(1.8cm),
    text(weight: "bold", underline({typst_str(order.signer_name)})),
  ),
)
"""


def render_sp2d(order, *, treasury) -> bytes:
    return _compiler().compile(typst_source(order, treasury=treasury).encode(), format="pdf")
