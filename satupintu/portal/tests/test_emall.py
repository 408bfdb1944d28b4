"""The e-mall: one catalogue over the villages' products and the businesses the cooperatives office registers;
filters, the WhatsApp link naming the product, views, the seller's phone page."""

from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from satupintu.desa import services as site_services
from satupintu.desa.models import Product, Seller
from satupintu.desa.sites import SiteOwner
from satupintu.desa.tests.factories import ProductFactory, SellerFactory
from satupintu.portal import services

pytestmark = pytest.mark.django_db


def _names(response) -> set[str]:
    return {p.name for p in response.context["page"].object_list} if "page" in response.context else set()


@pytest.fixture
def catalogue(users, village_a, village_b):
    op_a, op_b = users["village_operator"], users["village_operator_b"]
    return {
        "kopi": ProductFactory(village=village_a, by=op_a, name="Kopi Sialtong", price=Decimal("45000"),
                               category="kuliner"),
        "tikar": ProductFactory(village=village_a, by=op_a, name="Tikar pandan", price=Decimal("120000"),
                                category="kerajinan"),
        "ikan": ProductFactory(village=village_b, by=op_b, name="Ikan asin Bantan", price=Decimal("30000"),
                               category="perikanan"),
        "draf": ProductFactory(village=village_b, by=op_b, name="Kopi draf", status="draft"),
    }


def _search(client, **params):
    from django.core.cache import cache

    cache.clear()
    response = client.get(reverse("portal:emall"), params)
    assert response.status_code == 200
    page = response.content.decode()
    return {name for name in ("Kopi Sialtong", "Tikar pandan", "Ikan asin Bantan", "Kopi draf") if name in page}


def test_filters(client, catalogue, village_a, village_b):
    assert _search(client) == {"Kopi Sialtong", "Tikar pandan", "Ikan asin Bantan"}
    assert _search(client, q="kopi") == {"Kopi Sialtong"}
    assert _search(client, category="kerajinan") == {"Tikar pandan"}
    assert _search(client, price_min="40000", price_max="100000") == {"Kopi Sialtong"}
    assert _search(client, price_max="30000") == {"Ikan asin Bantan"}
    assert _search(client, village="bantan") == {"Ikan asin Bantan"}
    assert _search(client, district=village_a.district_id) == {"Kopi Sialtong", "Tikar pandan"}
    assert _search(client, district=village_b.district_id, q="kopi") == set()
    assert _search(client, price_min="abc") == set()  # invalid input: nothing, not everything


def test_product_page_whatsapp_link_and_views(client, catalogue):
    kopi = catalogue["kopi"]
    url = reverse("portal:emall_product", args=[kopi.village.slug, kopi.slug])
    for _ in range(3):
        page = client.get(url).content.decode()
    kopi.refresh_from_db()
    assert kopi.view_count == 3
    import re

    link = re.search(r'href="(https://wa\.me/[^"]+)"', page).group(1)
    assert link.startswith(f"https://wa.me/{kopi.seller.whatsapp}?text=")
    assert "Kopi Sialtong" in unquote(link.replace("&amp;", "&"))
    draft = catalogue["draf"]
    assert client.get(reverse("portal:emall_product", args=[draft.village.slug, draft.slug])).status_code == 404
    # Most viewed on the portal home.
    home = client.get(reverse("core:home")).content.decode()
    popular = home[home.index('data-testid="popular-products"'):]
    assert popular.index("Kopi Sialtong") < popular.index("Tikar pandan")


def test_umkm_officer_registers_businesses(client, users, editors, village_a):
    seller = site_services.site_content_save(
        owner=SiteOwner(village=village_a), by=editors["umkm"], model=Seller,
        data={"name": "Tenun Ibu Rosa", "whatsapp": "6281300000000", "is_active": True})
    assert seller.origin == Seller.Origin.OFFICE
    product = site_services.site_content_save(
        owner=SiteOwner(village=village_a), by=editors["umkm"], model=Product,
        data={"name": "Ulos tenun", "seller": seller, "price": Decimal("350000"), "category": "fesyen",
              "status": "published"})
    assert "Ulos tenun" in client.get(reverse("portal:emall")).content.decode()
    # The village's operator does not change the office's business; the office does not change the village's own.
    with pytest.raises(PermissionDenied):
        site_services.site_content_save(owner=SiteOwner(village=village_a), by=users["village_operator"],
                                        instance=product, data={"price": Decimal("1")})
    own = SellerFactory(village=village_a)
    with pytest.raises(PermissionDenied):
        site_services.site_content_save(owner=SiteOwner(village=village_a), by=editors["umkm"], instance=own,
                                        data={"name": "diambil alih"})
    with pytest.raises(PermissionDenied):
        site_services.site_content_save(owner=SiteOwner(village=village_a), by=editors["pupr"], model=Seller,
                                        data={"name": "x", "whatsapp": "6281300000001"})


def test_seller_changes_price_and_stock_from_a_phone(client, users, catalogue):
    kopi = catalogue["kopi"]
    key = services.seller_link_issue(seller=kopi.seller, by=users["village_operator"])
    url = reverse("portal:seller", args=[key])
    page = client.get(url)
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
    response = client.post(url, {"product": kopi.pk, "price": "50.000", "stock": "12"})
    assert response.status_code == 302
    kopi.refresh_from_db()
    assert kopi.price == Decimal("50000") and kopi.stock == 12
    # Bad input changes nothing.
    response = client.post(url, {"product": kopi.pk, "price": "-5", "stock": "banyak"})
    assert response.status_code == 200 and "Harga harus angka" in response.content.decode()
    kopi.refresh_from_db()
    assert kopi.price == Decimal("50000") and kopi.stock == 12
    # Another seller's product cannot be changed with this key; a wrong key is not found.
    ikan = catalogue["ikan"]
    client.post(url, {"product": ikan.pk, "price": "1", "stock": ""})
    ikan.refresh_from_db()
    assert ikan.price == Decimal("30000")
    assert client.get(reverse("portal:seller", args=["salah" + key[5:]])).status_code == 404
    # A new link replaces the old one.
    services.seller_link_issue(seller=kopi.seller, by=users["village_operator"])
    assert client.get(url).status_code == 404
