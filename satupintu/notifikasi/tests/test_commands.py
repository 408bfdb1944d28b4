import io

import pytest
from django.core.management import CommandError, call_command

from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
from satupintu.notifikasi.services import Recipient, notify

pytestmark = pytest.mark.django_db


def test_outbox_worker_once_sends_everything_due(fake_whatsapp):
    for i in range(3):  # queued outside a captured commit: no task ran, only the worker will send them
        notify(event="notifikasi.test", recipients=[Recipient(phone=f"08120000088{i}")],
               context={"site": "S", "name": "A"}, key=f"w{i}")
    out = io.StringIO()
    call_command("outbox_worker", "--once", stdout=out)
    assert out.getvalue().strip() == "sent: 3"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert len(fake_whatsapp.received) == 3


def test_send_test_notification(django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_test_notification", "--phone", "0812 3456 7890", "--email", "uji@example.id", stdout=out)
    assert sorted(OutboxMessage.objects.values_list("channel", flat=True)) == ["email", "whatsapp"]
    assert "6281234567890" in out.getvalue()
    with pytest.raises(CommandError, match="tidak valid"):
        call_command("send_test_notification", "--phone", "12")
