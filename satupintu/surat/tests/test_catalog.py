"""Every shipped letter type renders as a numbered, verifiable letter: requested at the counter with values for all
its fields, checked, signed; the text has no hole and no stray placeholder, the PDF is a PDF, the number carries the
type's code and the public verification page finds it."""

import datetime as dt

import pytest

from satupintu.surat import services
from satupintu.surat.catalog import DEFAULT_LETTER_TYPES
from satupintu.surat.models import Channel, LetterType
from satupintu.surat.tests.factories import walk_to

from .conftest import make_resident

CODES = [item["code"] for item in DEFAULT_LETTER_TYPES]


def test_the_catalogue_ships_at_least_forty_distinct_types():
    assert len(CODES) >= 40
    assert len(set(CODES)) == len(CODES)
    names = {item["name"] for item in DEFAULT_LETTER_TYPES}
    for needed in ("Surat Keterangan Tidak Mampu", "Surat Keterangan Ahli Waris", "Surat Kuasa",
                   "Surat Keterangan Beda Identitas", "Surat Keterangan Janda/Duda", "Surat Keterangan Belum Menikah",
                   "Surat Pengantar KTP", "Surat Pengantar Kartu Keluarga", "Surat Pengantar SKCK",
                   "Surat Keterangan Izin Keramaian", "Surat Keterangan Penghasilan"):
        assert needed in names
    assert {"N1", "N2", "N3", "N4"} <= set(CODES)


def sample_values(letter_type, other_nik: str) -> tuple[dict, dict]:
    """(values to submit, text each value must print as)."""
    values, printed = {}, {}
    for i, spec in enumerate(letter_type.fields):
        kind = spec["type"]
        if kind == "text":
            values[spec["name"]] = printed[spec["name"]] = f"Isian-{i}-{spec['name']}"
        elif kind == "number":
            values[spec["name"]], printed[spec["name"]] = "1250000", "1.250.000"
        elif kind == "date":
            values[spec["name"]], printed[spec["name"]] = "2026-11-05", "5 November 2026"
        elif kind == "choice":
            values[spec["name"]] = printed[spec["name"]] = spec["choices"][-1]
        elif kind == "resident":
            values[spec["name"]], printed[spec["name"]] = other_nik, "Siti Rahmawati"
    return values, printed


@pytest.mark.parametrize("code", CODES)
def test_every_shipped_type_renders_numbers_and_verifies(code, users, village_a, client):
    services.letter_types_seed()
    letter_type = LetterType.objects.get(code=code, village__isnull=True)
    applicant = make_resident(village_a, nik="1218011505900001", name="Budi Santoso")
    other = make_resident(village_a, nik="1218015007910002", name="Siti Rahmawati", sex="P",
                          birth_date=dt.date(1991, 7, 10))
    values, printed = sample_values(letter_type, other.nik)
    letter = services.letter_request_create(
        village=village_a, letter_type=letter_type, resident=applicant, purpose="Persyaratan administrasi",
        field_values=values, channel=Channel.COUNTER, by=users["village_operator"],
    )
    letter = walk_to(letter, "ready")
    assert letter.number.startswith(f"{code}/001/")
    assert "{" not in letter.body_text and "}" not in letter.body_text
    assert "Budi Santoso" in letter.body_text
    for name, text in printed.items():
        assert text in letter.body_text, (name, text)
    assert letter.pdf.read(4) == b"%PDF"
    page = client.get(f"/surat/v/{letter.verification_token}/")
    assert page.status_code == 200
    assert letter.number in page.content.decode()
