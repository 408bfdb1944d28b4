"""The SKTM (surat keterangan tidak mampu) says whether the family is in the poverty register (DTKS/DTSEN)."""

import datetime as dt

from satupintu.bansos.models import PovertyEntry
from satupintu.surat import services
from satupintu.surat.models import Channel, LetterType
from satupintu.surat.tests.factories import walk_to

from .conftest import make_resident


def _sktm(users, village, resident):
    services.letter_types_seed()
    letter = services.letter_request_create(
        village=village,
        letter_type=LetterType.objects.get(code="S-11", village__isnull=True),
        resident=resident,
        purpose="Keringanan biaya rumah sakit",
        field_values={"penghasilan": "900000", "jumlah_tanggungan": "3"},
        channel=Channel.COUNTER,
        by=users["village_operator"],
    )
    return walk_to(letter, "ready")


def test_sktm_of_a_family_in_dtsen_says_so(users, village_a, client):
    budi = make_resident(village_a, nik="1218011505900001")
    PovertyEntry.objects.create(
        village=village_a,
        source="dtsen",
        kk_number=budi.family.kk_number,
        head_name=budi.name,
        decile=2,
        family=budi.family,
        data_date=dt.date(2026, 10, 1),
    )
    letter = _sktm(users, village_a, budi)
    assert "keluarga tersebut terdaftar dalam DTSEN (desil 2)." in " ".join(letter.body_text.split())
    client.force_login(users["village_operator"])
    page = client.get(f"/surat/{letter.pk}/").content.decode()
    assert "terdaftar dalam DTSEN (desil 2)" in page


def test_sktm_of_a_family_not_in_the_register_says_so(users, village_a):
    budi = make_resident(village_a, nik="1218011505900001")
    letter = _sktm(users, village_a, budi)
    assert "tidak terdaftar dalam data terpadu kesejahteraan sosial" in " ".join(letter.body_text.split())
