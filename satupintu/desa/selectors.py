"""Reads for the public site, the portal and the staff pages. Public reads go through `.published()` only."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.module_loading import import_string

from satupintu.akun.permissions import scope_queryset
from satupintu.wilayah.models import Village

from .models import Article, Download, GalleryPhoto, Product, PublishState, VillageBudget

logger = logging.getLogger(__name__)


def regency_villages():
    from django.conf import settings

    return Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).select_related("district")


def village_by_slug(slug: str) -> Village:
    village = regency_villages().filter(slug=slug).select_related("site", "profile").first()
    if village is None:
        raise Http404
    return village


def next_scheduled_change(village: Village | None) -> datetime | None:
    """The earliest future publication time (scheduled content) so cached pages expire when it goes public.

    One query: a subquery per kind of content hung on the regency row."""
    from django.conf import settings

    from satupintu.wilayah.models import Regency

    now = timezone.now()
    subqueries = {}
    for model in (Article, Product, GalleryPhoto, Download, VillageBudget):
        qs = model.objects.filter(status=PublishState.PUBLISHED, published_at__gt=now)
        if village is not None:
            qs = qs.filter(village_id=village.pk)
        subqueries[model._meta.model_name] = Subquery(qs.order_by("published_at").values("published_at")[:1])
    row = Regency.objects.filter(pk=settings.SATUPINTU_REGENCY_CODE).annotate(**subqueries).values(*subqueries).first()
    times = [t for t in (row or {}).values() if t is not None]
    return min(times) if times else None


def public_articles(village: Village, kind: str | None = None):
    qs = Article.objects.published().filter(village=village)
    return qs.filter(kind=kind) if kind else qs


def public_article(village: Village, slug: str) -> Article:
    return get_object_or_404(public_articles(village).select_related("village"), slug=slug)


def public_products(village: Village | None = None):
    qs = Product.objects.published().filter(seller__is_active=True).select_related("village__district", "seller")
    return qs.filter(village=village) if village is not None else qs.filter(
        village__district__regency_id=_regency_code())


def _regency_code() -> str:
    from django.conf import settings

    return settings.SATUPINTU_REGENCY_CODE


def public_budgets(village: Village):
    return VillageBudget.objects.published().filter(village=village).order_by("-year")


# --- Staff -------------------------------------------------------------------------------------------------

def villages_for_staff(user):
    return scope_queryset(user, regency_villages(), village_field="pk")


def village_by_code(code: str) -> Village:
    """A village of the regency by its code, or 404. Villages are public: whether `user` may edit it is
    `permissions.can_edit_village`, a 403 when not."""
    return get_object_or_404(regency_villages(), pk=code)


def village_content(model, village: Village, pk) -> object:
    """One article, product, download... of `village`, or 404: another village's content is not found here."""
    return get_object_or_404(model, pk=pk, village=village)


# --- Regency portal -----------------------------------------------------------------------------------------

def portal_villages(*, q: str = "", district: str = "") -> list[Village]:
    """Every village with its latest news and latest product: one subquery each for the ids, then one query per
    kind for the titles (no N+1; the correlated subqueries return only an indexed id)."""
    now = timezone.now()
    latest_article = Article.objects.filter(
        village=OuterRef("pk"), kind=Article.Kind.NEWS, status=PublishState.PUBLISHED, published_at__lte=now
    ).order_by("-published_at")  # no id tie-break: the index then answers without a sort
    latest_product = Product.objects.filter(
        village=OuterRef("pk"), status=PublishState.PUBLISHED, published_at__lte=now, seller__is_active=True
    ).order_by("-published_at")
    qs = regency_villages().filter(slug__isnull=False).exclude(slug="")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(district__name__icontains=q))
    if district:
        qs = qs.filter(district_id=district)
    villages = list(qs.annotate(
        news_id=Subquery(latest_article.values("id")[:1]), product_id=Subquery(latest_product.values("id")[:1]),
    ).order_by("district__code", "name"))
    news = Article.objects.only("id", "slug", "title").in_bulk([v.news_id for v in villages if v.news_id])
    products = Product.objects.only("id", "slug", "name").in_bulk([v.product_id for v in villages if v.product_id])
    for v in villages:
        v.latest_news = news.get(v.news_id)
        v.latest_product = products.get(v.product_id)
    return villages


def budget_realisation_by_village(*, year: int) -> dict[str, Decimal | None]:
    """Spending realisation % (account 5) of each village's published APBDes for `year`."""
    from .models import BudgetLine

    now = timezone.now()
    rows = BudgetLine.objects.filter(
        code="5", budget__year=year, budget__status=PublishState.PUBLISHED, budget__published_at__lte=now
    ).values_list("budget__village_id", "budget_amount", "realisation_amount")
    return {v: (r * 100 / b).quantize(Decimal("0.1")) if b else None for v, b, r in rows}


def budget_totals_by_village(*, year: int) -> list[dict]:
    """Open data (api app): each published APBDes of `year` by its level-1 accounts (4 pendapatan, 5 belanja,
    6 pembiayaan), budget and realisation, with the village's name."""
    from .models import BudgetLine

    now = timezone.now()
    rows = BudgetLine.objects.filter(
        code__in=["4", "5", "6"], budget__year=year, budget__status=PublishState.PUBLISHED, budget__published_at__lte=now,
    ).values_list("budget__village_id", "budget__village__name", "budget__village__district__name", "code",
                  "budget_amount", "realisation_amount")
    table: dict[str, dict] = {}
    for village, name, district, code, budget, realised in rows:
        row = table.setdefault(village, {"village": village, "village_name": name, "district_name": district,
                                         "year": year})
        key = {"4": "income", "5": "spending", "6": "financing"}[code]
        row[f"{key}_budget"], row[f"{key}_realised"] = budget, realised
    return [table[k] for k in sorted(table)]


@functools.cache
def village_statistics() -> dict[str, Callable[..., dict[str, int]]]:
    """Name -> function(year=...) returning village code -> count, from each installed app's `village_statistics`
    (an AppConfig attribute: name -> "module.function"). Resolved once per process; the portal shows a dash for a
    figure no installed app offers, and desa imports none of the services it counts."""
    found = {}
    for config in apps.get_app_configs():
        for name, path in getattr(config, "village_statistics", {}).items():
            found[name] = import_string(path)
    return found


def _village_counts(name: str, *, year: int) -> dict[str, int] | None:
    fn = village_statistics().get(name)
    return None if fn is None else fn(year=year)


def letters_issued_by_village(*, year: int) -> dict[str, int] | None:
    return _village_counts("letters_issued", year=year)


def complaints_by_village(*, year: int) -> dict[str, int] | None:
    return _village_counts("complaints", year=year)
