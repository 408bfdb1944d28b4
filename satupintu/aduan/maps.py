"""The public map of reports: clusters counted by the database, never a list of a million points.

`map_data(data, bbox=, zoom=)` answers the map page's requests. Reports are grouped on a square grid of 1/2**k degree
(k grows with the zoom, a cell is about 50 px on screen) and each cell is one row: its count and the mean position of
its reports. Where the view is wide and the filters are only the district and/or a top-level topic, the counts come
from `MapCell` (kept by triggers, dbsql.py), so the whole regency is a few hundred rows whatever the number of
reports; otherwise (close zooms, other filters) the public reports in view are grouped live (an index on the
location, partial on public rows). Once the view holds few reports they are returned one by one: code, title, status,
place. Only public reports (verified, never confidential), and never anything of the reporter: the fields are listed
here, not taken from the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Floor
from django.urls import reverse

from .filters import ComplaintFilter, filter_choices
from .models import Complaint, MapCell, choice_label
from .models.complaint import Status

MIN_ZOOM, MAX_ZOOM = 5, 19
DEFAULT_ZOOM = 10
POINTS_MAX = 150  # at most this many reports in view: shown one by one
# Filters the stored cells can answer; any other narrows the live query instead.
CELL_FILTERS = {"district", "category"}


@dataclass(frozen=True)
class BBox:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def parse(cls, value: str | None) -> BBox | None:
        """"west,south,east,north" (Leaflet's toBBoxString) or None when absent or malformed."""
        try:
            west, south, east, north = (float(v) for v in (value or "").split(","))
        except ValueError:
            return None
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            return None
        return cls(south=south, west=west, north=north, east=east)


def level_for_zoom(zoom: int) -> int:
    """Grid level k (cells of 1/2**k degree) for a map zoom: about 45-90 px per cell on screen."""
    return max(2, min(zoom - 6, 16))


def stored_level(zoom: int) -> int | None:
    """The MapCell level serving this zoom, or None when the view is close enough to count live."""
    if zoom <= 9:
        return 3
    if zoom <= 11:
        return 5
    if zoom <= 13:
        return 7
    return None


def _filterset(data) -> ComplaintFilter:
    from . import selectors

    return ComplaintFilter(data or None, queryset=selectors.complaints_public())


def _active_filters(fs: ComplaintFilter) -> dict:
    if not fs.is_bound or not fs.is_valid():
        return {}
    return {k: v for k, v in fs.form.cleaned_data.items() if v not in (None, "", [])}


def _filtered(fs: ComplaintFilter, active: dict):
    """The public reports under the filters, unordered (a text search's ranking is a subquery here)."""
    from . import selectors

    if not active:
        return fs.queryset.order_by()
    if active.get("q"):
        return selectors.complaints_public().filter(pk__in=fs.qs.order_by().values("pk")).order_by()
    return fs.qs.order_by()


def _cell_condition(active: dict) -> Q | None:
    """The MapCell condition for these filters, or None when the stored cells cannot answer them."""
    if set(active) - CELL_FILTERS:
        return None
    q = Q()
    if "district" in active:
        q &= Q(district=active["district"])
    if "category" in active:
        pk = int(active["category"])
        if pk not in filter_choices()["topics"]:
            return None  # a sub-category: only the reports know it
        q &= Q(topic=pk)
    return q


def _report_point(row: dict) -> dict:
    return {
        "code": row["tracking_code"],
        "title": row["title"],
        "status": str(choice_label(Status, row["status"])),
        "lat": float(row["latitude"]),
        "lon": float(row["longitude"]),
        "village": row["village__name"] or "",
        "url": reverse("aduan:status", args=[row["tracking_code"]]),
    }


def map_data(data, *, bbox: BBox | None, zoom: int) -> dict:
    """Clusters or points of the public reports matching the list's filters `data` within `bbox` at `zoom`."""
    zoom = max(MIN_ZOOM, min(int(zoom), MAX_ZOOM))
    fs = _filterset(data)
    active = _active_filters(fs)
    level = stored_level(zoom)
    condition = _cell_condition(active) if level is not None else None
    if condition is not None:
        cells = _stored_cells(level, condition, bbox)
        total = sum(c["n"] for c in cells)
        if total > POINTS_MAX:
            return {"mode": "cells", "source": "stored", "zoom": zoom, "total": total, "cells": cells}
    qs = _filtered(fs, active).filter(latitude__isnull=False, longitude__isnull=False)
    if bbox is not None:
        qs = qs.filter(latitude__gte=bbox.south, latitude__lte=bbox.north, longitude__gte=bbox.west,
                       longitude__lte=bbox.east)
    few = list(qs.values("pk")[: POINTS_MAX + 1])
    if len(few) <= POINTS_MAX:
        rows = Complaint.objects.filter(pk__in=[r["pk"] for r in few]).order_by("-created_at").values(
            "tracking_code", "title", "status", "latitude", "longitude", "village__name")
        points = [_report_point(r) for r in rows]
        return {"mode": "points", "source": "live", "zoom": zoom, "total": len(points), "points": points}
    factor = 2 ** level_for_zoom(zoom)
    grouped = (
        qs.annotate(cx=Floor(F("longitude") * factor), cy=Floor(F("latitude") * factor))
        .values("cx", "cy").annotate(n=Count("pk"), lat=Avg("latitude"), lon=Avg("longitude")).order_by()
    )
    cells = [{"lat": round(float(r["lat"]), 5), "lon": round(float(r["lon"]), 5), "n": r["n"]} for r in grouped]
    return {"mode": "cells", "source": "live", "zoom": zoom, "total": sum(c["n"] for c in cells), "cells": cells}


def _stored_cells(level: int, condition: Q, bbox: BBox | None) -> list[dict]:
    qs = MapCell.objects.filter(condition, level=level, n__gt=0)
    if bbox is not None:
        f = 2**level
        qs = qs.filter(cx__gte=int(bbox.west * f) - 1, cx__lte=int(bbox.east * f) + 1,
                       cy__gte=int(bbox.south * f) - 1, cy__lte=int(bbox.north * f) + 1)
    rows = qs.values("cx", "cy").annotate(n=Sum("n"), slat=Sum("sum_lat"), slon=Sum("sum_lon")).order_by()
    return [{"lat": round(r["slat"] / r["n"], 5), "lon": round(r["slon"] / r["n"], 5), "n": r["n"]}
            for r in rows if r["n"] > 0]


def district_heat(data) -> list[dict]:
    """Public reports per district under the filters (the heat view and the list beside the map), largest first:
    {"code", "name", "n", "lat", "lon"} (lat/lon: mean of the located reports, None when none is located)."""
    fs = _filterset(data)
    active = _active_filters(fs)
    names = dict(filter_choices()["districts"])
    condition = _cell_condition(active)
    if condition is not None:
        rows = (MapCell.objects.filter(condition, level=0).values("district")
                .annotate(n=Sum("n"), located=Sum("located"), slat=Sum("sum_lat"), slon=Sum("sum_lon")).order_by())
        found = [(r["district"], r["n"], r["located"], r["slat"], r["slon"]) for r in rows]
    else:
        rows = (_filtered(fs, active).values("district_id").annotate(
            n=Count("pk"), located=Count("pk", filter=Q(latitude__isnull=False, longitude__isnull=False)),
            slat=Sum("latitude"), slon=Sum("longitude")))
        found = [(r["district_id"] or "", r["n"], r["located"], r["slat"], r["slon"]) for r in rows]
    out = []
    for code, n, located, slat, slon in found:
        if not n or code not in names:
            continue
        out.append({"code": code, "name": names[code], "n": n,
                    "lat": round(float(slat) / located, 5) if located else None,
                    "lon": round(float(slon) / located, 5) if located else None})
    out.sort(key=lambda d: (-d["n"], d["name"]))
    return out


def regency_centre() -> tuple[float, float] | None:
    """The mean position of every located public report (from the stored district rows), or None."""
    row = MapCell.objects.filter(level=0).aggregate(located=Sum("located"), slat=Sum("sum_lat"), slon=Sum("sum_lon"))
    if not row["located"]:
        return None
    return round(row["slat"] / row["located"], 5), round(row["slon"] / row["located"], 5)


def map_centre() -> tuple[float, float]:
    """Where the maps open: regency_centre(), kept for a few minutes (the intake form must load from memory while
    the database is down, core/outage), else settings.ADUAN_MAP_CENTRE."""
    from django.conf import settings
    from django.db import DatabaseError

    from .filters import choices_memo

    def load():
        try:
            return regency_centre() or tuple(settings.ADUAN_MAP_CENTRE)
        except DatabaseError:
            return None  # not kept: asked again once the database is back

    return choices_memo.get("map_centre", load) or tuple(settings.ADUAN_MAP_CENTRE)


def complaint_place(complaint: Complaint) -> dict | None:
    """Where a public report is, for its status page: the point when it has one and the village name. Nothing for a
    report that is not public (confidential or not yet verified)."""
    if not complaint.is_public:
        return None
    place = {"village": str(complaint.village.name) if complaint.village_id else "", "address": complaint.address}
    if complaint.latitude is not None and complaint.longitude is not None:
        place.update(lat=float(complaint.latitude), lon=float(complaint.longitude))
    return place
