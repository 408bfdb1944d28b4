"""Village-site content through the services, as the village operator writes it from the staff pages.

    ArticleFactory(village=v)                     # a published news item (content_save, audited, cache bumped)
    ArticleFactory(status="draft")
    ProductFactory()                              # a published product of a new seller
    VillageBudgetFactory(status="published", lines=True)   # an APBDes with the lines of tests/helpers.py

`by` is the account that writes (default: the village's operator).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.desa import services
from satupintu.desa.models import Article, Product, PublishState, Seller, VillageBudget
from satupintu.wilayah.tests.factories import VillageFactory


class _ContentFactory(factory.django.DjangoModelFactory):
    """Every keyword but `village`, `by` and `upload` is a field of the form (`services.EDITABLE`)."""

    class Meta:
        abstract = True

    village = factory.SubFactory(VillageFactory)
    by = None
    upload = None

    @classmethod
    def _create(cls, model_class, *args, village, by=None, upload=None, **data):
        by = by or actor(Role.VILLAGE_OPERATOR, village=village)
        return services.content_save(village=village, by=by, model=model_class, data=data, upload=upload)


class ArticleFactory(_ContentFactory):
    class Meta:
        model = Article

    kind = Article.Kind.NEWS
    title = factory.Sequence(lambda n: f"Gotong royong ke-{n}")
    summary = ""
    body = "<p>Isi berita.</p>"
    status = PublishState.PUBLISHED
    published_at = None
    event_start = None
    location = ""


class SellerFactory(_ContentFactory):
    class Meta:
        model = Seller

    name = factory.Sequence(lambda n: f"UMKM Maju {n}")
    owner_name = "Bu Sri"
    whatsapp = "6281234567890"
    description = ""
    is_active = True


class ProductFactory(_ContentFactory):
    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory, village=factory.SelfAttribute("..village"))
    name = factory.Sequence(lambda n: f"Keripik Pisang {n}")
    category = Product.Category.FOOD
    description = "Renyah."
    price = Decimal("15000")
    unit = "bungkus"
    status = PublishState.PUBLISHED
    published_at = None


class VillageBudgetFactory(factory.django.DjangoModelFactory):
    """An APBDes made with `budget_create`; `lines=True` imports the sample lines, `status` publishes it."""

    class Meta:
        model = VillageBudget

    village = factory.SubFactory(VillageFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    status = PublishState.DRAFT
    lines = False
    by = None

    @classmethod
    def _create(cls, model_class, *args, village, year: int, status: str, lines: bool = False, by=None):
        by = by or actor(Role.VILLAGE_OPERATOR, village=village)
        budget = services.budget_create(village=village, by=by, year=year)
        if lines:
            from .helpers import budget_csv

            services.budget_import(budget=budget, by=by, data=budget_csv(), filename="apbdes.csv")
        if status != PublishState.DRAFT:
            published_at = timezone.now() - dt.timedelta(minutes=1)
            budget = services.budget_publish(budget=budget, by=by, status=status, published_at=published_at)
        return budget
