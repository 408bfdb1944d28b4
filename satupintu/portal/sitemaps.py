from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from satupintu.desa.models import Article
from satupintu.desa.sitemaps import SITEMAPS as VILLAGE_SITEMAPS

from .selectors import emall_products, public_agencies


class MediaSitemap(Sitemap):
    """The regency's and the agencies' published articles."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (Article.objects.published().filter(village__isnull=True).select_related("agency")
                .only("slug", "updated_at", "village_id", "agency_id", "agency__slug").order_by("-published_at", "-id"))

    def lastmod(self, article):
        return article.updated_at


class AgencySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return public_agencies()

    def location(self, agency):
        return reverse("portal:agency_home", kwargs={"slug": agency.slug})


class EmallSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return emall_products().filter(village__slug__isnull=False).order_by("-published_at", "-id")

    def location(self, product):
        return reverse("portal:emall_product", kwargs={"village": product.village.slug, "product": product.slug})

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {**VILLAGE_SITEMAPS, "media": MediaSitemap, "opd": AgencySitemap, "emall": EmallSitemap}
