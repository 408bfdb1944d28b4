"""The village office on a small map instead of bare coordinates (issue 13): static tiles in an SVG, no script, a
link to OpenStreetMap that works when the tiles do not."""

import re

import pytest
from django.urls import reverse

from satupintu.desa import services
from satupintu.desa.maps import _tile_xy, tile_map_svg

pytestmark = pytest.mark.django_db

LAT, LON = 3.3, 98.9


@pytest.fixture
def profile(users, village_a):
    services.profile_update(village=village_a, by=users["village_operator"],
                            data={"history": "Dibuka tahun 1901.", "latitude": str(LAT), "longitude": str(LON)})
    return reverse("desa:profile", args=[village_a.slug])


def test_the_point_is_in_the_middle_of_the_map_for_any_position():
    for lat, lon in [(3.3, 98.9), (3.59, 99.12), (-6.2, 106.8), (3.30001, 98.89999)]:
        svg = tile_map_svg(lat, lon, title="Peta", tiles_url="https://t.example/{z}/{x}/{y}.png", zoom=16)
        vx, vy, w, h = (float(v) for v in re.search(r'viewBox="([^"]+)"', svg)[1].split())
        cx, cy = (float(v) for v in re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg).groups())
        assert (cx, cy) == pytest.approx((vx + w / 2, vy + h / 2), abs=0.1)
        assert vx >= 0 and vy >= 0 and vx + w <= 512 and vy + h <= 512  # inside the 2x2 block of tiles
        fx, fy = _tile_xy(lat, lon, 16)
        hrefs = re.findall(r'data-href="https://t.example/16/(\d+)/(\d+).png"', svg)
        assert len(hrefs) == 4 and (str(int(fx)), str(int(fy))) in hrefs


def test_profile_shows_a_small_map_and_a_link_not_bare_coordinates(client, profile):
    response = client.get(profile)
    html = response.content.decode()
    assert "Koordinat kantor desa" not in html
    office = html.split('data-testid="office-map"')[1].split("</dd>")[0]
    assert '<svg class="office-map"' in office and office.count('<image data-href="https://tile.openstreetmap.org/16/') == 4
    assert "openstreetmap.org/?mlat=3.300000&amp;mlon=98.900000" in office
    assert "kontributor OpenStreetMap" in office
    assert "<script>" not in office and "style=" not in office  # a static script only (CSP)
    assert "js/office-map.js" in office
    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    assert len(response.content) < 200_000


def test_without_a_tile_server_only_the_link(client, profile, settings):
    settings.SATUPINTU_MAP_TILES = ""
    html = client.get(profile).content.decode()
    office = html.split('data-testid="office-map"')[1].split("</dd>")[0]
    assert "<svg" not in office and "openstreetmap.org/?mlat=" in office


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_the_map_stands_when_tiles_fail_and_the_page_stays_light(live_server, phone_page, users,
                                                                             village_a):
    services.profile_update(village=village_a, by=users["village_operator"],
                            data={"latitude": str(LAT), "longitude": str(LON)})
    page = phone_page
    tiles = []
    page.route("https://tile.openstreetmap.org/**", lambda route: (tiles.append(route.request.url), route.abort()))
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    page.goto(f"{live_server.url}/desa/{village_a.slug}/profil/")
    page.wait_for_load_state("networkidle")
    box = page.locator("svg.office-map").bounding_box()
    assert box and box["width"] >= 200 and box["height"] >= 200
    page.wait_for_function("document.querySelectorAll('svg.office-map image').length === 0")
    assert len(tiles) == 4  # loaded when in view, refused, dropped: the marker and the link remain
    link = page.get_by_role("link", name="Buka peta lebih besar di OpenStreetMap")
    assert link.is_visible() and "mlat=3.300000" in link.get_attribute("href")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(page.artifacts / "office-map.png"), full_page=True)
    assert sum(sizes) < 200_000, f"first load {sum(sizes)} bytes"
