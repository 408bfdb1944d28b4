"""The REST API: public and staff complaint views, PPID, letters, villages; cursors, ETags, errors, keys, scopes and
rate limits."""

import pytest

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.api.models import Scope

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def test_public_complaints_list_and_cursor(client, reports):
    first = client.get(f"{V1}/aduan", {"limit": 2})
    assert first.status_code == 200
    body = first.json()
    assert len(body["items"]) == 2 and body["next_cursor"]
    assert body["next"].startswith("http://testserver/api/v1/aduan?")
    second = client.get(body["next"].replace("http://testserver", "")).json()
    seen = [i["code"] for i in body["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 3
    assert second["next_cursor"] is None
    assert set(seen) == {reports[k].tracking_code for k in ("public", "anonymous", "closed")}
    item = body["items"][0]
    assert set(item) >= {"code", "status", "status_label", "open311_status", "title", "url"}


def test_public_complaint_filters(client, reports):
    def codes(**params):
        response = client.get(f"{V1}/aduan", params)
        assert response.status_code == 200, response.content
        return {i["code"] for i in response.json()["items"]}

    assert codes(status="closed") == {reports["closed"].tracking_code}
    assert codes(open311_status="open") == {reports["public"].tracking_code, reports["anonymous"].tracking_code}
    assert codes(village="12.18.02.2001") == {reports["anonymous"].tracking_code}
    assert codes(district="12.18.01") == {reports["public"].tracking_code, reports["closed"].tracking_code}
    assert codes(category="kesehatan") == set()
    assert codes(received_from="2000-01-01", received_to="2000-01-31") == set()


@pytest.mark.parametrize("params, code", [
    ({"status": "hilang"}, "input_tidak_valid"),
    ({"limit": 0}, "input_tidak_valid"),
    ({"limit": 1000}, "input_tidak_valid"),
    ({"open311_status": "pending"}, "input_tidak_valid"),
    ({"cursor": "bukan-kursor"}, "kursor_tidak_valid"),
    ({"cursor": "MjAyNi0wMS0wMVQwMDowMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OQ"}, "kursor_tidak_valid"),  # id past 32 bits
    ({"received_from": "kemarin"}, "input_tidak_valid"),
])
def test_errors_have_one_shape(client, reports, params, code):
    response = client.get(f"{V1}/aduan", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_public_complaint_detail_as_the_status_page(client, reports):
    public = client.get(f"{V1}/aduan/{reports['public'].tracking_code}").json()
    assert public["title"] == "Jalan berlubang di Sialtong" and public["description"]
    assert public["timeline"] and public["is_public"] is True
    confidential = client.get(f"{V1}/aduan/{reports['confidential'].tracking_code}").json()
    assert confidential["title"] == confidential["description"] == "" and confidential["answer"] == ""
    assert confidential["category"] is None and confidential["village"] is None
    missing = client.get(f"{V1}/aduan/ADU-0000-0000")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "tidak_ditemukan"


def test_etag_and_not_modified(client, reports):
    first = client.get(f"{V1}/aduan")
    etag = first["ETag"]
    assert etag
    assert client.get(f"{V1}/aduan", headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"{V1}/aduan", {"limit": 1}, headers={"If-None-Match": etag}).status_code == 200
    # a change in the data gives a new ETag: the old one no longer matches
    from satupintu.aduan.tests.factories import walk_to

    walk_to(reports["public"], "answered")
    changed = client.get(f"{V1}/aduan", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_staff_view_needs_scope_and_follows_the_users_permissions(client, reports, agencies, make_key):
    assert client.get(f"{V1}/staf/aduan").json()["error"]["code"] == "kunci_diperlukan"
    _c, plain = make_key()
    denied = client.get(f"{V1}/staf/aduan", headers={"X-API-Key": plain})
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "cakupan_kurang"
    admin = actor(Role.REGENCY_ADMIN)
    _c, key = make_key(Scope.STAFF_READ, user=admin)
    everything = client.get(f"{V1}/staf/aduan", {"limit": 100}, headers={"X-API-Key": key}).json()["items"]
    assert {i["code"] for i in everything} == {c.tracking_code for c in reports.values()}
    anonymous = next(i for i in everything if i["code"] == reports["anonymous"].tracking_code)
    assert anonymous["reporter"] == "Anonim"
    # an OPD admin of the health office sees only what is assigned to it
    opd = actor(Role.OPD_ADMIN, agency=agencies["dinkes"])
    _c, opd_key = make_key(Scope.STAFF_READ, user=opd)
    mine = client.get(f"{V1}/staf/aduan", headers={"Authorization": f"Bearer {opd_key}"}).json()["items"]
    assert {i["code"] for i in mine} == {reports["confidential"].tracking_code}
    outside = client.get(f"{V1}/staf/aduan/{reports['public'].tracking_code}", headers={"X-API-Key": opd_key})
    assert outside.status_code == 404
    inside = client.get(f"{V1}/staf/aduan/{reports['confidential'].tracking_code}", headers={"X-API-Key": opd_key})
    assert inside.status_code == 200 and inside.json()["description"]


def test_invalid_or_revoked_key_is_refused(client, reports, make_key):
    from satupintu.api.services import api_client_revoke

    assert client.get(f"{V1}/aduan", headers={"X-API-Key": "sp_tidak_ada"}).status_code == 401
    api_client, key = make_key()
    assert client.get(f"{V1}/aduan", headers={"X-API-Key": key}).status_code == 200
    api_client_revoke(client=api_client)
    response = client.get(f"{V1}/aduan", headers={"X-API-Key": key})
    assert response.status_code == 401 and response.json()["error"]["code"] == "kunci_tidak_valid"


def test_rate_limit_per_key_and_anonymous(client, reports, make_key, settings):
    _c, key = make_key(rate_limit=3)
    for _ in range(3):
        ok = client.get(f"{V1}/wilayah/kecamatan", headers={"X-API-Key": key})
        assert ok.status_code == 200
    assert ok["X-RateLimit-Remaining"] == "0"
    limited = client.get(f"{V1}/wilayah/kecamatan", headers={"X-API-Key": key})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert limited.json()["error"]["code"] == "batas_permintaan"
    # another key, and anonymous callers, count separately
    _c, other = make_key(rate_limit=3)
    assert client.get(f"{V1}/wilayah/kecamatan", headers={"X-API-Key": other}).status_code == 200
    settings.API_ANONYMOUS_RATE_LIMIT = 2
    assert [client.get(f"{V1}/wilayah/kecamatan").status_code for _ in range(3)] == [200, 200, 429]
    # Open311 counts against the same limiter
    assert client.get("/api/open311/v2/services.json").status_code == 429


def test_regions_and_villages(client, regency):
    assert client.get(f"{V1}/wilayah/kecamatan").json() == [
        {"code": "12.18.01", "name": "Kotarih"}, {"code": "12.18.02", "name": "Dolok Masihul"}]
    page = client.get(f"{V1}/desa", {"limit": 3}).json()
    assert [v["code"] for v in page["items"]] == ["12.18.01.2001", "12.18.01.2002", "12.18.02.1001"]
    rest = client.get(f"{V1}/desa", {"limit": 3, "cursor": page["next_cursor"]}).json()
    assert [v["code"] for v in rest["items"]] == ["12.18.02.2001"] and rest["next_cursor"] is None
    assert client.get(f"{V1}/desa", {"district": "12.18.02"}).json()["items"][0]["district_name"] == "Dolok Masihul"
    assert client.get(f"{V1}/desa/99.99/artikel").status_code == 404


def test_webhook_registration_needs_scope(client, make_key):
    _c, plain = make_key()
    denied = client.post(f"{V1}/webhook", {"url": "https://mitra.example/hook", "events": ["aduan.status"]},
                         content_type="application/json", headers={"X-API-Key": plain})
    assert denied.status_code == 403
    _c, key = make_key(Scope.WEBHOOK)
    created = client.post(f"{V1}/webhook", {"url": "https://mitra.example/hook", "events": ["aduan.status"]},
                          content_type="application/json", headers={"X-API-Key": key})
    assert created.status_code == 201 and len(created.json()["secret"]) == 64
    listed = client.get(f"{V1}/webhook", headers={"X-API-Key": key}).json()
    assert listed == [{"id": created.json()["id"], "url": "https://mitra.example/hook", "events": ["aduan.status"],
                       "is_active": True}]
    bad = client.post(f"{V1}/webhook", {"url": "bukan url", "events": ["aduan.hilang"]},
                      content_type="application/json", headers={"X-API-Key": key})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "input_tidak_valid"


def test_ppid_letters_and_village_data(client, world):
    items = client.get(f"{V1}/ppid/informasi").json()["items"]
    by_title = {i["title"]: i for i in items}
    assert by_title["Laporan keuangan 2025"]["summary"] == "Neraca dan LRA"
    exempt = by_title["Data rekam medis"]
    assert exempt["summary"] == "" and exempt["legal_ground"] == "UU 14/2008 Pasal 17"  # as the public page
    assert client.get(f"{V1}/ppid/informasi", {"category": "dikecualikan"}).json()["items"] == [exempt]
    status = client.get(f"{V1}/ppid/permohonan/{world['info_request'].tracking_code.lower()}").json()
    assert status["number"] == world["info_request"].number and status["status"] == "received"
    assert client.get(f"{V1}/ppid/permohonan/{world['info_request'].follow_token}").status_code == 404  # not the secret

    letter = world["letter"]
    verified = client.get(f"{V1}/surat/verifikasi/{letter.verification_token}").json()
    assert verified["valid"] is True and verified["number"] == letter.number
    assert verified["holder"] == letter.masked_name and letter.resident.name not in str(verified)
    assert client.get(f"{V1}/surat/verifikasi/palsu").status_code == 404

    code = world["village"].code
    assert [a["title"] for a in client.get(f"{V1}/desa/{code}/artikel").json()["items"]] == [world["article"].title]
    product = client.get(f"{V1}/desa/{code}/produk").json()["items"][0]
    assert product["name"] == world["product"].name and "whatsapp" not in product
    (budget,) = client.get(f"{V1}/desa/{code}/apbdes").json()
    assert {line["code"] for line in budget["lines"]} >= {"4", "5", "6", "4.1", "5.2"}
    assert all(line["code"].count(".") <= 1 for line in budget["lines"])
    stats = client.get(f"{V1}/desa/{code}/statistik").json()
    assert stats["total"]["suppressed"] is False
    assert all(row["male"]["suppressed"] or row["male"]["value"] >= 5 for row in stats["pyramid"])
