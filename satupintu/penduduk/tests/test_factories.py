import pytest

from satupintu.core.audit import audit_trail
from satupintu.penduduk.models import ResidentStatus
from satupintu.penduduk.nik import parse_nik
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory, walk_to

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", ResidentStatus.values)
def test_every_status_through_the_register_services(status):
    resident = ResidentFactory(status=status)

    resident.refresh_from_db()
    assert resident.status == status
    trail = [(e.action, e.to_state) for e in audit_trail(resident)]
    assert trail[0] == ("created", ResidentStatus.ACTIVE)
    assert trail[1:] == ([] if status == ResidentStatus.ACTIVE else [("status_changed", status)])
    assert trail and audit_trail(resident)[0].actor.role == "village_operator"


def test_head_of_a_family_card_and_a_consistent_nik(users, village_a):
    family = FamilyFactory(village=village_a)
    resident = ResidentFactory(village=village_a, family=family, family_relation="kepala", sex="P")

    family.refresh_from_db()
    assert family.head == resident
    assert parse_nik(resident.nik).sex == "P"
    assert audit_trail(resident)[0].actor == users["village_operator"]


def test_walking_to_the_status_it_has_changes_nothing():
    resident = walk_to(ResidentFactory(status="moved"), "moved")

    assert resident.status == ResidentStatus.MOVED
    assert len(audit_trail(resident)) == 2
