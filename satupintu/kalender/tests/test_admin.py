from datetime import date

import pytest

from satupintu.core.audit import audit_trail
from satupintu.core.models import AuditEvent
from satupintu.kalender.models import Holiday
from satupintu.kalender.services import add_working_days

pytestmark = pytest.mark.django_db


def test_adding_a_holiday_in_the_admin_moves_deadlines_and_is_audited(admin_client, admin_user):
    assert add_working_days(date(2026, 7, 6), 1) == date(2026, 7, 7)
    response = admin_client.post(
        "/admin/kalender/holiday/add/",
        {"date": "2026-07-07", "name": "Hari jadi Kabupaten", "kind": "lokal", "legal_basis": "Keputusan Bupati"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    holiday = Holiday.objects.get(date=date(2026, 7, 7))
    assert add_working_days(date(2026, 7, 6), 1) == date(2026, 7, 8)
    (event,) = audit_trail(holiday)
    assert (event.action, event.actor, event.data["name"]) == ("holiday.created", admin_user, "Hari jadi Kabupaten")


def test_deleting_in_the_admin_is_audited(admin_client):
    holiday = Holiday.objects.create(date=date(2026, 7, 7), name="Libur", kind=Holiday.Kind.OTHER)
    response = admin_client.post(
        "/admin/kalender/holiday/",
        {"action": "delete_selected", "_selected_action": [holiday.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Holiday.objects.exists()
    assert AuditEvent.objects.get(action="holiday.deleted").data["date"] == "2026-07-07"
    assert add_working_days(date(2026, 7, 6), 1) == date(2026, 7, 7)
