"""Issue 12 finding 9: the counter's look-up by NIK is POSTed; the NIK never appears in a URL, reload and back still
work (POST/redirect/GET), and every GET checks permission again."""

import pytest
from django.test import Client
from django.urls import reverse

from satupintu.surat.models import LetterRequest

pytestmark = pytest.mark.django_db


def _look_up(client, nik, letter_type="500"):
    return client.post(reverse("surat:counter_new"), {"letter_type": letter_type, "nik": nik})


def test_lookup_redirects_to_an_opaque_address_that_survives_reload(client, users, letter_types, resident_a):
    client.force_login(users["village_operator"])
    response = _look_up(client, resident_a.nik)
    assert response.status_code == 302
    location = response["Location"]
    assert resident_a.nik not in location and resident_a.nik[:6] not in location and "?cari=" in location
    for _ in range(2):  # reload (and back) re-render the same page from the session
        page = client.get(location)
        assert page.status_code == 200 and "Budi Santoso" in page.content.decode()
    assert 'method="post"' in page.content.decode()


def test_a_nik_in_the_query_string_is_not_looked_up(client, users, letter_types, resident_a):
    client.force_login(users["village_operator"])
    page = client.get(reverse("surat:counter_new"), {"letter_type": "500", "nik": resident_a.nik})
    assert page.status_code == 200 and "Budi Santoso" not in page.content.decode()


def test_the_token_is_worthless_in_another_session(client, users, letter_types, resident_a):
    client.force_login(users["village_operator"])
    location = _look_up(client, resident_a.nik)["Location"]
    other = Client()
    other.force_login(users["village_operator"])  # same account, another browser: nothing to find
    response = other.get(location, follow=True)
    assert "Budi Santoso" not in response.content.decode() and "kedaluwarsa" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("surat:counter_new")


def test_results_are_permission_checked_on_every_get(client, users, letter_types, resident_a):
    client.force_login(users["village_operator"])
    location = _look_up(client, resident_a.nik)["Location"]
    resident_a.status = "moved"
    resident_a.save(update_fields=["status"])
    page = client.get(location).content.decode()  # checked again, not served from what the session remembered
    assert "tidak berstatus aktif" in page and "Catat permohonan" not in page


def test_the_details_form_posts_to_the_token_address(client, users, letter_types, resident_a):
    client.force_login(users["village_operator"])
    location = _look_up(client, resident_a.nik)["Location"]
    response = client.post(location, {"purpose": "Kredit usaha", "f_nama_usaha": "Warung Berkah",
                                      "f_jenis_usaha": "Kopi", "f_alamat_usaha": "Dusun I"})
    letter = LetterRequest.objects.get()
    assert response["Location"] == reverse("surat:detail", args=[letter.pk])
    assert letter.resident_id == resident_a.pk
