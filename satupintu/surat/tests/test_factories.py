"""The letter factory reaches every state through the services, with the audit trail of a real letter."""

import pytest

from satupintu.core.audit import audit_trail
from satupintu.surat.models import Channel, LetterStatus
from satupintu.surat.tests.factories import (
    STATES,
    LetterRequestFactory,
    head_of_family,
    letter_type,
    state_of,
    walk_to,
)

pytestmark = pytest.mark.django_db

TRAIL = {
    "checking": ["surat.created"],
    "incomplete": ["surat.created", "surat.returned"],
    "awaiting_signature": ["surat.created", "surat.verified"],
    "ready": ["surat.created", "surat.verified", "surat.signed"],
    "signed": ["surat.created", "surat.verified", "surat.signed"],
    "picked_up": ["surat.created", "surat.verified", "surat.signed", "surat.picked_up"],
    "cancelled": ["surat.created", "surat.cancelled"],
    "revoked": ["surat.created", "surat.verified", "surat.signed", "surat.revoked"],
}


@pytest.mark.parametrize("state", STATES)
def test_every_state_is_reached_through_the_services(state):
    letter = LetterRequestFactory(state=state)

    assert state_of(letter) == ("ready" if state == "signed" else state)
    assert [e.action for e in audit_trail(letter)] == TRAIL[state]


def test_signed_letter_is_numbered_with_its_pdf_and_token():
    letter = LetterRequestFactory(state="signed")

    assert letter.status == LetterStatus.READY and letter.number and letter.verification_token and letter.pdf
    assert letter.signed_by.role == "village_head" and letter.signed_by.village_id == letter.village_id


def test_from_self_service_the_resident_uploads_and_submits(users, village_a):
    resident = head_of_family(village=village_a)
    started = LetterRequestFactory(resident=resident, channel=Channel.SELF_SERVICE, state="incomplete")
    assert started.status == LetterStatus.INCOMPLETE and not started.attachments.exists()

    letter = walk_to(started, "awaiting_signature")

    assert letter.attachments.count() == len(letter_type().required_attachments)
    assert letter.checked_by == users["village_operator"]
    assert [e.action for e in audit_trail(letter)][-2:] == ["surat.submitted", "surat.verified"]
