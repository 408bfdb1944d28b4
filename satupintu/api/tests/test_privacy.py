"""No NIK, phone number, e-mail address or anonymous reporter's identity in any answer of any machine interface: a
walk over every GET operation the OpenAPI schema documents (anonymous, and with a staff key), every Open311
endpoint in both formats, the open data downloads and the webhook bodies."""

import re

import pytest
from openapi_spec_validator import validate

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.api.models import Scope

from .conftest import ANONYMOUS_NAME, NIK, SECRET_EMAIL, SECRET_NAME, SECRET_PHONE, SECRET_PHONE_NORMALIZED

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"(?<!\d)(?:\+?62|0)8\d{7,12}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
SIXTEEN_DIGITS = re.compile(r"(?<!\d)\d{16}(?!\d)")


def assert_private_nothing(url: str, text: str, *, resident_niks=(), names=(ANONYMOUS_NAME, SECRET_NAME)):
    """Public answers name no reporter at all; staff answers may name a reporter who did not ask for anonymity."""
    for secret in (NIK, SECRET_PHONE, SECRET_PHONE_NORMALIZED, SECRET_EMAIL, *names, *resident_niks):
        assert secret not in text, f"{secret!r} in {url}"
    for pattern in (PHONE, EMAIL, SIXTEEN_DIGITS):
        found = pattern.search(text)
        assert found is None, f"{found.group(0)!r} in {url}"


def concrete_urls(path: str, world) -> list[str]:
    """Every documented path with real values for its parameters (each complaint for /aduan/{code}, ...)."""
    complaint_codes = [c.tracking_code for k, c in world.items() if k in
                       ("public", "anonymous", "confidential", "received", "closed")]
    values = {
        "/api/v1/aduan/{code}": complaint_codes,
        "/api/v1/staf/aduan/{code}": complaint_codes,
        "/api/v1/ppid/permohonan/{tracking_code}": [world["info_request"].tracking_code],
        "/api/v1/surat/verifikasi/{token}": [world["letter"].verification_token],
    }
    if path in values:
        name = re.search(r"{(\w+)}", path).group(1)
        return [path.replace("{" + name + "}", v) for v in values[path]]
    return [path.replace("{code}", world["village"].code)]


def test_schema_is_valid_openapi_3(client):
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["KeyAuth"] == {"type": "apiKey", "in": "header",
                                                                  "name": "X-API-Key"}


def test_every_documented_get_operation_answers_without_personal_data(client, world, make_key):
    schema = client.get("/api/v1/openapi.json").json()
    _c, staff_key = make_key(Scope.STAFF_READ, Scope.WEBHOOK, user=actor(Role.REGENCY_ADMIN))
    resident_niks = [r.nik for r in world["residents"]] + [world["letter"].resident.nik]
    called = set()
    for path, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        op = methods["get"]
        headers = {"X-API-Key": staff_key} if "/staf/" in path or "webhook" in path else {}
        for url in concrete_urls(path, world):
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.content[:300])
            assert "200" in op["responses"]
            text = response.content.decode()
            names = (ANONYMOUS_NAME,) if "/staf/" in path else (ANONYMOUS_NAME, SECRET_NAME)
            assert_private_nothing(url, text, resident_niks=resident_niks, names=names)
            called.add(path)
    documented = {p for p, m in schema["paths"].items() if "get" in m}
    assert called == documented and len(documented) >= 13
    # the anonymous report is in the staff list, without its reporter
    staff = client.get("/api/v1/staf/aduan?limit=100", headers={"X-API-Key": staff_key}).json()
    assert world["anonymous"].tracking_code in {i["code"] for i in staff["items"]}


def test_open311_answers_carry_no_personal_data(client, world):
    codes = [world[k].tracking_code for k in ("public", "anonymous", "confidential", "received", "closed")]
    for fmt in ("json", "xml"):
        for url in [f"/api/open311/v2/{p}.{fmt}" for p in ("discovery", "services", "services/jalan-rusak",
                                                           "requests")] + [
                f"/api/open311/v2/requests/{code}.{fmt}" for code in codes]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_private_nothing(url, response.content.decode())


def test_open_data_carries_no_personal_data(client, world):
    from satupintu.api.opendata import DATASETS

    assert client.get("/api/data/").status_code == 200
    for slug in DATASETS:
        for fmt in ("csv", "json"):
            url = f"/api/data/{slug}.{fmt}"
            response = client.get(url)
            assert response.status_code == 200
            assert_private_nothing(url, response.content.decode())


def test_docs_page_lists_every_operation(client):
    schema = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/").content.decode()
    for path in schema["paths"]:
        assert path in page
