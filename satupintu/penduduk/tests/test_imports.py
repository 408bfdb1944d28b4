import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from satupintu.core.audit import audit_trail
from satupintu.penduduk.imports import residents_import
from satupintu.penduduk.models import Family, ImportRun, Resident, ResidentStatus
from satupintu.penduduk.nik import build_nik

HEADER = [
    "NIK", "NO_KK", "NAMA_LENGKAP", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "AGAMA", "STATUS_PERKAWINAN",
    "PEKERJAAN", "PENDIDIKAN", "ALAMAT", "RT", "RW", "KODE_DESA", "HUBUNGAN_KELUARGA",
]
KK_A = "1218010101260001"
KK_B = "1218020101260002"
NIK_BUDI = build_nik(region_code="12.18.01", birth_date=dt.date(1980, 3, 12), sex="L", serial=1)
NIK_SITI = build_nik(region_code="12.18.01", birth_date=dt.date(1984, 7, 5), sex="P", serial=2)
NIK_ANDI = build_nik(region_code="12.18.01", birth_date=dt.date(2010, 11, 30), sex="L", serial=3)
NIK_RINA = build_nik(region_code="12.18.02", birth_date=dt.date(1975, 1, 1), sex="P", serial=4)


def good_rows():
    return [
        [NIK_BUDI, KK_A, "Budi Santoso", "L", "Sei Rampah", "12-03-1980", "ISLAM", "KAWIN", "PETANI/PEKEBUN",
         "SLTA/SEDERAJAT", "Dusun I", "1", "2", "12.18.01.2001", "KEPALA KELUARGA"],
        [NIK_SITI, KK_A, "Siti Aminah", "PEREMPUAN", "Tebing Tinggi", "1984-07-05", "Islam", "KAWIN TERCATAT",
         "MENGURUS RUMAH TANGGA", "TAMAT SD/SEDERAJAT", "Dusun I", "001", "002", "1218012001", "ISTRI"],
        [NIK_ANDI, KK_A, "Andi Saputra", "L", "Sei Rampah", "30/11/2010", "ISLAM", "BELUM KAWIN", "PELAJAR/MAHASISWA",
         "BELUM TAMAT SD/SEDERAJAT", "Dusun I", "1", "2", "12.18.01.2001", "ANAK"],
        [NIK_RINA, KK_B, "Rina Manurung", "P", "Medan", "01-01-1975", "KRISTEN", "CERAI MATI", "WIRASWASTA",
         "DIPLOMA IV/STRATA I", "Jl. Lintas", "3", "1", "12.18.02.2001", "KEPALA KELUARGA"],
    ]


def csv_bytes(rows, header=HEADER, delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    return io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))


