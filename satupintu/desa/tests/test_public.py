from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from satupintu.desa import services
from satupintu.desa.models import Article, Product, PublishState
from satupintu.desa.views.public import whatsapp_link

from .helpers import article, image_upload, product


@pytest.fixture
def content(users, village_a):
    op = users["village_operator"]
    return {
        "public": article(village_a, op, title="Berita terbit"),
        "draft": article(village_a, op, title="Berita draf", status=PublishState.DRAFT),
        "future": article(village_a, op, title="Berita terjadwal", published_at=timezone.now() + timedelta(days=2)),
        "product": product(village_a, op),
        "draft_product": product(village_a, op, name="Produk draf", status=PublishState.DRAFT),
    }


def test_published_queryset_hides_drafts_and_scheduled(content):
    assert list(Article.objects.published()) == [content["public"]]
    later = timezone.now() + timedelta(days=3)
    assert set(Article.objects.published(now=later)) == {content["public"], content["future"]}


def test_drafts_and_scheduled_articles_are_not_public_anywhere(client, content, village_a):
    pages = [
        reverse("desa:home", args=[village_a.slug]), reverse("desa:articles", args=[village_a.slug, "berita"]),
        reverse("desa:feed_rss", args=[village_a.slug]), reverse("desa:feed_atom", args=[village_a.slug]),
        reverse("desa:portal"), reverse("desa:sitemap_section", args=["artikel"]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Berita terbit" in html or "berita-terbit" in html, url
        assert "Berita draf" not in html and "berita-draf" not in html, url
        assert "Berita terjadwal" not in html and "berita-terjadwal" not in html, url
    for key in ("draft", "future"):
        assert client.get(reverse("desa:article", args=[village_a.slug, content[key].slug])).status_code == 404
    assert client.get(reverse("desa:product", args=[village_a.slug, content["draft_product"].slug])).status_code == 404
    assert "Produk draf" not in client.get(reverse("desa:catalogue")).content.decode()


def test_scheduled_article_appears_when_its_time_comes(client, content, village_a, monkeypatch):
    from satupintu.desa.selectors import next_scheduled_change

    url = reverse("desa:article", args=[village_a.slug, content["future"].slug])
    assert client.get(url).status_code == 404
    assert next_scheduled_change(village_a) == content["future"].published_at
    later = timezone.now() + timedelta(days=2, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(url).status_code == 200
    assert "Berita terjadwal" in client.get(reverse("desa:home", args=[village_a.slug])).content.decode()


def test_article_page_has_open_graph_tags(client, users, village_a):
    obj = article(village_a, users["village_operator"], title="Festival Pantai", upload=image_upload())
    html = client.get(obj.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Festival Pantai">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:image" content="http://testserver{obj.image.url}">' in html


def test_product_page_order_link_and_open_graph(client, users, village_a):
    item = product(village_a, users["village_operator"], name="Dodol Durian & Kopi")
    assert item.price == 15000
    link = whatsapp_link(item)
    assert link.startswith("https://wa.me/6281234567890?text=")
    assert unquote(link.split("text=", 1)[1]) == "Halo, saya ingin memesan Dodol Durian & Kopi (Lapak Desa Sialtong)."
    html = client.get(item.get_absolute_url()).content.decode()
    assert "Rp15.000" in html and 'href="https://wa.me/6281234567890?text=' in html
    assert '<meta property="og:title" content="Dodol Durian &amp; Kopi — Rp15.000">' in html


def test_catalogue_search_and_filters(client, users, village_a, village_b):
    product(village_a, users["village_operator"], name="Keripik Pisang")
    product(village_b, users["village_operator_b"], name="Tikar Pandan", category=Product.Category.CRAFT)
    url = reverse("desa:catalogue")
    html = client.get(url).content.decode()
    assert "Keripik Pisang" in html and "Tikar Pandan" in html
    html = client.get(url, {"category": "kerajinan"}).content.decode()
    assert "Tikar Pandan" in html and "Keripik Pisang" not in html
    html = client.get(url, {"district": village_a.district_id}).content.decode()
    assert "Keripik Pisang" in html and "Tikar Pandan" not in html
    html = client.get(url, {"q": "tikar"}).content.decode()
    assert "Tikar Pandan" in html and "Keripik Pisang" not in html
    assert client.get(url, {"district": "99.99.99", "page": "x"}).status_code == 200


def test_catalogue_query_count_is_fixed(client, users, village_a, django_assert_max_num_queries):
    for i in range(8):
        product(village_a, users["village_operator"], name=f"Produk {i}")
    with django_assert_max_num_queries(5):
        assert client.get(reverse("desa:catalogue")).status_code == 200


def test_portal_search_comparison_and_query_count(client, users, village_a, village_b,
                                                  django_assert_max_num_queries):
    article(village_a, users["village_operator"], title="Panen raya Sialtong")
    product(village_b, users["village_operator_b"], name="Tikar Pandan")
    url = reverse("desa:portal")
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    assert "Panen raya Sialtong" in html and "Tikar Pandan" in html and "Kotarih Baru" in html
    html = client.get(url, {"q": "Dolok"}).content.decode()  # by district name
    assert "Bantan" in html and "Sialtong" not in html


def test_portal_shows_dash_when_a_count_service_is_missing(client, regency, monkeypatch):
    import satupintu.desa.selectors as sel

    assert {"letters_issued", "complaints"} <= set(sel.village_statistics())  # from surat's and aduan's AppConfig
    monkeypatch.delitem(sel.village_statistics(), "letters_issued")  # as if surat were not installed
    html = client.get(reverse("desa:portal")).content.decode()
    assert "<td class=\"num\">—</td>" in html
    assert sel.letters_issued_by_village(year=2026) is None


def test_feed_sitemap_and_pages_render(client, users, village_a):
    op = users["village_operator"]
    article(village_a, op, title="Agenda musdes", kind=Article.Kind.AGENDA)
    services.profile_update(village=village_a, by=op, data={
        "history": "Dibuka tahun 1901.", "vision": "Desa maju", "latitude": "3.3", "longitude": "98.9",
        "boundary_geojson": {"type": "Polygon", "coordinates": [[[98.8, 3.2], [99.0, 3.2], [99.0, 3.4], [98.8, 3.2]]]},
    })
    html = client.get(reverse("desa:profile", args=[village_a.slug])).content.decode()
    assert 'class="map"' in html and "<polygon" in html and "Dibuka tahun 1901." in html
    for name, args in [("gallery", [village_a.slug]), ("downloads", [village_a.slug]),
                       ("village_products", [village_a.slug]), ("articles", [village_a.slug, "agenda"]),
                       ("budget_latest", [village_a.slug]), ("population", [village_a.slug])]:
        assert client.get(reverse(f"desa:{name}", args=args)).status_code == 200, name
    assert client.get(reverse("desa:articles", args=[village_a.slug, "bukan-jenis"])).status_code == 404
    assert client.get(reverse("desa:home", args=["tidak-ada"])).status_code == 404
    sitemap = client.get(reverse("desa:sitemap")).content.decode()
    assert "sitemap-desa.xml" in sitemap and "sitemap-produk.xml" in sitemap
    villages = client.get(reverse("desa:sitemap_section", args=["desa"])).content.decode()
    assert f"/desa/{village_a.slug}/</loc>" in villages


def test_uploaded_images_are_resized_and_stripped(users, village_a):
    from PIL import Image

    obj = article(village_a, users["village_operator"], upload=image_upload(size=(3000, 2000)))
    with Image.open(obj.image.path) as full, Image.open(obj.image_thumb.path) as thumb:
        assert full.size == (1600, 1067) and thumb.size == (400, 267)
        assert not full.getexif() and "exif" not in full.info and not thumb.getexif()


def test_non_image_upload_is_refused_with_a_message(client, users, village_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["village_operator"])
    response = client.post(reverse("desa:staff_section_add", args=[village_a.pk, "artikel"]), {
        "kind": "berita", "title": "Foto palsu", "body": "x", "status": "draft",
        "upload": SimpleUploadedFile("foto.jpg", b"bukan gambar", content_type="image/jpeg"),
    })
    assert response.status_code == 200
    assert not Article.objects.filter(title="Foto palsu").exists()
    assert "gambar" in response.content.decode().lower()
