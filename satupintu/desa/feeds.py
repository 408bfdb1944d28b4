from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .selectors import public_articles, village_by_slug


class VillageNewsFeed(Feed):
    """RSS 2.0 of a village's published news and announcements (20 newest)."""

    def get_object(self, request, slug):
        return village_by_slug(slug)

    def title(self, obj):
        return _("Berita %(village)s") % {"village": obj}

    def link(self, obj):
        from django.urls import reverse

        return reverse("desa:home", kwargs={"slug": obj.slug})

    def description(self, obj):
        return _("Berita dan pengumuman terbaru dari %(village)s.") % {"village": obj}

    def items(self, obj):
        return public_articles(obj).filter(kind__in=["berita", "pengumuman"]).select_related("village")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class VillageNewsAtomFeed(VillageNewsFeed):
    feed_type = Atom1Feed
    subtitle = VillageNewsFeed.description
