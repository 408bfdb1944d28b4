"""Issue 12 finding 11, in one process: the attempt record decides after a crash whether a message is in doubt.
The two-process kill with real workers is in test_worker_kill.py."""

import time

import pytest
from django.core import mail
from django.utils import timezone

from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
from satupintu.notifikasi.providers import email as email_provider
from satupintu.notifikasi.services import (
    Recipient,
    notify,
    outbox_claim_batch,
    outbox_maintenance,
    outbox_reconcile_status,
    outbox_recover_abandoned,
    outbox_send,
)

pytestmark = pytest.mark.django_db

CTX = {"site": "Satu Pintu", "name": "Ani"}


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it in the sender runs (not caught by `except Exception`)."""


def _actions(message) -> list[str]:
    return [e.action for e in audit_trail(message)]


def test_email_killed_after_the_server_took_it_is_resent_after_the_lease_with_the_same_message_id(
    settings, monkeypatch, users
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.OUTBOX_LEASE_SECONDS = 1.5
    notify(event="notifikasi.test", recipients=[Recipient(email="ani@example.org", name="Ani")], context=CTX, key="m1")
    message = OutboxMessage.objects.get()
    real_deliver = email_provider.deliver

    def deliver_then_die(msg):
        real_deliver(msg)  # the SMTP server accepted it ...
        raise Killed  # ... and the worker died before recording that

    monkeypatch.setattr(email_provider, "deliver", deliver_then_die)
    before = timezone.now()
    with pytest.raises(Killed):
        outbox_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING and message.attempts == 1
    assert message.attempt_started_at is not None and message.attempt_started_at >= before
    monkeypatch.setattr(email_provider, "deliver", real_deliver)

    outbox_maintenance()  # the lease is still running: nothing happens
    assert OutboxMessage.objects.get().status == OutboxStatus.SENDING
    time.sleep(1.6)
    figures = outbox_maintenance()  # in doubt; no status webhook for e-mail, so re-sent at once
    assert figures["recovered"] == 1 and figures["resent"] == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert _actions(message) == ["outbox.in_doubt", "outbox.resend"]
    assert len(mail.outbox) == 2
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert ids == {email_provider.message_id_for(message.idempotency_key)}  # receivers can drop the second


def test_a_message_claimed_but_never_attempted_goes_back_at_once_not_in_doubt():
    for i in range(3):
        notify(event="notifikasi.test", recipients=[Recipient(phone=f"08120000090{i}")], context=CTX, key=f"n{i}")
    assert len(outbox_claim_batch(limit=10)) == 3  # the worker claimed a batch, then died before the first call
    later = timezone.now() + timezone.timedelta(hours=1)
    assert outbox_recover_abandoned(now=later) == 3
    for message in OutboxMessage.objects.all():
        assert message.status == OutboxStatus.QUEUED and message.next_attempt_at == later
        assert message.attempts == 0 and message.attempt_started_at is None
        assert _actions(message) == ["outbox.recovered"]


def test_in_doubt_whatsapp_waits_for_the_window_and_a_failed_status_settles_it(settings, monkeypatch):
    from satupintu.notifikasi.providers import whatsapp as whatsapp_provider

    settings.OUTBOX_LEASE_SECONDS = 0.05
    settings.OUTBOX_RECONCILE_SECONDS = 600
    notify(event="notifikasi.test", recipients=[Recipient(phone="081200000911")], context=CTX, key="w1")
    message = OutboxMessage.objects.get()
    calls = []

    def die(msg):
        calls.append(msg.idempotency_key)
        raise Killed

    monkeypatch.setattr(whatsapp_provider, "deliver", die)
    with pytest.raises(Killed):
        outbox_send(message_id=message.pk)
    time.sleep(0.1)
    outbox_maintenance()
    message.refresh_from_db()
    assert message.status == OutboxStatus.IN_DOUBT
    assert message.next_attempt_at > timezone.now() + timezone.timedelta(seconds=590)
    outbox_maintenance()  # inside the window: not sent again
    assert calls == [message.idempotency_key]

    assert outbox_reconcile_status(idempotency_key=message.idempotency_key, provider_message_id="wamid.X",
                                   status="failed", error="131026: Message undeliverable")
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and "131026" in message.last_error
    assert _actions(message) == ["outbox.in_doubt", "outbox.reconciled"]
    outbox_maintenance(now=timezone.now() + timezone.timedelta(hours=1))
    assert calls == [message.idempotency_key]
