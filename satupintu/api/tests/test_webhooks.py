"""Outbound webhooks: signed, retried through the outbox, queued once per event and subscription, public data only."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from django.utils import timezone

from satupintu.aduan.tests.factories import ComplaintFactory, walk_to
from satupintu.api import webhooks
from satupintu.api.models import Scope, WebhookEvent
from satupintu.api.services import webhook_subscribe
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
from satupintu.notifikasi.services import outbox_resolve_in_doubt, outbox_send

from .conftest import SECRET_EMAIL, SECRET_NAME, SECRET_PHONE
from .fake_lapor import _QuietServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    """A partner's endpoint: fails as planned, records every request."""
    state = {"plan": [], "received": [], "lock": threading.Lock()}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with state["lock"]:
                step = state["plan"].pop(0) if state["plan"] else 200
                state["received"].append({"headers": dict(self.headers), "body": body})
            if step == "slow":
                import time

                time.sleep(1.0)
                step = 200
            try:
                self.send_response(step)
                self.send_header("Content-Length", "0")
                self.end_headers()
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = _QuietServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.API_WEBHOOK_TIMEOUT = 0.5
    settings.OUTBOX_MAX_ATTEMPTS = 10
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()


def run_outbox(rounds: int = 20) -> list[str]:
    outcomes, now = [], timezone.now()
    for _ in range(rounds):
        now += timedelta(hours=2)
        outbox_resolve_in_doubt(now=now)
        due = list(OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, channel="system")
                   .order_by("pk").values_list("pk", flat=True))
        if not due:
            break
        outcomes += [outbox_send(message_id=pk, now=now) for pk in due]
    return outcomes


def test_deliveries_are_signed_retried_and_never_doubled(receiver, categories, regency, make_key):
    client, _key = make_key(Scope.WEBHOOK)
    sub = webhook_subscribe(client=client, url=receiver["url"], events=[WebhookEvent.REPORT_FILED,
                                                                          WebhookEvent.STATUS_CHANGED])
    receiver["plan"] = [500, 429, "slow"]
    complaint = ComplaintFactory(category=categories["road"], reporter_name=SECRET_NAME, reporter_phone=SECRET_PHONE,
                                 reporter_email=SECRET_EMAIL, title="Jembatan rusak")
    walk_to(complaint, "verified")
    assert OutboxMessage.objects.filter(event=webhooks.EVENT).count() == 2
    outcomes = run_outbox()
    assert outcomes.count("sent") == 2 and "in_doubt" in outcomes
    delivery_ids = [r["headers"]["X-SatuPintu-Delivery"] for r in receiver["received"]]
    assert len(set(delivery_ids)) == 2  # two events; the retries and the re-sent unanswered call carry the same id
    first = receiver["received"][-2] if receiver["received"][-1]["headers"]["X-SatuPintu-Event"] == "aduan.status" \
        else receiver["received"][-1]
    for request in receiver["received"]:
        headers, body = request["headers"], request["body"]
        assert headers["X-SatuPintu-Signature"] == webhooks.signature(sub.secret, headers["X-SatuPintu-Timestamp"], body)
        text = body.decode()
        for secret in (SECRET_NAME, SECRET_PHONE, "6281", SECRET_EMAIL):
            assert secret not in text
    filed = json.loads(first["body"])
    assert filed["event"] == "aduan.dilaporkan" and filed["data"]["code"] == complaint.tracking_code
    assert "title" not in filed["data"]  # not public yet
    status = next(json.loads(r["body"]) for r in receiver["received"]
                  if r["headers"]["X-SatuPintu-Event"] == "aduan.status")
    assert status["data"]["status"] == "verified" and status["data"]["title"] == "Jembatan rusak"
    assert run_outbox() == []  # nothing left, nothing sent twice


def test_only_the_events_asked_for_and_a_bad_signature_is_detectable(receiver, categories, regency, make_key):
    client, _key = make_key(Scope.WEBHOOK)
    sub = webhook_subscribe(client=client, url=receiver["url"], events=[WebhookEvent.STATUS_CHANGED])
    ComplaintFactory(category=categories["road"])  # filed: not asked for
    assert not OutboxMessage.objects.filter(event=webhooks.EVENT).exists()
    assert webhooks.signature(sub.secret, "1", b"{}") != webhooks.signature("lain", "1", b"{}")


def test_gone_endpoint_fails_for_good(receiver, categories, regency, make_key):
    client, _key = make_key(Scope.WEBHOOK)
    webhook_subscribe(client=client, url=receiver["url"], events=[WebhookEvent.REPORT_FILED])
    receiver["plan"] = [410]
    ComplaintFactory(category=categories["road"])
    assert run_outbox() == ["failed"]
    message = OutboxMessage.objects.get(event=webhooks.EVENT)
    assert message.status == OutboxStatus.FAILED and "410" in message.last_error


def test_bulk_auto_close_reaches_partners_through_the_catch_up(receiver, categories, regency, make_key,
                                                               django_capture_on_commit_callbacks):
    from satupintu.aduan.models import Complaint, Status
    from satupintu.aduan.sweep import aduan_sweep
    from satupintu.api.dispatch import events_catch_up
    from satupintu.kalender.services import add_working_days

    assert events_catch_up() == 0  # the first run starts from the newest row: no history replayed
    client, _key = make_key(Scope.WEBHOOK)
    webhook_subscribe(client=client, url=receiver["url"], events=[WebhookEvent.STATUS_CHANGED])
    complaint = walk_to(ComplaintFactory(category=categories["road"]), "answered")
    queued = OutboxMessage.objects.filter(event=webhooks.EVENT).count()
    assert queued == 4  # verified, assigned, in progress, answered: one by one, at once
    with django_capture_on_commit_callbacks(execute=False):
        assert aduan_sweep(today=add_working_days(complaint.deadline, 1))["auto_closed"] == 1
    assert Complaint.objects.get(pk=complaint.pk).status == Status.CLOSED
    assert OutboxMessage.objects.filter(event=webhooks.EVENT).count() == queued  # bulk: no signal
    assert events_catch_up() >= 1
    assert OutboxMessage.objects.filter(event=webhooks.EVENT).count() == queued + 1
    assert events_catch_up() == 0
    run_outbox()
    closed = [json.loads(r["body"]) for r in receiver["received"] if b'"closed"' in r["body"]]
    assert len(closed) == 1 and closed[0]["data"]["open311_status"] == "closed"


def test_the_same_call_queued_twice_is_one_row(categories, regency, make_key):
    from satupintu.notifikasi.services import outbox_call

    first = outbox_call(event=webhooks.EVENT, address="https://mitra.example/hook", context={}, key="k:1")
    again = outbox_call(event=webhooks.EVENT, address="https://mitra.example/hook", context={}, key="k:1")
    assert first is not None and again is None
    assert OutboxMessage.objects.filter(source_key="k:1").count() == 1
