"""The portal home's fragments: each rebuilt only when what it shows changes (explicit invalidation on save), and a
cold home page in a pinned number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from satupintu.desa.models import Article
from satupintu.desa.tests.factories import ArticleFactory, ProductFactory

from .factories import SiteArticleFactory

pytestmark = pytest.mark.django_db


def _home(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def _touches(queries, table) -> bool:
    return any(f'FROM "{table}"' in q for q in queries)


def test_cold_home_page_query_count(client, editors, users, village_a, django_assert_max_num_queries):
    for i in range(3):
        SiteArticleFactory(by=editors["media"], kind=Article.Kind.PRESS, title=f"Siaran {i}")
        ProductFactory(village=village_a, by=users["village_operator"], name=f"Kopi {i}")
    # Media Center: 4 kinds + agenda + photos + videos; e-mall: 2 id lists + 1 fetch; the next scheduled change (2,
    # once per fragment at most); the figures of the year (3).
    with django_assert_max_num_queries(15):
        client.get(reverse("core:home"))


def test_a_villages_change_keeps_the_media_center_fragment(
    client, editors, users, village_a, django_capture_on_commit_callbacks
):
    SiteArticleFactory(by=editors["media"], kind=Article.Kind.PRESS, title="Siaran pers pertama")
    page, queries = _home(client)
    assert "Siaran pers pertama" in page and _touches(queries, "desa_article")
    page, queries = _home(client)
    assert "Siaran pers pertama" in page and queries == []  # everything from the cache

    # A village publishes news and a product: the e-mall strip is rebuilt, the Media Center's articles are not read.
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(village=village_a, by=users["village_operator"], title="Kerja bakti")
        ProductFactory(village=village_a, by=users["village_operator"], name="Kopi Sialtong baru")
    page, queries = _home(client)
    assert "Kopi Sialtong baru" in page and "Siaran pers pertama" in page
    assert _touches(queries, "desa_product") and not any('"desa_article"."title"' in q for q in queries)

    # The Media Center publishes: its fragment is rebuilt at once.
    with django_capture_on_commit_callbacks(execute=True):
        SiteArticleFactory(by=editors["media"], kind=Article.Kind.PRESS, title="Siaran pers kedua")
    page, _queries = _home(client)
    assert "Siaran pers kedua" in page


def test_an_agencys_change_keeps_the_media_center_fragment(
    client, editors, agencies, django_capture_on_commit_callbacks
):
    from satupintu.desa.sites import SiteOwner

    SiteArticleFactory(by=editors["media"], title="Berita kabupaten")
    _home(client)
    with django_capture_on_commit_callbacks(execute=True):
        SiteArticleFactory(owner=SiteOwner(agency=agencies["pupr"]), by=editors["pupr"], title="Berita PUPR")
    page, queries = _home(client)
    assert "Berita kabupaten" in page and not any('"desa_article"."title"' in q for q in queries)


def test_services_fragment_follows_the_language(client):
    cache.clear()
    assert "Sampaikan aduan" in client.get(reverse("core:home")).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="services"' in page
