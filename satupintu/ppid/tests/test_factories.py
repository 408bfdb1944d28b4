"""The information-request factory reaches every state through the services, with the requester's timeline."""

import pytest

from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import OutboxMessage
from satupintu.ppid.models import EventKind, InfoRequest, ObjectionStatus, Outcome, Status
from satupintu.ppid.tests.factories import (
    OBJECTION_STATES,
    STATES,
    InfoRequestFactory,
    ObjectionFactory,
    state_of,
    walk_to,
)

pytestmark = pytest.mark.django_db

EVENTS = {
    "received": [EventKind.RECEIVED],
    "forwarded": [EventKind.RECEIVED, EventKind.FORWARDED],
    "extended": [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.EXTENDED],
    "answered": [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.ANSWERED],
    "refused": [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.ANSWERED],
    "objected": [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.ANSWERED, EventKind.OBJECTION_FILED],
    "objection_answered": [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.ANSWERED, EventKind.OBJECTION_FILED,
                           EventKind.OBJECTION_ANSWERED],
    "disputed": [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.ANSWERED, EventKind.OBJECTION_FILED,
                 EventKind.OBJECTION_ANSWERED, EventKind.DISPUTE_RECORDED],
}


@pytest.mark.parametrize("state", STATES)
def test_every_state_is_reached_through_the_services(state):
    info_request = InfoRequestFactory(state=state)

    assert state_of(InfoRequest.objects.get(pk=info_request.pk)) == state
    assert list(info_request.events.order_by("pk").values_list("kind", flat=True)) == EVENTS[state]
    assert audit_trail(info_request).exists()


def test_refused_request_names_its_ground_and_is_told_to_the_requester():
    info_request = InfoRequestFactory(state="refused")

    assert info_request.status == Status.ANSWERED and info_request.outcome == Outcome.REFUSED
    assert info_request.refusal_ground == "17a" and info_request.answered_by.agency_id == info_request.agency_id
    assert OutboxMessage.objects.filter(event="ppid.answered").exists()


def test_forwarded_to_the_given_agency_by_the_shared_ppid_utama(users, agencies):
    info_request = InfoRequestFactory(state="forwarded", agency=agencies["pupr"])

    assert info_request.agency == agencies["pupr"]
    assert info_request.events.get(kind=EventKind.FORWARDED).actor == users["ppid_utama"]


@pytest.mark.parametrize("state", OBJECTION_STATES)
def test_objection_factory(state):
    objection = ObjectionFactory(state=state)

    assert objection.status == (ObjectionStatus.SUBMITTED if state == "submitted" else ObjectionStatus.ANSWERED)
    assert (objection.dispute_filed is True) == (state == "disputed")


def test_walk_on_and_build_the_form_input():
    info_request = InfoRequestFactory(state="forwarded")

    assert walk_to(info_request, "answered").status == Status.ANSWERED
    data = InfoRequestFactory.build(information="Daftar penerima bantuan")
    assert data.information == "Daftar penerima bantuan" and not InfoRequest.objects.filter(
        information="Daftar penerima bantuan").exists()
