"""Fixtures of the letter tests: the letter types, residents in two villages, and helpers to walk a letter through."""

import datetime as dt

import pytest

from satupintu.penduduk.models import Family, Resident
from satupintu.surat import services
from satupintu.surat.models import Channel, LetterType
from satupintu.surat.tests.factories import walk_to


def make_resident(village, *, nik: str, name: str = "Budi Santoso", sex: str = "L", birth_date=dt.date(1990, 5, 15)):
    family = Family.objects.create(
        kk_number=nik[:6] + "0101" + nik[-6:], village=village, address="Dusun I", rt="001", rw="002"
    )
    return Resident.objects.create(
        nik=nik, name=name, sex=sex, birth_place="Sei Rampah", birth_date=birth_date, religion="islam",
        marital_status="kawin", occupation="Pedagang", education="sma", address="Dusun I", rt="001", rw="002",
        village=village, family=family,
    )


@pytest.fixture
def letter_types(db):
    services.letter_types_seed()
    return {t.code: t for t in LetterType.objects.all()}


@pytest.fixture
def resident_a(village_a):
    return make_resident(village_a, nik="1218011505900001")


@pytest.fixture
def resident_b(village_b):
    return make_resident(village_b, nik="1218025505920002", name="Siti Aminah", sex="P", birth_date=dt.date(1992, 5, 15))


SKU_VALUES = {"nama_usaha": "Warung Berkah", "jenis_usaha": "Kedai kopi", "alamat_usaha": "Dusun I", "mulai_usaha": ""}


def counter_request(*, users, resident, letter_types, code="500", values=None, purpose="Pengajuan kredit usaha"):
    return services.letter_request_create(
        village=resident.village, letter_type=letter_types[code], resident=resident, purpose=purpose,
        field_values=SKU_VALUES if values is None and code == "500" else (values or {}),
        channel=Channel.COUNTER, by=users["village_operator"],
    )


def issue(*, users, resident, letter_types, code="500", values=None):
    """Request at the counter, check, sign: the whole path to a numbered letter."""
    letter = counter_request(users=users, resident=resident, letter_types=letter_types, code=code, values=values)
    return walk_to(letter, "signed")  # checked by the village's operator, signed by its head
