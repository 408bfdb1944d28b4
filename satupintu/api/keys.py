"""API keys and per-key rate limits.

A key is `sp_` + 43 url-safe characters (32 random bytes). It travels in the `X-API-Key` header (or
`Authorization: Bearer <key>`; Open311 clients send `api_key` as a parameter). Only its SHA-256 is stored.
Requests without a key read public data under a per-address limit; with a key they count against the key's own
limit (`ApiClient.rate_limit` per hour), in the shared limiter (core/ratelimit: Redis or the database)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core import ratelimit
from satupintu.core.memo import Memo
from satupintu.core.request_context import client_ip

from .errors import ApiError
from .models import ApiClient

KEY_PREFIX = "sp_"
WINDOW = 3600


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def key_new() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def anonymous_limit() -> int:
    return int(getattr(settings, "API_ANONYMOUS_RATE_LIMIT", 600))


@dataclass(frozen=True)
class Caller:
    """Who is calling: a partner's client (with its scopes) or an anonymous address."""

    client: ApiClient | None
    ip: str

    def has_scope(self, scope: str) -> bool:
        return self.client is not None and self.client.has_scope(scope)

    def require(self, scope: str) -> ApiClient:
        if self.client is None:
            raise ApiError(401, "kunci_diperlukan", _("Permintaan ini memerlukan kunci API (header X-API-Key)."))
        if not self.client.has_scope(scope):
            raise ApiError(403, "cakupan_kurang", _("Kunci API ini tidak memiliki cakupan “%(scope)s”.")
                           % {"scope": scope})
        return self.client


def key_from_request(request, *, param: str = "") -> str | None:
    key = request.headers.get("X-API-Key")
    if not key:
        auth = request.headers.get("Authorization", "")
        if auth[:7].lower() == "bearer ":
            key = auth[7:].strip()
    if not key and param:
        key = request.POST.get(param) or request.GET.get(param)
    return (key or "").strip() or None


# Active clients by key hash, per process for KEY_MEMO_SECONDS: every API request needs its client, and keys change
# a few times a year. Saving a client here (a revocation, new scopes) clears it at once (apps.py); other processes
# follow within the minute. Unknown keys are never kept (junk cannot grow it).
KEY_MEMO_SECONDS = 60
clients_memo = Memo("api-clients", seconds=KEY_MEMO_SECONDS)


def client_for_key(raw: str) -> ApiClient | None:
    if not raw.startswith(KEY_PREFIX) or len(raw) > 100:
        return None
    digest = key_hash(raw)
    return clients_memo.get(digest, lambda: ApiClient.objects.select_related("user").filter(
        key_hash=digest, is_active=True).first())


def authenticate(request, *, key: str | None) -> Caller:
    """The caller of this request, counted against its rate limit. Raises ApiError 401 for an unknown or revoked
    key (a wrong key is never silently treated as anonymous) and 429 past the limit, with Retry-After."""
    ip = client_ip(request) or "unknown"
    client = None
    if key:
        client = client_for_key(key)
        if client is None:
            raise ApiError(401, "kunci_tidak_valid", _("Kunci API tidak dikenal atau sudah dicabut."))
        decision = ratelimit.consume("api.key", str(client.pk), limit=client.rate_limit, window=WINDOW)
    else:
        decision = ratelimit.consume("api.anon", ip, limit=anonymous_limit(), window=WINDOW)
    if not decision.allowed:
        raise ApiError(
            429, "batas_permintaan",
            _("Batas permintaan terlampaui. Coba lagi setelah %(until)s.") % {"until": ratelimit.until_text(decision.reset_at)},
            headers={"Retry-After": str(max(1, decision.retry_after))},
        )
    if client is not None and (client.last_used_at is None
                               or (timezone.now() - client.last_used_at).total_seconds() > 300):
        # At most one write per key every five minutes: "when was this key last used" needs no more.
        client.last_used_at = timezone.now()  # also on the process's memoised copy: one write per five minutes
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=client.last_used_at)
    request.api_rate = decision
    return Caller(client=client, ip=ip)


def rate_headers(response, request) -> None:
    decision = getattr(request, "api_rate", None)
    if decision is not None:
        response["X-RateLimit-Limit"] = str(decision.limit)
        response["X-RateLimit-Remaining"] = str(decision.remaining)


