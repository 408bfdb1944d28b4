"""The UMKM officer's pages (cooperatives office): its businesses in any village, register one with its products,
edit them, the seller's secret link; nobody else's sellers, and nobody else in."""

from decimal import Decimal

import pytest
from django.urls import reverse

from satupintu.core.models import AuditEvent
from satupintu.desa.models import Product, Seller
from satupintu.desa.tests.factories import ProductFactory, SellerFactory
from satupintu.desa.tests.helpers import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(editors):
    return editors["umkm"]


@pytest.fixture
def office_seller(client, officer, village_b):
    client.force_login(officer)
    response = client.post(
        reverse("portal:umkm_add"),
        {
            "village": village_b.pk,
            "name": "Tenun Bantan",
            "owner_name": "Ibu Rosma",
            "whatsapp": "0812 6000 1111",
            "description": "Binaan dinas.",
            "is_active": "on",
        },
    )
    seller = Seller.objects.get(name="Tenun Bantan")
    assert response.status_code == 302 and response.url == reverse("portal:umkm_business", args=[seller.pk])
    client.logout()
    return seller


def _product_data(**extra):
    return {
        "name": "Selendang songket",
        "category": "fesyen",
        "description": "Tenun tangan.",
        "price": "250000",
        "unit": "helai",
        "stock": "12",
        "status": "published",
        "published_at": "",
        **extra,
    }


