from django.urls import reverse

from satupintu.desa import services

from .helpers import article

# The test settings use a process-local LocMemCache; tests/conftest.py empties it around every test.


def test_public_page_is_cached_and_invalidated_by_an_edit(client, users, village_a, django_assert_max_num_queries,
                                                         django_capture_on_commit_callbacks):
    op = users["village_operator"]
    obj = article(village_a, op, title="Judul lama")
    url = reverse("desa:home", args=[village_a.slug])
    assert "Judul lama" in client.get(url).content.decode()
    # Cached: only the village itself is loaded (for the frame); the page content comes from the cache.
    with django_assert_max_num_queries(1):
        assert "Judul lama" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.content_save(village=village_a, by=op, instance=obj, data={"title": "Judul baru"})
    html = client.get(url).content.decode()
    assert "Judul baru" in html and "Judul lama" not in html
    # Portal (regency scope) is invalidated too.
    assert "Judul baru" in client.get(reverse("desa:portal")).content.decode()


def test_edit_in_one_village_keeps_other_villages_cached(client, users, village_a, village_b,
                                                        django_assert_max_num_queries):
    url_b = reverse("desa:home", args=[village_b.slug])
    client.get(url_b)
    article(village_a, users["village_operator"], title="Hanya desa A")
    with django_assert_max_num_queries(1):
        client.get(url_b)


def test_signed_in_staff_get_fresh_pages_and_no_cached_copy_is_made(client, users, village_a):
    op = users["village_operator"]
    client.force_login(op)
    url = reverse("desa:home", args=[village_a.slug])
    article(village_a, op, title="Versi satu")
    assert "Versi satu" in client.get(url).content.decode()
    from django.core.cache import cache

    assert not [k for k in cache._cache if "desa:page:" in k]  # nothing was stored for a signed-in user
    html = client.get(url).content.decode()
    assert "Kelola situs" in html


def test_cached_page_carries_each_visitors_own_csrf_token(regency, village_a):
    from django.test import Client

    first, second = Client(), Client()
    url = reverse("desa:home", args=[village_a.slug])
    first.get(url)
    response = second.get(url)
    token = response.cookies.get("csrftoken")
    assert token is not None  # the frame (language form) is rendered per request, not from the cache
