"""Sending through the outbox against a local fake WhatsApp Cloud API and a local SMTP server."""

import time

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus, WhatsAppContact
from satupintu.notifikasi.services import (
    Recipient,
    notify,
    outbox_maintenance,
    outbox_reconcile_status,
    outbox_retry,
)

pytestmark = pytest.mark.django_db

CTX = {"site": "Satu Pintu", "name": "Ani"}


def _drain(max_rounds: int = 50) -> None:
    """What the periodic job does, as often as needed: recover and send everything due (tasks run immediately)."""
    for _ in range(max_rounds):
        if not OutboxMessage.objects.filter(status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING]).exists():
            return
        time.sleep(0.003)  # backoff is 1-2 ms in these tests
        outbox_maintenance()


def _queue(n: int, django_capture_on_commit_callbacks, *, prefix="62812000000", within_window=False):
    phones = [f"{prefix}{i:02d}" for i in range(n)]
    if within_window:
        WhatsAppContact.objects.bulk_create([WhatsAppContact(phone=p, last_inbound_at=timezone.now()) for p in phones])
    with django_capture_on_commit_callbacks(execute=True):
        for i, phone in enumerate(phones):
            notify(event="notifikasi.test", recipients=[Recipient(name=f"Warga {i}", phone=phone)], context=CTX,
                   key=f"test:{i}")
    return phones


def test_text_inside_window_template_outside(fake_whatsapp, django_capture_on_commit_callbacks):
    WhatsAppContact.objects.create(phone="6281200000001", last_inbound_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="notifikasi.test", recipients=[Recipient(phone="081200000001")], context=CTX, key="a")
        notify(event="notifikasi.test", recipients=[Recipient(phone="081200000002")], context=CTX, key="b")
    received = {r.to: r.payload for r in fake_whatsapp.received}
    assert received["6281200000001"]["type"] == "text"
    assert received["6281200000001"]["text"]["body"] == "Halo Ani, ini pesan uji dari Satu Pintu. Jika Anda menerimanya, kanal ini berfungsi."
    template = received["6281200000002"]["template"]
    assert received["6281200000002"]["type"] == "template"
    assert template["name"] == "satupintu_pesan_uji"
    assert template["language"] == {"code": "id"}
    assert template["components"][0]["parameters"] == [{"type": "text", "text": "Ani"}]
    sent = OutboxMessage.objects.get(address="6281200000001")
    assert sent.status == OutboxStatus.SENT
    assert sent.provider_message_id == next(r.wamid for r in fake_whatsapp.received if r.to == "6281200000001")
    assert sent.attempts == 1
    # our idempotency key travels with the message, so delivery statuses can be matched back to it
    assert received["6281200000001"]["biz_opaque_callback_data"] == sent.idempotency_key


def test_outage_then_recovery_delivers_each_message_exactly_once(fake_whatsapp, django_capture_on_commit_callbacks):
    fake_whatsapp.fail_next(6, 500)
    fake_whatsapp.fail_next(4, 429)
    phones = _queue(8, django_capture_on_commit_callbacks, within_window=True)
    assert OutboxMessage.objects.filter(status=OutboxStatus.QUEUED).exists()  # the first tries hit the outage
    assert OutboxMessage.objects.exclude(last_error="").exists()
    _drain()
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    received_to = sorted(r.to for r in fake_whatsapp.received)
    assert received_to == sorted(phones)  # every message arrived, none twice
    keys = [r.callback_data for r in fake_whatsapp.received]
    assert len(keys) == len(set(keys)) == 8
    assert fake_whatsapp.state.requests == 8 + 10  # 10 failed calls, then one success per message


def test_max_attempts_then_failed_visible_and_retry(fake_whatsapp, settings, django_capture_on_commit_callbacks, users):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    fake_whatsapp.fail_next(3, 500)
    _queue(1, django_capture_on_commit_callbacks, within_window=True)
    _drain()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 3
    assert "HTTP 500" in message.last_error and "Service temporarily unavailable" in message.last_error
    assert [e.action for e in audit_trail(message)] == ["outbox.failed"]

    with django_capture_on_commit_callbacks(execute=True):
        outbox_retry(message=message, by=users["regency_admin"])
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(fake_whatsapp.received) == 1
    assert [e.action for e in audit_trail(message)] == ["outbox.failed", "outbox.retry"]


def test_permanent_error_fails_at_once(fake_whatsapp, django_capture_on_commit_callbacks):
    fake_whatsapp.state.token = "another-token"  # our token is now wrong: 401 will not get better by retrying
    _queue(1, django_capture_on_commit_callbacks)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == 1
    assert "HTTP 401" in message.last_error


