"""Issue 12 finding 9: the register search (NIK, KK number or name) is POSTed; what was asked stays out of URLs,
reload and pagination still work (POST/redirect/GET), and results stay within the user's scope."""

import pytest
from django.test import Client
from django.urls import reverse

from .factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_name_search_redirects_to_an_opaque_address_and_pages(client, users, village_a):
    for i in range(55):
        ResidentFactory(village=village_a, name=f"Sitorus {i:02d}")
    ResidentFactory(village=village_a, name="Budi Santoso")
    client.force_login(users["village_operator"])
    response = client.post(reverse("penduduk:register"), {"q": "Sitorus", "status": ""})
    assert response.status_code == 302 and "Sitorus" not in response["Location"] and "?cari=" in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "55 penduduk" in html and "Budi Santoso" not in html
    assert page.context["querystring"].startswith("cari=")  # the page links carry the token, not the query
    second = client.get(f"{response['Location']}&page=2").content.decode()
    assert "Sitorus 54" in second and "Sitorus 00" not in second


def test_number_prefix_search_stays_in_scope(client, users, village_a, village_b):
    mine = ResidentFactory(village=village_a, name="Budi Santoso")
    theirs = ResidentFactory(village=village_b, name="Rina Manurung")
    client.force_login(users["village_operator"])
    for prefix in (theirs.nik[:10], mine.nik[:10]):
        response = client.post(reverse("penduduk:register"), {"q": prefix}, follow=True)
        assert all(prefix not in url for url, _status in response.redirect_chain)
        assert "Rina Manurung" not in response.content.decode()  # another village's resident, whatever the query
    assert "Budi Santoso" in response.content.decode()


def test_a_query_string_search_is_ignored_and_a_foreign_token_expires(client, users, village_a):
    budi = ResidentFactory(village=village_a, name="Budi Santoso")
    ResidentFactory(village=village_a, name="Ani Lubis")
    client.force_login(users["village_operator"])
    page = client.get(reverse("penduduk:register"), {"q": budi.nik})  # old-style links find nothing special
    assert page.status_code == 200 and "Ani Lubis" in page.content.decode()
    location = client.post(reverse("penduduk:register"), {"q": "Budi"})["Location"]
    other = Client()
    other.force_login(users["village_operator"])
    response = other.get(location, follow=True)
    assert "kedaluwarsa" in response.content.decode()
