"""A local HTTP server that plays the Graph API's comment edges for the social replies (tests only).

POST /{version}/{object-id}/comments|replies posts a reply (answers {"id": ...}); GET on the same path lists the
replies posted there. It can fail the next calls with given status codes, and can post a reply and then answer too
late (`slow_posts`: the client times out although the reply is there: the case that would post twice)."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PATH = re.compile(r"^/(v[\d.]+)/([\w.-]+)/(comments|replies)$")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that timed out is part of the test
        pass


class FakeGraph:
    def __init__(self, *, token: str = "page-token", own_id: str = "PAGE-1"):
        self.token, self.own_id = token, own_id
        self.threads: dict[str, list[dict]] = {}  # object id -> replies posted there
        self.failures: list[int] = []
        self.slow_posts = 0  # the next N posts are stored, then answered after `slow_seconds`
        self.slow_seconds = 1.0
        self.posts = 0  # successful POSTs (replies created)
        self.calls = 0
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _json(self, status: int, data: dict) -> None:
                body = json.dumps(data).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass

            def _start(self):
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                match = PATH.match(url.path)
                with fake.lock:
                    fake.calls += 1
                    failure = fake.failures.pop(0) if fake.failures else None
                if failure:
                    self._json(failure, {"error": {"message": "Service temporarily unavailable", "code": 2}})
                    return None, query
                if query.get("access_token", [""])[0] != fake.token:
                    self._json(401, {"error": {"message": "Invalid OAuth access token.", "code": 190}})
                    return None, query
                if not match:
                    self._json(404, {"error": {"message": "Unknown path", "code": 100}})
                    return None, query
                return match, query

            def do_GET(self):  # noqa: N802 - http.server API
                match, _query = self._start()
                if match:
                    with fake.lock:
                        data = list(fake.threads.get(match.group(2), []))
                    self._json(200, {"data": data})

            def do_POST(self):  # noqa: N802 - http.server API
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                match, _query = self._start()
                if not match:
                    return
                message = parse_qs(raw).get("message", [""])[0]
                with fake.lock:
                    fake.posts += 1
                    reply = {
                        "id": f"{match.group(2)}_r{fake.posts}",
                        "message": message,
                        "from": {"id": fake.own_id},
                    }
                    fake.threads.setdefault(match.group(2), []).append(reply)
                    slow = fake.slow_posts > 0
                    fake.slow_posts -= 1 if slow else 0
                if slow:
                    time.sleep(fake.slow_seconds)
                self._json(200, {"id": reply["id"]})

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def replies(self, object_id: str) -> list[dict]:
        with self.lock:
            return list(self.threads.get(object_id, []))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
