"""Look-ups by a personal number (NIK, KK number) without the number in a URL.

A URL's query string is written to access logs (the reverse proxy's, gunicorn's), browser history and Referer
headers, so a NIK typed into a GET form would end up in all of them. Such a look-up is POSTed
instead; the view keeps what was asked in the user's session under a short-lived random token and redirects to
``?cari=<token>`` (POST/redirect/GET: reload, back and pagination work, and the address holds nothing personal).
The token means something only in the session that made it and for TTL_SECONDS; the results are fetched, with the
permission check, on every GET."""

from __future__ import annotations

import secrets
import time
from typing import Any

PARAM = "cari"
SESSION_KEY = "satupintu_lookups"
TTL_SECONDS = 30 * 60
MAX_KEPT = 20  # per session; the oldest go first


def lookup_store(request, data: dict[str, Any]) -> str:
    """Keep `data` (JSON-serialisable) for this session and return the token that names it."""
    now = time.time()
    kept = {
        token: entry for token, entry in request.session.get(SESSION_KEY, {}).items()
        if now - entry.get("at", 0) < TTL_SECONDS
    }
    token = secrets.token_urlsafe(12)
    kept[token] = {"at": now, "data": data}
    if len(kept) > MAX_KEPT:
        kept = dict(sorted(kept.items(), key=lambda item: item[1]["at"])[-MAX_KEPT:])
    request.session[SESSION_KEY] = kept
    return token


def lookup_load(request, token: str | None = None) -> dict[str, Any] | None:
    """The data stored under `token` (default: the ``cari`` query parameter) in this session, or None when there is
    none, it belongs to another session, or it has expired."""
    token = token if token is not None else request.GET.get(PARAM, "")
    if not token:
        return None
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or time.time() - entry.get("at", 0) >= TTL_SECONDS:
        return None
    return entry["data"]
