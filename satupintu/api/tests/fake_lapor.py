"""A local HTTP server that behaves like the SP4N-LAPOR! API as the adapter assumes it (adapter.py): OAuth2
client-credentials tokens that expire, an Idempotency-Key on every write (a repeated key returns the first
answer), rate limits (429 with Retry-After), server errors, slow answers, and a change feed. It can be told to fail
the next calls in order: a status code, "slow" (create the report, then answer too late) or "revoke" (forget every
token, as after a key rotation). Thread-safe; one instance per test."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class FakeLapor:
    client_id: str = "satupintu"
    client_secret: str = "rahasia"
    instance: str = "12.18"
    tokens: set[str] = field(default_factory=set)
    reports: dict[str, dict] = field(default_factory=dict)  # lapor id -> the report as received
    by_key: dict[str, tuple[int, dict]] = field(default_factory=dict)  # Idempotency-Key -> (status, answer)
    updates: list[dict] = field(default_factory=list)
    feed: list[dict] = field(default_factory=list)  # the change feed, in order
    plan: list = field(default_factory=list)  # what the next write calls do: 429, 500, 503, "slow", "revoke"
    slow_seconds: float = 1.0
    calls: int = 0
    token_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- the test's side ---------------------------------------------------------------------------------
    def file_there(self, *, title: str, text: str, **extra) -> str:
        """A citizen files a report at the national channel for this regency."""
        with self.lock:
            lapor_id = f"LAPOR-{len(self.reports) + 1:06d}"
            self.reports[lapor_id] = {"judul": title, "isi": text, **extra}
            self.feed.append({"id": lapor_id, "status": "baru", "judul": title, "isi": text, **extra})
        return lapor_id

    def answer_there(self, lapor_id: str, *, status: str, answer: str) -> None:
        with self.lock:
            self.feed.append({"id": lapor_id, "status": status, "tindak_lanjut": answer,
                              "ref_instansi": self.reports[lapor_id].get("ref_instansi", "")})

    def created_refs(self) -> list[str]:
        return [r.get("ref_instansi", "") for r in self.reports.values()]

    # --- the server's side -------------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers, body: bytes):
        self.calls += 1
        url = urlparse(path)
        if method == "POST" and url.path == "/oauth/token":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
                return 401, {"error": "invalid_client"}, {}
            with self.lock:
                self.token_requests += 1
                token = f"tok-{self.token_requests}"
                self.tokens.add(token)
            return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}, {}
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.tokens:
            return 401, {"error": "invalid_token"}, {}
        if method == "GET" and url.path == "/v1/laporan":
            since = int((parse_qs(url.query).get("sejak") or ["0"])[0] or 0)
            return 200, {"data": self.feed[since:], "cursor": str(len(self.feed))}, {}
        if method != "POST":
            return 404, {"error": "not_found"}, {}
        with self.lock:
            step = self.plan.pop(0) if self.plan else None
        if step == "revoke":
            self.tokens.clear()
            return 401, {"error": "invalid_token"}, {}
        if isinstance(step, int):
            return step, {"error": "coba lagi"}, ({"Retry-After": "1"} if step == 429 else {})
        key = headers.get("Idempotency-Key", "")
        if not key:
            return 400, {"error": "Idempotency-Key wajib"}, {}
        payload = json.loads(body or b"{}")
        with self.lock:
            if key in self.by_key:
                status, answer = self.by_key[key]
                return 200, answer, {}
            if url.path == "/v1/laporan":
                lapor_id = f"LAPOR-{len(self.reports) + 1:06d}"
                self.reports[lapor_id] = payload
                answer = {"id": lapor_id, "status": "baru"}
                self.by_key[key] = (201, answer)
            elif url.path.startswith("/v1/laporan/") and url.path.endswith("/tindak-lanjut"):
                lapor_id = url.path.split("/")[3]
                if lapor_id not in self.reports:
                    return 404, {"error": "tidak ada"}, {}
                self.updates.append({"id": lapor_id, **payload})
                answer = {"ok": True}
                self.by_key[key] = (200, answer)
            else:
                return 404, {"error": "not_found"}, {}
        if step == "slow":
            time.sleep(self.slow_seconds)  # created, but the answer comes too late for the client
        return self.by_key[key][0], answer, {}


def serve(fake: FakeLapor):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _do(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, answer, extra = fake.handle(method, self.path, self.headers, body)
            data = json.dumps(answer).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self):
            self._do("GET")

        def do_POST(self):
            self._do("POST")

    server = _QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
