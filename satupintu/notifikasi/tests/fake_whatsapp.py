"""A local HTTP server that plays the WhatsApp Business Cloud API (Graph API) for tests and the benchmark.

It records every message it accepts, answers like the real API, serves media, and can be told to fail the next N
calls with 500 or 429, or to wait before answering. Thread-safe; one instance per test."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MESSAGES_PATH = re.compile(r"^/(v[\d.]+)/(\w+)/messages$")
MEDIA_META_PATH = re.compile(r"^/(v[\d.]+)/([\w.-]+)$")
MEDIA_FILE_PATH = re.compile(r"^/media-files/([\w.-]+)$")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # many senders open their keep-alive connections at once (benchmarks/outbox.py)

    def handle_error(self, request, client_address):
        # A client that went away (a killed worker, a timed-out request) is part of what we test; not noise.
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class Received:
    wamid: str
    payload: dict
    received_at: float  # time.time() when the request arrived

    @property
    def to(self) -> str:
        return self.payload.get("to", "")

    @property
    def text(self) -> str:
        return self.payload.get("text", {}).get("body", "")

    @property
    def callback_data(self) -> str:
        return self.payload.get("biz_opaque_callback_data", "")


@dataclass
class FakeState:
    token: str = "test-token"
    phone_number_id: str = "1234567890"
    received: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # status codes for the next calls, consumed in order
    delay: float = 0.0
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # hold_after=n: requests after the n-th are held unanswered until `released` is set (a worker stuck mid-send);
    # `held` lists (time.time() on arrival, biz_opaque_callback_data) of each held request.
    hold_after: int | None = None
    held: list[tuple[float, str]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)


class FakeWhatsApp:
    def __init__(self, *, token: str = "test-token", phone_number_id: str = "1234567890"):
        self.state = FakeState(token=token, phone_number_id=phone_number_id)
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # One write per response and no Nagle: otherwise delayed ACKs add ~40 ms to every keep-alive call,
            # which would measure the fake, not the outbox.
            wbufsize = 65536
            disable_nagle_algorithm = True

            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, data: dict) -> None:
                self._send(status, json.dumps(data).encode())

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") != f"Bearer {state.token}":
                    self._json(401, {"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                               "code": 190}})
                    return False
                return True

            def do_POST(self):  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                with state.lock:
                    state.requests += 1
                    failure = state.failures.pop(0) if state.failures else None
                    delay = state.delay
                    hold = state.hold_after is not None and state.requests > state.hold_after
                    if hold:
                        try:
                            key = json.loads(raw).get("biz_opaque_callback_data", "")
                        except (ValueError, AttributeError):
                            key = ""
                        state.held.append((time.time(), key))
                if hold:
                    state.released.wait(timeout=120)
                if delay:
                    time.sleep(delay)
                if not self._authorised():
                    return
                match = MESSAGES_PATH.match(self.path)
                if not match or match.group(2) != state.phone_number_id:
                    return self._json(404, {"error": {"message": "Unknown path", "code": 100}})
                if failure == 429:
                    return self._json(429, {"error": {"message": "(#130429) Rate limit hit", "code": 130429}})
                if failure is not None:
                    return self._json(failure, {"error": {"message": "Service temporarily unavailable", "code": 2}})
                try:
                    payload = json.loads(raw)
                except ValueError:
                    return self._json(400, {"error": {"message": "Invalid JSON", "code": 100}})
                if payload.get("messaging_product") != "whatsapp" or not payload.get("to"):
                    return self._json(400, {"error": {"message": "(#100) Invalid parameter", "code": 100}})
                wamid = "wamid.HBgN" + uuid.uuid4().hex.upper()
                with state.lock:
                    state.received.append(Received(wamid=wamid, payload=payload, received_at=time.time()))
                self._json(200, {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                    "messages": [{"id": wamid}],
                })

            def do_GET(self):  # noqa: N802
                if not self._authorised():
                    return
                file_match = MEDIA_FILE_PATH.match(self.path)
                if file_match:
                    media = state.media.get(file_match.group(1))
                    if media is None:
                        return self._json(404, {"error": {"message": "Not found", "code": 100}})
                    return self._send(200, media[0], media[1])
                meta_match = MEDIA_META_PATH.match(self.path)
                if meta_match and meta_match.group(2) in state.media:
                    media_id = meta_match.group(2)
                    content, mime = state.media[media_id]
                    host, port = self.server.server_address[:2]
                    return self._json(200, {
                        "messaging_product": "whatsapp", "id": media_id, "mime_type": mime,
                        "file_size": len(content), "url": f"http://{host}:{port}/media-files/{media_id}",
                    })
                return self._json(404, {"error": {"message": "Unsupported get request", "code": 100}})

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeWhatsApp:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, n: int, status: int = 500) -> None:
        with self.state.lock:
            self.state.failures.extend([status] * n)

    def add_media(self, media_id: str, content: bytes, mime: str = "image/jpeg") -> None:
        self.state.media[media_id] = (content, mime)

    @property
    def received(self) -> list[Received]:
        with self.state.lock:
            return list(self.state.received)

    def texts_to(self, phone: str) -> list[str]:
        return [r.text for r in self.received if r.to == phone]

    def status_webhook(self, received: Received, *, status: str = "sent", phone_number_id: str | None = None) -> dict:
        """The delivery-status webhook Meta would POST for a message we accepted, echoing biz_opaque_callback_data."""
        status_obj = {"id": received.wamid, "status": status, "timestamp": str(int(received.received_at)),
                      "recipient_id": received.to}
        if received.callback_data:
            status_obj["biz_opaque_callback_data"] = received.callback_data
        return {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6281100000000", "phone_number_id": phone_number_id or self.state.phone_number_id},
            "statuses": [status_obj]}}]}]}


def main() -> None:  # pragma: no cover - handy for manual runs: python -m satupintu.notifikasi.tests.fake_whatsapp
    fake = FakeWhatsApp().start()
    print(f"Fake WhatsApp Cloud API at {fake.base_url} (token {fake.state.token})")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
