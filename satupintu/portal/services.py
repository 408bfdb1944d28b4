"""Writes of the portal: agency site profiles, service standards, and the seller's phone page (stock, price).

Site content (articles, galleries) is written through the one site engine: desa.services.site_content_save."""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record
from satupintu.desa import cache as site_cache
from satupintu.desa.images import attach_image
from satupintu.desa.models import AgencySite, Product, Seller
from satupintu.desa.sanitize import sanitize_html
from satupintu.desa.sites import SiteOwner

from . import permissions
from .models import ServiceStandard

AGENCY_SITE_FIELDS = ["tagline", "profile", "tasks_functions", "structure", "office_hours"]
SERVICE_FIELDS = ["name", "legal_basis", "requirements", "procedure", "service_time", "cost", "product",
                  "complaint_channel", "is_published", "order"]
HTML_FIELDS = ("profile", "tasks_functions", "structure")


def _html(text: str) -> str:
    import re

    text = text or ""
    if not re.search(r"<[a-zA-Z/!]", text):
        text = linebreaks(text, autoescape=True)
    return sanitize_html(text)


def agency_site_update(*, agency, by, data: dict, head_photo=None, hostname: str | None = None) -> AgencySite:
    """The agency's editor keeps its profile; its own host name (e.g. pupr.serdangbedagaikab.go.id) is infrastructure
    that only a regency-wide role sets (desa.hosts.clean_hostname: well-formed, allowed by ALLOWED_HOSTS, unique)."""
    from satupintu.desa.hosts import clean_hostname
    from satupintu.desa.permissions import can_set_hostname

    require(permissions.can_edit_agency_site(by, agency))
    with transaction.atomic():
        site, _created = AgencySite.objects.select_for_update().get_or_create(agency=agency)
        old_host = site.hostname
        if hostname is not None and ((hostname or "").strip().lower().rstrip(".") or None) != old_host:
            require(can_set_hostname(by))
            site.hostname = clean_hostname(hostname, exclude=site)
            audit_record(obj=site, action="portal.agency_site.hostname", actor=by, from_state=old_host or "",
                         to_state=site.hostname or "", data={"agency": agency.pk})
            transaction.on_commit(site_cache.bump_hosts)
        for field in AGENCY_SITE_FIELDS:
            if field in data:
                value = data[field] or ""
                setattr(site, field, _html(value) if field in HTML_FIELDS else value)
        if head_photo is not None:
            attach_image(site, "head_photo", "head_photo_thumb", head_photo)
        site.save()
        audit_record(obj=site, action="portal.agency_site.updated", actor=by, data={"agency": agency.pk})
        site_cache.bump_scope(SiteOwner(agency=agency).cache_scope)
    return site


def service_standard_save(*, agency, by, data: dict, instance: ServiceStandard | None = None) -> ServiceStandard:
    """A service and its standard; it is shown publicly only once every required component is filled in."""
    require(permissions.can_edit_agency_site(by, agency))
    if instance is not None:
        require(permissions.can_edit_service(by, agency, instance))
    with transaction.atomic():
        obj = instance or ServiceStandard(agency=agency)
        for field in SERVICE_FIELDS:
            if field in data:
                setattr(obj, field, data[field])
        if not obj.slug:
            base = (slugify(obj.name) or "layanan")[:200]
            slug, n = base, 2
            while ServiceStandard.objects.filter(agency=agency, slug=slug).exclude(pk=obj.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            obj.slug = slug
        obj.full_clean()
        obj.save()
        audit_record(obj=obj, action=f"portal.service.{'created' if instance is None else 'updated'}", actor=by,
                     data={"agency": agency.pk, "published": obj.is_published})
        site_cache.bump_scope(SiteOwner(agency=agency).cache_scope)
    return obj


# --- The seller's own page (a secret link sent by WhatsApp; no account needed on a cheap phone) --------------

def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def seller_link_issue(*, seller: Seller, by) -> str:
    """A new secret key for `seller` (the old one stops working). Only its digest is stored."""
    require(permissions.can_manage_businesses(by) or permissions.can_edit_site(by, SiteOwner(village=seller.village)))
    key = secrets.token_urlsafe(24)
    with transaction.atomic():
        Seller.objects.filter(pk=seller.pk).update(manage_key=_digest(key))
        audit_record(obj=seller, action="portal.seller.link_issued", actor=by, data={})
    return key


def seller_by_key(key: str) -> Seller | None:
    if not key or len(key) > 64:
        return None
    return Seller.objects.filter(manage_key=_digest(key), is_active=True).select_related("village").first()


def seller_product_update(*, seller: Seller, product: Product, price: str, stock: str) -> Product:
    """The seller changes one product's price and stock from a phone. Bad input changes nothing."""
    if product.seller_id != seller.pk:
        raise ValidationError(_("Produk ini bukan milik Anda."))
    errors = {}
    try:
        new_price = Decimal(str(price).replace(".", "").replace(",", "").strip())
        if new_price <= 0 or new_price >= Decimal("1e13"):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["price"] = _("Harga harus angka rupiah lebih dari nol, contoh: 15000.")
    stock = (stock or "").strip()
    new_stock = None
    if stock:
        if not stock.isdigit() or int(stock) > 1_000_000:
            errors["stock"] = _("Stok harus angka bulat 0 atau lebih, atau kosong bila tidak dihitung.")
        else:
            new_stock = int(stock)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = {"price": str(product.price), "stock": product.stock}
        product.price, product.stock = new_price, new_stock
        product.save(update_fields=["price", "stock", "updated_at"])
        audit_record(obj=product, action="portal.product.seller_updated", actor=None,
                     data={"seller": seller.pk, "old": old, "new": {"price": str(new_price), "stock": new_stock}})
        site_cache.bump_village(product.village_id)
    return product
