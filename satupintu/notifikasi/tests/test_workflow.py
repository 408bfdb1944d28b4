"""The outbox's table of moves (notifikasi/workflow.py) is the one the services follow."""

import pytest

from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import OutboxStatus
from satupintu.notifikasi.services import OutboxTransitionError, outbox_cancel, outbox_retry
from satupintu.notifikasi.tests.factories import OutboxMessageFactory
from satupintu.notifikasi.workflow import OUTBOX

S = OutboxStatus


def test_every_state_is_reached_and_nothing_leaves_sent_or_cancelled():
    targets = {t.target for t in OUTBOX.transitions.values() if t.target}
    targets |= {target for t in OUTBOX.transitions.values() for _, ts in t.moves for target in ts}
    assert targets | {S.QUEUED} == set(S.values)
    for name, t in OUTBOX.transitions.items():
        assert S.CANCELLED not in t.sources, name
        assert S.SENT not in t.sources or name == "sent", name  # a late record of a send a status already settled


@pytest.mark.django_db
def test_a_move_the_table_lacks_is_refused_with_the_same_message():
    message = OutboxMessageFactory(state="cancelled")

    with pytest.raises(OutboxTransitionError, match="Pesan berstatus Dibatalkan tidak dapat diubah menjadi Dalam antrean"):
        outbox_retry(message=message)
    with pytest.raises(OutboxTransitionError, match="tidak dapat diubah menjadi Dibatalkan"):
        outbox_cancel(message=message)
    message.refresh_from_db()
    assert message.status == S.CANCELLED
    assert [e.action for e in audit_trail(message)] == ["outbox.cancel"]
