import io

import pytest

from satupintu.api import demo

pytestmark = pytest.mark.django_db


def test_demo_key_files_through_open311_and_seed_is_idempotent(client, regency, agencies):
    from satupintu.aduan.models import Category, Complaint

    Category.objects.create(name="Jalan rusak", slug="jalan-rusak", default_agency=agencies["pupr"])
    demo.seed(stdout=io.StringIO(), options={})
    demo.seed(stdout=io.StringIO(), options={})
    response = client.post("/api/open311/v2/requests.json", {
        "api_key": demo.DEMO_KEY, "service_code": "jalan-rusak", "address_id": "12.18.01.2001",
        "description": "Jalan amblas di depan balai desa, mobil tidak bisa lewat."})
    assert response.status_code == 200
    assert Complaint.objects.filter(tracking_code=response.json()[0]["service_request_id"]).exists()
