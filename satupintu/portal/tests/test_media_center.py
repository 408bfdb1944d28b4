"""The Media Center: press releases with photos on the home page, scheduled publication, expiring announcements,
RSS, sitemap, Open Graph, sanitised HTML."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from satupintu.desa import services
from satupintu.desa.models import Article, GalleryVideo
from satupintu.desa.sites import SiteOwner
from satupintu.desa.tests.helpers import image_upload

from .factories import SiteArticleFactory

pytestmark = pytest.mark.django_db


def test_press_release_with_photo_on_home_rss_and_og(client, editors):
    press = SiteArticleFactory(by=editors["media"], kind=Article.Kind.PRESS, title="Siaran pers: vaksinasi gratis",
                               upload=image_upload())
    assert press.image and press.image_thumb
    home = client.get(reverse("core:home")).content.decode()
    assert "Siaran pers: vaksinasi gratis" in home and press.get_absolute_url() in home
    assert press.image_thumb.url in home  # the small picture, lazy-loaded
    detail = client.get(press.get_absolute_url()).content.decode()
    assert '<meta property="og:image" content="http://testserver' + press.image.url in detail
    assert '<meta property="og:type" content="article">' in detail
    rss = client.get(reverse("portal:feed_rss"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert b"Siaran pers: vaksinasi gratis" in rss.content and b"<enclosure" in rss.content


def test_scheduled_publication_hidden_until_its_time(client, editors):
    later = timezone.now() + dt.timedelta(hours=2)
    scheduled = SiteArticleFactory(by=editors["media"], title="Besok terbit", published_at=later)
    draft = SiteArticleFactory(by=editors["media"], title="Masih draf", status="draft")
    home = client.get(reverse("core:home")).content.decode()
    assert "Besok terbit" not in home and "Masih draf" not in home
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert b"Besok terbit" not in client.get(reverse("portal:feed_rss")).content
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    # The cached home expires by the scheduled time (next_change), so no cache clearing is needed here.
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    from django.core.cache import cache

    cache.clear()  # the cache's expiry is time-based; the test moved the time instead of waiting
    assert "Besok terbit" in client.get(reverse("core:home")).content.decode()


def test_announcement_disappears_after_expiry(client, editors):
    soon = timezone.now() + dt.timedelta(days=1)
    ann = SiteArticleFactory(by=editors["media"], kind=Article.Kind.ANNOUNCEMENT, title="Pemadaman air",
                             expires_at=soon)
    assert "Pemadaman air" in client.get(reverse("core:home")).content.decode()
    Article.objects.filter(pk=ann.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    from django.core.cache import cache

    cache.clear()
    assert "Pemadaman air" not in client.get(reverse("core:home")).content.decode()
    assert client.get(ann.get_absolute_url()).status_code == 404
    # Only announcements expire: a news item's expiry is dropped when saved.
    news = SiteArticleFactory(by=editors["media"], kind=Article.Kind.NEWS, expires_at=soon)
    assert news.expires_at is None


def test_editor_html_is_sanitised(client, editors, agencies):
    a = SiteArticleFactory(by=editors["media"], body='<p onclick="x()">Halo<script>alert(1)</script>'
                                                     '<a href="javascript:alert(1)">tautan</a><img src=x onerror=y></p>')
    assert "script" not in a.body and "onclick" not in a.body and "javascript:" not in a.body
    assert "onerror" not in a.body and "Halo" in a.body
    from satupintu.portal import services as portal_services

    site = portal_services.agency_site_update(
        agency=agencies["pupr"], by=editors["pupr"],
        data={"profile": "<p>Profil<script>x</script></p>", "tasks_functions": "Tugas 1\n\nFungsi <b>2</b>",
              "structure": '<ul><li style="color:red" onmouseover="y">Kepala</li></ul>'})
    assert "script" not in site.profile and "onmouseover" not in site.structure and "style" not in site.structure
    page = client.get(reverse("portal:agency_profile", args=["dinas-pupr"])).content.decode()
    assert "<script>x</script>" not in page and "Kepala" in page and "<b>2</b>" in page


def test_agency_and_regency_slugs_and_lists(client, editors, agencies, village_a):
    one = SiteArticleFactory(by=editors["media"], title="Rapat")
    two = SiteArticleFactory(owner=SiteOwner(agency=agencies["pupr"]), by=editors["pupr"], title="Rapat")
    assert one.slug == two.slug == "rapat"  # slugs are per site
    three = SiteArticleFactory(by=editors["media"], title="Rapat")
    assert three.slug == "rapat-2"
    assert one.get_absolute_url() == "/media/baca/rapat/"
    assert two.get_absolute_url() == "/opd/dinas-pupr/baca/rapat/"
    # The regency's list does not show the agency's article, and the other way round.
    regency_list = client.get(reverse("portal:articles", args=["berita"])).content.decode()
    assert "/opd/dinas-pupr/baca/rapat/" not in regency_list and "/media/baca/rapat/" in regency_list
    assert client.get(reverse("portal:articles", args=["tidak-ada"])).status_code == 404
    sitemap = client.get("/sitemap-media.xml").content.decode()
    assert "/media/baca/rapat/" in sitemap and "/opd/dinas-pupr/baca/rapat/" in sitemap
    assert client.get("/sitemap.xml").status_code == 200


def test_video_gallery_links_youtube_only(client, editors, settings):
    v = services.site_content_save(owner=SiteOwner.regency(), by=editors["media"], model=GalleryVideo,
                                   data={"title": "HUT kabupaten", "url": "https://youtu.be/dQw4w9WgXcQ",
                                         "status": "published"})
    assert v.video_id == "dQw4w9WgXcQ"
    page = client.get(reverse("portal:gallery")).content.decode()
    # By default no third-party still: the phone asks YouTube for nothing until the visitor follows the link.
    assert "https://youtu.be/dQw4w9WgXcQ" in page and "ytimg" not in page
    settings.SATUPINTU_IMG_HOSTS = ["https://i.ytimg.com"]
    from django.core.cache import cache

    cache.clear()  # the public page is cached
    page = client.get(reverse("portal:gallery")).content.decode()
    assert "i.ytimg.com/vi/dQw4w9WgXcQ" in page
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.site_content_save(owner=SiteOwner.regency(), by=editors["media"], model=GalleryVideo,
                                   data={"title": "x", "url": "https://example.com/video.mp4", "status": "published"})


def test_editor_publishes_through_the_form(client, editors):
    client.force_login(editors["media"])
    url = reverse("portal:editor_section_add", args=["kabupaten", "artikel"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "siaran-pers", "title": "Rilis dari formulir", "body": "Baris satu",
                                 "status": "published", "upload": image_upload()})
    assert response.status_code == 302, response.content.decode()[:2000]
    a = Article.objects.get(title="Rilis dari formulir")
    assert a.village is None and a.agency is None and a.image and a.author == editors["media"]
    # An agenda without its start is refused; nothing is written.
    response = client.post(url, {"kind": "agenda", "title": "Agenda tanpa waktu", "body": "x", "status": "published"})
    assert response.status_code == 200 and not Article.objects.filter(title="Agenda tanpa waktu").exists()
