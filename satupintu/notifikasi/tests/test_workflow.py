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


@pytest.mark.django_db
def test_a_leased_step_reads_its_row_once():
    """The worker's rare steps lock the row with the lease condition, and the engine does not read it again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from satupintu.notifikasi.models import OutboxMessage
    from satupintu.notifikasi.services.outbox import _apply_leased

    message = OutboxMessageFactory()
    OutboxMessage.objects.filter(pk=message.pk).update(status=S.SENDING, lease_token="t")
    table = OutboxMessage._meta.db_table
    with CaptureQueriesContext(connection) as ctx:
        assert _apply_leased(message.pk, "failed", lease_token="t", changes={"last_error": "ditolak"})
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
    assert len(reads) == 1, reads
    message.refresh_from_db()
    assert message.status == S.FAILED and [e.action for e in audit_trail(message)][-1] == "outbox.failed"
