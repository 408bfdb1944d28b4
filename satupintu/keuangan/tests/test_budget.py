"""DPA import: every bad line reported, whole or nothing; XLSX and CSV."""

import io

import pytest

from .. import services
from ..budget import BudgetFileError, parse_rupiah
from ..models import BudgetLine, CashPlan

pytestmark = pytest.mark.django_db

HEADER = "kode_program;program;kode_sub_kegiatan;sub_kegiatan;kode_rekening;uraian;pagu;tw1;tw2;tw3;tw4"
GOOD = [
    "1.03.02;Program Jalan;1.03.02.2.01.0001;Perencanaan Jalan;5.1.02.01.01.0024;ATK;12.000.000;3000000;3000000;3000000;3000000",
    "1.03.02;Program Jalan;1.03.02.2.01.0001;Perencanaan Jalan;5.1.02.04.01.0001;Perjalanan dinas;8000000;2000000;2000000;2000000;2000000",
]


def csv_bytes(*lines) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def test_a_good_csv_is_imported_with_its_quarterly_cash_plan(finance, agencies):
    result = services.budget_import(agency=agencies["pupr"], year=2026, data=csv_bytes(*GOOD), filename="dpa.csv",
                                    by=finance["bud"])
    assert result == {"created": 2, "updated": 0}
    line = BudgetLine.objects.get(account__code="5.1.02.01.01.0024")
    assert line.amount == 12_000_000
    assert sorted(CashPlan.objects.filter(line=line).values_list("month", "amount")) == [
        (1, 3_000_000), (4, 3_000_000), (7, 3_000_000), (10, 3_000_000)]


def test_every_bad_line_is_reported_and_nothing_is_applied(finance, agencies):
    bad = [
        GOOD[0],
        # the cash plan does not add up to the pagu
        "1.03.02;Program Jalan;1.03.02.2.01.0001;Perencanaan Jalan;5.1.02.01.01.0025;Kertas;5000000;1000000;1000000;1000000;1000000",
        # an account code in the right format but not in the chart of accounts
        "1.03.02;Program Jalan;1.03.02.2.01.0001;Perencanaan Jalan;5.1.02.01.01.9999;Tidak ada;1000;1000;0;0;0",
        # a code in the wrong format, a negative amount
        "1.03.02;Program Jalan;1.03.02.2.01.0001;Perencanaan Jalan;5.1.2.1.1.24;Salah;-5000;0;0;0;0",
        # a fraction of a Rupiah
        "1.03.02;Program Jalan;1.03.02.2.01.0001;Perencanaan Jalan;5.1.02.01.01.0026;Cetak;1000,50;1000;0;0;0",
        # the same account twice in one sub-activity
        GOOD[0],
    ]
    with pytest.raises(BudgetFileError) as err:
        services.budget_import(agency=agencies["pupr"], year=2026, data=csv_bytes(*bad), filename="dpa.csv",
                               by=finance["bud"])
    errors = err.value.errors
    text = "\n".join(errors)
    assert "Baris 3 (5.1.02.01.01.0025): jumlah anggaran kas Rp4.000.000 tidak sama dengan pagu Rp5.000.000" in text
    assert "Baris 4: kode rekening 5.1.02.01.01.9999 tidak ada dalam bagan akun" in text
    assert "Baris 5: kode rekening “5.1.2.1.1.24” tidak sesuai format" in text
    assert "Baris 5 (5.1.2.1.1.24): kolom pagu tidak boleh negatif" in text
    assert "Baris 6 (5.1.02.01.01.0026): kolom pagu “1000,50” bukan jumlah Rupiah bulat" in text
    assert "Baris 7: rekening 5.1.02.01.01.0024 pada sub kegiatan 1.03.02.2.01.0001 sudah ada di baris 2" in text
    assert not BudgetLine.objects.exists()


def test_xlsx_monthly_and_a_reimport_cannot_go_below_what_is_committed(finance, agencies):
    from openpyxl import Workbook

    from .factories import order_to

    def xlsx(amount):
        wb = Workbook()
        ws = wb.active
        ws.append(["DPA Dinas PUPR 2026"])
        ws.append(["kode_program", "program", "kode_sub_kegiatan", "sub_kegiatan", "kode_rekening", "uraian",
                   "pagu", "jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des"])
        ws.append(["1.03.02", "Program Jalan", "1.03.02.2.01.0001", "Perencanaan", "5.1.02.01.01.0024", "ATK",
                   amount, amount, *([0] * 11)])
        buffer = io.BytesIO()
        wb.save(buffer)
        return buffer.getvalue()

    services.budget_import(agency=agencies["pupr"], year=2026, data=xlsx(6_000_000), filename="dpa.xlsx",
                           by=finance["bud"])
    line = BudgetLine.objects.get()
    services.spd_issue(agency=agencies["pupr"], year=2026, month_from=1, month_to=12, by=finance["bud"])
    order_to("verified", line=line, amount=4_000_000)
    with pytest.raises(BudgetFileError, match="lebih kecil"):
        services.budget_import(agency=agencies["pupr"], year=2026, data=xlsx(3_000_000), filename="dpa.xlsx",
                               by=finance["bud"])
    assert BudgetLine.objects.get().amount == 6_000_000
    services.budget_import(agency=agencies["pupr"], year=2026, data=xlsx(7_000_000), filename="dpa.xlsx",
                           by=finance["bud"])
    assert BudgetLine.objects.get().amount == 7_000_000


def test_import_through_the_page_reports_every_line(client, finance, agencies):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(finance["bud"])
    bad = GOOD[0].replace("12.000.000", "12.000.001")
    response = client.post("/keuangan/anggaran/impor/", {
        "agency": agencies["pupr"].pk, "year": 2026,
        "file": SimpleUploadedFile("dpa.csv", csv_bytes(bad, GOOD[1]))})
    assert response.status_code == 400
    assert "tidak sama dengan pagu" in response.content.decode()
    assert not BudgetLine.objects.exists()
    client.force_login(finance["treasurer"])
    assert client.post("/keuangan/anggaran/impor/", {}).status_code == 403


@pytest.mark.parametrize(("raw", "value"), [("12.500.000", 12_500_000), ("Rp 1.000", 1000), (2500, 2500),
                                            (2500.0, 2500), ("", None), ("1000,00", 1000)])
def test_parse_rupiah(raw, value):
    assert parse_rupiah(raw) == value


@pytest.mark.parametrize("raw", ["12,5", "1.5", 12.5, "abc", "1.000.00"])
def test_parse_rupiah_refuses_fractions_and_text(raw):
    with pytest.raises(ValueError):
        parse_rupiah(raw)
