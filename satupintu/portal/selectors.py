"""Reads for the Media Center, the agency sites, the e-mall and the regent's dashboard.

Site content comes from the one site engine (`desa`), through `.published()` only; agency figures come from the
services' own selectors (aduan, ppid)."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from satupintu.desa.models import (
    AgencySite,
    Article,
    GalleryPhoto,
    GalleryVideo,
    Product,
    PublishState,
    Seller,
)
from satupintu.desa.sites import SiteOwner
from satupintu.organisasi.models import Agency

from .models import ServiceStandard

HOME_KINDS = (Article.Kind.NEWS, Article.Kind.PRESS, Article.Kind.ANNOUNCEMENT, Article.Kind.AGENDA,
              Article.Kind.INFOGRAPHIC)


def site_articles(owner: SiteOwner, kind: str | None = None):
    qs = Article.objects.published().owned_by(owner)
    return qs.filter(kind=kind) if kind else qs


def site_article(owner: SiteOwner, slug: str) -> Article:
    return get_object_or_404(site_articles(owner).select_related("agency", "village"), slug=slug)


def upcoming_agenda(owner: SiteOwner, *, limit: int = 5) -> list[Article]:
    """The owner's next events. Read along the event index (kind, event_start) with only the owner and the time in
    the query, a few more candidates than needed, their publication checked here: with the publication filters in
    the query too, SQLite picks the publication index and sorts every agenda item. When drafts or scheduled items
    crowd the candidates out, the exact query answers."""
    now = timezone.now()
    since = now - timezone.timedelta(hours=12)
    candidates = list(Article.objects.owned_by(owner).filter(kind=Article.Kind.AGENDA, event_start__gte=since)
                      .order_by("event_start", "id")[: limit * 4])
    found = [a for a in candidates if a.status == PublishState.PUBLISHED and a.published_at is not None
             and a.published_at <= now and (a.expires_at is None or a.expires_at > now)][:limit]
    if len(found) < limit and len(candidates) == limit * 4:
        found = list(site_articles(owner, Article.Kind.AGENDA).filter(event_start__gte=since)
                     .order_by("event_start", "id")[:limit])
    return found


def media_center_home() -> dict:
    """The latest of everything on the regency's own site (the e-mall's products are emall_home's)."""
    owner = SiteOwner.regency()
    latest = {kind: list(site_articles(owner, kind).only(
        "id", "slug", "title", "summary", "kind", "published_at", "image_thumb", "event_start", "location",
        "expires_at", "village_id", "agency_id")[:4]) for kind in HOME_KINDS if kind != Article.Kind.AGENDA}
    return {
        "news": latest[Article.Kind.NEWS],
        "press": latest[Article.Kind.PRESS],
        "announcements": latest[Article.Kind.ANNOUNCEMENT],
        "infographics": latest[Article.Kind.INFOGRAPHIC],
        "agenda": upcoming_agenda(owner),
        "photos": list(GalleryPhoto.objects.published().owned_by(owner)[:6]),
        "videos": list(GalleryVideo.objects.published().owned_by(owner)[:3]),
    }


def emall_home(*, limit: int = 6) -> dict:
    """The e-mall's newest and most viewed, then all those rows in one query with their village and seller."""
    ids = {order: _top_product_ids(order, limit) for order in ("-published_at", "-view_count")}
    rows = Product.objects.select_related("village__district", "seller").in_bulk({i for found in ids.values() for i in found})
    return {"newest_products": [rows[i] for i in ids["-published_at"] if i in rows],
            "popular_products": [rows[i] for i in ids["-view_count"] if i in rows]}


def _top_product_ids(order: str, limit: int) -> list[int]:
    """The first `limit` public products in `order`, read along the (status, view_count) or (status, published_at)
    index: a few more candidates than needed, their publication time checked here. Asking the database for
    `published_at <= now` as well makes SQLite range over the publication index and sort all 20,000 products by
    views. When scheduled products crowd the candidates out, the exact query answers."""
    now = timezone.now()
    base = Product.objects.filter(status=PublishState.PUBLISHED, seller__is_active=True)
    candidates = list(base.order_by(order).values_list("id", "published_at")[: limit * 4])
    ids = [pk for pk, published in candidates if published is not None and published <= now][:limit]
    if len(ids) < limit and len(candidates) == limit * 4:
        ids = list(base.filter(published_at__lte=now).order_by(order).values_list("id", flat=True)[:limit])
    return ids


# --- Agency sites ------------------------------------------------------------------------------------------

