"""Public pages of the village sites, the product catalogue and the regency portal.

Page content is cached per village (see cache.py) and wrapped in the site frame on every request."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from lokal import format_rupiah

from satupintu.akun.permissions import can_access_village
from satupintu.core.links import absolute_url

from .. import cache, charts, selectors, statistics
from ..budget import export
from ..budget.structure import BIDANG_CODES, KNOWN_ACCOUNTS, SHORT_NAMES, sort_key
from ..filters import ProductFilter
from ..maps import boundary_svg, osm_link, tile_map_svg
from ..models import Article, BudgetLine, Product

ARTICLE_KINDS = {kind.value: kind for kind in Article.Kind}


def _page(request, *, village=None, scope: str, name: str, template: str, build, status: int = 200):
    """Render `template` with build()'s context (cached for anonymous visitors) inside the site frame."""
    def make() -> dict:
        context = build()
        context.setdefault("village", village)
        og = context.pop("og", None) or {}
        return {
            "title": context.get("title", ""),
            "description": context.get("description", ""),
            "meta": render_to_string("desa/includes/og.html", {"og": og}) if og else "",
            "body": render_to_string(template, context, request=None),
        }

    key = f"{get_language()}:{name}"
    page = cache.cached(request, scope, key, make,
                        next_change=lambda: selectors.next_scheduled_change(village))
    can_edit = village is not None and can_access_village(request.user, village)
    return render(request, "desa/shell.html", {"page": page, "village": village, "can_edit": can_edit}, status=status)


def _rupiah(value) -> str:
    return format_rupiah(Decimal(value or 0))


# --- Regency portal and catalogue ---------------------------------------------------------------------------

@require_GET
def portal(request):
    q = request.GET.get("q", "").strip()[:100]
    district = request.GET.get("kecamatan", "").strip()[:20]
    year = timezone.localdate().year
    digest = hashlib.sha256(f"{q}|{district}".encode()).hexdigest()[:16]

    def build():
        from satupintu.wilayah.models import District

        villages = list(selectors.portal_villages(q=q, district=district))
        realisation = selectors.budget_realisation_by_village(year=year)
        letters = selectors.letters_issued_by_village(year=year)
        complaints = selectors.complaints_by_village(year=year)
        rows = [
            {
                "village": v,
                "realisation": realisation.get(v.pk),
                "letters": None if letters is None else letters.get(v.pk, 0),
                "complaints": None if complaints is None else complaints.get(v.pk, 0),
            }
            for v in villages
        ]
        return {
            "title": _("Desa-desa di kabupaten"),
            "rows": rows, "q": q, "district": district, "year": year, "base": reverse("desa:portal"),
            "districts": District.objects.filter(regency_id=settings.SATUPINTU_REGENCY_CODE, is_active=True),
            "og": {"title": _("Desa-desa di kabupaten"), "url": absolute_url(request.path, request=request), "type": "website"},
        }

    return _page(request, scope=cache.REGENCY, name=f"portal:{digest}", template="desa/portal.html", build=build)


@require_GET
def catalogue(request):
    params = request.GET.copy()
    params.pop("page", None)
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    digest = hashlib.sha256(params.urlencode().encode()).hexdigest()[:16]

    def build():
        filterset = ProductFilter(request.GET, queryset=selectors.public_products())
        qs = filterset.qs if filterset.is_valid() else selectors.public_products().none()
        page = Paginator(qs.order_by("-published_at", "-id"), 24).get_page(page_number)
        return {"title": _("Lapak desa"), "filter": filterset, "page": page, "query": params.urlencode(),
                "og": {"title": _("Lapak desa: produk UMKM desa"), "url": absolute_url(request.path, request=request),
                       "type": "website"}}

    return _page(request, scope=cache.REGENCY, name=f"lapak:{digest}:{page_number}", template="desa/catalogue.html",
                 build=build)


# --- Village site -------------------------------------------------------------------------------------------

@require_GET
def home(request, slug):
    village = selectors.village_by_slug(slug)

    def build():
        articles = selectors.public_articles(village)
        budget = selectors.public_budgets(village).first()
        summary = _budget_summary(budget) if budget else None
        profile = getattr(village, "profile", None)
        image = next((a.image_thumb.url for a in articles[:1] if a.image_thumb), "")
        return {
            "title": str(village),
            "description": getattr(getattr(village, "site", None), "tagline", "") or "",
            "profile": profile,
            "news": list(articles.filter(kind=Article.Kind.NEWS)[:5]),
            "announcements": list(articles.filter(kind=Article.Kind.ANNOUNCEMENT)[:3]),
            "agenda": list(articles.filter(kind=Article.Kind.AGENDA, event_start__gte=timezone.now())
                           .order_by("event_start")[:3]),
            "spots": list(articles.filter(kind__in=[Article.Kind.TOURISM, Article.Kind.POTENTIAL])[:4]),
            "products": list(selectors.public_products(village)[:6]),
            "budget": budget, "budget_summary": summary,
            "og": {"title": str(village), "url": absolute_url(request.path, request=request), "type": "website",
                   "image": absolute_url(image, request=request)},
        }

    return _page(request, village=village, scope=village.pk, name="home", template="desa/home.html", build=build)


