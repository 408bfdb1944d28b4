"""The public map: cell counts kept by the database, the map endpoints, and what they never show."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from satupintu.aduan import dbsql, maps
from satupintu.aduan.models import Complaint, MapCell
from satupintu.aduan.tests.factories import ComplaintFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Sutrisno Rahasiawan"
SECRET_PHONE = "081299887766"
SECRET_EMAIL = "sutrisno.rahasia@example.org"


def located(village, category, *, lat="3.512345", lon="99.104321", state="verified", **kw):
    return ComplaintFactory(village=village, category=category, latitude=Decimal(lat), longitude=Decimal(lon),
                            state=state, **kw)


def cells_now() -> set[tuple]:
    return {(c.level, c.cx, c.cy, c.district, c.topic, c.n, c.located, round(c.sum_lat, 4), round(c.sum_lon, 4))
            for c in MapCell.objects.filter(n__gt=0)}


def recount() -> set[tuple]:
    with connection.cursor() as cursor:
        for sql in dbsql.mapcell_rebuild_sql(connection.vendor):
            cursor.execute(sql)
    return cells_now()


def test_cells_follow_publicity_moves_and_deletes(village_a, village_b, categories):
    road = categories["road"]
    assert not MapCell.objects.exists()
    received = located(village_a, road, state="received")
    assert not MapCell.objects.filter(n__gt=0).exists()  # not verified: not public, not counted
    public = located(village_a, road)
    located(village_b, road, lat="3.6", lon="99.2", is_confidential=True, state="verified")  # never public
    ComplaintFactory(village=village_b, category=road, state="verified")  # no point: counted by district only
    level0 = {(c.district, c.n, c.located) for c in MapCell.objects.filter(level=0, n__gt=0)}
    assert level0 == {(village_a.district_id, 1, 1), (village_b.district_id, 1, 0)}
    assert MapCell.objects.filter(level=7, n__gt=0).get().topic == categories["infra"].pk  # the top-level topic
    assert MapCell.objects.filter(level=3, n__gt=0).get().cx == 792  # floor(99.104321 * 8)
    Complaint.objects.filter(pk=public.pk).update(latitude=Decimal("-1.25"), longitude=Decimal("100.5"))
    Complaint.objects.filter(pk=received.pk).update(title="Judul lain")  # irrelevant change
    before = cells_now()
    assert (3, 804, -10, village_a.district_id, categories["infra"].pk, 1, 1, -1.25, 100.5) in before
    assert before == recount()  # the triggers kept exactly what a recount gives
    Complaint.objects.filter(pk=public.pk).update(is_public=False)
    assert {(c.level, c.n) for c in MapCell.objects.filter(n__gt=0)} == {(0, 1)}
    Complaint.objects.filter(pk=public.pk).update(is_public=True)
    Complaint.objects.filter(pk=public.pk).delete()
    assert cells_now() == recount()


def test_lost_triggers_are_put_back_and_counts_rebuilt(village_a, categories):
    located(village_a, categories["road"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in dbsql.SQLITE_MAP_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
        else:
            for name in dbsql.PG_MAP_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name} ON aduan_complaint")
    located(village_a, categories["road"], lat="3.4")  # not counted: the trigger is gone
    assert MapCell.objects.get(level=0).n == 1
    assert "mapcell" in dbsql.ensure_objects(connection)
    assert MapCell.objects.get(level=0).n == 2
    assert dbsql.ensure_objects(connection) == []  # nothing missing any more


def _payloads(client, village, extra=()):
    urls = [reverse("aduan:map"), reverse("aduan:map_heat"), reverse("aduan:map") + "?view=x&q=jalan"]
    for zoom in (8, 10, 12, 14, 17):
        urls.append(reverse("aduan:map_data") + f"?zoom={zoom}")
        urls.append(reverse("aduan:map_data") + f"?zoom={zoom}&bbox=98,2,100,4&village={village.pk}")
    urls += list(extra)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response.content.decode()


def test_every_map_endpoint_hides_confidential_reports_and_reporters(client, village_a, categories):
    shown = located(village_a, categories["road"], title="Lampu jalan padam", is_anonymous=True,
                    reporter_name=SECRET_NAME, reporter_phone=SECRET_PHONE, reporter_email=SECRET_EMAIL)
    named = located(village_a, categories["road"], title="Drainase tersumbat", lat="3.5124", lon="99.1044")
    hidden = located(village_a, categories["road"], title="Pungutan liar di kantor", is_confidential=True,
                     lat="3.5125", lon="99.1045")
    pending = located(village_a, categories["road"], title="Belum diverifikasi", state="received",
                      lat="3.5126", lon="99.1046")
    seen_points = set()
    for url, body in _payloads(client, village_a, extra=[reverse("aduan:status", args=[shown.tracking_code])]):
        for secret in (SECRET_NAME, SECRET_PHONE, SECRET_EMAIL, "Budi Santoso", "081234567890", "budi@example.org",
                       hidden.title, hidden.tracking_code, pending.title, pending.tracking_code):
            assert secret not in body, (url, secret)
        if "data.json" in url:
            data = json.loads(body)
            seen_points |= {p["code"] for p in data.get("points", [])}
            for p in data.get("points", []):
                assert set(p) == {"code", "title", "status", "lat", "lon", "village", "url"}
    assert seen_points == {shown.tracking_code, named.tracking_code}  # the walk did reach the public ones


def test_status_page_shows_the_place_only_when_public(client, village_a, categories):
    shown = located(village_a, categories["road"], address="Depan pasar")
    body = client.get(reverse("aduan:status", args=[shown.tracking_code])).content.decode()
    assert 'data-testid="place-map"' in body and 'data-lat="3.512345"' in body and village_a.name in body
    secret = located(village_a, categories["road"], is_confidential=True)
    body = client.get(reverse("aduan:status", args=[secret.tracking_code])).content.decode()
    assert 'data-testid="place' not in body and "3.512345" not in body


def test_clusters_stored_and_live_agree_and_filters_narrow(village_a, village_b, categories):
    for i in range(6):
        located(village_a, categories["road"], lat=f"3.5{i}", lon=f"99.1{i}")
    for i in range(3):
        located(village_b, categories["health"], lat=f"3.2{i}", lon=f"98.9{i}")
    maps_points = maps.POINTS_MAX
    maps.POINTS_MAX = 2  # force clusters with this little data
    try:
        stored = maps.map_data({}, bbox=None, zoom=9)
        assert stored["source"] == "stored" and stored["total"] == 9
        live = maps.map_data({"kind": "pengaduan"}, bbox=None, zoom=9)  # a filter the cells do not know
        assert live["source"] == "live" and live["total"] == 9
        assert sorted(c["n"] for c in stored["cells"]) == sorted(c["n"] for c in live["cells"])
        district = maps.map_data({"district": village_b.district_id}, bbox=None, zoom=9)
        assert district["source"] == "stored" and district["total"] == 3
        topic = maps.map_data({"category": str(categories["health"].pk)}, bbox=None, zoom=9)
        assert topic["total"] == 3
        sub = maps.map_data({"category": str(categories["road"].pk)}, bbox=None, zoom=9)
        assert sub["source"] == "live" and sub["total"] == 6
        boxed = maps.map_data({}, bbox=maps.BBox.parse("98.85,3.15,99.0,3.3"), zoom=12)
        assert boxed["total"] == 3
    finally:
        maps.POINTS_MAX = maps_points
    heat = {d["code"]: d["n"] for d in maps.district_heat({})}
    assert heat == {village_a.district_id: 6, village_b.district_id: 3}
    assert maps.district_heat({"kind": "aspirasi"}) == []


def test_map_page_works_without_tiles(client, settings, village_a, categories):
    settings.SATUPINTU_MAP_TILES = ""
    c = located(village_a, categories["road"], title="Jembatan retak")
    body = client.get(reverse("aduan:map")).content.decode()
    assert 'data-tiles=""' in body
    assert c.title in body and village_a.name in body  # the list under the map and its village names
    assert village_a.district.name in body  # the district table


def test_bad_map_parameters_are_ignored(client):
    for qs in ("?zoom=abc", "?bbox=1,2", "?bbox=a,b,c,d&zoom=99", "?district=nope", "?zoom=-5"):
        assert client.get(reverse("aduan:map_data") + qs).status_code == 200
