from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Product
from .selectors import public_products, regency_villages


class VillageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return regency_villages().filter(slug__isnull=False).exclude(slug="").order_by("code")

    def location(self, village):
        return reverse("desa:home", kwargs={"slug": village.slug})


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (Article.objects.published().filter(village__slug__isnull=False).select_related("village")
                .only("slug", "updated_at", "village__slug").order_by("-published_at", "-id"))

    def lastmod(self, article):
        return article.updated_at


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return public_products().filter(village__slug__isnull=False).order_by("-published_at", "-id")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"desa": VillageSitemap, "artikel": ArticleSitemap, "produk": ProductSitemap}

__all__ = ["SITEMAPS", "ArticleSitemap", "ProductSitemap", "VillageSitemap", "Product"]
