"""Issue 12 finding 5: the APBDes CSV and XLSX downloads never hand a spreadsheet a formula, and amounts stay
numbers."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from satupintu.desa import services
from satupintu.desa.budget.export import budget_csv, budget_xlsx

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/","Rincian")'


@pytest.fixture
def lines(users, village_a):
    budget = services.budget_create(village=village_a, by=users["village_operator"], year=2026)
    services.budget_line_save(budget=budget, by=users["village_operator"], code="5.1.1", description=HOSTILE,
                              budget_amount=Decimal("1500000"), realisation_amount=Decimal("250000"))
    services.budget_line_save(budget=budget, by=users["village_operator"], code="5.1.2", description="@SUM(1+1)",
                              budget_amount=Decimal("7"), realisation_amount=Decimal("0"))
    budget.village = village_a
    return budget, list(budget.lines.order_by("sort_key"))


def test_budget_csv_neutralises_formulas(lines):
    budget, rows = lines
    parsed = list(csv.reader(io.StringIO(budget_csv(budget, rows).decode("utf-8-sig"))))
    by_code = {r[0]: r for r in parsed[1:]}
    assert by_code["5.1.1"][1] == "'" + HOSTILE
    assert by_code["5.1.2"][1] == "'@SUM(1+1)"
    assert by_code["5.1.1"][2] == "1500000"


def test_budget_xlsx_has_no_formula_cell_and_numbers_stay_numbers(lines):
    budget, rows = lines
    ws = load_workbook(io.BytesIO(budget_xlsx(budget, rows))).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in cells)
    descriptions = {ws.cell(row=i, column=1).value: ws.cell(row=i, column=2).value for i in range(2, ws.max_row + 1)}
    assert descriptions["5.1.1"] == "'" + HOSTILE and descriptions["5.1.2"] == "'@SUM(1+1)"
    amounts = [ws.cell(row=i, column=3).value for i in range(2, ws.max_row + 1)]
    assert all(isinstance(a, (int, float)) for a in amounts)
