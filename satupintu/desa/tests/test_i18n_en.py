"""English (second language) of the public village pages: the regency portal and the village market catalogue.

The source language is Indonesian; a visitor whose browser asks for English gets the desa app's English catalogue
(satupintu/desa/locale/en), while a visitor without a preference still gets Indonesian."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from satupintu.desa.models import Product
from satupintu.desa.tests.helpers import product


def _text(response) -> str:
    assert response.status_code == 200
    return htmllib.unescape(response.content.decode())


@pytest.fixture
def catalogue_products(users, village_a, village_b):
    product(village_a, users["village_operator"], name="Keripik Pisang")
    product(village_b, users["village_operator_b"], name="Tikar Pandan", category=Product.Category.CRAFT)


def test_portal_in_english(client, regency):
    html = _text(client.get(reverse("desa:portal"), HTTP_ACCEPT_LANGUAGE="en"))
    assert '<html lang="en"' in html
    for english in (
        "Villages and urban villages",
        "Search for a village or district",
        'placeholder="Village or district name"',
        "All districts",
        "See all village market products",
        "4 villages found.",
        "Villages compared,",
        "Latest news",
        "Latest product",
        "Spending realised",
        "Letters issued",
        "Complaints",
        "means the data is not available yet.",
        "<title>Villages of the regency",
    ):
        assert english in html, english
    for indonesian in (
        "Desa dan kelurahan",
        "Cari desa atau kecamatan",
        "Cari nama desa atau kecamatan",
        "Semua kecamatan",
        "Lihat semua produk lapak desa",
        "desa/kelurahan ditemukan",
        "Perbandingan desa tahun",
        "Berita terbaru",
        "Produk terbaru",
        "Realisasi belanja",
        "Surat terbit",
        "Aduan",
        "berarti data belum tersedia",
        "Desa-desa di kabupaten",
    ):
        assert indonesian not in html, indonesian


def test_portal_plural_and_no_match_in_english(client, regency):
    url = reverse("desa:portal")
    html = _text(client.get(url, {"q": "Sialtong"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert re.search(r"\b1 village found\.", html) and "villages found" not in html
    html = _text(client.get(url, {"q": "tidak-ada-desa-ini"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "0 villages found." in html
    assert "No village matches your search." in html
    assert "Tidak ada desa yang cocok" not in html


def test_catalogue_in_english(client, catalogue_products):
    html = _text(client.get(reverse("desa:catalogue"), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Keripik Pisang" in html and "Tikar Pandan" in html  # product data is shown as entered
    for english in (
        "<h1>Village market</h1>",
        "UMKM products from the villages of the regency. Order directly from the seller on WhatsApp.",
        "Search products",
        "All categories",
        "All districts",
        '<button type="submit">Search</button>',
        "Sialtong, District Kotarih",
        "Bantan, District Dolok Masihul",
        'content="Village market: UMKM products from the villages"',
    ):
        assert english in html, english
    for indonesian in (
        "Lapak desa",
        "Produk UMKM dari desa-desa",
        "Pesan langsung ke penjual",
        "Cari produk",
        "Semua kategori",
        "Semua kecamatan",
        '<button type="submit">Cari</button>',
        "Kec.",
    ):
        assert indonesian not in html, indonesian


def test_catalogue_filter_choices_and_empty_result_in_english(client, catalogue_products):
    url = reverse("desa:catalogue")
    html = _text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    assert ">Food and drink</option>" in html and ">Crafts</option>" in html
    assert "Makanan dan minuman" not in html and ">Kerajinan<" not in html
    html = _text(client.get(url, {"q": "tidak ada produk ini"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "No matching products yet." in html and "Belum ada produk yang cocok." not in html


def test_indonesian_stays_the_default(client, catalogue_products):
    """The English catalogue must not leak: without a language preference the pages are Indonesian, and an English
    page cached for one visitor is not served to the next."""
    client.get(reverse("desa:portal"), HTTP_ACCEPT_LANGUAGE="en")
    client.get(reverse("desa:catalogue"), HTTP_ACCEPT_LANGUAGE="en")
    html = _text(client.get(reverse("desa:portal")))
    assert "Desa dan kelurahan" in html and "Villages and urban villages" not in html
    html = _text(client.get(reverse("desa:catalogue")))
    assert "<h1>Lapak desa</h1>" in html and "Kec. Kotarih" in html
    assert "Village market" not in html and "District Kotarih" not in html


@pytest.mark.django_db
def test_district_is_not_confused_with_the_agency_kind(client, regency):
    """"Kecamatan" the region (district) and "Kecamatan" the agency kind (district office) translate differently."""
    html = client.get("/desa/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "District office" not in html
    assert "District" in html
