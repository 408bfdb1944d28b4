"""Spreadsheet exports (CSV and XLSX) that cannot run formulas.

Spreadsheet programs treat a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula
(``=HYPERLINK(...)``, ``@SUM(1+1)``, ``-2+3+cmd|' /C calc'!A0``), so a complaint title or a requester's name typed by
anyone on the internet would run on a staff member's computer when the export is opened. Every export goes through
`safe_cell`, as OWASP's "CSV Injection" page advises: such a cell is prefixed with a single quote, which makes it
text (shown as typed) in Excel, LibreOffice and Google Sheets. A cell that is a number is left a number: values of
numeric type untouched, and a text that is exactly a number ("-1500", "+62812...", "-12,5") too, since it cannot be a
formula."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """The value as it may go into a spreadsheet cell: numbers, dates and booleans unchanged, None as "", text that
    a spreadsheet would read as a formula prefixed with ``'``, any other object as its text."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal, date, datetime, time)):
        return value
    text = str(value)  # lazy translations, model instances, choices
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeCsvWriter:
    """`csv.writer` whose every row goes through `safe_row`. Use it for every CSV the platform hands out."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **kwargs)


def xlsx_append(worksheet, row: Iterable[Any]) -> None:
    """Append a row to an openpyxl worksheet. openpyxl itself stores a text starting with "=" as a formula, so this is
    the only way rows go into an XLSX export."""
    worksheet.append(safe_row(row))