def test_outside_window_without_template_fails_clearly(fake_whatsapp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="notifikasi.whatsapp_reply", recipients=[Recipient(phone="081200000009")],
               context={"text": "halo", "site": "S"}, key="x")
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.FAILED
    assert "24 jam" in message.last_error
    assert fake_whatsapp.received == []


def test_no_answer_waits_for_the_delivery_status_instead_of_resending(
    fake_whatsapp, settings, django_capture_on_commit_callbacks
):
    """The provider got the message but our worker never saw the answer (read timeout). The message is not sent
    again at once; the delivery status Meta sends (echoing our key) settles it."""
    settings.WHATSAPP_TIMEOUT = 0.2
    fake_whatsapp.state.delay = 0.5
    _queue(1, django_capture_on_commit_callbacks, within_window=True)
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.IN_DOUBT and message.attempts == 1
    assert message.next_attempt_at > timezone.now() + timezone.timedelta(seconds=60)  # reconcile grace period
    fake_whatsapp.state.delay = 0
    outbox_maintenance()  # not due yet: nothing is resent
    time.sleep(0.35)  # let the fake finish recording the slow request
    assert len(fake_whatsapp.received) == 1

    webhook = fake_whatsapp.status_webhook(fake_whatsapp.received[0], status="delivered")
    status = webhook["entry"][0]["changes"][0]["value"]["statuses"][0]
    assert outbox_reconcile_status(idempotency_key=status["biz_opaque_callback_data"], provider_message_id=status["id"],
                                   status=status["status"])
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert message.provider_message_id == fake_whatsapp.received[0].wamid
    assert message.delivery_status == "delivered"
    outbox_maintenance(now=timezone.now() + timezone.timedelta(hours=1))
    assert len(fake_whatsapp.received) == 1


def test_claim_is_exclusive():
    from satupintu.notifikasi.services import outbox_claim

    notify(event="notifikasi.test", recipients=[Recipient(phone="081200000003")], context=CTX, key="c")
    message = OutboxMessage.objects.get()
    first = outbox_claim(message_id=message.pk)
    assert first
    assert outbox_claim(message_id=message.pk) is None  # a second worker gets nothing
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENDING and message.lease_token == first


