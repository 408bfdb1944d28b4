"""The categories villages publish beyond age, education, occupation and religion, under the same small-group rule."""

import pytest
from django.urls import reverse

from satupintu.bansos import services as aid
from satupintu.bansos.models import ProgrammeKind, TargetKind
from satupintu.bansos.tests.factories import ProgrammeFactory
from satupintu.desa.statistics import village_statistics
from satupintu.penduduk import services as register
from satupintu.penduduk.tests.factories import ResidentFactory


@pytest.fixture
def village_data(users, village_a):
    op = users["village_operator"]
    people = []
    for i in range(8):
        people.append(
            ResidentFactory(
                village=village_a,
                blood_type="O",
                health_insurance="bpjs_pbi",
                marital_status="kawin",
                disability="tidak_ada" if i else "netra",
            )
        )
    people += [
        ResidentFactory(village=village_a, blood_type="AB", marital_status="belum_kawin") for _ in range(2)
    ]
    for i in range(6):
        register.household_save(
            by=op,
            village=village_a,
            member_niks=[people[i].nik],
            head_nik=people[i].nik,
            welfare="pra_sejahtera",
        )
    pbi = ProgrammeFactory(kind=ProgrammeKind.PBI_JKN, target=TargetKind.RESIDENT, name="PBI JKN 2026")
    blt = ProgrammeFactory(kind=ProgrammeKind.BLT_DD, target=TargetKind.RESIDENT, name="BLT Dana Desa 2026")
    for person in people[:7]:
        aid.recipient_add(by=op, programme=pbi, village=village_a, number=person.nik)
    aid.recipient_add(by=op, programme=blt, village=village_a, number=people[9].nik)
    return people


def test_new_categories_are_published_with_the_small_group_rule(village_a, village_data):
    stats = village_statistics(village_a)
    table = {
        key: {r["label"]: r["cell"].text for r in stats[key]}
        for key in ("marital_status", "blood_type", "disability", "health_insurance", "welfare", "aid")
    }
    assert table["blood_type"] == {"O": "10", "AB": "< 5"}
    assert table["marital_status"] == {"Kawin": "10", "Belum kawin": "< 5"}
    assert table["disability"] == {"Disabilitas sensorik netra": "< 5"}  # "none" is not a disability row
    assert table["health_insurance"] == {"BPJS Kesehatan PBI (dibayar pemerintah)": "10"}
    assert table["welfare"] == {"Pra sejahtera": "5"}  # six households
    assert table["aid"] == {"PBI JKN 2026": "5", "BLT Dana Desa 2026": "< 5"}


def test_population_page_shows_the_new_tables_and_links_the_aid_page(client, village_a, village_data):
    html = client.get(reverse("desa:population", args=[village_a.slug])).content.decode()
    for heading in (
        "Menurut golongan darah",
        "Penyandang disabilitas",
        "Menurut jaminan kesehatan",
        "Rumah tangga menurut tahapan kesejahteraan",
        "Penerima bantuan sosial",
    ):
        assert heading in html
    assert reverse("bansos:public", args=[village_a.slug]) in html
    assert "PBI JKN 2026" in html
