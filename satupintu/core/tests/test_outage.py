"""A database that cannot be reached answers 503 with a "try again in a minute" page that keeps what the citizen typed
(satupintu/core/outage.py), never 500 — in a view and in middleware. The outage is simulated by refusing every
statement on this thread's connection with the error the driver raises; tests/test_database_outage.py stops a real
PostgreSQL under load."""

import logging
import re
import sqlite3
from contextlib import contextmanager

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from satupintu.aduan.models import Category, Complaint
from satupintu.core import outage

pytestmark = pytest.mark.django_db

PAGE_TEXT = "Layanan sedang gangguan, coba lagi dalam satu menit."


def _refused() -> OperationalError:
    """The error Django raises when the server is gone: its OperationalError wrapping the driver's."""
    if connection.vendor == "postgresql":
        import psycopg

        cause = psycopg.OperationalError('connection failed: connection to server at "127.0.0.1", port 5432 failed: '
                                         "Connection refused")
    else:
        cause = sqlite3.OperationalError("unable to open database file")
    error = OperationalError(*cause.args)
    error.__cause__ = cause
    return error


@contextmanager
def database_down():
    """Every statement fails as if the server were unreachable (savepoints pass, so the test's own transaction
    survives) and is counted: the 503 page itself must not try the database."""
    attempts = []

    def refuse(execute, sql, params, many, context):
        if "SAVEPOINT" in sql.upper():
            return execute(sql, params, many, context)
        attempts.append(sql)
        raise _refused()

    with connection.execute_wrapper(refuse):
        yield attempts


@pytest.fixture(autouse=True)
def _fresh_log_throttle(monkeypatch):
    monkeypatch.setattr(outage, "_log", outage._Throttled())


@pytest.fixture
def category(agencies):
    return Category.objects.create(name="Jalan rusak", slug="jalan-rusak", default_agency=agencies["pupr"])


def intake_data(village, category, **extra):
    return {
        "kind": "pengaduan",
        "title": "Lampu jalan mati <b>dusun III</b>",
        "description": 'Sudah tiga minggu lampu jalan mati "gelap" & rawan.\nMohon segera.',
        "category": category.pk,
        "village": village.pk,
        "address": "Dusun III dekat masjid",
        "reporter_name": "Rina",
        "reporter_phone": "0812 1111 2222",
        "reporter_email": "",
        **extra,
    }


def _hidden_fields(html: str) -> dict[str, list[str]]:
    import html as htmllib

    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html):
        fields.setdefault(htmllib.unescape(name), []).append(htmllib.unescape(value))
    return fields


def test_intake_form_loads_while_the_database_is_down_and_its_submission_is_kept_for_a_resend(village_a, category):
    """The path that matters most: the form page comes from memory, the submission fails. The citizen gets 503 with
    Retry-After, the text typed (escaped) in a form with a valid CSRF token; pressing "Kirim ulang" once the database
    is back files the report once."""
    client = Client(enforce_csrf_checks=True)
    url = reverse("aduan:submit")
    assert client.get(url).status_code == 200  # the form's choices are read once, while the database is up
    data = intake_data(village_a, category)
    with database_down() as attempts:
        page = client.get(url)
        assert page.status_code == 200, "the intake form must load from memory during an outage"
        token = client.cookies["csrftoken"].value
        assert not attempts
        response = client.post(url, {**data, "csrfmiddlewaretoken": re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1), "pin": "123456"})
        attempted = len(attempts)
    assert attempted >= 1  # it did try the database, and failed
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert PAGE_TEXT in html and "Kirim ulang" in html
    assert "<b>dusun III</b>" not in html and "&lt;b&gt;dusun III&lt;/b&gt;" in html  # escaped
    assert "<script" not in html and "<style" not in html and "style=" not in html  # CSP: no inline code
    assert re.search(rf'<form method="post" action="{re.escape(url)}"', html)
    kept = _hidden_fields(html)
    assert "pin" not in kept and "123456" not in html  # secrets are never echoed
    for name in ("title", "description", "address", "reporter_name", "reporter_phone", "category", "village"):
        assert kept[name] == [str(data[name])], name
    assert Complaint.objects.count() == 0

    # The database is back: "Kirim ulang" posts the kept fields with the page's CSRF token, and the report is filed.
    assert client.cookies["csrftoken"].value == token
    resent = client.post(url, {name: values for name, values in kept.items()})
    assert resent.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.title == data["title"] and complaint.description == data["description"]
    assert resent.url == reverse("aduan:thanks", args=[complaint.follow_token])


