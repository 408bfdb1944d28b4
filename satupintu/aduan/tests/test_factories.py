"""The complaint factory reaches every state through the services, with the timeline of a real report."""

import pytest

from satupintu.aduan.models import Answer, Complaint, ComplaintEvent, Status
from satupintu.aduan.tests.factories import PATHS, STATES, ComplaintFactory, walk_to
from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", STATES)
def test_every_state_is_reached_through_the_services(state):
    complaint = ComplaintFactory(state=state)

    complaint.refresh_from_db()
    assert complaint.status == state
    actions = list(ComplaintEvent.objects.filter(complaint=complaint).values_list("action", flat=True))
    assert actions == ["submit", *PATHS[state]]
    assert [e.action for e in audit_trail(complaint)] == [f"aduan.{a}" for a in actions]


def test_answered_case_has_its_approved_answer_and_messages():
    complaint = ComplaintFactory(state="answered")

    answer = complaint.answers.get()
    assert answer.state == Answer.State.APPROVED
    assert answer.approved_by.role == "opd_head" and answer.approved_by.agency_id == complaint.agency_id
    assert complaint.answered_at is not None and complaint.answer_working_days is not None
    assert OutboxMessage.objects.exists()  # the reporter heard of it, as in life


def test_routed_to_the_given_agency(agencies):
    complaint = ComplaintFactory(state="in_progress", agency=agencies["dinkes"], category=None)

    assert complaint.agency == agencies["dinkes"]


def test_uses_the_shared_users_when_there(users, categories, village_a):
    complaint = ComplaintFactory(state="in_progress", category=categories["road"], village=village_a)

    accept = ComplaintEvent.objects.get(complaint=complaint, action="accept")
    assert accept.actor == users["opd_admin"]
    assert ComplaintEvent.objects.get(complaint=complaint, action="verify").actor == users["regency_admin"]


def test_walk_on_from_where_a_report_is():
    complaint = ComplaintFactory(state="answered")

    walk_to(complaint, "closed")

    assert Complaint.objects.get(pk=complaint.pk).status == Status.CLOSED
    assert ComplaintEvent.objects.filter(complaint=complaint, action="approve_answer").count() == 1


def test_a_state_off_the_path_is_refused():
    complaint = ComplaintFactory(state="rejected")

    with pytest.raises(ValueError, match="not on the way"):
        walk_to(complaint, "answered")
    with pytest.raises(ValueError, match="unknown state"):
        ComplaintFactory(state="lost")
