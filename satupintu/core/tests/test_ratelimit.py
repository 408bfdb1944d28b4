"""core.ratelimit on each backend: the local-memory cache (unit tests only), the database (SQLite or PostgreSQL, as the
suite runs) and Redis (skipped only when unreachable and REQUIRE_REDIS is unset)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import checks

from satupintu.core import ratelimit
from satupintu.core.models import RateLimitBucket
from satupintu.core.tests.redis_support import redis_cache  # noqa: F401 - a fixture

PHONE = "6281234567890"
START = 1_800_000_000.0  # 2027-01-15, a multiple of 60 and of 3600: bucket edges fall on round numbers


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    c = Clock(START)
    monkeypatch.setattr(ratelimit, "_clock", c)
    return c


@pytest.fixture(params=["locmem", "database", "redis"])
def backend(request, settings, db):
    if request.param == "locmem":
        from django.core.cache import caches

        settings.RATELIMIT_BACKEND = "cache"
        settings.RATELIMIT_CACHE = "default"
        caches["default"].clear()
    elif request.param == "database":
        settings.RATELIMIT_BACKEND = "database"
    else:
        request.getfixturevalue("redis_cache")
    return request.param


def test_the_limit_holds_and_a_refusal_says_until_when(backend, clock):
    decisions = [ratelimit.consume("t.phone", PHONE, limit=5, window=3600) for _ in range(8)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False] * 3
    assert [d.count for d in decisions] == [1, 2, 3, 4, 5, 5, 5, 5]
    assert decisions[0].retry_after == 0 and decisions[0].remaining == 4
    # The fifth used the last place: it already knows when the next will be allowed, as do the refused ones.
    block_end = START + 360 + 3600  # the attempts' bucket (6 minutes) ends, then the window (1 hour) runs
    for d in decisions[4:]:
        assert d.retry_after == 3960
        assert d.reset_at == dt.datetime.fromtimestamp(block_end, tz=dt.UTC)
        assert d.reset_at.tzinfo is not None


def test_refused_attempts_do_not_push_the_block_further(backend, clock):
    for _ in range(3):
        ratelimit.consume("t.pin", "1", limit=3, window=600)
    first = ratelimit.consume("t.pin", "1", limit=3, window=600)
    clock.now += 300
    for _ in range(20):
        later = ratelimit.consume("t.pin", "1", limit=3, window=600)
    assert not first.allowed and not later.allowed
    assert later.reset_at == first.reset_at
    assert ratelimit.peek("t.pin", "1", limit=3, window=600).count == 3


def test_the_window_slides(backend, clock):
    """Attempts at the end of one hour still count at the start of the next: a fixed window would let 10 through."""
    clock.now = START + 3599
    assert all(ratelimit.consume("t.slide", PHONE, limit=5, window=3600).allowed for _ in range(5))
    clock.now = START + 3601
    refused = ratelimit.consume("t.slide", PHONE, limit=5, window=3600)
    assert not refused.allowed
    # The block ends when the attempts' bucket (6 minutes) plus one window have passed, and not a second earlier.
    clock.now = refused.reset_at.timestamp() - 1
    assert not ratelimit.consume("t.slide", PHONE, limit=5, window=3600).allowed
    clock.now = refused.reset_at.timestamp()
    assert ratelimit.consume("t.slide", PHONE, limit=5, window=3600).allowed


def test_attempts_lapse_oldest_first(backend, clock):
    ratelimit.consume("t.lapse", "k", limit=3, window=100)  # bucket of 10 s: lapses at START + 10 + 100
    clock.now += 50
    ratelimit.consume("t.lapse", "k", limit=3, window=100)
    ratelimit.consume("t.lapse", "k", limit=3, window=100)
    refused = ratelimit.consume("t.lapse", "k", limit=3, window=100)
    assert not refused.allowed and refused.reset_at.timestamp() == START + 110
    clock.now = START + 110
    assert ratelimit.peek("t.lapse", "k", limit=3, window=100).count == 2
    assert ratelimit.consume("t.lapse", "k", limit=3, window=100).allowed
    assert not ratelimit.consume("t.lapse", "k", limit=3, window=100).allowed


def test_peek_does_not_count(backend, clock):
    for _ in range(4):
        assert ratelimit.peek("t.peek", "k", limit=2, window=60).allowed
    ratelimit.consume("t.peek", "k", limit=2, window=60)
    d = ratelimit.peek("t.peek", "k", limit=2, window=60)
    assert d.allowed and d.count == 1
    ratelimit.consume("t.peek", "k", limit=2, window=60)
    d = ratelimit.peek("t.peek", "k", limit=2, window=60)
    assert not d.allowed and d.count == 2 and d.retry_after == 66


def test_scopes_and_keys_are_separate_and_reset_forgets(backend, clock):
    for _ in range(2):
        ratelimit.consume("t.a", "k", limit=2, window=60)
    assert not ratelimit.peek("t.a", "k", limit=2, window=60).allowed
    assert ratelimit.peek("t.b", "k", limit=2, window=60).count == 0
    assert ratelimit.peek("t.a", "other", limit=2, window=60).count == 0
    ratelimit.reset("t.a", "k")
    assert ratelimit.peek("t.a", "k", limit=2, window=60).count == 0
    assert ratelimit.consume("t.a", "k", limit=2, window=60).count == 1


def test_nonsense_limits_are_refused(backend):
    with pytest.raises(ValueError):
        ratelimit.consume("t", "k", limit=0, window=60)
    with pytest.raises(ValueError):
        ratelimit.consume("t", "k", limit=1, window=0)


@pytest.mark.django_db
def test_database_backend_keeps_no_key_in_clear_and_purges(settings, clock):
    settings.RATELIMIT_BACKEND = "database"
    for _ in range(3):
        ratelimit.consume("aduan.phone", PHONE, limit=5, window=60)
    row = RateLimitBucket.objects.get()
    assert (row.scope, row.count) == ("aduan.phone", 3)
    assert PHONE not in row.digest and len(row.digest) == 64
    assert ratelimit.purge_expired() == 0
    RateLimitBucket.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert ratelimit.purge_expired() == 1


def test_redis_backend_keeps_no_key_in_clear(redis_cache, clock):  # noqa: F811
    client, prefix = redis_cache
    ratelimit.consume("aduan.phone", PHONE, limit=5, window=60)
    keys = [k.decode() for k in client.scan_iter(match=f"{prefix}*")]
    assert keys and not any(PHONE in k for k in keys)
    assert all(0 < client.ttl(k) <= 60 + 12 for k in keys)


def test_default_backend_follows_redis_url(settings):
    del settings.RATELIMIT_BACKEND
    settings.REDIS_URL = ""
    assert ratelimit.backend_name() == "database"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    assert ratelimit.backend_name() == "cache"


def test_deploy_check_warns_about_a_per_process_cache(settings):
    settings.RATELIMIT_BACKEND = "cache"
    settings.RATELIMIT_CACHE = "default"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [m.id for m in ratelimit.check_shared_backend()] == ["satupintu.core.W010"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:6379/3"}}
    assert ratelimit.check_shared_backend() == []
    settings.RATELIMIT_BACKEND = "database"
    assert ratelimit.check_shared_backend() == []
    assert ratelimit.check_shared_backend in checks.registry.registry.get_checks(include_deployment_checks=True)


def test_until_text_is_local_indonesian_long_form(settings):
    from django.utils import translation

    moment = dt.datetime(2026, 12, 1, 2, 30, tzinfo=dt.UTC)
    with translation.override("id"):
        assert ratelimit.until_text(moment) == "1 Desember 2026 pukul 09.30 WIB"
    with translation.override("en"):
        assert ratelimit.until_text(moment) == "1 December 2026, 09:30 WIB"
    settings.TIME_ZONE = "Asia/Makassar"
    with translation.override("id"):
        assert ratelimit.until_text(moment) == "1 Desember 2026 pukul 10.30 WITA"


def _settings_in_subprocess(env_extra: dict[str, str], code: str) -> str:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "RATELIMIT_BACKEND", "TRUSTED_PROXY_COUNT"}}
    env.update({"DJANGO_SETTINGS_MODULE": "satupintu.config.settings.production", "SECRET_KEY": "x" * 50, **env_extra})
    result = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                            cwd=Path(__file__).resolve().parents[3], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_trusted_proxy_count_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    assert _settings_in_subprocess({}, code) == "0"
    assert _settings_in_subprocess({"TRUSTED_PROXY_COUNT": "2"}, code) == "2"


def test_production_with_redis_url_counts_in_redis():
    """With REDIS_URL, production's cache is Redis (the redis package is installed) and the limits count there."""
    import uuid

    from satupintu.core.tests.redis_support import REDIS_TEST_URL, redis_or_skip

    redis_or_skip()
    code = ("from django.core.cache import caches; from satupintu.core import ratelimit; "
            "print(type(caches['default']).__name__, ratelimit.backend_name(), "
            f"ratelimit.consume('t.prod', '{uuid.uuid4().hex}', limit=1, window=5).allowed)")
    assert _settings_in_subprocess({"REDIS_URL": REDIS_TEST_URL}, code) == "RedisCache cache True"
