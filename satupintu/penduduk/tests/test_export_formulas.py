"""Issue 12 finding 5: the rejection report of a register import (its NIK column is whatever the uploaded file held)
never hands a spreadsheet a formula."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.penduduk.imports import rejections_csv
from satupintu.penduduk.models import ImportRun

from .test_imports import csv_bytes, good_rows

pytestmark = pytest.mark.django_db

HOSTILE_NIK = "=HYPERLINK(\"http://evil.example/\")"


def test_rejections_csv_neutralises_formulas():
    text = rejections_csv([{"line": 2, "nik": HOSTILE_NIK, "reason": "@SUM(1+1)"}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["2", "'" + HOSTILE_NIK, "'@SUM(1+1)"]


def test_rejections_download_of_a_hostile_upload(client, users, regency):
    rows = good_rows()
    rows[1][0] = "=1+2*3"
    client.force_login(users["village_operator"])
    upload = SimpleUploadedFile("desa.csv", csv_bytes(rows).getvalue(), content_type="text/csv")
    client.post(reverse("penduduk:import"), {"file": upload})
    run = ImportRun.objects.get()
    text = client.get(reverse("penduduk:import_rejections", args=[run.pk])).content.decode()
    assert "'=1+2*3" in text
    assert not any(cell.startswith(("=", "@", "+")) for row in csv.reader(io.StringIO(text)) for cell in row)
