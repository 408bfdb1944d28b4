import datetime as dt

import segno

from satupintu.surat.pdf import LetterDocument, qr_svg, query_text, render_pdf, typst_source, typst_str

from .conftest import issue

TRICKY = 'Budi #panic("x") *tebal* $x^2$ [kurung] ] \\ garis \\u{41} _miring_ @ref <label> // komentar "kutip"'


def _doc(**overrides) -> LetterDocument:
    values = dict(
        regency_line="PEMERINTAH KABUPATEN SERDANG BEDAGAI", district_line="KECAMATAN KOTARIH",
        village_line="DESA SIALTONG", office_address="Jl. Besar No. 1", title="Surat Keterangan Usaha",
        number="500/001/2001/XI/2026", body=f"Nama : {TRICKY}\n\nParagraf {TRICKY}", place="Sialtong",
        date=dt.date(2026, 11, 23), signer_title="Kepala Desa Sialtong", signer_name=TRICKY,
        verification_url="https://satupintu.example.id/surat/v/AbC123_-x/",
    )
    values.update(overrides)
    return LetterDocument(**values)


def test_user_text_survives_verbatim_as_typst_strings():
    # The string literal, evaluated by Typst itself, gives back exactly the input: nothing became markup or code.
    source = f"#metadata({typst_str(TRICKY)}) <probe>"
    assert query_text(source, "probe") == [TRICKY]


def test_letter_with_markup_characters_compiles_to_pdf():
    pdf = render_pdf(_doc())
    assert pdf.startswith(b"%PDF")
    source = typst_source(_doc())
    # The tricky text only ever appears inside string literals.
    assert '#panic("x")' not in source
    assert typst_str(TRICKY) in source


def test_f4_paper_and_logo(tmp_path):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 64), (0, 80, 160)).save(buffer, format="PNG")
    source = typst_source(_doc(paper="f4"), logo_path="logo.png")
    assert "215mm" in source and "330mm" in source
    assert render_pdf(_doc(paper="f4", logo=buffer.getvalue())).startswith(b"%PDF")


def test_qr_is_generated_from_the_verification_url():
    url = "https://satupintu.example.id/surat/v/AbC123_-x/"
    expected = segno.make(url, error="m", micro=False)
    assert qr_svg(url) == _svg(expected)
    # The QR is also a link in the PDF, so a reader can click it; the URL is in the file.
    assert url.encode() in render_pdf(_doc(verification_url=url))


def _svg(qr) -> str:
    from io import BytesIO

    buffer = BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=0, xmldecl=False)
    return buffer.getvalue().decode()


def test_signed_letter_pdf_is_stored_and_points_to_its_verification_page(users, letter_types, resident_a, settings):
    settings.SATUPINTU_BASE_URL = "https://satupintu.example.id"
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    with letter.pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF")
    assert letter.verification_url == f"https://satupintu.example.id/surat/v/{letter.verification_token}/"
    assert letter.verification_url.encode() in pdf
    assert len(letter.verification_token) >= 24
