"""Fixed-window counters in the Django cache (Redis in production, shared by every web process)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

# (max submissions, window in seconds); override in settings as ADUAN_RATE_LIMIT_IP / ADUAN_RATE_LIMIT_PHONE.
DEFAULT_IP = (10, 3600)
DEFAULT_PHONE = (5, 3600)


def _hit(kind: str, value: str, limit: tuple[int, int]) -> bool:
    """Count one attempt; False once the window's limit is passed."""
    maximum, window = limit
    key = f"aduan:rl:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= maximum


def allow_submission(*, ip: str | None, phone: str) -> bool:
    ok = True
    if ip:
        ok = _hit("ip", ip, getattr(settings, "ADUAN_RATE_LIMIT_IP", DEFAULT_IP)) and ok
    if phone:
        ok = _hit("phone", phone, getattr(settings, "ADUAN_RATE_LIMIT_PHONE", DEFAULT_PHONE)) and ok
    return ok
