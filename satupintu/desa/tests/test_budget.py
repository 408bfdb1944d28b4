import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from satupintu.core.audit import audit_trail
from satupintu.desa import services
from satupintu.desa.budget.importer import BudgetFileError, parse_amount
from satupintu.desa.models import BudgetLine, PublishState

from .helpers import LEAVES, budget_csv, budget_rows


@pytest.fixture
def budget(users, village_a):
    return services.budget_create(village=village_a, by=users["village_operator"], year=2026)


def test_import_valid_csv_stores_every_line(users, budget):
    count = services.budget_import(budget=budget, by=users["village_operator"], data=budget_csv(), filename="a.csv")
    assert count == len(budget_rows())
    lines = {line.code: line for line in budget.lines.all()}
    assert lines["4"].budget_amount == Decimal("1425000000") and lines["4"].is_group
    assert lines["4.2.1"].budget_amount == Decimal("1000000000") and not lines["4.2.1"].is_group
    assert lines["5"].realisation_amount == Decimal("920000000")
    assert lines["5"].realisation_percent == Decimal("64.6")
    assert [e.action for e in audit_trail(budget)] == ["desa.budget.created", "desa.budget.imported"]


def test_import_rejects_totals_that_do_not_add_up_naming_the_line(users, budget):
    services.budget_import(budget=budget, by=users["village_operator"], data=budget_csv(), filename="a.csv")
    before = list(budget.lines.values_list("code", "budget_amount", "realisation_amount"))
    rows = budget_rows()
    for row in rows:
        if row[0] == "5.2":
            row[2] += 1_000  # the stated total of bidang 2 is off by Rp1.000
        if row[0] == "5.2.1":
            row[1] = "Pembangunan jalan desa (revisi)"
    with pytest.raises(BudgetFileError) as exc:
        services.budget_import(budget=budget, by=users["village_operator"], data=budget_csv(rows), filename="b.csv")
    # Line numbers count from the top of the file: a title row, the header, then rows in account order.
    line_no = next(i for i, r in enumerate(rows, start=3) if r[0] == "5.2")
    assert exc.value.errors[0] == (
        f"Baris {line_no} (5.2 Bidang Pembangunan): jumlah anggaran Rp700.001.000 tidak sama dengan total "
        f"rinciannya Rp700.000.000."
    )
    # Only the wrong subtotal is reported: the total of 5 still equals the sum of its detail lines.
    assert len(exc.value.errors) == 1
    # Nothing applied: the previous lines are untouched, no audit event for the failed import.
    assert list(budget.lines.values_list("code", "budget_amount", "realisation_amount")) == before
    assert not BudgetLine.objects.filter(description__contains="revisi").exists()
    assert [e.action for e in audit_trail(budget)].count("desa.budget.imported") == 1


def test_import_rejects_realisation_totals_too(users, budget):
    rows = budget_rows()
    for row in rows:
        if row[0] == "4.2":
            row[3] -= 5
    with pytest.raises(BudgetFileError) as exc:
        services.budget_import(budget=budget, by=users["village_operator"], data=budget_csv(rows, dotted=False),
                               filename="c.csv")
    assert "(4.2 Pendapatan Transfer): jumlah realisasi Rp1.099.999.995 tidak sama dengan total rinciannya Rp1.100.000.000" in exc.value.errors[0]
    assert not budget.lines.exists()


def test_import_rejects_unknown_structure_and_missing_parent(users, budget):
    rows = [r for r in budget_rows() if r[0] != "5.3"] + [["7", "Lain", 1, 1], ["5.9", "Bidang 9", 0, 0]]
    with pytest.raises(BudgetFileError) as exc:
        services.budget_import(budget=budget, by=users["village_operator"], data=budget_csv(rows), filename="d.csv")
    text = "\n".join(exc.value.errors)
    assert "kode 7 bukan akun APBDes" in text
    assert "kode 5.9 tidak ada dalam struktur APBDes" in text
    assert "(5.3.1): kelompok induk 5.3 tidak ada di berkas" in text


