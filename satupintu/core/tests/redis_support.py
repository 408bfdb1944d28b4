"""Redis for tests: the one at 127.0.0.1:6379 (REDIS_TEST_URL), each test under its own key prefix so parallel runs
never share counters. Redis tests are skipped only when Redis is unreachable and REQUIRE_REDIS is unset."""

from __future__ import annotations

import os
import uuid

import pytest

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/3")


def redis_or_skip():
    """A client of the test Redis; skips (or fails with REQUIRE_REDIS=1) when none answers."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but Redis at {REDIS_TEST_URL} is unreachable: {exc}")
        pytest.skip(f"Redis at {REDIS_TEST_URL} is unreachable (set REQUIRE_REDIS=1 to fail instead)")
    return client


def unique_prefix() -> str:
    return f"sp-test-{uuid.uuid4().hex[:12]}"


def delete_prefixed(client, prefix: str) -> None:
    for key in client.scan_iter(match=f"{prefix}*", count=500):
        client.delete(key)


@pytest.fixture
def redis_cache(settings):
    """Point the rate limiter at Redis (cache alias "ratelimit") under a fresh key prefix; the keys go afterwards.
    Yields (client, prefix)."""
    client = redis_or_skip()
    prefix = unique_prefix()
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": prefix,
        },
    }
    settings.RATELIMIT_BACKEND = "cache"
    settings.RATELIMIT_CACHE = "ratelimit"
    yield client, prefix
    delete_prefixed(client, prefix)