def public_agencies():
    return Agency.objects.filter(is_active=True, parent__isnull=True).order_by("name")


def agency_by_slug(slug: str) -> Agency:
    agency = public_agencies().filter(slug=slug).first()
    if agency is None:
        raise Http404
    return agency


def agency_site(agency: Agency) -> AgencySite | None:
    return AgencySite.objects.filter(agency=agency).first()


def agency_services(agency: Agency):
    return ServiceStandard.objects.filter(agency=agency, is_published=True)


def agency_service(agency: Agency, slug: str) -> ServiceStandard:
    return get_object_or_404(agency_services(agency), slug=slug)


def agency_complaint_figures(agency: Agency, *, year: int) -> dict | None:
    """The agency's row of aduan's public statistics (received, answered within the deadline, rating)."""
    from satupintu.aduan.selectors import statistics_by_agency

    for row in statistics_by_agency(year=year):
        if row["agency"] == agency.short_name:
            return row
    return None


def agency_information(agency: Agency, *, limit: int = 8) -> dict:
    """Its Daftar Informasi Publik (published entries) and the PPID contact (the agency's, else the PPID Utama)."""
    from satupintu.ppid.selectors import dip_public, ppid_utama

    try:
        utama = ppid_utama()
    except Exception:  # no PPID Utama configured yet: the agency's own contact only
        utama = None
    items = dip_public(agency_id=agency.pk)
    return {"dip": list(items[:limit]), "dip_count": items.count(), "ppid_utama": utama}


# --- E-mall -------------------------------------------------------------------------------------------------

def emall_products():
    """Every published product of an active seller in the regency: the villages' own and the businesses the
    cooperatives office registered. Products exist only for the regency's villages (desa's editors reach no
    other village), so the regency join of desa's catalogue is left out, and the few inactive sellers are read first
    and excluded by id: the product table is filtered alone (a search's COUNT reads no other table), and its indexes
    on status and published_at / view_count / price answer the e-mall's orderings."""
    inactive = list(Seller.objects.filter(is_active=False).values_list("pk", flat=True))
    qs = Product.objects.published().select_related("village__district", "seller")
    return qs.exclude(seller_id__in=inactive) if inactive else qs


def top_products(order: str, *, limit: int = 6) -> list[Product]:
    """The newest ("-published_at") or most viewed ("-view_count") public products with their village and seller."""
    ids = _top_product_ids(order, limit)
    rows = Product.objects.select_related("village__district", "seller").in_bulk(ids)
    return [rows[i] for i in ids if i in rows]


def emall_product(village_slug: str, slug: str) -> Product:
    return get_object_or_404(emall_products(), village__slug=village_slug, slug=slug)


def count_product_view(product: Product) -> None:
    """One UPDATE; no read-modify-write race."""
    Product.objects.filter(pk=product.pk).update(view_count=F("view_count") + 1)

# The kinds an agency or the regency publishes (potential and tourism are villages').
SITE_KINDS = {Article.Kind.NEWS, Article.Kind.PRESS, Article.Kind.ANNOUNCEMENT, Article.Kind.AGENDA,
              Article.Kind.INFOGRAPHIC}


# --- The cooperatives office's businesses (the UMKM officer's pages) ----------------------------------------

def office_businesses(user, *, q: str = ""):
    """The businesses the cooperatives office registered, in any village, with their product counts; nothing for a
    user who may not manage them (the list is the office's work, not public)."""
    from django.db.models import Count, Q

    from satupintu.desa.models import Seller

    from .permissions import can_manage_businesses

    if not can_manage_businesses(user):
        return Seller.objects.none()
    qs = (Seller.objects.filter(origin=Seller.Origin.OFFICE).select_related("village__district")
          .annotate(product_count=Count("products"),
                    published_count=Count("products", filter=Q(products__status="published")))
          .order_by("name", "pk"))
    q = (q or "").strip()[:100]
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(owner_name__icontains=q) | Q(village__name__icontains=q))
    return qs


def office_business(user, pk) -> object:
    """One business of the office for `user`: 404 for one the office did not register (a village's own sellers are
    its operators'), 403 for a user who may not manage the office's businesses."""
    from django.core.exceptions import PermissionDenied

    from satupintu.desa.models import Seller
    from satupintu.desa.permissions import can_edit_seller

    seller = get_object_or_404(Seller.objects.select_related("village__district"), pk=pk,
                               origin=Seller.Origin.OFFICE)
    if not can_edit_seller(user, seller):
        raise PermissionDenied
    return seller
