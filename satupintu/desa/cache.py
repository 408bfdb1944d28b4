"""Public pages are cached per village under a version number that every change bumps.

Keys look like `desa:page:<village code>:v<version>:<page>`. A change in a village bumps that village's version and
the regency version (the portal shows every village's news). Bumping happens at once and again after commit, so a
reader between the two cannot leave the old content under the new version. Only the page content is cached; the
frame around it (navigation, CSRF token, signed-in user) is rendered fresh for every request."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

PAGE_TTL = 600  # seconds; also bounded by the next scheduled publication, see `cached`
REGENCY = "_kab"
# The regency's own content (the Media Center: its articles, galleries): a village's or an agency's change does not
# touch it, so the portal home's Media Center fragment outlives the many village edits of a day.
MEDIA = "_media"


def _version_key(scope: str) -> str:
    return f"desa:ver:{scope}"


def version(scope: str) -> int:
    value = cache.get(_version_key(scope))
    if value is None:
        # Start from the clock so that a cache restart never reuses a version that old entries were stored under.
        value = int(timezone.now().timestamp() * 1000)
        cache.add(_version_key(scope), value, None)
        value = cache.get(_version_key(scope), value)
    return value


def _bump(scope: str) -> None:
    try:
        cache.incr(_version_key(scope))
    except ValueError:
        cache.set(_version_key(scope), int(timezone.now().timestamp() * 1000), None)


def bump_village(village_code: str) -> None:
    for scope in (village_code, REGENCY):
        _bump(scope)
        transaction.on_commit(lambda scope=scope: _bump(scope))


def page_key(scope: str, name: str) -> str:
    return f"desa:page:{scope}:v{version(scope)}:{name}"


def cached(request, scope: str, name: str, build: Callable[[], dict], *, next_change: Callable[[], datetime | None]
           | None = None) -> dict:
    """Return build()'s result, from the cache for anonymous visitors.

    Signed-in users always get fresh content (operators check their edits). `next_change` gives the next scheduled
    publication time in this scope; the entry expires by then so scheduled articles appear on time."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return build()
    key = page_key(scope, name)
    hit = cache.get(key)
    if hit is not None:
        return hit
    value = build()
    ttl = PAGE_TTL
    if next_change is not None:
        upcoming = next_change()
        if upcoming is not None:
            ttl = max(1, min(ttl, int((upcoming - timezone.now()).total_seconds()) + 1))
    cache.set(key, value, ttl)
    return value


HOSTS_KEY = "desa:hosts:v2"  # {host: site path prefix}; v1 held village slugs only


def bump_hosts() -> None:
    cache.delete(HOSTS_KEY)


def bump_scope(scope: str) -> None:
    """An agency's or the regency's site changed: its scope and the regency's (the portal home shows all); the
    regency's own content also its Media Center scope."""
    for s in {scope, REGENCY} | ({MEDIA} if scope == REGENCY else set()):
        _bump(s)
        transaction.on_commit(lambda s=s: _bump(s))
