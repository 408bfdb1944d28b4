"""The APBDes from a Siskeudes export (a ZIP of its tables as CSV): stored as the account tree when every stated
total adds up, rejected whole — naming the file and line — when one does not."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.desa import services
from satupintu.desa.budget.importer import BudgetFileError
from satupintu.desa.budget.siskeudes import parse_siskeudes_zip

DESA = "01.2001."
REVENUE = DESA + "00.00.00."
SALARIES = DESA + "01.01.01."
ROAD = DESA + "02.01.01."


def tables(**changes) -> dict[str, str]:
    """A village's export for 2026: revenue Rp1.425 billion, spending Rp1 billion in two activities, financing
    Rp50 million; the road activity's materials line has two detail lines. `changes` replace whole tables."""
    out = {
        "Ta_RAB.csv": "Tahun,Kd_Desa,Kd_Keg,Kd_Rincian,Anggaran,AnggaranPAK,AnggaranStlhPAK\n"
        f"2026,{DESA},{REVENUE},4.1.1.01.,25000000,0,25000000\n"
        f"2026,{DESA},{REVENUE},4.2.1.01.,1000000000,0,1000000000\n"
        f"2026,{DESA},{REVENUE},4.2.3.01.,400000000,50000000,450000000\n"
        f"2026,{DESA},{SALARIES},5.1.1.01.,300000000,0,300000000\n"
        f"2026,{DESA},{ROAD},5.2.2.01.,500000000,0,500000000\n"
        f"2026,{DESA},{ROAD},5.3.2.01.,200000000,0,200000000\n"
        f"2026,{DESA},{REVENUE},6.1.1.01.,50000000,0,50000000\n",
        "Ta_RABRinci.csv": "Tahun,Kd_Desa,Kd_Keg,Kd_Rincian,Kd_SubRinci,No_Urut,SumberDana,Uraian,Satuan,JmlSatuan,"
        "HrgSatuan,Anggaran,JmlSatuanPAK,HrgSatuanPAK,AnggaranStlhPAK,AnggaranPAK\n"
        f"2026,{DESA},{REVENUE},4.1.1.01.,01,1,PAD,Sewa tanah kas desa,Tahun,1,25000000,25000000,1,25000000,25000000,0\n"
        f"2026,{DESA},{REVENUE},4.2.1.01.,01,1,DDS,Dana Desa,Tahun,1,1000000000,1000000000,1,1000000000,1000000000,0\n"
        f"2026,{DESA},{REVENUE},4.2.3.01.,01,1,ADD,Alokasi Dana Desa,Tahun,1,400000000,400000000,1,450000000,450000000,"
        "50000000\n"
        f"2026,{DESA},{SALARIES},5.1.1.01.,01,1,ADD,Siltap,OB,12,25000000,300000000,12,25000000,300000000,0\n"
        f"2026,{DESA},{ROAD},5.2.2.01.,01,1,DDS,Batu,m3,100,3000000,300000000,100,3000000,300000000,0\n"
        f"2026,{DESA},{ROAD},5.2.2.01.,01,2,DDS,Semen,Sak,1000,200000,200000000,1000,200000,200000000,0\n"
        f"2026,{DESA},{ROAD},5.3.2.01.,01,1,DDS,Alat berat,Hari,20,10000000,200000000,20,10000000,200000000,0\n"
        f"2026,{DESA},{REVENUE},6.1.1.01.,01,1,PBH,SILPA,Tahun,1,50000000,50000000,1,50000000,50000000,0\n",
        "Ta_Kegiatan.csv": "Tahun,Kd_Bid,Kd_Keg,ID_Keg,Nama_Kegiatan,Pagu,PaguPAK\n"
        f"2026,{DESA}01.,{SALARIES},01.01.01.,Penyelenggaraan Penghasilan Tetap,300000000,300000000\n"
        f"2026,{DESA}02.,{ROAD},02.01.01.,Pembangunan Jalan Desa,700000000,700000000\n",
        "Ta_Bidang.csv": "Tahun,Kd_Desa,Kd_Bid,Nama_Bidang\n"
        f"2026,{DESA},{DESA}01.,Bidang Penyelenggaraan Pemerintahan Desa\n"
        f"2026,{DESA},{DESA}02.,Bidang Pelaksanaan Pembangunan Desa\n",
        "Ref_Rek4.csv": "Jenis,Obyek,Nama_Obyek\n4.2.1.,4.2.1.01.,Dana Desa\n5.2.2.,5.2.2.01.,Belanja Material\n",
        "Ta_SPJRinci.csv": f"Tahun,No_SPJ,Kd_Keg,Kd_Rincian,Nilai\n2026,0001/SPJ,{ROAD},5.2.2.01.,150000000\n",
        "Ta_TBPRinci.csv": f"Tahun,No_Bukti,Kd_Desa,Kd_Keg,Kd_Rincian,Nilai\n2026,0001/TBP,{DESA},{REVENUE},4.2.1.01.,"
        "600000000\n",
        "Ref_Version.csv": "Versi\n2.0.0\n",
    }
    out.update(changes)
    return out


