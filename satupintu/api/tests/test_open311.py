"""Open311 GeoReport v2: every endpoint with the specification's field names and status codes, in JSON and XML."""

from xml.etree import ElementTree as ET

import pytest

from satupintu.aduan.models import Channel, Complaint, Status
from satupintu.api.models import Scope

pytestmark = pytest.mark.django_db

BASE = "/api/open311/v2"
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)


def test_discovery_json_and_xml(client):
    data = client.get(f"{BASE}/discovery.json").json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(data)
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/api/open311/v2/")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = xml(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("./endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_services_list_categories(client, categories):
    data = client.get(f"{BASE}/services.json").json()
    by_code = {s["service_code"]: s for s in data}
    assert set(by_code) == {"infrastruktur", "jalan-rusak", "kesehatan"}
    road = by_code["jalan-rusak"]
    assert set(road) == {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
    assert road["group"] == "Infrastruktur" and road["type"] == "realtime" and road["metadata"] is True
    root = xml(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert {s.findtext("service_code") for s in root.findall("service")} == set(by_code)
    assert root.find("service/metadata").text == "true"


def test_service_definition(client, categories):
    data = client.get(f"{BASE}/services/jalan-rusak.json").json()
    assert data["service_code"] == "jalan-rusak"
    attrs = {a["code"]: a for a in data["attributes"]}
    assert set(attrs) == {"jenis", "judul", "anonim", "rahasia"}
    assert {"variable", "code", "datatype", "required", "datatype_description", "order", "description"} <= set(
        attrs["jenis"])
    assert {v["key"] for v in attrs["jenis"]["values"]} == {"pengaduan", "aspirasi", "permintaan_informasi"}
    root = xml(client.get(f"{BASE}/services/jalan-rusak.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "jalan-rusak"
    keys = [v.findtext("key") for v in root.findall("attributes/attribute/values/value")]
    assert "aspirasi" in keys
    missing = client.get(f"{BASE}/services/tidak-ada.json")
    assert missing.status_code == 404
    assert missing.json()[0]["code"] == 404 and missing.json()[0]["description"]


def test_get_requests_shows_public_reports_only(client, reports):
    data = client.get(f"{BASE}/requests.json").json()
    codes = {r["service_request_id"] for r in data}
    assert codes == {reports["public"].tracking_code, reports["anonymous"].tracking_code,
                     reports["closed"].tracking_code}
    row = next(r for r in data if r["service_request_id"] == reports["public"].tracking_code)
    assert set(row) == REQUEST_FIELDS
    assert row["status"] == "open" and row["status_notes"] == str(Status.IN_PROGRESS.label)
    assert row["service_code"] == "jalan-rusak" and row["address"] == "Sialtong, Kotarih"
    assert row["address_id"] == "12.18.01.2001"
    assert row["lat"] is None and row["long"] is None  # the public pages show no coordinates
    assert row["requested_datetime"].endswith("+07:00")
    closed = next(r for r in data if r["service_request_id"] == reports["closed"].tracking_code)
    assert closed["status"] == "closed" and closed["expected_datetime"] is None
    root = xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    assert {r.findtext("service_request_id") for r in root.findall("request")} == codes
    assert {child.tag for child in root.find("request")} == REQUEST_FIELDS


def test_get_requests_filters(client, reports):
    def codes(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert codes(status="closed") == {reports["closed"].tracking_code}
    assert codes(status="open") == {reports["public"].tracking_code, reports["anonymous"].tracking_code}
    assert codes(service_code="kesehatan") == set()  # the health reports are confidential / not verified
    assert codes(service_code="infrastruktur") == codes(service_code="jalan-rusak") == {
        reports["public"].tracking_code, reports["anonymous"].tracking_code, reports["closed"].tracking_code}
    assert codes(service_request_id=f"{reports['public'].tracking_code},{reports['confidential'].tracking_code}") == {
        reports["public"].tracking_code}
    assert codes(start_date="2000-01-01T00:00:00Z", end_date="2000-02-01T00:00:00Z") == set()
    assert codes(page_size="1").__len__() == 1
    assert client.get(f"{BASE}/requests.json", {"status": "pending"}).status_code == 400
    bad = client.get(f"{BASE}/requests.xml", {"start_date": "kemarin"})
    assert bad.status_code == 400 and xml(bad).tag == "errors"
    assert xml(bad).find("error/code").text == "400"
    too_long = client.get(f"{BASE}/requests.json", {"start_date": "2026-01-01", "end_date": "2026-06-01"})
    assert too_long.status_code == 400


def test_get_one_request_as_the_status_page(client, reports):
    public = client.get(f"{BASE}/requests/{reports['public'].tracking_code}.json").json()
    assert len(public) == 1 and set(public[0]) == REQUEST_FIELDS
    assert public[0]["description"] == reports["public"].description
    answered = client.get(f"{BASE}/requests/{reports['anonymous'].tracking_code}.json").json()[0]
    assert "ditambal" in answered["status_notes"]  # the approved answer, as on the status page
    confidential = client.get(f"{BASE}/requests/{reports['confidential'].tracking_code}.xml")
    row = xml(confidential).find("request")
    assert row.findtext("status") == "open"
    assert not row.findtext("description") and not row.findtext("service_code") and not row.findtext("address")
    assert client.get(f"{BASE}/requests/ADU-0000-0000.json").status_code == 404
    assert client.get(f"{BASE}/requests/{reports['public'].tracking_code}.yaml").status_code == 404


def _post(client, key, **extra):
    data = {"api_key": key, "service_code": "jalan-rusak", "address_id": "12.18.01.2001",
            "description": "Jalan amblas di depan balai desa, mobil tidak bisa lewat sejak kemarin.",
            "first_name": "Ani", "last_name": "Lestari", "phone": "081277788899", "email": "ani@example.org",
            "attribute[judul]": "Jalan amblas depan balai desa", "attribute[jenis]": "pengaduan"}
    data.update(extra)
    return client.post(f"{BASE}/requests.json", data)


def test_post_request_files_a_report_through_the_intake(client, categories, regency, writer_key):
    response = _post(client, writer_key)
    assert response.status_code == 200, response.content
    (row,) = response.json()
    assert set(row) == {"service_request_id", "token", "service_notice", "account_id"}
    complaint = Complaint.objects.get(tracking_code=row["service_request_id"])
    assert complaint.channel == Channel.API and complaint.status == Status.RECEIVED
    assert complaint.title == "Jalan amblas depan balai desa" and complaint.village_id == "12.18.01.2001"
    assert complaint.reporter_name == "Ani Lestari" and complaint.reporter_phone == "6281277788899"
    assert complaint.events.filter(action="submit").exists()  # the one intake: timeline, audit, notices
    token = client.get(f"{BASE}/tokens/{row['token']}.json").json()
    assert token == [{"service_request_id": complaint.tracking_code, "token": row["token"]}]
    forged = f"{complaint.pk}-{'0' * 20}"  # the token is an HMAC of the id: an id alone finds nothing
    assert client.get(f"{BASE}/tokens/{forged}.json").status_code == 404
    # not public yet: the list does not show it, the single request shows only its status
    assert complaint.tracking_code not in client.get(f"{BASE}/requests.json").content.decode()
    one = client.get(f"{BASE}/requests/{complaint.tracking_code}.json").json()[0]
    assert one["status"] == "open" and one["description"] == ""


def test_post_request_xml_and_anonymous_confidential(client, categories, regency, writer_key):
    response = client.post(f"{BASE}/requests.xml", {
        "api_key": writer_key, "service_code": "kesehatan", "lat": "3.35", "long": "99.12",
        "description": "Pungutan tanpa kuitansi di loket pendaftaran puskesmas.",
        "attribute[anonim]": "true", "attribute[rahasia]": "true"})
    assert response.status_code == 200
    root = xml(response)
    code = root.findtext("request/service_request_id")
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.is_anonymous and complaint.is_confidential
    assert str(complaint.latitude) == "3.350000"
    token = xml(client.get(f"{BASE}/tokens/{root.findtext('request/token')}.xml"))
    assert token.tag == "service_requests" and token.findtext("request/service_request_id") == code
    assert client.get(f"{BASE}/tokens/tidak-ada.xml").status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"service_code": "tidak-ada"}, "service_code"),
    ({"description": "pendek"}, "description"),
    ({"address_id": "99.99"}, "address_id"),
    ({"address_id": "", "lat": "", "long": ""}, "lat"),
    ({"lat": "abc", "address_id": ""}, "lat"),
    ({"attribute[jenis]": "gugatan"}, "jenis"),
])
def test_post_request_refuses_bad_input_and_files_nothing(client, categories, regency, writer_key, change, field):
    response = _post(client, writer_key, **change)
    assert response.status_code == 400
    (err,) = response.json()
    assert err["code"] == 400 and field in err["description"]
    assert not Complaint.objects.exists()


def test_post_request_needs_a_key_with_the_scope(client, categories, regency, make_key):
    assert _post(client, "").status_code == 403
    assert _post(client, "sp_salah").status_code == 403
    _client, reader = make_key()  # a key without aduan:tulis
    response = _post(client, reader)
    assert response.status_code == 403 and "aduan:tulis" in response.json()[0]["description"]
    assert not Complaint.objects.exists()


def test_get_requests_has_an_etag(client, reports):
    first = client.get(f"{BASE}/requests.json")
    assert first["ETag"]
    again = client.get(f"{BASE}/requests.json", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_list_is_a_fixed_number_of_queries(client, reports, django_assert_max_num_queries):
    from satupintu.aduan.tests.factories import ComplaintFactory

    for _ in range(3):
        ComplaintFactory(state="verified", category=reports["public"].category)
    with django_assert_max_num_queries(6):  # rate limit (2-4), the page; not one per report
        response = client.get(f"{BASE}/requests.json")
    assert len(response.json()) == 6
    from satupintu.api import selectors

    row = selectors.complaints_public_list().first()
    assert not {"reporter_name", "reporter_phone", "reporter_email", "follow_token"} & set(row.__dict__)


def test_post_request_is_the_intake_and_little_more(client, categories, regency, writer_key, monkeypatch,
                                                    django_assert_max_num_queries):
    """POST requests costs aduan's intake (report, timeline, audit, outbox row, send task) plus the key's and the
    phone's rate-limit counters, all in one transaction, and no stored token (benchmarks/api.py: within 3x of a bare
    insert)."""
    from satupintu.api import keys
    from satupintu.core import ratelimit

    monkeypatch.setattr(ratelimit, "PURGE_CHANCE", 0)  # the limiter's occasional clean-up is not the POST's cost
    monkeypatch.setattr(keys.clients_memo, "seconds", 3600)  # nor a key memo expiring on a slow machine
    _post(client, writer_key)  # warm the key and lookup memos
    with django_assert_max_num_queries(13):  # in one transaction: key and phone counters, intake in a savepoint
        response = _post(client, writer_key, phone="081277788800")
    assert response.status_code == 200


def test_refused_posts_still_count_against_the_key(client, categories, regency, make_key):
    """The key's count of a POST is written with the report (one commit); a refused POST rolls back, and is counted
    again on its own: bad input cannot be sent past the key's limit."""
    _client, key = make_key(Scope.REPORT_WRITE, rate_limit=2)
    assert _post(client, key, description="pendek").status_code == 400
    assert _post(client, key, service_code="tidak-ada").status_code == 400
    response = _post(client, key)
    assert response.status_code == 429 and response["Retry-After"]
    assert not Complaint.objects.exists()