def _office_map(village, point) -> dict:
    """A small map of the village office and a link to OpenStreetMap: bare coordinates tell a visitor nothing."""
    if point is None:
        return {}
    lon, lat = point
    tiles = settings.SATUPINTU_MAP_TILES
    title = _("Peta lokasi kantor desa %(village)s") % {"village": village}
    return {"office_map": tile_map_svg(lat, lon, title=title, tiles_url=tiles) if tiles else None,
            "office_map_link": osm_link(lat, lon)}


@require_GET
def profile(request, slug):
    village = selectors.village_by_slug(slug)

    def build():
        profile = getattr(village, "profile", None)
        point = None
        if profile and profile.longitude is not None and profile.latitude is not None:
            point = (float(profile.longitude), float(profile.latitude))
        return {
            "title": _("Profil %(village)s") % {"village": village},
            "profile": profile,
            "map_svg": boundary_svg(profile.boundary_geojson, title=_("Peta wilayah %(village)s") % {"village": village},
                                    point=point) if profile else None,
            **_office_map(village, point),
            "officials": list(village.officials.all()),
            "og": {"title": _("Profil %(village)s") % {"village": village}, "url": absolute_url(request.path, request=request)},
        }

    return _page(request, village=village, scope=village.pk, name="profile", template="desa/profile.html", build=build)


@require_GET
def article_list(request, slug, kind):
    village = selectors.village_by_slug(slug)
    if kind not in ARTICLE_KINDS:
        raise Http404
    page_number = request.GET.get("page", "1")[:6]

    def build():
        qs = selectors.public_articles(village, kind)
        if kind == Article.Kind.AGENDA:
            qs = qs.order_by("-event_start", "-id")
        page = Paginator(qs, 12).get_page(page_number)
        label = ARTICLE_KINDS[kind].label
        return {"title": f"{label} · {village}", "kind_label": label, "kind": kind, "page": page}

    return _page(request, village=village, scope=village.pk, name=f"list:{kind}:{page_number}",
                 template="desa/article_list.html", build=build)


@require_GET
def article_detail(request, slug, article):
    village = selectors.village_by_slug(slug)

    def build():
        obj = selectors.public_article(village, article)
        return {
            "title": obj.title, "description": obj.summary, "article": obj,
            "og": {"title": obj.title, "description": obj.summary, "type": "article",
                   "url": absolute_url(obj.get_absolute_url(), request=request),
                   "image": absolute_url(obj.image.url if obj.image else "", request=request),
                   "published": obj.published_at.isoformat()},
        }

    return _page(request, village=village, scope=village.pk, name=f"article:{article}",
                 template="desa/article_detail.html", build=build)


@require_GET
def gallery(request, slug):
    village = selectors.village_by_slug(slug)
    page_number = request.GET.get("page", "1")[:6]

    def build():
        from ..models import GalleryPhoto

        page = Paginator(GalleryPhoto.objects.published().filter(village=village), 24).get_page(page_number)
        return {"title": _("Galeri %(village)s") % {"village": village}, "page": page}

    return _page(request, village=village, scope=village.pk, name=f"gallery:{page_number}",
                 template="desa/gallery.html", build=build)


@require_GET
def downloads(request, slug):
    village = selectors.village_by_slug(slug)

    def build():
        from ..models import Download

        return {"title": _("Unduhan %(village)s") % {"village": village},
                "items": list(Download.objects.published().filter(village=village)[:200])}

    return _page(request, village=village, scope=village.pk, name="downloads", template="desa/downloads.html",
                 build=build)


def whatsapp_link(product: Product) -> str:
    text = _("Halo, saya ingin memesan %(product)s (Lapak %(village)s).") % {
        "product": product.name, "village": product.village}
    return f"https://wa.me/{product.seller.whatsapp.lstrip('+')}?text={quote(text)}"


@require_GET
def village_products(request, slug):
    village = selectors.village_by_slug(slug)

    def build():
        return {"title": _("Lapak %(village)s") % {"village": village},
                "products": list(selectors.public_products(village)[:200])}

    return _page(request, village=village, scope=village.pk, name="products", template="desa/village_products.html",
                 build=build)


