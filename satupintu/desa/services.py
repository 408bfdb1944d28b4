"""Every change to a village site goes through here: permission check, one transaction, audit event, cache bump."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record

from . import cache, permissions
from .budget.importer import BudgetFileError, build_tree, flatten, parse_budget_file
from .budget.structure import Row, depth, parent_code, sort_key
from .images import attach_image
from .models import (
    PUBLISH_TRANSITIONS,
    Article,
    BudgetLine,
    Download,
    GalleryPhoto,
    GalleryVideo,
    IncomingLetter,
    Product,
    PublishState,
    Seller,
    TemporaryResident,
    VillageBudget,
    VillageOfficial,
    VillageProfile,
    VillageRegulation,
    VillageSite,
)
from .sanitize import plain_text, sanitize_html
from .sites import SiteOwner

# Fields each kind of content takes from a (validated) form; anything else in `data` is ignored.
EDITABLE = {
    VillageProfile: ["history", "vision", "mission", "area_km2", "latitude", "longitude", "boundary_geojson", "address",
                     "phone", "whatsapp", "email", "office_hours"],
    VillageOfficial: ["name", "position", "order", "niap", "nip", "sex", "birth_place", "birth_date", "religion",
                      "rank", "education", "appointment_number", "appointment_date", "dismissal_number",
                      "dismissal_date", "note"],
    VillageRegulation: ["kind", "number", "enacted_on", "title", "summary", "agreed_on", "reported_number",
                        "reported_on", "gazette_number", "gazette_on", "bulletin_number", "bulletin_on", "note"],
    IncomingLetter: ["received_on", "number", "dated", "sender", "subject", "note"],
    TemporaryResident: ["name", "sex", "identity_number", "birth_place", "birth_date", "occupation", "nationality",
                        "descent", "came_from", "purpose", "host", "arrived_on", "left_on", "note"],
    Article: ["kind", "title", "summary", "body", "event_start", "location", "expires_at", "status", "published_at"],
    GalleryPhoto: ["caption", "status", "published_at"],
    GalleryVideo: ["title", "url", "status", "published_at"],
    Download: ["title", "description", "status", "published_at"],
    Seller: ["name", "owner_name", "whatsapp", "description", "is_active"],
    Product: ["name", "category", "description", "price", "unit", "stock", "seller", "status", "published_at"],
}
# Content any site has (regency, agency, village); the rest belongs to village sites only.
OWNER_MODELS = (Article, GalleryPhoto, GalleryVideo)
IMAGE_FIELDS = {
    VillageProfile: ("map_image", None),
    VillageOfficial: ("photo", "photo_thumb"),
    Article: ("image", "image_thumb"),
    GalleryPhoto: ("image", "image_thumb"),
    Product: ("image", "image_thumb"),
}


def _changed_village(village) -> None:
    cache.bump_village(village.pk)


def _changed_owner(owner: SiteOwner) -> None:
    if owner.village is not None:
        _changed_village(owner.village)
    else:
        cache.bump_scope(owner.cache_scope)


def _unique_slug(model, owner: SiteOwner, text: str, *, exclude_pk=None) -> str:
    base = (slugify(text) or "tanpa-judul")[:150]
    slug, n = base, 2
    qs = model.objects.filter(**owner.lookup()) if model in OWNER_MODELS else model.objects.filter(village=owner.village)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply_publishing(obj, old_status: str) -> None:
    if obj.status not in PUBLISH_TRANSITIONS.get(old_status, set()):
        raise ValidationError(_("Perubahan status dari %(old)s ke %(new)s tidak diizinkan.")
                              % {"old": old_status, "new": obj.status})
    if obj.status == PublishState.PUBLISHED and obj.published_at is None:
        obj.published_at = timezone.now()


def content_save(*, village, by, instance=None, model=None, data: dict[str, Any], upload=None):
    """Create or change one piece of a village's content (article, official, photo, download, seller, product).

    `upload` is an uploaded image (resized and stripped of EXIF) or, for downloads, the file itself."""
    return site_content_save(owner=SiteOwner(village=village), by=by, instance=instance, model=model, data=data,
                             upload=upload)


def site_content_save(*, owner: SiteOwner, by, instance=None, model=None, data: dict[str, Any], upload=None,
                      as_office: bool = False):
    """Create or change one piece of a site's content; the site is a village's, an agency's or the regency's
    (sites.SiteOwner). Agencies and the regency have articles, gallery photos and videos; villages also the rest.

    `as_office`: a new seller is registered by the cooperatives office (origin "dinas", kept by the UMKM officers
    afterwards), even when the user could also edit the village's site (the regency administrator)."""
    model = type(instance) if instance is not None else model
    village = owner.village
    if model not in OWNER_MODELS and village is None:
        raise ValidationError(_("Jenis isi ini hanya ada di situs desa."))
    office = False  # the cooperatives office registering a business, not the village's own operator
    if model is Seller and instance is not None:
        require(permissions.can_edit_seller(by, instance))
    elif model is Product:
        seller = instance.seller if instance is not None else data.get("seller")
        if seller is not None and seller.village_id == village.pk:
            require(permissions.can_edit_seller(by, seller))
        else:
            require(permissions.can_edit_site(by, owner))  # then refused below: the seller is another village's
    elif model is Seller and (as_office or not permissions.can_edit_site(by, owner)):
        require(permissions.can_manage_businesses(by))
        office = True
    else:
        require(permissions.can_edit_site(by, owner))
    if instance is not None:
        if model in OWNER_MODELS:
            require(permissions.can_edit_site_content(by, owner, instance))
        else:
            require(instance.village_id == village.pk)
    with transaction.atomic():
        if instance is not None:
            obj = instance
        elif model in OWNER_MODELS:
            obj = model()
            owner.assign(obj)
        else:
            obj = model(village=village)
        old_status = getattr(obj, "status", "") if instance is not None else PublishState.DRAFT
        for field in EDITABLE[model]:
            if field in data:
                setattr(obj, field, data[field])
        if office:
            obj.origin = Seller.Origin.OFFICE
        if model is Article:
            if not re.search(r"<[a-zA-Z/!]", obj.body or ""):
                # Typed as plain text (most operators do): keep their paragraphs and line breaks.
                obj.body = linebreaks(obj.body or "", autoescape=True)
            obj.body = sanitize_html(obj.body)
            obj.summary = obj.summary or plain_text(obj.body, 300)
            if instance is None:
                obj.author = by if getattr(by, "is_authenticated", False) else None
            if obj.kind != Article.Kind.ANNOUNCEMENT:
                obj.expires_at = None
        if model is GalleryVideo and not obj.video_id:
            raise ValidationError({"url": _("Tautan video harus tautan YouTube (youtube.com atau youtu.be).")})
        if model is Product and obj.seller.village_id != village.pk:
            raise ValidationError({"seller": _("Penjual harus dari desa yang sama.")})
        if model in (Article, Product):
            source = obj.title if model is Article else obj.name
            if instance is None or not obj.slug:
                obj.slug = _unique_slug(model, owner, source, exclude_pk=obj.pk)
        if hasattr(obj, "status"):
            _apply_publishing(obj, old_status)
        if upload is not None:
            if model is Download:
                obj.file.save(upload.name, upload, save=False)
            else:
                field, thumb = IMAGE_FIELDS[model]
                attach_image(obj, field, thumb, upload)
        obj.save()
        audit_record(
            obj=obj, action=f"desa.{model._meta.model_name}.{'created' if instance is None else 'updated'}", actor=by,
            from_state=old_status if instance is not None else "", to_state=getattr(obj, "status", ""),
            data={"site": owner.key},
        )
        _changed_owner(owner)
    return obj


