"""Issue 12 finding 5: the PPID registers (CSV and XLSX) never hand a spreadsheet a formula."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

NAME = "@SUM(1+1)"
ADDRESS = "-2+3+cmd|' /C calc'!A0"


def test_register_xlsx_neutralises_formulas(client, clock, make_request, users):
    clock.set(date(2026, 6, 19))
    make_request(requester_name=NAME, address=ADDRESS)
    client.force_login(users["ppid_utama"])
    response = client.get(reverse("ppid:register"), {"tahun": 2026, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert "'" + NAME in values and "'" + ADDRESS in values
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert 1 in values  # the row number stays a number


def test_register_csv_neutralises_a_leading_minus_formula(client, clock, make_request, users):
    clock.set(date(2026, 6, 19))
    make_request(address=ADDRESS)
    client.force_login(users["ppid_utama"])
    text = client.get(reverse("ppid:register"), {"tahun": 2026, "format": "csv"}).content.decode("utf-8-sig")
    assert "'" + ADDRESS in text