def xlsx_bytes(rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def run(rows, *, fmt="csv", **kwargs):
    stream = csv_bytes(rows) if fmt == "csv" else xlsx_bytes(rows)
    return residents_import(stream=stream, filename=f"data.{fmt}", **kwargs)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_good_file_imports_residents_and_families(regency, users, fmt):
    result = run(good_rows(), fmt=fmt, by=users["regency_admin"])

    assert result.rejections == []
    assert (result.created, result.updated, result.families_created) == (4, 0, 2)
    budi = Resident.objects.get(nik=NIK_BUDI)
    assert budi.name == "Budi Santoso"
    assert budi.birth_date == dt.date(1980, 3, 12)
    assert (budi.religion, budi.marital_status, budi.education) == ("islam", "kawin", "sma")
    assert (budi.rt, budi.rw, budi.village_id, budi.family_relation) == ("001", "002", "12.18.01.2001", "kepala")
    siti = Resident.objects.get(nik=NIK_SITI)
    assert (siti.sex, siti.marital_status, siti.education, siti.village_id) == ("P", "kawin", "sd", "12.18.01.2001")
    family = Family.objects.get(kk_number=KK_A)
    assert family.head == budi
    assert set(family.members.values_list("nik", flat=True)) == {NIK_BUDI, NIK_SITI, NIK_ANDI}
    assert Resident.objects.get(nik=NIK_RINA).family.kk_number == KK_B

    run_row = ImportRun.objects.get()
    assert run_row.status == ImportRun.Status.APPLIED
    assert (run_row.total_rows, run_row.created_count, run_row.family_count) == (4, 4, 2)
    events = list(audit_trail(run_row))
    assert [e.action for e in events] == ["import_applied"]
    assert events[0].data["created"] == 4


def test_bad_rows_are_all_reported_and_nothing_is_applied(regency, users):
    rows = good_rows()
    bad_nik = list(rows[0])
    bad_nik[0] = "1218011203800"  # too short
    duplicate = list(rows[1])  # same NIK as the row before it
    unknown_village = list(rows[2])
    unknown_village[13] = "12.18.09.2001"
    bad_date = list(rows[3])
    bad_date[5] = "31-02-1975"
    mismatch = [build_nik(region_code="12.18.01", birth_date=dt.date(1990, 5, 5), sex="L", serial=9), KK_A,
                "Tono", "L", "Sei Rampah", "06-05-1990", "ISLAM", "KAWIN", "", "", "", "", "", "12.18.01.2001", "ANAK"]
    result = run([rows[1], bad_nik, duplicate, unknown_village, bad_date, mismatch], by=users["regency_admin"])

    by_line = {r.line: r.reason for r in result.rejections}
    assert sorted(by_line) == [3, 4, 5, 6, 7]  # header is line 1, the first row (line 2) is fine
    assert "NIK tidak sah" in by_line[3]
    assert "NIK ganda dalam berkas: sama dengan baris 2" in by_line[4]
    assert "KODE_DESA 12.18.09.2001 tidak dikenal" in by_line[5]
    assert "TANGGAL_LAHIR" in by_line[6] and "bukan tanggal yang sah" in by_line[6]
    assert "NIK tidak cocok dengan TANGGAL_LAHIR" in by_line[7]
    assert not Resident.objects.exists()
    assert not Family.objects.exists()
    run_row = ImportRun.objects.get()
    assert (run_row.status, run_row.rejected_count, run_row.created_count) == ("rejected", 5, 0)
    assert {r["line"] for r in run_row.rejections} == {3, 4, 5, 6, 7}
    assert [e.action for e in audit_trail(run_row)] == ["import_rejected"]


def test_rejection_after_a_written_batch_rolls_everything_back(regency, users, monkeypatch):
    monkeypatch.setattr("satupintu.penduduk.imports.BATCH_SIZE", 2)
    rows = good_rows()
    bad = list(rows[3])
    bad[3] = "L"  # Rina's NIK says perempuan
    result = run([*rows[:3], bad], by=users["regency_admin"])

    assert [(r.line, "JENIS_KELAMIN" in r.reason) for r in result.rejections] == [(5, True)]
    assert not Resident.objects.exists()
    assert not Family.objects.exists()


def test_reimport_updates_by_nik_and_keeps_register_status(regency, users):
    run(good_rows(), by=users["regency_admin"])
    Resident.objects.filter(nik=NIK_RINA).update(status=ResidentStatus.MOVED)
    rows = good_rows()
    rows[0][2] = "Budi Santoso Harahap"
    rows[0][8] = "PEDAGANG"
    result = run(rows, fmt="xlsx", by=users["regency_admin"])

    assert (result.created, result.updated, result.families_created) == (0, 4, 0)
    assert Resident.objects.count() == 4
    budi = Resident.objects.get(nik=NIK_BUDI)
    assert (budi.name, budi.occupation) == ("Budi Santoso Harahap", "PEDAGANG")
    assert Resident.objects.get(nik=NIK_RINA).status == ResidentStatus.MOVED


def test_village_operator_cannot_import_into_another_village(regency, users):
    result = run(good_rows(), by=users["village_operator"])

    assert [r.line for r in result.rejections] == [5]
    assert "di luar wewenang" in result.rejections[0].reason
    assert not Resident.objects.exists()


def test_village_operator_cannot_overwrite_a_resident_of_another_village(regency, users):
    run(good_rows()[3:], by=users["regency_admin"])  # Rina lives in village B
    moved = good_rows()[3]
    moved[13] = "12.18.01.2001"
    moved[1] = ""
    moved[14] = ""
    result = run([moved], by=users["village_operator"])

    assert "terdaftar di desa 12.18.02.2001" in result.rejections[0].reason
    assert Resident.objects.get(nik=NIK_RINA).village_id == "12.18.02.2001"


def test_other_roles_may_not_import(regency, users):
    with pytest.raises(PermissionDenied):
        run(good_rows(), by=users["opd_admin"])


def test_missing_columns_and_semicolon_csv(regency, users):
    header = [h for h in HEADER if h != "AGAMA"]
    rows = [[c for i, c in enumerate(r) if HEADER[i] != "AGAMA"] for r in good_rows()]
    result = residents_import(stream=csv_bytes(rows, header, ";"), filename="x.csv", by=users["regency_admin"])
    assert len(result.rejections) == 1
    assert "AGAMA" in result.rejections[0].reason and result.rejections[0].line == 1

    result = residents_import(stream=csv_bytes(good_rows(), delimiter=";"), filename="x.csv", by=users["regency_admin"])
    assert result.rejections == [] and result.created == 4


def test_spreadsheet_spellings_are_accepted(regency, users):
    rows = good_rows()
    rows[0][0] = "'" + rows[0][0]  # text-forcing apostrophe
    rows[1][0] = f"{rows[1][0][:6]} {rows[1][0][6:12]} {rows[1][0][12:]}"
    rows[2][6] = "islam"
    rows[3][9] = "Diploma IV / Strata I"
    result = run(rows, by=users["regency_admin"])
    assert result.rejections == []
    assert Resident.objects.get(nik=NIK_RINA).education == "s1_d4"


def test_dry_run_checks_without_writing(regency, users):
    result = run(good_rows(), by=users["regency_admin"], dry_run=True)
    assert result.rejections == [] and not result.applied
    assert not Resident.objects.exists()


def test_excel_number_nik_that_lost_digits_is_reported(regency, users):
    rows = good_rows()[:1]
    rows[0][0] = 9218011203800001  # above 2^53: Excel would have rounded it
    result = run(rows, fmt="xlsx", by=users["regency_admin"])
    assert "tersimpan sebagai angka" in result.rejections[0].reason


def test_not_utf8_file_is_reported_not_crashing(regency, users):
    stream = io.BytesIO(",".join(HEADER).encode() + b"\n\xff\xfe\xfa,rusak\n")
    result = residents_import(stream=stream, filename="rusak.csv", by=users["regency_admin"])
    assert "UTF-8" in result.rejections[0].reason


def test_management_command_with_village(regency, tmp_path, capsys):
    path = tmp_path / "desa.csv"
    rows = [r[:13] + [""] + r[14:] for r in good_rows()[:3]]  # no KODE_DESA: taken from --village
    path.write_bytes(csv_bytes(rows).getvalue())
    call_command("import_penduduk", str(path), village="12.18.01.2001")
    out = capsys.readouterr().out
    assert "3 penduduk baru" in out
    assert Resident.objects.filter(village_id="12.18.01.2001").count() == 3


def test_a_concurrent_write_conflict_is_reported_not_raised(regency, users, monkeypatch):
    from django.db import IntegrityError

    def clash(self, rows):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("satupintu.penduduk.imports.writer.Writer.write", clash)
    result = run(good_rows(), by=users["regency_admin"])
    assert "impor lain" in result.rejections[0].reason
    assert result.run.status == "rejected" and not Resident.objects.exists()