def content_delete(*, instance, by) -> None:
    owner = SiteOwner.of(instance) if type(instance) in OWNER_MODELS else SiteOwner(village=instance.village)
    if isinstance(instance, Seller):
        require(permissions.can_edit_seller(by, instance))
    elif isinstance(instance, Product):
        require(permissions.can_edit_seller(by, instance.seller))
    else:
        require(permissions.can_edit_site(by, owner))
    with transaction.atomic():
        audit_record(obj=instance, action=f"desa.{instance._meta.model_name}.deleted", actor=by,
                     data={"site": owner.key, "label": str(instance)[:200]})
        try:
            instance.delete()
        except IntegrityError:
            raise ValidationError(_("Data ini masih dipakai dan tidak dapat dihapus."))
        _changed_owner(owner)


def profile_update(*, village, by, data: dict[str, Any], map_image=None) -> VillageProfile:
    require(permissions.can_edit_village(by, village))
    with transaction.atomic():
        profile, _created = VillageProfile.objects.select_for_update().get_or_create(village=village)
        for field in EDITABLE[VillageProfile]:
            if field in data:
                setattr(profile, field, data[field])
        if map_image is not None:
            attach_image(profile, "map_image", None, map_image)
        profile.save()
        audit_record(obj=profile, action="desa.profile.updated", actor=by, data={"village": village.pk})
        _changed_village(village)
    return profile


