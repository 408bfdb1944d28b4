"""Reads of the agency table that other apps use. Agencies are public information (names, heads, contacts)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Agency


def ppid_utama() -> Agency | None:
    """The agency that is the regency's PPID Utama (usually Diskominfo), or None if none is marked yet."""
    return Agency.objects.filter(is_ppid_utama=True, is_active=True).order_by("pk").first()


def agencies_active(*, top_level_only: bool = False) -> QuerySet[Agency]:
    """Active agencies by name; `top_level_only` leaves out sub-units (bidang, seksi, UPT)."""
    qs = Agency.objects.filter(is_active=True).select_related("parent").order_by("name")
    return qs.filter(parent=None) if top_level_only else qs


def agency_tree() -> QuerySet[Agency]:
    """Active top-level agencies with their active sub-units prefetched (`agency.active_sub_units`), for directories
    and grouped dropdowns; two queries whatever the size."""
    return agencies_active(top_level_only=True).prefetch_related(
        Prefetch("sub_units", queryset=Agency.objects.filter(is_active=True).order_by("name"), to_attr="active_sub_units")
    )
