"""WhatsApp Business Cloud API over plain HTTP clients.

pywa was considered: it wraps the same endpoints but brings its own webhook server/framework integration and
callback model, which would duplicate our signature check, replay protection and conversation state. The API
surface we need (send text, send template, fetch media) is three HTTP calls, so a plain client keeps it small and
lets tests point WHATSAPP_API_BASE at a local fake server.

Sending, the hot path of a mass notice, goes through urllib3's connection pool (keep-alive, thread-safe, one pool
per process shared by the batched sender's threads); fetching media through httpx, like the other providers.
Measured on this machine (one thread, keep-alive, the fake API in another process): a send cost the client 518 µs
of CPU through httpx and 286 µs through urllib3 — the sender's largest cost per message (benchmarks/outbox.py)."""

from __future__ import annotations

import json
import logging
import threading
from datetime import timedelta

import httpx
import urllib3
from django.utils import timezone
from urllib3.exceptions import ConnectTimeoutError, HTTPError, NewConnectionError

from .. import conf
from ..registry import get_template
from ..services.outbox import (
    DeliveryResult,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    UncertainDeliveryError,
)

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=24)


_clients: dict[tuple, httpx.Client] = {}
_lock = threading.Lock()


def _client() -> httpx.Client:
    key = (conf.whatsapp_api_base(), conf.whatsapp_token(), conf.whatsapp_timeout())
    with _lock:
        client = _clients.get(key)
        if client is None:
            client = httpx.Client(
                base_url=key[0],
                headers={"Authorization": f"Bearer {key[1]}"},
                timeout=httpx.Timeout(key[2], connect=min(5.0, key[2])),
            )
            _clients[key] = client
        return client


_senders: dict[tuple, urllib3.PoolManager] = {}


def _sender() -> tuple[urllib3.PoolManager, dict]:
    """The process's pool for sending (urllib3: thread-safe, keep-alive) and the headers of every send. Never
    retries by itself: a POST that may have arrived is the outbox's to settle (in doubt), not a blind resend."""
    key = (conf.whatsapp_token(), conf.whatsapp_timeout())
    with _lock:
        pool = _senders.get(key)
        if pool is None:
            pool = _senders[key] = urllib3.PoolManager(
                num_pools=4, maxsize=64, block=False, retries=False,
                timeout=urllib3.Timeout(connect=min(5.0, key[1]), read=key[1]))
    return pool, {"Authorization": f"Bearer {key[0]}", "Content-Type": "application/json"}


def _error_text(status: int, body: bytes) -> str:
    try:
        error = json.loads(body).get("error", {})
        return f"HTTP {status}: {error.get('message', '')} (code {error.get('code', '?')})"
    except (ValueError, AttributeError):
        return f"HTTP {status}: {body[:300].decode('utf-8', 'replace')}"


def _post_message(payload: dict) -> str:
    url = f"{conf.whatsapp_api_base()}/{conf.whatsapp_api_version()}/{conf.whatsapp_phone_number_id()}/messages"
    pool, headers = _sender()
    try:
        response = pool.request("POST", url, body=json.dumps(payload).encode(), headers=headers)
    except (NewConnectionError, ConnectTimeoutError) as exc:  # not connected: the request never left
        raise TemporaryDeliveryError(f"WhatsApp API tidak terjangkau: {exc}") from exc
    except HTTPError as exc:  # read timeout, dropped connection: the request may have arrived
        raise UncertainDeliveryError(f"Tidak ada jawaban dari WhatsApp API: {type(exc).__name__}: {exc}") from exc
    status, body = response.status, response.data
    if status == 429 or status >= 500:
        raise TemporaryDeliveryError(_error_text(status, body))
    if status >= 400:
        raise PermanentDeliveryError(_error_text(status, body))
    try:
        return json.loads(body)["messages"][0]["id"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise UncertainDeliveryError(
            f"Jawaban WhatsApp API tidak dikenali: {body[:300].decode('utf-8', 'replace')}") from exc


def send_text(*, to: str, body: str, callback_data: str = "") -> str:
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"body": body[:4096], "preview_url": False},
    }
    if callback_data:
        payload["biz_opaque_callback_data"] = callback_data
    return _post_message(payload)


def send_template(*, to: str, name: str, language: str, params: list[str], callback_data: str = "") -> str:
    template: dict = {"name": name, "language": {"code": language}}
    if params:
        template["components"] = [
            {"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}
        ]
    payload = {"messaging_product": "whatsapp", "to": to, "type": "template", "template": template}
    if callback_data:
        payload["biz_opaque_callback_data"] = callback_data
    return _post_message(payload)


def download_media(media_id: str) -> tuple[bytes, str]:
    """The bytes and MIME type of an inbound photo: first the media URL from the Graph API, then the file. Both
    through WHATSAPP_API_BASE (Meta serves the file from lookaside.fbsbx.com; we only follow absolute URLs on the
    same host as the API, so a forged webhook cannot make us fetch arbitrary addresses)."""
    client = _client()
    meta = client.get(f"/{conf.whatsapp_api_version()}/{media_id}")
    meta.raise_for_status()
    info = meta.json()
    url = info.get("url", "")
    allowed_hosts = {httpx.URL(conf.whatsapp_api_base()).host, "lookaside.fbsbx.com"}
    if not url or httpx.URL(url).host not in allowed_hosts:
        raise ValueError(f"Alamat media tidak diizinkan: {url!r}")
    file_response = client.get(url)
    file_response.raise_for_status()
    return file_response.content, info.get("mime_type") or file_response.headers.get("content-type", "")


def within_window(phone: str) -> bool:
    from ..models import WhatsAppContact

    last = WhatsAppContact.objects.filter(phone=phone).values_list("last_inbound_at", flat=True).first()
    return bool(last and timezone.now() - last < WINDOW)


def windows_open(phones) -> set[str]:
    """Of `phones`, those inside the 24-hour customer-service window (one query)."""
    from ..models import WhatsAppContact

    since = timezone.now() - WINDOW
    return set(WhatsAppContact.objects.filter(phone__in=set(phones), last_inbound_at__gt=since)
               .values_list("phone", flat=True))


def deliver(message) -> DeliveryResult:
    template = get_template(message.event)
    subject, body = template.render(context=message.context, language=message.language)
    if not conf.whatsapp_configured():
        logger.info("WhatsApp (belum dikonfigurasi, hanya dicatat) ke %s: %s", message.address, body)
        return DeliveryResult(provider_message_id=f"console:{message.idempotency_key[:24]}", subject=subject, body=body)
    # The batched sender looks the 24-hour windows of a whole batch up at once (windows_open) and leaves the answer
    # on the message; a single send asks here.
    in_window = getattr(message, "in_whatsapp_window", None)
    if in_window if in_window is not None else within_window(message.address):
        wamid = send_text(to=message.address, body=body, callback_data=message.idempotency_key)
        return DeliveryResult(provider_message_id=wamid, subject=subject, body=body)
    if not template.whatsapp_template:
        raise PermanentDeliveryError(
            f"Di luar jendela 24 jam WhatsApp dan peristiwa {message.event!r} tidak punya templat WhatsApp yang disetujui."
        )
    params = template.whatsapp_parameters(context=message.context, language=message.language)
    wamid = send_template(
        to=message.address,
        name=template.whatsapp_template,
        language=message.language or conf.whatsapp_template_language(),
        params=params,
        callback_data=message.idempotency_key,
    )
    return DeliveryResult(provider_message_id=wamid, subject=subject, body=f"[{template.whatsapp_template}] {body}")
