"""The public letter-verification pages speak English when the browser asks for it (Accept-Language: en); the
letter itself stays Indonesian whatever language the signing officer uses."""

import pytest
from django.urls import reverse
from django.utils import translation

from satupintu.surat import services

from .conftest import issue

pytestmark = pytest.mark.django_db


def get_en(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def test_verify_lookup_page_and_its_error_in_english(client):
    url = reverse("surat:verify_lookup")
    html = get_en(client, url).content.decode()
    assert "Scan the QR code on a village certificate letter" in html
    # The field's label and the not-found message speak of a look-up by letter number; their English comes with the
    # catalogue update.
    assert "Pindai kode QR pada surat keterangan desa" not in html


    default = client.get(url).content.decode()
    assert "Pindai kode QR pada surat keterangan desa" in default


def test_unknown_code_in_english(client):
    response = get_en(client, reverse("surat:verify", args=["tidak-ada-123"]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "LETTER NOT REGISTERED" in html and "probably forged" in html
    assert "SURAT TIDAK TERDAFTAR" not in html


def test_valid_and_revoked_letter_in_english(client, users, resident_a, letter_types):
    with translation.override("id"):
        letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    url = reverse("surat:verify", args=[letter.verification_token])

    html = get_en(client, url).content.decode()
    assert "LETTER REGISTERED AND VALID" in html
    assert "Issued by" in html and "Letter number" in html
    assert "SURAT TERDAFTAR DAN SAH" not in html and "Diterbitkan oleh" not in html

    with translation.override("id"):
        services.letter_revoke(letter=letter, by=users["village_head"], reason="Data alamat keliru")
    html = get_en(client, url).content.decode()
    assert "THIS LETTER HAS BEEN REVOKED" in html and "REVOKED" in html
    assert "SURAT INI TELAH DICABUT" not in html


def test_letter_signed_in_english_keeps_the_indonesian_signatory_title(users, resident_a, letter_types):
    # The title is printed on the official letter; the English catalogue deliberately maps it to itself.
    with translation.override("en"):
        letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    assert letter.signer_title == f"Kepala Desa {resident_a.village.name}"