def test_officer_registers_a_business_of_any_village_and_its_products(
    client, officer, office_seller, village_b
):
    seller = office_seller
    assert (
        seller.village == village_b
        and seller.origin == Seller.Origin.OFFICE
        and seller.whatsapp == "6281260001111"
    )
    assert AuditEvent.objects.filter(action="desa.seller.created", actor=officer).exists()
    client.force_login(officer)
    response = client.post(
        reverse("portal:umkm_product_add", args=[seller.pk]), {**_product_data(), "upload": image_upload()}
    )
    assert response.status_code == 302
    product = Product.objects.get(seller=seller)
    assert (product.village, product.price, product.stock, product.is_public) == (
        village_b,
        Decimal("250000"),
        12,
        True,
    )
    assert product.image_thumb
    # It is in the e-mall at once, under its village.
    from django.core.cache import cache

    cache.clear()
    client.logout()
    assert client.get(reverse("portal:emall_product", args=[village_b.slug, product.slug])).status_code == 200
    # Edit: price and stock.
    client.force_login(officer)
    response = client.post(
        reverse("portal:umkm_product_edit", args=[seller.pk, product.pk]),
        _product_data(price="275000", stock=""),
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.price == Decimal("275000") and product.stock is None
    # The list shows the business with its counts, and its page the product.
    page = client.get(reverse("portal:umkm")).content.decode()
    assert "Tenun Bantan" in page and "1 produk, 1 terbit" in page
    assert (
        "Selendang songket" in client.get(reverse("portal:umkm_business", args=[seller.pk])).content.decode()
    )


def test_officer_edits_the_business_but_not_its_village(client, officer, office_seller, village_a):
    client.force_login(officer)
    response = client.post(
        reverse("portal:umkm_business", args=[office_seller.pk]),
        {
            "village": village_a.pk,
            "name": "Tenun Songket Bantan",
            "owner_name": "Ibu Rosma",
            "whatsapp": "081260001111",
            "description": "",
            "is_active": "",
        },
    )
    assert response.status_code == 302
    office_seller.refresh_from_db()
    assert office_seller.name == "Tenun Songket Bantan" and not office_seller.is_active
    assert office_seller.village.slug == "bantan"  # a business does not move between villages


def test_list_is_the_offices_only_and_searchable(client, officer, office_seller, users, village_a):
    SellerFactory(
        village=village_a, name="Warung Bu Ani"
    )  # the village's own seller: its operator's, not the office's
    client.force_login(officer)
    page = client.get(reverse("portal:umkm")).content.decode()
    assert "Tenun Bantan" in page and "Warung Bu Ani" not in page
    assert "Tenun Bantan" not in client.get(reverse("portal:umkm"), {"q": "kopi"}).content.decode()
    assert "Tenun Bantan" in client.get(reverse("portal:umkm"), {"q": "bantan"}).content.decode()


def test_officer_cannot_touch_a_villages_own_seller_or_product(client, officer, users, village_a):
    own = ProductFactory(village=village_a, by=users["village_operator"], name="Kopi Sialtong")
    client.force_login(officer)
    assert client.get(reverse("portal:umkm_business", args=[own.seller_id])).status_code == 404
    assert (
        client.post(
            reverse("portal:umkm_product_edit", args=[own.seller_id, own.pk]), _product_data()
        ).status_code
        == 404
    )
    assert client.post(reverse("portal:umkm_product_delete", args=[own.seller_id, own.pk])).status_code == 404
    own.refresh_from_db()
    assert own.name == "Kopi Sialtong"


def test_a_product_of_another_business_is_not_found_through_this_one(
    client, officer, office_seller, village_a
):
    client.force_login(officer)
    other = Seller.objects.create(
        village=village_a, name="Madu Hutan", whatsapp="6281200000000", origin=Seller.Origin.OFFICE
    )
    client.post(reverse("portal:umkm_product_add", args=[other.pk]), _product_data(name="Madu"))
    madu = Product.objects.get(name="Madu")
    assert (
        client.get(reverse("portal:umkm_product_edit", args=[office_seller.pk, madu.pk])).status_code == 404
    )


@pytest.mark.parametrize("role", ["village_operator", "opd_admin", "regent", "ppid_utama"])
def test_other_roles_are_refused(client, users, office_seller, role):
    client.force_login(users[role])
    for url in (
        reverse("portal:umkm"),
        reverse("portal:umkm_add"),
        reverse("portal:umkm_business", args=[office_seller.pk]),
        reverse("portal:umkm_product_add", args=[office_seller.pk]),
    ):
        assert client.get(url).status_code == 403, (role, url)
    assert (
        client.post(
            reverse("portal:umkm_add"),
            {"village": office_seller.village_id, "name": "X", "whatsapp": "081234567890"},
        ).status_code
        == 403
    )
    assert not Seller.objects.filter(name="X").exists()


def test_anonymous_is_sent_to_sign_in(client, office_seller):
    response = client.get(reverse("portal:umkm"))
    assert response.status_code == 302 and "/akun/masuk/" in response.url


def test_regency_admin_registers_as_the_office(client, users, village_a):
    """The administrator could edit the village's site too; through these pages the business is the office's."""
    client.force_login(users["regency_admin"])
    client.post(
        reverse("portal:umkm_add"),
        {"village": village_a.pk, "name": "Keripik Sialtong", "whatsapp": "081234567890", "is_active": "on"},
    )
    assert Seller.objects.get(name="Keripik Sialtong").origin == Seller.Origin.OFFICE


def test_bad_input_is_refused_with_messages(client, officer, office_seller):
    client.force_login(officer)
    response = client.post(reverse("portal:umkm_add"), {"village": "", "name": "", "whatsapp": "123"})
    assert response.status_code == 200 and Seller.objects.count() == 1
    form = response.context["form"]
    assert {"village", "name", "whatsapp"} <= set(form.errors)
    response = client.post(
        reverse("portal:umkm_product_add", args=[office_seller.pk]), _product_data(price="-5")
    )
    assert response.status_code == 200 and not Product.objects.exists()


def test_seller_link_is_issued_once_and_opens_the_sellers_page(client, officer, office_seller):
    client.force_login(officer)
    response = client.post(reverse("portal:umkm_link", args=[office_seller.pk]))
    assert response.status_code == 200 and response["Referrer-Policy"] == "no-referrer"
    link = response.context["link"]
    assert "wa.me/6281260001111" in response.content.decode()
    client.logout()
    assert client.get(link).status_code == 200
    assert client.get(reverse("portal:umkm_link", args=[office_seller.pk])).status_code in (302, 405)


def test_desk_offers_the_officer_its_pages(client, officer):
    client.force_login(officer)
    page = client.get("/staf/").content.decode()
    assert reverse("portal:umkm") in page and reverse("portal:umkm_add") in page
    assert client.get(reverse("portal:umkm")).status_code == 200
    assert client.get(reverse("portal:umkm_add")).status_code == 200


def test_desk_does_not_offer_them_to_a_village_operator(client, users):
    client.force_login(users["village_operator"])
    assert reverse("portal:umkm") not in client.get("/staf/").content.decode()


def test_list_query_count_does_not_grow_with_businesses(
    client, officer, village_a, village_b, django_assert_max_num_queries
):
    for i in range(12):
        seller = Seller.objects.create(
            village=village_a if i % 2 else village_b,
            name=f"Usaha {i}",
            whatsapp="6281200000000",
            origin=Seller.Origin.OFFICE,
        )
        Product.objects.create(village=seller.village, seller=seller, name=f"P{i}", slug=f"p{i}", price=1000)
    client.force_login(officer)
    client.get(reverse("portal:umkm"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("portal:umkm")).status_code == 200


def test_what_the_officer_writes_is_escaped_everywhere_it_shows(client, officer, village_b):
    """Sanitised output: the officer's text is plain text; on the e-mall, its own pages and the seller's page it is
    shown, never run."""
    from django.core.cache import cache

    from satupintu.portal import services

    evil = '<script>alert(1)</script><img src=x onerror="y()">'
    client.force_login(officer)
    client.post(reverse("portal:umkm_add"), {"village": village_b.pk, "name": f"Tenun {evil}",
                                             "whatsapp": "081260001111", "description": evil, "is_active": "on"})
    seller = Seller.objects.get(origin=Seller.Origin.OFFICE)
    client.post(reverse("portal:umkm_product_add", args=[seller.pk]),
                _product_data(name=f"Songket {evil}", description=evil))
    product = Product.objects.get(seller=seller)
    pages = [client.get(reverse("portal:umkm")), client.get(reverse("portal:umkm_business", args=[seller.pk]))]
    key = services.seller_link_issue(seller=seller, by=officer)
    client.logout()
    cache.clear()
    pages += [client.get(reverse("portal:emall_product", args=[village_b.slug, product.slug])),
              client.get(reverse("portal:emall"), {"q": "songket"}), client.get(reverse("portal:seller", args=[key]))]
    for response in pages:
        page = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)" not in page and "<img src=x" not in page, response.request["PATH_INFO"]
        assert "&lt;script&gt;alert(1)" in page, response.request["PATH_INFO"]


def test_service_standard_text_is_escaped(client, editors, agencies):
    from satupintu.portal import services

    services.service_standard_save(agency=agencies["pupr"], by=editors["pupr"], data={
        "name": "Izin bangunan", "requirements": "KTP<script>alert(1)</script>", "procedure": "<b onclick=x>Datang</b>",
        "service_time": "5 hari", "cost": "Gratis", "product": "Izin", "complaint_channel": "Aduan",
        "is_published": True})
    page = client.get(reverse("portal:agency_service", args=["dinas-pupr", "izin-bangunan"])).content.decode()
    assert "<script>alert(1)" not in page and "<b onclick" not in page and "KTP&lt;script&gt;" in page