def export_zip(files: dict[str, str], folder: str = "Siskeudes_2026/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(folder + name, text)
    return buffer.getvalue()


@pytest.fixture
def budget(users, village_a):
    return services.budget_create(village=village_a, by=users["village_operator"], year=2026)


def test_export_becomes_the_account_tree_with_totals_and_realisation(users, budget):
    count = services.budget_import(
        budget=budget, by=users["village_operator"], data=export_zip(tables()), filename="siskeudes.zip"
    )
    lines = {line.code: line for line in budget.lines.all()}
    assert count == len(lines)
    assert lines["4"].budget_amount == Decimal("1425000000")
    assert lines["4.2.1.01"].description == "Dana Desa"
    assert lines["4.2.1.01"].realisation_amount == Decimal("600000000")
    assert lines["5"].budget_amount == Decimal("1000000000")
    assert lines["5.1"].budget_amount == Decimal("300000000")
    assert lines["5.2"].description == "Bidang Pelaksanaan Pembangunan Desa"
    assert lines["5.2.1.1"].description == "Pembangunan Jalan Desa"
    assert lines["5.2.1.1"].budget_amount == Decimal("700000000")
    assert lines["5.2.1.1.1"].description == "Belanja Material (5.2.2.01)"
    assert lines["5.2.1.1.1"].realisation_amount == Decimal("150000000")
    assert lines["5.2.1.1.2"].budget_amount == Decimal("200000000")
    assert lines["6"].budget_amount == Decimal("50000000")


def test_amended_budget_takes_the_amounts_after_the_change():
    tops = parse_siskeudes_zip(export_zip(tables()), year=2026, amended=True)
    revenue = next(t for t in tops if t.code == "4")
    transfer = next(c for c in revenue.children if c.code == "4.2")
    assert sum(leaf.budget for j in transfer.children for leaf in j.children) == Decimal("1450000000")


def test_rejects_a_budget_line_whose_details_do_not_add_up_naming_the_line(users, budget):
    services.budget_import(
        budget=budget, by=users["village_operator"], data=export_zip(tables()), filename="a.zip"
    )
    before = list(budget.lines.values_list("code", "budget_amount"))
    bad = tables()["Ta_RABRinci.csv"].replace(
        "Semen,Sak,1000,200000,200000000", "Semen,Sak,1000,200000,210000000"
    )
    with pytest.raises(BudgetFileError) as exc:
        services.budget_import(
            budget=budget,
            by=users["village_operator"],
            data=export_zip(tables(**{"Ta_RABRinci.csv": bad})),
            filename="b.zip",
        )
    [error] = exc.value.errors
    assert error.startswith("Ta_RAB.csv baris 6 ")
    assert "5.2.2.01" in error and "Rp500.000.000" in error and "Rp510.000.000" in error
    assert list(budget.lines.values_list("code", "budget_amount")) == before


def test_rejects_an_activity_ceiling_that_is_not_its_lines_sum_and_a_wrong_year():
    bad = tables()["Ta_Kegiatan.csv"].replace("700000000,700000000", "750000000,750000000")
    with pytest.raises(BudgetFileError) as exc:
        parse_siskeudes_zip(export_zip(tables(**{"Ta_Kegiatan.csv": bad})), year=2026)
    assert exc.value.errors[0].startswith("Ta_Kegiatan.csv baris 3 ")
    assert "Pembangunan Jalan Desa" in exc.value.errors[0]
    with pytest.raises(BudgetFileError) as exc:
        parse_siskeudes_zip(export_zip(tables()), year=2025)
    assert "Ta_RAB.csv baris 2: tahun 2026" in exc.value.errors[0]


def test_rejects_missing_tables_and_damaged_archives():
    files = tables()
    del files["Ta_RABRinci.csv"]
    with pytest.raises(BudgetFileError, match="Ta_RABRinci.csv"):
        parse_siskeudes_zip(export_zip(files), year=2026)
    with pytest.raises(BudgetFileError, match="ZIP"):
        parse_siskeudes_zip(b"not a zip", year=2026)
    bad = tables()["Ta_RAB.csv"].replace("300000000,0,300000000", "tiga ratus,0,300000000")
    with pytest.raises(BudgetFileError, match="Ta_RAB.csv baris 5: Anggaran"):
        parse_siskeudes_zip(export_zip(tables(**{"Ta_RAB.csv": bad})), year=2026)


def test_operator_uploads_the_export_on_the_budget_page(client, users, budget, village_a):
    client.force_login(users["village_operator"])
    url = reverse("desa:staff_budget_import", args=[village_a.pk, 2026])
    upload = SimpleUploadedFile(
        "apbdes-2026.zip", export_zip(tables(), folder=""), content_type="application/zip"
    )
    assert client.post(url, {"file": upload}).status_code == 302
    assert budget.lines.get(code="5").budget_amount == Decimal("1000000000")
    bad = tables()["Ta_RABRinci.csv"].replace(
        "Siltap,OB,12,25000000,300000000", "Siltap,OB,12,25000000,290000000"
    )
    upload = SimpleUploadedFile("apbdes-2026.zip", export_zip(tables(**{"Ta_RABRinci.csv": bad})))
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    assert "Ta_RAB.csv baris 5" in response.content.decode()