def test_an_attachment_cannot_be_kept_and_the_page_says_so(village_a, category):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.aduan.tests.conftest import png_bytes

    client = Client()
    client.get(reverse("aduan:submit"))
    photo = SimpleUploadedFile("foto.png", png_bytes(), content_type="image/png")
    with database_down():
        response = client.post(reverse("aduan:submit"), {**intake_data(village_a, category), "attachments": [photo]})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Berkas lampiran tidak dapat disimpan" in html and "attachments" not in _hidden_fields(html)


def test_secret_fields_are_never_echoed():
    for name in ("password", "new_password1", "old_password", "pin", "pin_again", "passphrase", "otp_token",
                 "code", "csrfmiddlewaretoken", "client_secret"):
        assert outage.SECRET_FIELD.search(name), name
    for name in ("title", "description", "reporter_name", "nik", "purpose", "address", "kode", "spinner"):
        assert not outage.SECRET_FIELD.search(name), name


def test_failure_in_middleware_before_the_view_answers_503(users):
    """A signed-in visitor's session is read by middleware before any view: with the database down that failed
    there, where no view or middleware hook sees it; handler500 gives the same 503 page."""
    client = Client(raise_request_exception=False)
    client.force_login(users["citizen"])
    with database_down() as attempts:
        response = client.get(reverse("core:home"))
    assert attempts  # the session read did fail in middleware
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert PAGE_TEXT in response.content.decode()


def _signed_in_form(users, url: str) -> tuple[Client, str]:
    """A signed-in citizen (a session to read: with the database down the request fails in middleware, before the
    view and before Django's CSRF check) with the form's CSRF token."""
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.force_login(users["citizen"])
    page = client.get(url)
    assert page.status_code == 200
    return client, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def test_ppid_request_form_post_is_kept(users):
    url = reverse("ppid:request_create")
    client, token = _signed_in_form(users, url)
    with database_down():
        response = client.post(url, {"csrfmiddlewaretoken": token, "subject": "Data APBD 2026 <rinci>", "pin": "9"})
    assert response.status_code == 503
    kept = _hidden_fields(response.content.decode())
    assert kept["subject"] == ["Data APBD 2026 <rinci>"] and "pin" not in kept


def test_a_post_without_the_visitors_csrf_token_is_not_offered_for_resending(users):
    """A failure in middleware comes before Django's CSRF check: fields posted by another site (no valid token) must
    not come back in a form carrying the visitor's valid token."""
    url = reverse("ppid:request_create")
    client, _token = _signed_in_form(users, url)
    with database_down():
        response = client.post(url, {"csrfmiddlewaretoken": "x" * 64, "subject": "Tulisan penyerang"})
    assert response.status_code == 503
    html = response.content.decode()
    assert PAGE_TEXT in html and "Tulisan penyerang" not in html and "Kirim ulang" not in html


def test_logged_as_one_warning_not_as_errors(village_a, category, caplog):
    client = Client()
    client.get(reverse("aduan:submit"))
    with caplog.at_level(logging.INFO), database_down():
        for _ in range(3):
            assert client.post(reverse("aduan:submit"), intake_data(village_a, category)).status_code == 503
    outage_records = [r for r in caplog.records if r.name == "satupintu.outage"]
    assert len(outage_records) == 1 and outage_records[0].levelno == logging.WARNING  # throttled: one per 10 s
    assert "503" in outage_records[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no error (mail) per request


def test_what_counts_as_unavailable():
    assert outage.database_unavailable(_refused())
    import psycopg

    for cause in (psycopg.OperationalError("server closed the connection unexpectedly"),
                  psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
                  psycopg.InterfaceError("the connection is closed")):
        wrapped = (InterfaceError if isinstance(cause, psycopg.InterfaceError) else OperationalError)(*cause.args)
        wrapped.__cause__ = cause
        assert outage.database_unavailable(wrapped), cause
    for message in ("database is locked", "unable to open database file", "disk I/O error"):
        wrapped = OperationalError(message)
        wrapped.__cause__ = sqlite3.OperationalError(message)
        assert outage.database_unavailable(wrapped), message
    # SQLite says OperationalError for bugs too: those stay 500s so that they are noticed.
    for message in ("no such table: aduan_complaint", 'near "SELEC": syntax error'):
        wrapped = OperationalError(message)
        wrapped.__cause__ = sqlite3.OperationalError(message)
        assert not outage.database_unavailable(wrapped), message
    assert not outage.database_unavailable(ValueError("x"))
    assert not outage.database_unavailable(None)


def test_other_errors_still_answer_500(rf):
    from satupintu.core.views import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
