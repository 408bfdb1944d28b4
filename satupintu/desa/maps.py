"""The village area drawn from its boundary GeoJSON as inline SVG: no map tiles to fetch, works offline and on 2G."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def polygons_from_geojson(data) -> list[list[tuple[float, float]]]:
    """Outer rings of every Polygon/MultiPolygon in a geometry, Feature or FeatureCollection ([lon, lat] pairs)."""
    rings: list[list[tuple[float, float]]] = []

    def geometry(geom):
        if not isinstance(geom, dict):
            return
        kind, coords = geom.get("type"), geom.get("coordinates")
        try:
            if kind == "Polygon":
                polys = [coords]
            elif kind == "MultiPolygon":
                polys = coords
            else:
                return
            for poly in polys:
                ring = [(float(x), float(y)) for x, y, *_rest in poly[0]]
                if len(ring) >= 3 and all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring):
                    rings.append(ring)
        except (TypeError, ValueError, IndexError):
            return

    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection":
            for feature in data.get("features") or []:
                if isinstance(feature, dict):
                    geometry(feature.get("geometry"))
        elif data.get("type") == "Feature":
            geometry(data.get("geometry"))
        else:
            geometry(data)
    return rings


def boundary_svg(data, *, title: str, point: tuple[float, float] | None = None, size: int = 320) -> SafeString | None:
    rings = polygons_from_geojson(data) if data else []
    if not rings:
        return None
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    # Longitude degrees shrink with latitude; scale x so the shape is not stretched.
    kx = math.cos(math.radians(sum(ys) / len(ys)))
    width = max((max(xs) - min(xs)) * kx, 1e-9)
    height = max(max(ys) - min(ys), 1e-9)
    scale = (size - 20) / max(width, height)
    w, h = width * scale + 20, height * scale + 20

    def project(x: float, y: float) -> tuple[float, float]:
        return 10 + (x - min(xs)) * kx * scale, 10 + (max(ys) - y) * scale

    paths = []
    for ring in rings:
        pts = " ".join(f"{px:.1f},{py:.1f}" for px, py in (project(x, y) for x, y in ring))
        paths.append(f'<polygon points="{pts}" fill="#e6f4ea" stroke="#1e6b2f" stroke-width="2"/>')
    if point is not None:
        px, py = project(point[0], point[1])
        paths.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="#a1162c"/>')
    return mark_safe(  # noqa: S308 - every label is escaped above; numbers are formatted by us
        f'<svg class="map" role="img" aria-label="{escape(title)}" viewBox="0 0 {w:.0f} {h:.0f}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(paths)}</svg>'
    )
