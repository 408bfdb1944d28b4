"""Rate limits counted in one place shared by every process: Redis (through Django's cache) or the database.

    decision = ratelimit.consume("aduan.phone", phone, limit=5, window=3600)
    if not decision.allowed:
        ... tell the user to come back at decision.reset_at (ratelimit.until_text(decision.reset_at))

The window slides, to a tenth of its length: each (scope, key) has a counter per bucket of `window / BUCKETS`
seconds, and an attempt is counted for `window` seconds after the end of its bucket. The count therefore includes every
attempt of the last `window` seconds (and perhaps some of the bucket before): `limit` attempts are never allowed within
any `window` seconds, and a block lasts at most one bucket (a tenth of the window) longer than the exact one. A fixed
window would allow twice the limit across its edge.

Only allowed attempts are counted. `consume` adds one, reads the window and takes its one back if the limit is passed,
so a refused client does not push its own block further out and the time we tell it (`reset_at`) stays true. Under
races this can only refuse too much, never allow too much: of any two concurrent attempts, the one that reads last
sees the other's increment.

Backends (setting RATELIMIT_BACKEND):
- "cache": a Django cache (RATELIMIT_CACHE, default "default"): Redis when REDIS_URL is set. Counters are cache keys
  with an expiry; `add` and `incr` are atomic in Redis. The local-memory cache counts per process: fine for a unit test,
  wrong in production (a deploy check warns).
- "database": the `core.RateLimitBucket` table, one row per key and bucket, counted with one INSERT .. ON CONFLICT
  DO UPDATE (SQLite and PostgreSQL). Called inside a transaction, the count belongs to it (a rolled-back attempt is
  not counted) and concurrent attempts on the same key wait for it.
Default: "cache" when REDIS_URL is set, else "database"; never per-process memory.

Keys are stored as an HMAC of (scope, key) under SECRET_KEY: no phone number, NIK or address in clear, and the short
values cannot be recovered by hashing every possible phone number.
"""

from __future__ import annotations

import math
import random
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .formatting import tanggal_waktu

BUCKETS = 10
MAX_WINDOW = 7 * 24 * 3600  # longer windows are not needed; the cache backend's reset marker lives longer than this
PURGE_CHANCE = 0.01  # the database backend deletes expired rows on about one consume in a hundred
_clock = time.time  # tests move it


