import pytest
from django.core import mail

from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import Channel, OutboxStatus
from satupintu.notifikasi.tests.factories import PATHS, OutboxMessageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", PATHS)
def test_every_state_through_the_outbox_services(state):
    message = OutboxMessageFactory(state=state)

    assert message.status == state and message.channel == Channel.EMAIL
    assert (len(mail.outbox) == 1) == (state == "sent")


def test_whatsapp_message_cancelled_is_audited():
    message = OutboxMessageFactory(channel=Channel.WHATSAPP, state="cancelled")

    assert message.status == OutboxStatus.CANCELLED and message.address.startswith("62812")
    assert [e.action for e in audit_trail(message)] == ["outbox.cancel"]
