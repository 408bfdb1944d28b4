"""The regent's view of every open report: filters by OPD, district and age; the instruction step."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from satupintu.aduan.models import Complaint, ComplaintEvent
from satupintu.aduan.tests.factories import ComplaintFactory
from satupintu.notifikasi.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_reports(village_a, village_b, categories, agencies):
    road = ComplaintFactory(village=village_a, category=categories["road"], state="in_progress", title="Jalan A")
    health = ComplaintFactory(village=village_b, category=categories["health"], state="assigned", title="Obat B")
    fresh = ComplaintFactory(village=village_a, category=categories["road"], state="received", title="Baru C")
    closed = ComplaintFactory(village=village_a, category=categories["road"], state="closed", title="Selesai D")
    Complaint.objects.filter(pk=road.pk).update(created_at=timezone.now() - timedelta(days=45))
    return {"road": road, "health": health, "fresh": fresh, "closed": closed}


def titles(response):
    body = response.content.decode()
    return {t for t in ("Jalan A", "Obat B", "Baru C", "Selesai D") if t in body}


def test_every_open_report_and_the_filters(client, users, open_reports, agencies, village_b):
    client.force_login(users["regent"])
    url = reverse("aduan:open_reports")
    assert titles(client.get(url)) == {"Jalan A", "Obat B", "Baru C"}  # open ones, late or not
    assert titles(client.get(url, {"agency": agencies["pupr"].pk})) == {"Jalan A"}
    assert titles(client.get(url, {"district": village_b.district_id})) == {"Obat B"}
    assert titles(client.get(url, {"age": "90"})) == {"Jalan A"}
    assert titles(client.get(url, {"age": "7"})) == {"Obat B", "Baru C"}
    assert client.get(url, {"agency": "zzz"}).status_code == 200


def test_regent_instructs_from_the_list_and_others_may_not(client, users, open_reports):
    road = open_reports["road"]
    client.force_login(users["regent"])
    url = reverse("aduan:open_reports")
    assert client.post(url, {"code": road.tracking_code, f"i-{road.tracking_code}-text": ""}).status_code == 400
    assert not ComplaintEvent.objects.filter(complaint=road, action="instruct").exists()
    response = client.post(url, {"code": road.tracking_code, f"i-{road.tracking_code}-text": "Selesaikan minggu ini."})
    assert response.status_code == 302
    event = ComplaintEvent.objects.get(complaint=road, action="instruct")
    assert event.body == "Selesaikan minggu ini."
    assert OutboxMessage.objects.filter(event="aduan.instruction").exists()
    client.force_login(users["regency_admin"])  # sees the view, but the step is the regent's
    assert client.get(url).status_code == 200
    response = client.post(url, {"code": road.tracking_code, f"i-{road.tracking_code}-text": "Tidak boleh."})
    assert response.status_code == 403
    client.force_login(users["opd_admin"])
    assert client.get(url).status_code == 403
