"""Reads of the region table that other apps use."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from .models import District, Regency, Village


def deployment_regency() -> Regency | None:
    """The regency this deployment serves (settings.SATUPINTU_REGENCY_CODE), or None before regions are loaded."""
    return Regency.objects.select_related("province").filter(code=settings.SATUPINTU_REGENCY_CODE).first()


def districts_of_deployment() -> QuerySet[District]:
    """The deployment regency's current districts (kecamatan), by name."""
    return District.objects.filter(regency_id=settings.SATUPINTU_REGENCY_CODE, is_active=True).order_by("name")


def villages_of_deployment() -> QuerySet[Village]:
    """Every village of the deployment's regency, grouped by district name then village name (as in a dropdown)."""
    return (
        Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE)
        .select_related("district")
        .order_by("district__name", "name", "code")
    )


def village_search(*, query: str, limit: int = 20) -> list[Village]:
    """Villages of the deployment whose name contains `query`, or whose code starts with it (e.g. "12.18.01")."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    qs = villages_of_deployment()
    if query.replace(".", "").isdigit():
        qs = qs.filter(code__startswith=query)
    else:
        qs = qs.filter(name__icontains=query)
    return list(qs[:limit])
