"""Population events change the register and the family card, and the monthly report adds up on data counted by
hand (see the table in `seeded`)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.core.models import AuditEvent
from satupintu.penduduk import events
from satupintu.penduduk.models import Family, FamilyVersion, PopulationEvent, Resident, ResidentStatus
from satupintu.penduduk.nik import build_nik
from satupintu.wilayah.models import Village


def person(village, family, name, sex, birth, serial, relation, region="12.18.01"):
    return Resident.objects.create(
        nik=build_nik(region_code=region, birth_date=birth, sex=sex, serial=serial), name=name, sex=sex,
        birth_place="Sei Rampah", birth_date=birth, religion="islam", marital_status="kawin", address="Dusun I",
        rt="001", rw="002", village=village, family=family, family_relation=relation,
    )


def card(village, kk):
    return Family.objects.create(kk_number=kk, village=village, address="Dusun I", rt="001", rw="002")


@pytest.fixture
def seeded(regency):
    """Sialtong (A) and Kotarih Baru (district Kotarih), Bantan (B) and a kelurahan (district Dolok Masihul).

    Register before the events: A: F1 Budi (L), Siti (P), Andi (L); F2 Joko (L), Rina (P). B: Tono (L), Sari (P).
    Events: A Sep 15 Eko (L) moves in; Oct 5 Putri (P) born into F1; Oct 12 Joko dies; Oct 20 Andi moves out;
    Oct 25 Dewi (P) moves in; Nov 3 Bayu (L) born into F2. B Oct 10 Sari moves out, Oct 15 she moves in to
    Kotarih Baru.

    October by hand — A: start L4 (Budi, Andi, Joko, Eko) P2; birth P1; death L1; in P1; out L1; end L2 P4.
    Kotarih Baru: in P1, end P1. B: start L1 P1; out P1; end L1 P0."""
    a = Village.objects.get(code="12.18.01.2001")
    kb = Village.objects.get(code="12.18.01.2002")
    b = Village.objects.get(code="12.18.02.2001")
    f1, f2 = card(a, "1218010101250001"), card(a, "1218010101250002")
    fb = card(b, "1218020101250003")
    people = {
        "budi": person(a, f1, "Budi", "L", dt.date(1980, 1, 1), 1, "kepala"),
        "siti": person(a, f1, "Siti", "P", dt.date(1982, 2, 2), 2, "istri"),
        "andi": person(a, f1, "Andi", "L", dt.date(2004, 3, 3), 3, "anak"),
        "joko": person(a, f2, "Joko", "L", dt.date(1950, 4, 4), 4, "kepala"),
        "rina": person(a, f2, "Rina", "P", dt.date(1955, 5, 5), 5, "istri"),
        "tono": person(b, fb, "Tono", "L", dt.date(1970, 6, 6), 6, "kepala", region="12.18.02"),
        "sari": person(b, fb, "Sari", "P", dt.date(1972, 7, 7), 7, "istri", region="12.18.02"),
    }
    for family, head in ((f1, "budi"), (f2, "joko"), (fb, "tono")):
        family.head = people[head]
        family.save()
    op_a = actor(Role.VILLAGE_OPERATOR, village=a)
    op_kb = actor(Role.VILLAGE_OPERATOR, village=kb)
    op_b = actor(Role.VILLAGE_OPERATOR, village=b)
    newcomer = {"religion": "islam", "marital_status": "belum_kawin", "birth_place": "Medan"}
    events.event_move_in(by=op_a, village=a, nik=build_nik(region_code="12.18.02", birth_date=dt.date(1990, 8, 8),
                                                           sex="L", serial=8),
                         date=dt.date(2025, 9, 15), origin="Kota Medan", name="Eko", sex="L",
                         birth_date=dt.date(1990, 8, 8), document_number="SKPWNI/1", **newcomer)
    events.event_birth(by=op_a, village=a, kk_number=f1.kk_number,
                       nik=build_nik(region_code="12.18.01", birth_date=dt.date(2025, 10, 5), sex="P", serial=9),
                       name="Putri", sex="P", birth_place="Sialtong", birth_date=dt.date(2025, 10, 5),
                       document_number="474.1/001")
    events.event_death(by=op_a, village=a, nik=people["joko"].nik, date=dt.date(2025, 10, 12), place="Rumah",
                       document_number="474.3/002")
    events.event_move_out(by=op_a, village=a, nik=people["andi"].nik, date=dt.date(2025, 10, 20),
                          destination="Kota Medan", document_number="475/003")
    events.event_move_in(by=op_a, village=a, nik=build_nik(region_code="12.18.02", birth_date=dt.date(1995, 2, 14),
                                                           sex="P", serial=10),
                         date=dt.date(2025, 10, 25), origin="Kota Medan", kk_number=f2.kk_number, relation="famili_lain",
                         name="Dewi", sex="P", birth_date=dt.date(1995, 2, 14), **newcomer)
    events.event_birth(by=op_a, village=a, kk_number=f2.kk_number,
                       nik=build_nik(region_code="12.18.01", birth_date=dt.date(2025, 11, 3), sex="L", serial=11),
                       name="Bayu", sex="L", birth_place="Sialtong", birth_date=dt.date(2025, 11, 3))
    events.event_move_out(by=op_b, village=b, nik=people["sari"].nik, date=dt.date(2025, 10, 10),
                          destination="Kotarih Baru")
    events.event_move_in(by=op_kb, village=kb, nik=people["sari"].nik, date=dt.date(2025, 10, 15), origin="Bantan")
    return {"a": a, "kb": kb, "b": b, "f1": f1, "f2": f2, "fb": fb, "people": people, "op_a": op_a, "op_b": op_b}


def cells(counts) -> dict:
    return {c: (counts.values[c]["L"], counts.values[c]["P"]) for c in events.COLUMNS}


def test_october_adds_up_per_village_district_and_regency(seeded):
    report = events.monthly_report(year=2025, month=10, villages=Village.objects.all())
    by_code = {row.village.code: row.counts for block in report.districts for row in block.villages}
    assert cells(by_code["12.18.01.2001"]) == {
        "start": (4, 2), "birth": (0, 1), "death": (1, 0), "move_in": (0, 1), "move_out": (1, 0), "end": (2, 4)}
    assert cells(by_code["12.18.01.2002"]) == {
        "start": (0, 0), "birth": (0, 0), "death": (0, 0), "move_in": (0, 1), "move_out": (0, 0), "end": (0, 1)}
    assert cells(by_code["12.18.02.2001"]) == {
        "start": (1, 1), "birth": (0, 0), "death": (0, 0), "move_in": (0, 0), "move_out": (0, 1), "end": (1, 0)}
    assert cells(by_code["12.18.02.1001"]) == {c: (0, 0) for c in events.COLUMNS}
    districts = {block.district.code: block.counts for block in report.districts}
    assert cells(districts["12.18.01"]) == {
        "start": (4, 2), "birth": (0, 1), "death": (1, 0), "move_in": (0, 2), "move_out": (1, 0), "end": (2, 5)}
    assert cells(districts["12.18.02"])["end"] == (1, 0)
    assert cells(report.counts) == {
        "start": (5, 3), "birth": (0, 1), "death": (1, 0), "move_in": (0, 2), "move_out": (1, 1), "end": (3, 5)}
    assert all(c.balances for c in [*by_code.values(), *districts.values(), report.counts])


def test_the_months_chain_and_a_later_month_counts_its_own_events(seeded):
    september = events.monthly_report(year=2025, month=9, villages=Village.objects.filter(code="12.18.01.2001"))
    october = events.monthly_report(year=2025, month=10, villages=Village.objects.filter(code="12.18.01.2001"))
    november = events.monthly_report(year=2025, month=11, villages=Village.objects.filter(code="12.18.01.2001"))
    assert cells(september.counts)["start"] == (3, 2)
    assert cells(september.counts)["move_in"] == (1, 0)
    assert cells(september.counts)["end"] == cells(october.counts)["start"]
    assert cells(october.counts)["end"] == cells(november.counts)["start"] == (2, 4)
    assert cells(november.counts)["birth"] == (1, 0)
    assert cells(november.counts)["end"] == (3, 4)  # the register today: Budi, Eko, Bayu; Siti, Rina, Putri, Dewi


def test_events_change_the_register_and_the_family_card(seeded):
    people = seeded["people"]
    joko = Resident.objects.get(pk=people["joko"].pk)
    assert joko.status == ResidentStatus.DECEASED and joko.family is None
    andi = Resident.objects.get(pk=people["andi"].pk)
    assert andi.status == ResidentStatus.MOVED and andi.family is None
    putri = Resident.objects.get(name="Putri")
    assert putri.family == seeded["f1"] and putri.family_relation == "anak" and putri.village == seeded["a"]
    sari = Resident.objects.get(pk=people["sari"].pk)
    assert sari.status == ResidentStatus.ACTIVE and sari.village == seeded["kb"]
    f1_versions = FamilyVersion.objects.filter(family=seeded["f1"]).order_by("version")
    # v1 as imported, v2 Putri added, v3 Andi removed
    assert [v.change for v in f1_versions][1:] == [{"added": [putri.nik], "removed": []},
                                                  {"added": [], "removed": [andi.nik]}]
    assert andi.nik not in f1_versions.last().member_niks
    seeded["f2"].refresh_from_db()
    assert seeded["f2"].head is None  # the head died; the card waits for a new head
    actions = set(AuditEvent.objects.filter(object_id=str(joko.pk)).values_list("action", flat=True))
    assert "death_recorded" in actions
    event = PopulationEvent.objects.get(resident=joko)
    assert (event.kind, event.date, event.document_number, event.sex) == ("death", dt.date(2025, 10, 12),
                                                                          "474.3/002", "L")


def test_refused_events_change_nothing(seeded):
    people, op_a = seeded["people"], seeded["op_a"]
    before = (PopulationEvent.objects.count(), Resident.objects.filter(status="active").count())
    with pytest.raises(ValidationError):  # already deceased
        events.event_death(by=op_a, village=seeded["a"], nik=people["joko"].nik, date=dt.date(2025, 10, 13))
    with pytest.raises(ValidationError):  # another village's resident
        events.event_move_out(by=op_a, village=seeded["a"], nik=people["tono"].nik, date=dt.date(2025, 10, 13),
                              destination="Medan")
    with pytest.raises(ValidationError):  # in the future
        events.event_death(by=op_a, village=seeded["a"], nik=people["budi"].nik,
                           date=dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(ValidationError):  # an active resident cannot "move in" again
        events.event_move_in(by=op_a, village=seeded["a"], nik=people["tono"].nik, date=dt.date(2025, 10, 13),
                             origin="Bantan")
    with pytest.raises(ValidationError):  # a family card of another village
        events.event_birth(by=op_a, village=seeded["a"], kk_number=seeded["fb"].kk_number,
                           nik=build_nik(region_code="12.18.01", birth_date=dt.date(2025, 10, 6), sex="L", serial=99),
                           name="X", sex="L", birth_place="X", birth_date=dt.date(2025, 10, 6))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        events.event_death(by=seeded["op_b"], village=seeded["a"], nik=people["budi"].nik, date=dt.date(2025, 10, 13))
    assert (PopulationEvent.objects.count(), Resident.objects.filter(status="active").count()) == before


def test_the_workflow_refuses_illegal_steps(seeded):
    from satupintu.core.workflow import TransitionError
    from satupintu.penduduk.workflow import RESIDENTS

    joko = Resident.objects.get(pk=seeded["people"]["joko"].pk)
    for action in ("death_recorded", "moved_out", "moved_in"):
        with pytest.raises(TransitionError), transaction.atomic():
            RESIDENTS.apply(joko, action, by=seeded["op_a"])
    budi = Resident.objects.get(pk=seeded["people"]["budi"].pk)
    with pytest.raises(TransitionError), transaction.atomic():
        RESIDENTS.apply(budi, "moved_in", by=seeded["op_a"])
    assert Resident.objects.get(pk=budi.pk).status == ResidentStatus.ACTIVE


def test_the_report_pages_scope_print_and_export(seeded, client, users):
    client.force_login(users["village_operator"])  # Sialtong
    page = client.get("/penduduk/laporan-bulanan/?tahun=2025&bulan=10").content.decode()
    assert "Sialtong" in page and "Bantan" not in page
    client.force_login(users["regency_admin"])
    page = client.get("/penduduk/laporan-bulanan/?tahun=2025&bulan=10").content.decode()
    assert "Sialtong" in page and "Bantan" in page and 'data-testid="report-total"' in page
    district = client.get("/penduduk/laporan-bulanan/?tahun=2025&bulan=10&kecamatan=12.18.02").content.decode()
    assert "Bantan" in district and "Sialtong" not in district
    assert client.get("/penduduk/laporan-bulanan/?tahun=2025&bulan=10&format=cetak").status_code == 200
    xlsx = client.get("/penduduk/laporan-bulanan/?tahun=2025&bulan=10&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    total = rows[-1]
    assert total[0] == "Jumlah"
    assert list(total[2:]) == [5, 3, 8, 0, 1, 1, 1, 0, 1, 0, 2, 2, 1, 1, 2, 3, 5, 8]
    csv = client.get("/penduduk/laporan-bulanan/?tahun=2025&bulan=10&format=csv").content.decode()
    assert "Sialtong" in csv
    client.force_login(users["citizen"])
    assert client.get("/penduduk/laporan-bulanan/").status_code == 403


def test_recording_through_the_pages(seeded, client, users):
    client.force_login(users["village_operator"])
    nik = build_nik(region_code="12.18.01", birth_date=dt.date(2025, 11, 20), sex="P", serial=50)
    response = client.post("/penduduk/mutasi/lahir/", {
        "kk_number": seeded["f1"].kk_number, "nik": nik, "name": "Ayu", "sex": "P", "birth_place": "Sialtong",
        "birth_date": "2025-11-20", "relation": "anak", "document_kind": "village_letter", "document_number": "S-17/4",
    })
    assert response.status_code == 302
    assert Resident.objects.get(nik=nik).family == seeded["f1"]
    bad = client.post("/penduduk/mutasi/meninggal/", {"nik": seeded["people"]["tono"].nik, "date": "2025-11-01",
                                                      "document_kind": "village_letter"})
    assert bad.status_code == 200 and "tidak ditemukan" in bad.content.decode()
    assert "Ayu" in client.get("/penduduk/mutasi/").content.decode()
    client.force_login(users["regency_admin"])
    assert client.get("/penduduk/mutasi/lahir/").status_code == 404  # the village records its own events


def test_the_civil_registry_records_its_birth_as_an_event(seeded):
    from satupintu.organisasi.models import Agency
    from satupintu.penduduk import civil

    agency = Agency.objects.create(name="Disdukcapil", short_name="Disdukcapil", slug="disdukcapil", kind="dinas")
    from satupintu.akun.tests.factories import UserFactory

    registrar = UserFactory(username="pencatat", role=Role.CAPIL_REGISTRAR, agency=agency)
    budi = Resident.objects.get(pk=seeded["people"]["budi"].pk)
    baby, _version = civil.resident_register_birth(
        by=registrar, family=seeded["f1"], nik=build_nik(region_code="12.18.01", birth_date=dt.date(2025, 11, 25),
                                                        sex="L", serial=77),
        name="Raka", sex="L", birth_place="RSUD", birth_date=dt.date(2025, 11, 25), parents=[budi],
        reason="Kelahiran Raka", document_number="1218-LU-25112025-0001",
    )
    event = PopulationEvent.objects.get(resident=baby)
    assert (event.kind, event.document_kind, event.document_number) == ("birth", "civil_record",
                                                                        "1218-LU-25112025-0001")
    november = events.monthly_report(year=2025, month=11, villages=Village.objects.filter(code="12.18.01.2001"))
    assert cells(november.counts)["birth"] == (2, 0)