def test_import_xlsx_and_page_shows_errors(client, users, budget, village_a):
    wb = Workbook()
    ws = wb.active
    ws.append(["Kode Rekening", "Uraian", "Anggaran", "Realisasi"])
    for row in budget_rows():
        ws.append(row)
    ws.append(["5.5.2", "Bantuan langsung tunai", 1_000_000, "abc"])
    out = io.BytesIO()
    wb.save(out)
    client.force_login(users["village_operator"])
    url = reverse("desa:staff_budget_import", args=[village_a.pk, 2026])
    response = client.post(url, {"file": SimpleUploadedFile("apbdes.xlsx", out.getvalue())})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Berkas ditolak" in html and "realisasi “abc” bukan angka" in html
    assert not budget.lines.exists()
    wb.active.delete_rows(ws.max_row)
    out = io.BytesIO()
    wb.save(out)
    response = client.post(url, {"file": SimpleUploadedFile("apbdes.xlsx", out.getvalue())})
    assert response.status_code == 302
    assert budget.lines.count() == len(budget_rows())


@pytest.mark.parametrize("raw,expected", [
    ("Rp 1.250.000", "1250000.00"), ("1.250.000,50", "1250000.50"), ("1250000", "1250000.00"),
    ("1,250,000", "1250000.00"), (1250000, "1250000.00"), ("", None), ("-", None),
])
def test_parse_amount(raw, expected):
    value = parse_amount(raw)
    assert (None if value is None else str(value)) == expected


def test_hand_entry_computes_group_totals(users, budget):
    op = users["village_operator"]
    services.budget_line_save(budget=budget, by=op, code="4.2.1", description="Dana Desa",
                              budget_amount=Decimal("1000000000"), realisation_amount=Decimal("0"))
    services.budget_line_save(budget=budget, by=op, code="5.2.1", description="Jalan", budget_amount=Decimal("600"),
                              realisation_amount=Decimal("100"))
    services.budget_line_save(budget=budget, by=op, code="5.2.2", description="Jembatan",
                              budget_amount=Decimal("400"), realisation_amount=Decimal("0"))
    lines = {line.code: line for line in budget.lines.all()}
    assert lines["5.2"].description == "Bidang Pelaksanaan Pembangunan Desa" and lines["5.2"].is_group
    assert lines["5"].budget_amount == Decimal("1000") and lines["5"].realisation_amount == Decimal("100")
    assert lines["4"].budget_amount == Decimal("1000000000")
    services.budget_line_delete(budget=budget, by=op, code="5.2.2")
    assert budget.lines.get(code="5").budget_amount == Decimal("600")
    with pytest.raises(ValidationError):
        services.budget_line_save(budget=budget, by=op, code="9.1", description="x", budget_amount=Decimal("1"),
                                  realisation_amount=Decimal("0"))


def test_public_budget_page_charts_and_downloads(client, users, budget, village_a):
    op = users["village_operator"]
    services.budget_import(budget=budget, by=op, data=budget_csv(), filename="a.csv")
    url = reverse("desa:budget", args=[village_a.slug, 2026])
    assert client.get(url).status_code == 404 or "belum diterbitkan" in client.get(url).content.decode()
    services.budget_publish(budget=budget, by=op, status=PublishState.PUBLISHED)
    html = client.get(url).content.decode()
    # the three charts (the header has icons of its own)
    assert html.split('id="main"', 1)[1].count("<svg") == 3 and "Dana Desa" in html and "Rp1.000.000.000" in html
    assert 'class="chart spending"' in html and "64,6 %" in html
    csv_resp = client.get(reverse("desa:budget_download", args=[village_a.slug, 2026, "csv"]))
    assert csv_resp["Content-Type"].startswith("text/csv")
    # The CSV download can be imported again as it is.
    assert services.budget_import(budget=budget, by=op, data=csv_resp.content, filename="x.csv") == len(budget_rows())
    xlsx = client.get(reverse("desa:budget_download", args=[village_a.slug, 2026, "xlsx"]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in ws[1]] == ["kode", "uraian", "anggaran", "realisasi"]
    assert ws.max_row == len(budget_rows()) + 1
    pdf = client.get(reverse("desa:budget_download", args=[village_a.slug, 2026, "pdf"]))
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"


def test_pdf_prints_markup_characters_literally(users, budget, village_a):
    from satupintu.desa.budget.export import budget_pdf

    services.budget_line_save(budget=budget, by=users["village_operator"], code="5.1.1",
                              description='#set page(width: 1cm) *tebal* $x$ [a] "kutip"',
                              budget_amount=Decimal("5"), realisation_amount=Decimal("1"))
    assert budget_pdf(budget, list(budget.lines.all())).startswith(b"%PDF")


def test_leaves_fixture_is_consistent():
    assert sum(b for c, _d, b, _r in LEAVES if c.startswith("4")) == 1_425_000_000
