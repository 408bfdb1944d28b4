"""Imports of recipient lists and of the poverty data: row report, all-or-nothing, and the flags."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from satupintu.bansos import checks
from satupintu.bansos.imports import poverty_import, recipients_import
from satupintu.bansos.models import ImportRun, PovertyEntry, ProgrammeKind, Recipient, TargetKind
from satupintu.bansos.tests.factories import ProgrammeFactory
from satupintu.core.audit import audit_trail
from satupintu.penduduk import services as register
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory


def csv_file(rows: list[list[str]]) -> io.BytesIO:
    return io.BytesIO("\n".join(";".join(r) for r in rows).encode())


@pytest.fixture
def people(village_a, village_b):
    kk1, kk2, kk3 = (FamilyFactory(village=village_a) for _ in range(3))
    return {
        "ani": ResidentFactory(village=village_a, family=kk1, family_relation="kepala", name="Ani"),
        "budi": ResidentFactory(village=village_a, family=kk2, family_relation="kepala", name="Budi"),
        "cici": ResidentFactory(
            village=village_a, family=kk3, family_relation="kepala", name="Cici", status="deceased"
        ),
        "dodi": ResidentFactory(village=village_a, name="Dodi", status="moved"),
        "kk1": kk1,
        "kk2": kk2,
        "kk3": kk3,
    }


def report_of(run, line):
    return next(r for r in run.report if r["line"] == line)


def test_aid_import_flags_double_and_deceased_recipients(users, village_a, people):
    pkh = ProgrammeFactory(kind=ProgrammeKind.PKH, name="PKH 2026")
    recipients_import(
        stream=csv_file([["NO_KK", "NAMA"], [people["kk2"].kk_number, "Budi"]]),
        filename="pkh.csv",
        programme=pkh,
        village=village_a,
        by=users["village_operator"],
    )
    blt = ProgrammeFactory(kind=ProgrammeKind.BLT_DD, name="BLT Dana Desa 2026")
    rows = [
        ["NO_KK", "NAMA", "NILAI"],
        [people["kk1"].kk_number, "Ani", "300000"],  # line 2: fine
        [people["kk2"].kk_number, "Budi", "300000"],  # line 3: already gets PKH -> double across programmes
        [people["kk3"].kk_number, "Cici", "300000"],  # line 4: head of family deceased
        [people["kk1"].kk_number, "Ani", "300000"],  # line 5: the same family twice in the file
    ]
    run = recipients_import(
        stream=csv_file(rows),
        filename="blt.csv",
        programme=blt,
        village=village_a,
        by=users["village_operator"],
    )
    assert run.status == ImportRun.Status.APPLIED
    assert (run.total_rows, run.stored_count, run.rejected_count, run.flagged_count) == (4, 3, 0, 3)
    assert report_of(run, 2)["status"] == "ok"
    assert "PKH 2026" in report_of(run, 3)["reasons"][0] and "Ganda" in report_of(run, 3)["reasons"][0]
    assert "meninggal" in report_of(run, 4)["reasons"][0] and "Cici" in report_of(run, 4)["reasons"][0]
    assert "baris 2" in report_of(run, 5)["reasons"][0]
    assert Recipient.objects.filter(programme=blt).count() == 3
    assert [e.action for e in audit_trail(run)] == ["bansos.recipients_imported"]
    # The check over what is stored finds the same people.
    found = {f.recipient.name: f.messages for f in checks.village_findings(village_a, programme=blt)}
    assert set(found) == {"Budi", "Cici"}


def test_person_programme_flags_moved_and_unknown_nik(users, village_a, people):
    pbi = ProgrammeFactory(kind=ProgrammeKind.PBI_JKN, target=TargetKind.RESIDENT)
    rows = [
        ["NIK", "NAMA"],
        [people["ani"].nik, "Ani"],
        [people["dodi"].nik, "Dodi"],
        ["1218015505900001", "X"],
    ]
    run = recipients_import(
        stream=csv_file(rows),
        filename="pbi.csv",
        programme=pbi,
        village=village_a,
        by=users["village_operator"],
    )
    assert run.status == "applied" and run.flagged_count == 2
    assert "pindah" in report_of(run, 3)["reasons"][0]
    assert "tidak terdaftar" in report_of(run, 4)["reasons"][0]


def test_one_bad_row_rejects_the_whole_file_naming_the_line(users, village_a, people):
    blt = ProgrammeFactory(kind=ProgrammeKind.BLT_DD)
    rows = [
        ["NO_KK", "NAMA", "NILAI"],
        [people["kk1"].kk_number, "Ani", "300000"],
        ["12345", "Salah", "tiga ratus"],
    ]
    run = recipients_import(
        stream=csv_file(rows),
        filename="blt.csv",
        programme=blt,
        village=village_a,
        by=users["village_operator"],
    )
    assert run.status == ImportRun.Status.REJECTED and run.stored_count == 0
    bad = report_of(run, 3)
    assert bad["status"] == "rejected" and len(bad["reasons"]) == 2
    assert not Recipient.objects.exists()


def test_xlsx_and_dry_run_store_nothing(users, village_a, people):
    blt = ProgrammeFactory(kind=ProgrammeKind.BLT_DD)
    book = openpyxl.Workbook()
    book.active.append(["No KK", "Nama"])
    book.active.append([people["kk1"].kk_number, "Ani"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    run = recipients_import(
        stream=data,
        filename="blt.xlsx",
        programme=blt,
        village=village_a,
        by=users["village_operator"],
        dry_run=True,
    )
    assert run.pk is None and run.status == "applied" and run.total_rows == 1
    assert not Recipient.objects.exists()


def test_operator_cannot_import_for_another_village(users, village_b):
    blt = ProgrammeFactory()
    with pytest.raises(PermissionDenied):
        recipients_import(
            stream=csv_file([["NO_KK", "NAMA"]]),
            filename="x.csv",
            programme=blt,
            village=village_b,
            by=users["village_operator"],
        )


def test_poverty_import_replaces_the_village_slice_and_flags(users, village_a, people):
    PovertyEntry.objects.create(
        village=village_a,
        source="dtks",
        kk_number="1218010000000001",
        head_name="Lama",
        data_date=dt.date(2025, 1, 1),
    )
    rows = [
        ["NO_KK", "NIK_KEPALA", "NAMA_KEPALA", "DESIL"],
        [people["kk1"].kk_number, people["ani"].nik, "Ani", "1"],
        [people["kk3"].kk_number, people["cici"].nik, "Cici", "2"],
        ["1218010101010999", "", "Tidak Dikenal", ""],
    ]
    run = poverty_import(
        stream=csv_file(rows),
        filename="dtsen.csv",
        village=village_a,
        by=users["village_operator"],
        source="dtsen",
        data_date=dt.date(2026, 10, 1),
    )
    assert run.status == "applied" and run.stored_count == 3 and run.flagged_count == 2
    assert set(PovertyEntry.objects.values_list("head_name", flat=True)) == {"Ani", "Cici", "Tidak Dikenal"}
    assert PovertyEntry.objects.get(head_name="Ani").family == people["kk1"]
    bad = [["NO_KK", "NAMA_KEPALA", "DESIL"], [people["kk1"].kk_number, "Ani", "11"]]
    run = poverty_import(
        stream=csv_file(bad),
        filename="bad.csv",
        village=village_a,
        by=users["village_operator"],
        source="dtsen",
        data_date=dt.date(2026, 11, 1),
    )
    assert run.status == "rejected" and "DESIL" in report_of(run, 2)["reasons"][0]
    assert PovertyEntry.objects.count() == 3


def test_members_of_one_family_may_each_receive_a_programme_for_persons(users, village_a, people):
    wife = ResidentFactory(village=village_a, family=people["kk1"], family_relation="istri", sex="P")
    pbi = ProgrammeFactory(kind=ProgrammeKind.PBI_JKN, target=TargetKind.RESIDENT)
    rows = [["NIK", "NAMA"], [people["ani"].nik, "Ani"], [wife.nik, "Istri"]]
    run = recipients_import(
        stream=csv_file(rows),
        filename="pbi.csv",
        programme=pbi,
        village=village_a,
        by=users["village_operator"],
    )
    assert run.flagged_count == 0 and run.stored_count == 2
    assert checks.village_findings(village_a) == []


def test_import_queries_do_not_grow_with_the_rows(users, village_a, django_assert_max_num_queries):
    """Numbers are looked up a batch at a time: 40 rows cost what 4 rows cost (a household programme's list that
    names each household by a member's NIK)."""
    op = users["village_operator"]
    heads = []
    for _ in range(40):
        head = ResidentFactory(
            village=village_a, family=FamilyFactory(village=village_a), family_relation="kepala"
        )
        register.household_save(by=op, village=village_a, member_niks=[head.nik], head_nik=head.nik)
        heads.append(head)
    for count in (4, 40):
        programme = ProgrammeFactory(kind=ProgrammeKind.BLT_DD, target=TargetKind.HOUSEHOLD)
        rows = [["NIK", "NAMA"]] + [[h.nik, h.name] for h in heads[:count]]
        with django_assert_max_num_queries(20):
            run = recipients_import(
                stream=csv_file(rows), filename="x.csv", programme=programme, village=village_a, by=op
            )
        assert run.stored_count == count and run.flagged_count == 0
