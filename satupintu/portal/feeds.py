from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from satupintu.desa.models import Article
from satupintu.desa.sites import SiteOwner

from .selectors import site_articles


class MediaCenterFeed(Feed):
    """RSS 2.0 of the Media Center: news, press releases and announcements (20 newest)."""

    def title(self):
        return _("Media Center kabupaten")

    def link(self):
        return reverse("core:home")

    def description(self):
        return _("Berita, siaran pers dan pengumuman terbaru pemerintah kabupaten.")

    def items(self):
        return site_articles(SiteOwner.regency()).filter(
            kind__in=[Article.Kind.NEWS, Article.Kind.PRESS, Article.Kind.ANNOUNCEMENT])[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_enclosure_url(self, item):
        return item.image.url if item.image else None

    def item_enclosure_length(self, item):
        return item.image.size if item.image and item.image.storage.exists(item.image.name) else 0

    def item_enclosure_mime_type(self, item):
        return "image/jpeg" if item.image else None
