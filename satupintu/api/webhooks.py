"""Outbound webhooks for partners: a POST of a small JSON document to each subscribed URL when a report is filed
or its public status changes.

Every delivery is an outbox call (notifikasi, channel "system", event "api.webhook") queued in the transaction of
the step, keyed by subscription and timeline row: never queued twice, sent by one worker at a time, retried with
backoff on 429/5xx/network errors, given up on other 4xx (visible in the outbox). The body is fixed when queued
(what was true at the step). Headers: `X-SatuPintu-Event`, `X-SatuPintu-Delivery` (the same on every retry: a
receiver that stores it sees each delivery once even when an unanswered call is re-sent),
`X-SatuPintu-Timestamp` and `X-SatuPintu-Signature: sha256=<hex>` = HMAC-SHA256 of "<timestamp>.<body>" keyed with
the subscription's secret.

Only what the public pages show: for a report not (yet) public, its code, kind and status; the title only once
public; never the reporter."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import httpx
from django.conf import settings

from satupintu.core.links import absolute_url
from satupintu.core.memo import Memo
from satupintu.notifikasi.services import (
    DeliveryResult,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    UncertainDeliveryError,
    outbox_call,
)

from .models import WebhookEvent, WebhookSubscription

EVENT = "api.webhook"
subscriptions_memo = Memo("api-webhooks", seconds=60)


def _subscriptions() -> list[tuple[int, str, tuple[str, ...]]]:
    return subscriptions_memo.get("active", lambda: [
        (pk, url, tuple(events)) for pk, url, events in WebhookSubscription.objects.filter(
            is_active=True, client__is_active=True).values_list("pk", "url", "events")
    ])


def _data(complaint, event) -> dict:
    from satupintu.aduan.models import CLOSED_STATES

    data = {
        "code": complaint.tracking_code, "kind": complaint.kind, "status": complaint.status,
        "status_label": str(complaint.get_status_display()),
        "open311_status": "closed" if complaint.status in CLOSED_STATES else "open",
        "step": event.get_label() if event.is_public else "",
        "url": absolute_url(complaint.get_absolute_url()),
    }
    if complaint.is_public:
        from .selectors import redact

        data["title"] = redact(complaint.title)
    return data


def on_complaint_event(event) -> None:
    """Queue the deliveries of one timeline row (signal, in the transaction of the step)."""
    if event.action == "submit":
        name = WebhookEvent.REPORT_FILED
    elif event.is_public and event.from_status != event.to_status:
        name = WebhookEvent.STATUS_CHANGED
    else:
        return
    wanted = [(pk, url) for pk, url, events in _subscriptions() if name in events]
    if not wanted:
        return
    complaint = event.complaint
    body = {"event": str(name), "occurred_at": event.created_at.isoformat(), "data": _data(complaint, event)}
    for pk, url in wanted:
        outbox_call(event=EVENT, address=url, context={"subscription": pk, "body": body},
                    key=f"webhook:{pk}:{event.pk}", name=f"webhook {pk}")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def deliver(message) -> DeliveryResult:
    sub = WebhookSubscription.objects.filter(pk=message.context["subscription"], is_active=True).first()
    if sub is None:
        raise PermanentDeliveryError("Langganan webhook sudah dinonaktifkan.")
    body = json.dumps({"id": message.idempotency_key, **message.context["body"]}, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json", "User-Agent": "SatuPintu-Webhook/1",
        "X-SatuPintu-Event": message.context["body"]["event"], "X-SatuPintu-Delivery": message.idempotency_key,
        "X-SatuPintu-Timestamp": timestamp, "X-SatuPintu-Signature": signature(sub.secret, timestamp, body),
    }
    try:
        response = httpx.post(sub.url, content=body, headers=headers,
                              timeout=float(getattr(settings, "API_WEBHOOK_TIMEOUT", 10)))
    except (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise UncertainDeliveryError(f"Webhook tidak menjawab: {type(exc).__name__}") from exc
    except httpx.HTTPError as exc:
        raise TemporaryDeliveryError(f"Webhook tidak dapat dihubungi: {type(exc).__name__}: {exc}") from exc
    if response.status_code == 429 or response.status_code >= 500:
        raise TemporaryDeliveryError(f"Webhook HTTP {response.status_code}")
    if response.status_code >= 400:
        raise PermanentDeliveryError(f"Webhook menolak: HTTP {response.status_code}")
    return DeliveryResult(provider_message_id=f"webhook:{sub.pk}:{response.status_code}", body=body.decode())
