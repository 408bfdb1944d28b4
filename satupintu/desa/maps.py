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


TILE = 256


def _tile_xy(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web-Mercator position of a point in tiles (fractional), as every slippy-map tile server numbers them."""
    n = 2**zoom
    lat_r = math.radians(max(min(lat, 85.0511), -85.0511))
    return (lon + 180.0) / 360.0 * n, (1.0 - math.asinh(math.tan(lat_r)) / math.pi) / 2.0 * n


def tile_map_svg(lat: float, lon: float, *, title: str, tiles_url: str, zoom: int = 16, size: int = TILE) -> SafeString:
    """A small static map centred on a point: the 2x2 tiles around it as SVG <image>s, cropped to `size` pixels, and
    a marker. No inline script or style attribute (the CSP allows neither); the tiles are loaded lazily by a static
    script, and when they fail the light background, the marker and the link under the map remain. `tiles_url` has
    {z}/{x}/{y} (default OpenStreetMap's)."""
    fx, fy = _tile_xy(lat, lon, zoom)
    # The 2x2 block whose middle holds the point: the point lies in its central square, so a `size` window around it
    # never leaves the block.
    x0, y0 = round(fx) - 1, round(fy) - 1
    px, py = (fx - x0) * TILE, (fy - y0) * TILE
    n = 2**zoom
    images = []
    for dx in (0, 1):
        for dy in (0, 1):
            url = tiles_url.format(z=zoom, x=(x0 + dx) % n, y=min(max(y0 + dy, 0), n - 1))
            # data-href: static/js/office-map.js loads the tiles when the map scrolls into view and drops a tile
            # that fails (Chromium would draw its broken-image icon); without JavaScript the marker and link remain.
            images.append(f'<image data-href="{escape(url)}" x="{dx * TILE}" y="{dy * TILE}" width="{TILE}" '
                          f'height="{TILE}"/>')
    half = size / 2
    return mark_safe(  # noqa: S308 - the title and URLs are escaped; numbers are formatted here
        f'<svg class="office-map" role="img" aria-label="{escape(title)}" '
        f'viewBox="{px - half:.1f} {py - half:.1f} {size} {size}" width="{size}" height="{size}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<rect x="0" y="0" width="{2 * TILE}" height="{2 * TILE}" fill="#eef3ee"/>{"".join(images)}'
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="9" fill="#a1162c" stroke="#ffffff" stroke-width="3"/></svg>'
    )


def osm_link(lat: float, lon: float, zoom: int = 17) -> str:
    return f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lon:.6f}#map={zoom}/{lat:.6f}/{lon:.6f}"
