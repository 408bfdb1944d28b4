"""The public map of reports: the page (usable without tiles or script), its cluster data and the district heat."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import maps, selectors
from ..filters import ComplaintFilter


def _zoom(request) -> int:
    try:
        return int(request.GET.get("zoom") or maps.DEFAULT_ZOOM)
    except ValueError:
        return maps.DEFAULT_ZOOM


def _filter_query(request) -> str:
    query = request.GET.copy()
    for key in ("page", "bbox", "zoom"):
        query.pop(key, None)
    return query.urlencode()


@require_GET
def complaint_map(request):
    data = request.GET.copy()
    for key in ("bbox", "zoom"):
        data.pop(key, None)
    filterset = ComplaintFilter(data or None, queryset=selectors.complaints_public())
    qs = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.complaints_public()
    latest = list((qs if filterset.searching else qs.order_by("-created_at", "-id"))[:10])
    centre = maps.map_centre()
    return render(request, "aduan/map.html", {
        "filter": filterset,
        "query": _filter_query(request),
        "heat": maps.district_heat(data),
        "latest": latest,
        "tiles": settings.SATUPINTU_MAP_TILES,
        "centre": centre,
        "zoom": maps.DEFAULT_ZOOM,
    })


@require_GET
def map_data(request):
    data = request.GET.copy()
    bbox = maps.BBox.parse(data.pop("bbox", [""])[0])
    zoom = _zoom(request)
    data.pop("zoom", None)
    response = JsonResponse(maps.map_data(data, bbox=bbox, zoom=zoom))
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def map_heat(request):
    data = request.GET.copy()
    for key in ("bbox", "zoom"):
        data.pop(key, None)
    response = JsonResponse({"districts": maps.district_heat(data)})
    response["Cache-Control"] = "public, max-age=60"
    return response