def test_claim_batch_uses_one_update_per_message(django_capture_on_commit_callbacks):
    from satupintu.notifikasi.services import outbox_claim_batch

    for i in range(5):
        notify(event="notifikasi.test", recipients=[Recipient(phone=f"0812000001{i:02d}")], context=CTX, key=f"b{i}")
    with CaptureQueriesContext(connection) as queries:
        claimed = outbox_claim_batch(limit=10)
    assert len(claimed) == 5
    assert len([q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]) == 5
    assert outbox_claim_batch(limit=10) == []


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_email_through_smtp_server(settings, users, django_capture_on_commit_callbacks):
    """Django's SMTP backend to a real (local) SMTP server."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message as MessageHandler

    received = []

    class Collect(MessageHandler):
        def handle_message(self, message):
            received.append(message)

    controller = Controller(Collect(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        user = users["citizen"]
        user.email = "ani@example.id"
        user.phone = ""
        user.save()
        with django_capture_on_commit_callbacks(execute=True):
            notify(event="notifikasi.test", recipients=[Recipient(user=user)], context=CTX, key="mail:1")
    finally:
        controller.stop()
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.SENT, message.last_error
    assert len(received) == 1
    assert received[0]["To"] == "ani@example.id"
    assert received[0]["Subject"] == "Pesan uji dari Satu Pintu"
    assert received[0]["Message-ID"].strip() == f"<{message.idempotency_key}@satupintu.local>"
    assert "Halo Ani" in received[0].get_payload(decode=True).decode()


def test_email_server_down_is_retried(settings, users, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on discard
    settings.EMAIL_TIMEOUT = 1
    user = users["citizen"]
    user.email = "ani@example.id"
    user.phone = ""
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(event="notifikasi.test", recipients=[Recipient(user=user)], context=CTX, key="mail:2")
    message = OutboxMessage.objects.get()
    assert message.status == OutboxStatus.QUEUED
    assert "Server surel tidak dapat dihubungi" in message.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    message.next_attempt_at = timezone.now()
    message.save()
    outbox_maintenance()
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_abandoned_message_is_recovered_after_the_lease():
    from satupintu.notifikasi.services import outbox_claim, outbox_recover_abandoned

    notify(event="notifikasi.test", recipients=[Recipient(phone="081200000004")], context=CTX, key="d")
    message = OutboxMessage.objects.get()
    assert outbox_claim(message_id=message.pk)
    assert outbox_recover_abandoned() == 0  # the lease is still running
    later = timezone.now() + timezone.timedelta(hours=1)
    assert outbox_recover_abandoned(now=later) == 1
    message.refresh_from_db()
    assert message.status == OutboxStatus.QUEUED and message.lease_token == ""


def test_a_worker_whose_claim_was_recovered_sends_nothing(fake_whatsapp):
    from satupintu.notifikasi.services import (
        outbox_claim_batch,
        outbox_recover_abandoned,
        outbox_send_claimed,
    )

    notify(event="notifikasi.test", recipients=[Recipient(phone="081200000005")], context=CTX, key="slow")
    [(message_id, token)] = outbox_claim_batch(limit=10)
    # the worker stalls longer than its lease; the periodic job recovers the message ...
    assert outbox_recover_abandoned(now=timezone.now() + timezone.timedelta(hours=1)) == 1
    # ... and when the stalled worker comes back to it, it is no longer its message
    assert outbox_send_claimed(message_id=message_id, token=token) == "skipped"
    assert fake_whatsapp.received == []


def test_a_broken_context_fails_at_once_with_the_reason(fake_whatsapp):
    from satupintu.notifikasi.services import outbox_send

    message = OutboxMessage.objects.create(event="notifikasi.test", channel="whatsapp", address="6281200000006",
                                           context={"site": "S"}, idempotency_key="k" * 64)
    assert outbox_send(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and "'name'" in message.last_error
    assert fake_whatsapp.received == []


def test_database_task_backend_queues_the_task_in_the_same_transaction(settings):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        notify(event="notifikasi.test", recipients=[Recipient(phone="081200000021")], context=CTX, key="tx:1")
        # written with the message, before any commit: no on-commit callback is needed to queue it
        assert DBTaskResult.objects.count() == 1
        transaction.set_rollback(True)
    assert not OutboxMessage.objects.exists() and not DBTaskResult.objects.exists()  # never one without the other

    with transaction.atomic():
        [message] = notify(event="notifikasi.test", recipients=[Recipient(phone="081200000022")], context=CTX,
                           key="tx:2")
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("send_outbox_message") and message.pk in task.args_kwargs["args"]


def test_a_failed_enqueue_in_the_transaction_keeps_the_message_for_the_periodic_job(settings, monkeypatch, caplog):
    """No savepoint around the in-transaction enqueue: an error before the task row is written is logged, the caller's
    transaction commits the message, and outbox_maintenance queues it later."""
    from django.db import transaction
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def broken(self, task):
        raise RuntimeError("queue misconfigured")

    monkeypatch.setattr(DatabaseBackend, "validate_task", broken)
    with transaction.atomic():
        [message] = notify(event="notifikasi.test", recipients=[Recipient(phone="081200000023")], context=CTX,
                           key="tx:3")
    assert OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.QUEUED).exists()
    assert not DBTaskResult.objects.exists()
    assert "periodic job will retry" in caplog.text

    monkeypatch.undo()  # the queue works again
    assert outbox_maintenance()["enqueued"] == 1
    assert message.pk in DBTaskResult.objects.get().args_kwargs["args"]


def test_the_opt_out_is_checked_when_sending(fake_whatsapp, django_capture_on_commit_callbacks):
    """A message written for an address that has opted out (notify does not look; a transaction that began before
    the opt-out could not have seen it anyway) is cancelled and audited just before sending and never reaches the
    provider; the confirmation of the opt-out itself, marked ignore_opt_out, goes out."""
    from satupintu.notifikasi.services import channel_opt_out
    from satupintu.notifikasi.services.outbox import _notify

    channel_opt_out(channel="whatsapp", address="6281200000031", reason="BERHENTI")
    with django_capture_on_commit_callbacks(execute=True):
        [after] = notify(event="notifikasi.test", recipients=[Recipient(phone="081200000031")], context=CTX,
                         key="optout:1")
        [confirmation] = _notify(event="notifikasi.test", recipients=[Recipient(phone="081200000031")], context=CTX,
                                 key="optout:confirm", respect_opt_out=False)
    after.refresh_from_db()
    assert after.status == OutboxStatus.CANCELLED and after.last_error == "Penerima berhenti berlangganan."
    assert [e.action for e in audit_trail(after)] == ["outbox.cancelled"]
    confirmation.refresh_from_db()
    assert confirmation.status == OutboxStatus.SENT and confirmation.ignore_opt_out
    assert [r.callback_data for r in fake_whatsapp.received] == [confirmation.idempotency_key]
