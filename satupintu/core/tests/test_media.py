"""Public uploads in production (issue 13, bug 13): served with DEBUG off, safely, and never a private file."""

from __future__ import annotations

import pytest
from django.test import override_settings

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def roots(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    (tmp_path / "media" / "desa" / "ab12").mkdir(parents=True)
    (tmp_path / "media" / "desa" / "ab12" / "balai.png").write_bytes(PNG)
    (tmp_path / "media" / "desa" / "ab12" / "halaman.html").write_text("<script>alert(1)</script>")
    (tmp_path / "media" / ".env").write_text("SECRET_KEY=x")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "ktp.png").write_bytes(PNG)
    return tmp_path


def test_a_village_image_is_served_with_debug_off(client, roots):
    response = client.get("/media/desa/ab12/balai.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert not response.get("Content-Disposition", "").startswith("attachment")
    again = client.get("/media/desa/ab12/balai.png", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_an_uploaded_html_file_is_a_sandboxed_download(client, roots):
    response = client.get("/media/desa/ab12/halaman.html")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", [
    "/media/desa/", "/media/desa/ab12/", "/media/../private/ktp.png", "/media/desa/../../private/ktp.png",
    "/media/%2e%2e/private/ktp.png", "/media/.env", "/media/desa/ab12/tidak-ada.png", "/media//etc/passwd",
])
def test_no_listing_no_traversal_no_hidden_or_missing_file(client, roots, path):
    assert client.get(path).status_code == 404


def test_private_root_inside_media_root_is_still_refused(client, roots, settings):
    settings.PRIVATE_MEDIA_ROOT = roots / "media" / "desa"
    assert client.get("/media/desa/ab12/balai.png").status_code == 404


def test_only_get_and_head(client, roots):
    assert client.head("/media/desa/ab12/balai.png").status_code == 200
    assert client.post("/media/desa/ab12/balai.png").status_code == 405


def test_switched_off_behind_the_reverse_proxy(client, roots):
    with override_settings(SERVE_MEDIA=False):
        assert client.get("/media/desa/ab12/balai.png").status_code == 404