def site_update(*, village, by, tagline: str, hostname: str | None = None) -> VillageSite:
    """The tagline is the village's; the host name is infrastructure and only a regency admin sets it (hosts.py:
    well-formed, covered by ALLOWED_HOSTS, no other site's)."""
    from .hosts import clean_hostname

    require(permissions.can_edit_village(by, village))
    with transaction.atomic():
        site, _created = VillageSite.objects.select_for_update().get_or_create(village=village)
        old_host = site.hostname
        site.tagline = tagline
        if hostname is not None and ((hostname or "").strip().lower().rstrip(".") or None) != old_host:
            require(permissions.can_set_hostname(by))
            site.hostname = clean_hostname(hostname, exclude=site)
        site.save()
        audit_record(obj=site, action="desa.site.updated", actor=by, from_state=old_host or "",
                     to_state=site.hostname or "", data={"village": village.pk})
        _changed_village(village)
        transaction.on_commit(cache.bump_hosts)
    return site


# --- APBDes -------------------------------------------------------------------------------------------------

def budget_create(*, village, by, year: int) -> VillageBudget:
    require(permissions.can_edit_village(by, village))
    with transaction.atomic():
        if VillageBudget.objects.filter(village=village, year=year).exists():
            raise ValidationError({"year": _("APBDes tahun %(year)s sudah ada.") % {"year": year}})
        budget = VillageBudget.objects.create(village=village, year=year)
        audit_record(obj=budget, action="desa.budget.created", actor=by, to_state=budget.status,
                     data={"village": village.pk, "year": year})
        _changed_village(village)
    return budget


def budget_publish(*, budget: VillageBudget, by, status: str, published_at=None) -> VillageBudget:
    require(permissions.can_edit_village(by, budget.village))
    with transaction.atomic():
        budget = VillageBudget.objects.select_for_update().get(pk=budget.pk)
        old = budget.status
        budget.status, budget.published_at = status, published_at or budget.published_at
        _apply_publishing(budget, old)
        budget.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(obj=budget, action="desa.budget.status", actor=by, from_state=old, to_state=budget.status)
        _changed_village(budget.village)
    return budget


def _store_lines(budget: VillageBudget, tops: list[Row]) -> int:
    BudgetLine.objects.filter(budget=budget).delete()
    lines = [
        BudgetLine(budget=budget, code=row.code, description=row.description, budget_amount=b, realisation_amount=r,
                   depth=depth(row.code), is_group=row.is_group, sort_key=sort_key(row.code))
        for row, b, r in flatten(tops)
    ]
    BudgetLine.objects.bulk_create(lines)
    return len(lines)