@require_GET
def product_detail(request, slug, product):
    village = selectors.village_by_slug(slug)

    def build():
        obj = get_object_or_404(selectors.public_products(village), slug=product)
        return {
            "title": obj.name, "description": obj.description[:200], "product": obj,
            "price": format_rupiah(obj.price), "order_url": whatsapp_link(obj),
            "og": {"title": f"{obj.name} — {format_rupiah(obj.price)}", "description": obj.description[:200],
                   "type": "product", "url": absolute_url(obj.get_absolute_url(), request=request),
                   "image": absolute_url(obj.image.url if obj.image else "", request=request)},
        }

    return _page(request, village=village, scope=village.pk, name=f"product:{product}",
                 template="desa/product_detail.html", build=build)


# --- APBDes -------------------------------------------------------------------------------------------------

def _budget_summary(budget) -> dict:
    lines = {line.code: line for line in budget.lines.filter(depth__lte=3)}

    def amount(code, attr="budget_amount"):
        line = lines.get(code)
        return getattr(line, attr) if line else Decimal("0")

    def name(code: str) -> str:
        return str(SHORT_NAMES.get(code) or KNOWN_ACCOUNTS.get(code) or lines[code].description)

    revenue_codes = sorted((c for c in lines if c.startswith("4.") and lines[c].depth == 3), key=sort_key)
    if not revenue_codes:
        revenue_codes = [c for c in ("4.1", "4.2", "4.3") if c in lines]
    revenue = [(name(code), amount(code), _rupiah(amount(code))) for code in revenue_codes if amount(code)]
    spending = [(name(c), amount(c), _rupiah(amount(c))) for c in BIDANG_CODES if c in lines]
    realisation = [(name(c), lines[c].realisation_percent) for c in BIDANG_CODES if c in lines]
    return {
        "revenue_total": amount("4"), "spending_total": amount("5"),
        "revenue_realised": amount("4", "realisation_amount"), "spending_realised": amount("5", "realisation_amount"),
        "spending_percent": lines["5"].realisation_percent if "5" in lines else None,
        "revenue_chart": charts.bar_chart(revenue, title=_("Sumber pendapatan"), css_class="revenue"),
        "spending_chart": charts.bar_chart(spending, title=_("Belanja per bidang"), css_class="spending"),
        "realisation_chart": charts.percent_chart(realisation, title=_("Realisasi belanja per bidang (%)")),
    }


def _budget_for_year(village, year):
    budgets = selectors.public_budgets(village)
    budget = budgets.first() if year is None else budgets.filter(year=year).first()
    if budget is None:
        raise Http404
    return budget, [b.year for b in budgets]


@require_GET
def budget(request, slug, year=None):
    village = selectors.village_by_slug(slug)

    def build():
        try:
            obj, years = _budget_for_year(village, year)
        except Http404:
            return {"title": _("APBDes %(village)s") % {"village": village}, "budget": None}
        return {
            "title": _("APBDes %(village)s %(year)s") % {"village": village, "year": obj.year},
            "budget": obj, "years": years, "summary": _budget_summary(obj), "lines": list(obj.lines.all()),
            "og": {"title": _("APBDes %(village)s %(year)s") % {"village": village, "year": obj.year},
                   "url": absolute_url(request.path, request=request)},
        }

    return _page(request, village=village, scope=village.pk, name=f"budget:{year}", template="desa/budget.html",
                 build=build)


@require_GET
def budget_download(request, slug, year, fmt):
    village = selectors.village_by_slug(slug)
    obj, _years = _budget_for_year(village, year)
    lines = list(BudgetLine.objects.filter(budget=obj).order_by("sort_key"))
    obj.village = village
    filename = f"apbdes-{village.slug}-{obj.year}.{fmt}"
    if fmt == "csv":
        body, content_type = export.budget_csv(obj, lines), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = export.budget_xlsx(obj, lines)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body, content_type = export.budget_pdf(obj, lines), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Population statistics ----------------------------------------------------------------------------------

@require_GET
def population(request, slug):
    village = selectors.village_by_slug(slug)

    def build():
        stats = statistics.village_statistics(village)
        context = {"title": _("Statistik penduduk %(village)s") % {"village": village}, "stats": stats}
        if stats:
            context["pyramid_svg"] = charts.pyramid(
                [(r["label"], r["male"].value, r["male"].text, r["female"].value, r["female"].text)
                 for r in stats["pyramid"]],
                title=_("Piramida penduduk %(village)s") % {"village": village},
                left=_("Laki-laki"), right=_("Perempuan"),
            )
        return context

    return _page(request, village=village, scope=village.pk, name="population", template="desa/population.html",
                 build=build)


# The portal (Media Center, agency sites, e-mall) renders its pages through the same cached frame.
render_site_page = _page
