"""The foundation speaks English when asked: by the browser's Accept-Language or by the language switch's cookie."""

import pytest
from django.conf import settings
from django.utils import translation

from satupintu.akun.roles import Role
from satupintu.wilayah.forms import village_label

pytestmark = pytest.mark.django_db


def test_home_in_indonesian_by_default(client):
    body = client.get("/").content.decode()
    assert "Satu pintu untuk layanan publik kabupaten" in body
    assert 'lang="id"' in body


def test_home_in_english_by_accept_language(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "One door to the regency&#x27;s public services" in body or "One door to the regency's public services" in body
    assert "Skip to main content" in body
    assert "Satu pintu untuk layanan publik kabupaten" not in body


def test_language_switch_sets_cookie_and_page_follows(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/").content.decode()
    assert "Skip to main content" in body
    assert "Sign in" in body


def test_login_and_errors_in_english(client):
    assert "Forgot your password?" in client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    missing = client.get("/tidak-ada/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode()


def test_staff_page_in_english(client, users):
    client.force_login(users["opd_admin"])
    body = client.get("/staf/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Workspace" in body
    assert "Agency administrator" in body


def test_model_labels_and_choices_translate(village_a):
    with translation.override("en"):
        assert str(Role.REGENT.label) == "Regent"
        assert village_label(village_a) == "Village Sialtong — Kotarih district"
        from satupintu.kalender.models import Holiday

        assert str(Holiday._meta.verbose_name) == "additional holiday"