def budget_import(*, budget: VillageBudget, by, data: bytes, filename: str, amended: bool = False) -> int:
    """Replace the budget's lines with a spreadsheet's, or with a Siskeudes export (a ZIP of its tables, see
    budget/siskeudes.py; `amended` takes its amounts after the budget change). The file is checked in full first
    (structure and every stated total); if anything is off, BudgetFileError names the lines and nothing is
    changed."""
    require(permissions.can_edit_village(by, budget.village))
    siskeudes = filename.lower().endswith(".zip")
    if siskeudes:
        from .budget.siskeudes import parse_siskeudes_zip

        tops = parse_siskeudes_zip(data, year=budget.year, amended=amended)
    else:
        tops = parse_budget_file(data, filename)
    with transaction.atomic():
        budget = VillageBudget.objects.select_for_update().get(pk=budget.pk)
        count = _store_lines(budget, tops)
        audit_record(obj=budget, action="desa.budget.imported", actor=by,
                     data={"file": filename[:200], "lines": count, "village": budget.village_id,
                           "source": "siskeudes" if siskeudes else "spreadsheet"})
        _changed_village(budget.village)
    return count


def _current_rows(budget: VillageBudget) -> list[Row]:
    """The stored lines as rows where only leaves state amounts; groups are recomputed from them."""
    lines = list(budget.lines.all())
    codes = {line.code for line in lines}
    rows = []
    for line in lines:
        has_children = any(parent_code(c) == line.code for c in codes)
        rows.append(Row(0, line.code, line.description, None if has_children else line.budget_amount,
                        None if has_children else line.realisation_amount))
    return rows


def budget_line_save(*, budget: VillageBudget, by, code: str, description: str, budget_amount: Decimal,
                     realisation_amount: Decimal, original_code: str | None = None) -> BudgetLine:
    """Add or change one line entered by hand. A line with sub-lines is a group: its amounts are the sum of its
    sub-lines, so what is typed for a group is ignored. The whole budget is re-checked before saving."""
    require(permissions.can_edit_village(by, budget.village))
    with transaction.atomic():
        budget = VillageBudget.objects.select_for_update().get(pk=budget.pk)
        rows = [r for r in _current_rows(budget) if r.code not in {original_code, code}]
        if original_code and original_code != code:
            moved = [r for r in rows if r.code.startswith(original_code + ".")]
            if moved:
                raise ValidationError({"code": _("Kode kelompok yang masih berisi rincian tidak dapat diubah.")})
        rows.append(Row(0, code, description, budget_amount, realisation_amount))
        try:
            tops = build_tree(_with_required_tops(rows))
        except BudgetFileError as exc:
            raise ValidationError(exc.errors)
        _store_lines(budget, tops)
        line = budget.lines.get(code=code)
        audit_record(obj=budget, action="desa.budget.line_saved", actor=by,
                     data={"code": code, "budget": str(budget_amount), "realisation": str(realisation_amount)})
        _changed_village(budget.village)
    return line


def budget_line_delete(*, budget: VillageBudget, by, code: str) -> None:
    require(permissions.can_edit_village(by, budget.village))
    with transaction.atomic():
        budget = VillageBudget.objects.select_for_update().get(pk=budget.pk)
        rows = [r for r in _current_rows(budget) if r.code != code and not r.code.startswith(code + ".")]
        tops = build_tree(_with_required_tops(rows)) if rows else []
        _store_lines(budget, tops)
        audit_record(obj=budget, action="desa.budget.line_deleted", actor=by, data={"code": code})
        _changed_village(budget.village)


def _with_required_tops(rows: list[Row]) -> list[Row]:
    """Hand entry starts from nothing: the top accounts 4 and 5 and any missing standard parent (e.g. 5.2 when
    5.2.1 is entered) are added as groups with their regulation names."""
    from .budget.structure import KNOWN_ACCOUNTS, SECOND_LEVEL, TOP_LEVEL

    names = {**TOP_LEVEL, **SECOND_LEVEL, **KNOWN_ACCOUNTS}
    present = {r.code for r in rows}
    wanted = {"4", "5"}
    for row in rows:
        parent = parent_code(row.code)
        while parent is not None:
            wanted.add(parent)
            parent = parent_code(parent)
    extra = [Row(0, code, str(names[code]), None, None) for code in sorted(wanted - present) if code in names]
    result = rows + extra
    parents = {parent_code(r.code) for r in result}
    for row in result:
        if row.code in parents:
            row.budget = row.realisation = None  # a group: its totals are computed from its lines
        elif row.budget is None:
            row.budget = row.realisation = Decimal("0")  # an empty group or one that lost its last line
    return result
