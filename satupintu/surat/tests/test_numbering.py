import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from satupintu.surat import services
from satupintu.surat.models import CounterScope, LetterNumberCounter, LetterRequest, VillageLetterProfile
from satupintu.surat.numbering import DEFAULT_FORMAT, NumberParts, format_number, validate_number_format

from .conftest import counter_request, issue, make_resident


def test_default_format_example_from_the_issue():
    parts = NumberParts(letter_code="S-41", sequence=7, village_short_code="2001", date=dt.date(2026, 11, 23))
    assert format_number(DEFAULT_FORMAT, parts) == "S-41/007/2001/XI/2026"


def test_padding_and_month_number():
    parts = NumberParts(letter_code="500", sequence=1234, village_short_code="2001", date=dt.date(2026, 2, 1))
    assert format_number("470/[nomor:3]/[bulan]/[tahun]", parts) == "470/1234/02/2026"


@pytest.mark.parametrize(
    ("pattern", "per_type"),
    [
        ("", True),
        ("[kode_surat]/[tahun]", True),  # no sequence
        ("[kode_surat]/[nomor]/[nomor]/[tahun]", True),
        ("[kode_surat]/[nomor]", True),  # no year: numbers would repeat after the yearly restart
        ("[nomor]/[tahun]", True),  # per type without the letter code: two types would share numbers
        ("[kode_surat]/[nomor:9]/[tahun]", True),
        ("[kode_surat]/[tahun:3]/[nomor]", True),
        ("[kode_surat]/[nomor]/[tahun]/[rahasia]", True),
        ("[kode_surat]/[nomor]/[tahun] ]", True),
    ],
)
def test_invalid_formats(pattern, per_type):
    with pytest.raises(ValidationError):
        validate_number_format(pattern, per_type=per_type)


def test_global_counter_format_may_omit_the_letter_code():
    validate_number_format("470/[nomor:4]/[kode_desa]/[tahun]", per_type=False)


def _sign_on(monkeypatch, when: dt.datetime):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: when)


def test_per_type_counters_are_separate(users, letter_types, resident_a):
    first_sku = issue(users=users, resident=resident_a, letter_types=letter_types)
    domicile = issue(users=users, resident=resident_a, letter_types=letter_types, code="S-41",
                     values={"alamat_domisili": "Dusun II"})
    second_sku = issue(users=users, resident=resident_a, letter_types=letter_types)
    year = first_sku.signed_at.year
    assert (first_sku.sequence, second_sku.sequence, domicile.sequence) == (1, 2, 1)
    assert first_sku.number.startswith("500/001/2001/")
    assert domicile.number.startswith("S-41/001/2001/")
    assert second_sku.number.endswith(f"/{year}")


def test_global_counter_runs_across_types(users, letter_types, resident_a, village_a):
    VillageLetterProfile.objects.create(
        village=village_a, counter_scope=CounterScope.ALL, number_format="470/[nomor:3]/[kode_desa]/[tahun]"
    )
    a = issue(users=users, resident=resident_a, letter_types=letter_types)
    b = issue(users=users, resident=resident_a, letter_types=letter_types, code="S-41", values={"alamat_domisili": "X"})
    assert (a.sequence, b.sequence) == (1, 2)
    assert b.number == f"470/002/2001/{b.signed_at.year}"
    assert LetterNumberCounter.objects.get().scope_key == LetterNumberCounter.ALL_SCOPE


def test_numbers_restart_each_year(users, letter_types, resident_a, monkeypatch):
    tz = dt.timezone(dt.timedelta(hours=7))
    _sign_on(monkeypatch, dt.datetime(2026, 12, 31, 15, 0, tzinfo=tz))
    issue(users=users, resident=resident_a, letter_types=letter_types)
    last_of_2026 = issue(users=users, resident=resident_a, letter_types=letter_types)
    _sign_on(monkeypatch, dt.datetime(2027, 1, 2, 9, 0, tzinfo=tz))
    first_of_2027 = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert last_of_2026.number == "500/002/2001/XII/2026"
    assert first_of_2027.number == "500/001/2001/I/2027"


def test_cancelled_request_uses_no_number(users, letter_types, resident_a):
    cancelled = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_request_verify(letter=cancelled, by=users["village_operator"])
    services.letter_request_cancel(letter=cancelled, by=users["village_operator"], reason="Salah jenis surat")
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert letter.sequence == 1


def test_failed_signing_rolls_the_number_back(users, letter_types, resident_a, settings, monkeypatch):
    from satupintu.surat import signing

    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_request_verify(letter=letter, by=users["village_operator"])

    def refuse(self, request):
        raise signing.SigningError("BSrE menolak")

    monkeypatch.setattr(signing.ManualSigner, "sign", refuse)
    with pytest.raises(ValidationError):
        services.letter_sign(letter=letter, by=users["village_head"])
    monkeypatch.undo()
    letter.refresh_from_db()
    assert letter.number == "" and letter.status == "awaiting_signature"
    signed = services.letter_sign(letter=letter, by=users["village_head"])
    assert signed.sequence == 1


CONCURRENT = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_signatures_get_distinct_consecutive_numbers(users, letter_types, village_a):
    """20 village heads' approvals at once, each thread with its own database connection."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks (SELECT ... FOR UPDATE) under real concurrency need PostgreSQL; CI runs this there.")
    letters = []
    for i in range(CONCURRENT):
        resident = make_resident(village_a, nik=f"121801150590{i + 1:04d}", name=f"Warga {i}")
        letter = counter_request(users=users, resident=resident, letter_types=letter_types)
        services.letter_request_verify(letter=letter, by=users["village_operator"])
        letters.append(letter)

    barrier = threading.Barrier(CONCURRENT)
    errors: list[BaseException] = []

    def sign(letter):
        try:
            barrier.wait(timeout=30)
            services.letter_sign(letter=letter, by=users["village_head"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(letter,)) for letter in letters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    sequences = sorted(LetterRequest.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, CONCURRENT + 1))
    numbers = set(LetterRequest.objects.values_list("number", flat=True))
    assert len(numbers) == CONCURRENT
    assert LetterNumberCounter.objects.get().last_number == CONCURRENT
