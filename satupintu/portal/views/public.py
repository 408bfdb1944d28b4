"""Public pages: the Media Center (the regency's site at /), agency sites (/opd/<slug>/) and the e-mall.

Page content is cached by the site engine (desa.cache) per owner and wrapped in the site frame on each request."""

from __future__ import annotations

import functools
import hashlib

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from lokal import format_rupiah

from satupintu.core.links import absolute_url
from satupintu.core.memo import Memo
from satupintu.desa import cache
from satupintu.desa.models import Article, GalleryPhoto, GalleryVideo
from satupintu.desa.selectors import next_scheduled_change
from satupintu.desa.sites import SiteOwner
from satupintu.desa.views.public import render_site_page, whatsapp_link

from .. import permissions, selectors
from ..filters import EmallFilter

ARTICLE_KINDS = {kind.value: kind for kind in Article.Kind}
REGENCY = SiteOwner.regency()


def _next_change():
    """The next moment the public pages change by themselves: a scheduled publication or an announcement expiring."""
    times = [t for t in (next_scheduled_change(None),
                         Article.objects.filter(expires_at__gt=timezone.now()).order_by("expires_at")
                         .values_list("expires_at", flat=True).first()) if t is not None]
    return min(times) if times else None


def _og(request, *, title, description="", image=None, type_="website", url=None, published=None) -> dict:
    return {"title": title, "description": description, "type": type_,
            "url": absolute_url(url or request.path, request=request),
            "image": absolute_url(image.url, request=request) if image else "",
            "published": published.isoformat() if published else ""}


def _site(request, *, owner: SiteOwner, name: str, template: str, build):
    def framed():
        context = build()
        context.setdefault("owner", owner)
        if owner.agency is not None:
            context.setdefault("agency", owner.agency)
            context.setdefault("agency_site", selectors.agency_site(owner.agency))
        return context

    return render_site_page(request, scope=owner.cache_scope, name=name, template=template, build=framed)


# --- Media Center ------------------------------------------------------------------------------------------

@require_GET
def home(request):
    """The regency portal: the Media Center's latest, the e-mall's products, the services, today's figures.

    Three fragments, each cached as long as what it shows stays the same: the Media Center's own content (scope
    MEDIA, bumped only by the regency's own changes, not by the villages' many edits), the e-mall's newest and most
    viewed (scope REGENCY: any village's change, and ten minutes for the view counts), and the list of services
    (fixed text and links: kept in this process, per language)."""
    language = get_language()
    next_change = functools.cache(_next_change)  # asked at most once per request, by whichever fragment is rebuilt
    media = cache.cached(request, cache.MEDIA, f"{language}:media-home", lambda: {
        "body": render_to_string("portal/media/home_body.html", selectors.media_center_home())},
        next_change=next_change)
    products = cache.cached(request, cache.REGENCY, f"{language}:emall-home", lambda: {
        "body": render_to_string("portal/media/home_products.html", selectors.emall_home())},
        next_change=next_change)
    og = render_to_string("desa/includes/og.html", {"og": _og(request, title=_("Media Center kabupaten"))})
    return render(request, "portal/home.html", {
        "media": media, "products": products, "services": _services_fragment(language), "og_meta": og,
        "can_edit": permissions.can_edit_media_center(request.user)})


SERVICES_MEMO = Memo("portal-home-services", seconds=3600)


def _services_fragment(language: str) -> str:
    """The services grid and how to follow a report: text and links that change only with a deploy."""
    # Our own template, rendered with autoescaping: safe to insert as it is.
    return SERVICES_MEMO.get(language, lambda: mark_safe(render_to_string("portal/includes/home_services.html")))  # noqa: S308


def _article_list(request, owner: SiteOwner, kind: str, *, url_name: str, url_kwargs: dict):
    if kind not in ARTICLE_KINDS:
        raise Http404
    page_number = request.GET.get("page", "1")[:6]

    def build():
        qs = selectors.site_articles(owner, kind).select_related("agency", "village")
        if kind == Article.Kind.AGENDA:
            qs = qs.order_by("-event_start", "-id")
        page = Paginator(qs, 12).get_page(page_number)
        label = ARTICLE_KINDS[kind].label
        return {"title": f"{label} · {owner.name}", "kind_label": label, "kind": kind, "page": page,
                "kinds": [(k.value, k.label) for k in Article.Kind if k.value in selectors.SITE_KINDS],
                "url_name": url_name, "url_kwargs": url_kwargs}

    return _site(request, owner=owner, name=f"list:{kind}:{page_number}", template="portal/media/article_list.html",
                 build=build)


def _article(request, owner: SiteOwner, slug: str):
    def build():
        a = selectors.site_article(owner, slug)
        return {"title": a.title, "description": a.summary, "article": a,
                "og": _og(request, title=a.title, description=a.summary, image=a.image or None, type_="article",
                          url=a.get_absolute_url(), published=a.published_at)}

    return _site(request, owner=owner, name=f"article:{slug}", template="portal/media/article_detail.html",
                 build=build)


@require_GET
def articles(request, kind):
    return _article_list(request, REGENCY, kind, url_name="portal:articles", url_kwargs={})


@require_GET
def article(request, article):
    return _article(request, REGENCY, article)


@require_GET
def gallery(request):
    return _gallery(request, REGENCY)