@dataclass(frozen=True)
class Decision:
    """The outcome of `consume` or `peek`.

    allowed: this attempt was counted (consume), or another attempt would be now (peek).
    count: attempts counted in the window, this one included if it was allowed.
    retry_after / reset_at: seconds until, and the moment when, another attempt will be allowed: 0 / now while
      there is room; after the attempt that used the last place (count == limit) or a refused one, the end of the
      block. A refused client is told `reset_at`; the time does not move if it keeps trying."""

    allowed: bool
    count: int
    limit: int
    retry_after: int
    reset_at: datetime

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def consume(scope: str, key: str, *, limit: int, window: int) -> Decision:
    """Count one attempt of `key` in `scope` if fewer than `limit` were counted in the last `window` seconds."""
    _check(limit, window)
    now = _clock()
    size = _bucket_seconds(window)
    current = int(now // size)
    backend = _backend()
    digest = _digest(scope, key)
    marker = backend.hit(scope, digest, current, ttl=window + 2 * size)
    counts = backend.counts(digest, marker, _first_live(now, size, window), current)
    total = sum(counts.values())
    allowed = total <= limit
    if not allowed:
        backend.undo(digest, marker, current)
        counts[current] = counts.get(current, 1) - 1
        counts = {bucket: n for bucket, n in counts.items() if n > 0}
        total -= 1
    return _decision(allowed=allowed, total=total, counts=counts, limit=limit, now=now, size=size, window=window)


def peek(scope: str, key: str, *, limit: int, window: int) -> Decision:
    """What `consume` would decide now, without counting anything."""
    _check(limit, window)
    now = _clock()
    size = _bucket_seconds(window)
    backend = _backend()
    digest = _digest(scope, key)
    counts = backend.counts(digest, backend.marker(digest), _first_live(now, size, window), int(now // size))
    total = sum(counts.values())
    return _decision(allowed=total < limit, total=total, counts=counts, limit=limit, now=now, size=size, window=window)


def reset(scope: str, key: str) -> None:
    """Forget every attempt of `key` in `scope` (a successful sign-in, a PIN issued at the counter)."""
    _backend().reset(_digest(scope, key))


def until_text(moment: datetime) -> str:
    """`moment` in the deployment's local time, in the active language: "1 Desember 2026 pukul 09.30 WIB"
    ("1 December 2026, 09:30 WIB"); core.formatting holds the one date style."""
    return tanggal_waktu(moment)


# --- the window ------------------------------------------------------------------------------------------------


def _check(limit: int, window: int) -> None:
    if limit < 1 or not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"rate limit needs limit >= 1 and 1 <= window <= {MAX_WINDOW} s (got {limit}, {window})")


def _bucket_seconds(window: int) -> int:
    return max(1, math.ceil(window / BUCKETS))


def _expires(bucket: int, size: int, window: int) -> float:
    """An attempt in `bucket` counts until `window` seconds after the bucket's end."""
    return (bucket + 1) * size + window


def _first_live(now: float, size: int, window: int) -> int:
    """The oldest bucket still counted at `now`."""
    return math.floor((now - window) / size)  # its expiry is the first one after `now`


def _decision(*, allowed: bool, total: int, counts: dict[int, int], limit: int, now: float, size: int,
              window: int) -> Decision:
    free_at = now
    if total >= limit:
        # Buckets lapse oldest first; another attempt fits once fewer than `limit` remain.
        left = total
        for bucket in sorted(counts):
            if left < limit:
                break
            left -= counts[bucket]
            free_at = _expires(bucket, size, window)
    retry_after = max(0, math.ceil(free_at - now))
    reset_at = datetime.fromtimestamp(now, tz=UTC) + timedelta(seconds=retry_after)
    return Decision(allowed=allowed, count=total, limit=limit, retry_after=retry_after, reset_at=reset_at)


def _digest(scope: str, key: str) -> str:
    return salted_hmac("satupintu.core.ratelimit", f"{scope}\x00{key}", algorithm="sha256").hexdigest()


# --- backends --------------------------------------------------------------------------------------------------


class CacheBackend:
    """Counters as keys of a Django cache. `reset` changes the key's marker (part of every counter's name), since a
    cache cannot list a key's counters to delete them."""

    def __init__(self, alias: str):
        self.cache = caches[alias]

    def _name(self, digest: str, marker: str, bucket: int) -> str:
        return f"rl:{digest}:{marker}:{bucket}"

    def marker(self, digest: str) -> str:
        return self.cache.get(f"rl:{digest}:m") or "0"

    def hit(self, scope: str, digest: str, bucket: int, *, ttl: int) -> str:
        marker = self.marker(digest)
        name = self._name(digest, marker, bucket)
        if not self.cache.add(name, 1, timeout=ttl):
            try:
                self.cache.incr(name)
            except ValueError:  # expired between add and incr: cannot happen within ttl, but be exact
                self.cache.add(name, 1, timeout=ttl)
        return marker

    def counts(self, digest: str, marker: str, first: int, last: int) -> dict[int, int]:
        names = {self._name(digest, marker, b): b for b in range(first, last + 1)}
        return {names[name]: int(value) for name, value in self.cache.get_many(list(names)).items() if int(value) > 0}

    def undo(self, digest: str, marker: str, bucket: int) -> None:
        try:
            self.cache.decr(self._name(digest, marker, bucket))
        except ValueError:
            pass

    def reset(self, digest: str) -> None:
        self.cache.set(f"rl:{digest}:m", secrets.token_hex(8), timeout=MAX_WINDOW * 2)


class DatabaseBackend:
    """Counters as rows of core.RateLimitBucket, counted by one UPSERT (SQLite >= 3.24 and PostgreSQL)."""

    def _table(self) -> str:
        from .models import RateLimitBucket

        return connection.ops.quote_name(RateLimitBucket._meta.db_table)

    def marker(self, digest: str) -> str:
        return ""

    def hit(self, scope: str, digest: str, bucket: int, *, ttl: int) -> str:
        table = self._table()
        expires = timezone.now() + timedelta(seconds=ttl)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (scope, digest, bucket, count, expires_at) VALUES (%s, %s, %s, 1, %s) "  # noqa: S608
                f"ON CONFLICT (digest, bucket) DO UPDATE SET count = {table}.count + 1",
                [scope[:64], digest, bucket, expires],
            )
        if random.random() < PURGE_CHANCE:
            purge_expired()
        return ""

    def counts(self, digest: str, marker: str, first: int, last: int) -> dict[int, int]:
        # Raw SQL: on every web report the ORM's query building cost three times the query itself.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT bucket, count FROM {self._table()} "  # noqa: S608
                "WHERE digest = %s AND bucket >= %s AND bucket <= %s AND count > 0",
                [digest, first, last],
            )
            return dict(cursor.fetchall())

    def undo(self, digest: str, marker: str, bucket: int) -> None:
        from django.db.models import F

        from .models import RateLimitBucket

        RateLimitBucket.objects.filter(digest=digest, bucket=bucket, count__gt=0).update(count=F("count") - 1)

    def reset(self, digest: str) -> None:
        from .models import RateLimitBucket

        RateLimitBucket.objects.filter(digest=digest).delete()


def purge_expired() -> int:
    """Delete the database backend's rows no window counts any more."""
    from .models import RateLimitBucket

    with transaction.atomic():
        deleted, _rows = RateLimitBucket.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def backend_name() -> str:
    name = getattr(settings, "RATELIMIT_BACKEND", "") or ("cache" if getattr(settings, "REDIS_URL", "") else "database")
    if name not in {"cache", "database"}:
        raise ValueError(f"RATELIMIT_BACKEND must be 'cache' or 'database', not {name!r}")
    return name


def _backend() -> CacheBackend | DatabaseBackend:
    if backend_name() == "cache":
        return CacheBackend(getattr(settings, "RATELIMIT_CACHE", "default"))
    return DatabaseBackend()


PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.security, deploy=True)
def check_shared_backend(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A deploy check: rate limits in a per-process cache are multiplied by the number of workers."""
    if backend_name() != "cache":
        return []
    alias = getattr(settings, "RATELIMIT_CACHE", "default")
    cache_backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if cache_backend in PER_PROCESS_CACHES:
        return [checks.Warning(
            f"RATELIMIT_BACKEND='cache' memakai cache {alias!r} ({cache_backend}) yang tidak dibagi antarproses: "
            "setiap worker menghitung sendiri. Setel REDIS_URL atau RATELIMIT_BACKEND='database'.",
            id="satupintu.core.W010",
        )]
    return []
