"""HTML compression (issue 13, bug 14) and its BREACH policy (satupintu/core/compression.py)."""

from __future__ import annotations

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_the_village_portal_is_compressed(client, regency):
    plain = client.get("/desa/")
    response = client.get("/desa/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(response.content).decode().count("</html>") == 1
    assert len(response.content) < len(plain.content) / 2


def test_a_public_form_is_compressed_and_its_csrf_token_differs_every_time(client, regency):
    first = gzip.decompress(client.get("/aduan/lapor/", HTTP_ACCEPT_ENCODING="gzip").content).decode()
    second = gzip.decompress(client.get("/aduan/lapor/", HTTP_ACCEPT_ENCODING="gzip").content).decode()

    def token(html):
        return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    assert token(first) != token(second)  # masked per response: nothing for BREACH to converge on


def test_pages_of_a_signed_in_user_are_not_compressed(client, users):
    client.force_login(users["regency_admin"])
    response = client.get("/staf/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    public = client.get("/desa/", HTTP_ACCEPT_ENCODING="gzip")
    assert not public.has_header("Content-Encoding"), "with a session, even public pages stay uncompressed"


def test_without_accept_encoding_nothing_is_compressed(client, regency):
    assert not client.get("/desa/").has_header("Content-Encoding")