def _gallery(request, owner: SiteOwner):
    def build():
        return {"title": _("Galeri · %(site)s") % {"site": owner.name},
                "photos": list(GalleryPhoto.objects.published().owned_by(owner)[:60]),
                "videos": list(GalleryVideo.objects.published().owned_by(owner)[:30])}

    return _site(request, owner=owner, name="gallery", template="portal/media/gallery.html", build=build)


# --- Agency sites ------------------------------------------------------------------------------------------

@require_GET
def agencies(request):
    def build():
        return {"title": _("Situs OPD"), "agencies": list(selectors.public_agencies())}

    return _site(request, owner=REGENCY, name="agencies", template="portal/agency/index.html", build=build)


@require_GET
def agency_home(request, slug):
    agency = selectors.agency_by_slug(slug)
    owner = SiteOwner(agency=agency)
    year = timezone.localdate().year

    def build():
        return {
            "title": agency.name,
            "news": list(selectors.site_articles(owner).exclude(kind=Article.Kind.AGENDA)[:6]),
            "agenda": selectors.upcoming_agenda(owner),
            "services": list(selectors.agency_services(agency)),
            "complaints": selectors.agency_complaint_figures(agency, year=year), "year": year,
            **selectors.agency_information(agency),
            "og": _og(request, title=agency.name, description=_("Situs resmi %(agency)s") % {"agency": agency.name}),
        }

    return _site(request, owner=owner, name="home", template="portal/agency/home.html", build=build)


@require_GET
def agency_profile(request, slug):
    agency = selectors.agency_by_slug(slug)
    owner = SiteOwner(agency=agency)

    def build():
        return {"title": _("Profil %(agency)s") % {"agency": agency.name}}

    return _site(request, owner=owner, name="profile", template="portal/agency/profile.html", build=build)


@require_GET
def agency_service(request, slug, service):
    agency = selectors.agency_by_slug(slug)

    def build():
        obj = selectors.agency_service(agency, service)
        return {"title": obj.name, "service": obj}

    return _site(request, owner=SiteOwner(agency=agency), name=f"service:{service}",
                 template="portal/agency/service.html", build=build)


@require_GET
def agency_articles(request, slug, kind):
    agency = selectors.agency_by_slug(slug)
    return _article_list(request, SiteOwner(agency=agency), kind, url_name="portal:agency_articles",
                         url_kwargs={"slug": slug})


@require_GET
def agency_article(request, slug, article):
    return _article(request, SiteOwner(agency=selectors.agency_by_slug(slug)), article)


@require_GET
def agency_gallery(request, slug):
    return _gallery(request, SiteOwner(agency=selectors.agency_by_slug(slug)))


# --- E-mall -------------------------------------------------------------------------------------------------

SORTS = {"terbaru": ("-published_at", "-id"), "terlaris": ("-view_count", "-id"), "termurah": ("price", "id"),
         "termahal": ("-price", "-id")}


@require_GET
def emall(request):
    params = request.GET.copy()
    params.pop("page", None)
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    sort = request.GET.get("urut", "terbaru")
    sort = sort if sort in SORTS else "terbaru"
    digest = hashlib.sha256(params.urlencode().encode()).hexdigest()[:16]

    def build():
        filterset = EmallFilter(request.GET, queryset=selectors.emall_products())
        qs = filterset.qs if filterset.is_valid() else selectors.emall_products().none()
        page = Paginator(qs.order_by(*SORTS[sort]), 24).get_page(page_number)
        return {"title": _("E-mall UMKM"), "filter": filterset, "page": page,
                "query": params.urlencode(),
                "sort": sort, "sorts": [("terbaru", _("Terbaru")), ("terlaris", _("Paling dilihat")),
                                        ("termurah", _("Termurah")), ("termahal", _("Termahal"))],
                "og": _og(request, title=_("E-mall UMKM kabupaten"))}

    return _site(request, owner=REGENCY, name=f"emall:{digest}:{sort}:{page_number}",
                 template="portal/emall/index.html", build=build)


@require_GET
def emall_product(request, village, product):
    obj = selectors.emall_product(village, product)
    selectors.count_product_view(obj)

    def build():
        return {
            "title": obj.name, "description": obj.description[:200], "product": obj,
            "price": format_rupiah(obj.price), "order_url": whatsapp_link(obj),
            "village_url": reverse("desa:home", kwargs={"slug": obj.village.slug}),
            "og": _og(request, title=f"{obj.name} — {format_rupiah(obj.price)}", description=obj.description[:200],
                      type_="product", image=obj.image or None),
        }

    return _site(request, owner=SiteOwner(village=obj.village), name=f"emall:{obj.pk}",
                 template="portal/emall/product.html", build=build)


# --- Installable app ----------------------------------------------------------------------------------------

@require_GET
def offline(request):
    return render(request, "portal/offline.html")


@require_GET
def manifest(request):
    from django.http import JsonResponse
    from django.templatetags.static import static

    data = {
        "name": _("Satu Pintu — portal kabupaten"), "short_name": "Satu Pintu", "lang": "id",
        "start_url": reverse("core:home"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#0b5d3b",
        "icons": [{"src": static("portal/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                  {"src": static("portal/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                  {"src": static("portal/icon-512.png"), "sizes": "512x512", "type": "image/png",
                   "purpose": "maskable"}],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def service_worker(request):
    """Served from / so it may control the whole portal; caches the offline page and the static frame only."""
    from django.http import HttpResponse

    body = render_to_string("portal/sw.js", {"offline_url": reverse("portal:offline")})
    response = HttpResponse(body, content_type="application/javascript")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
