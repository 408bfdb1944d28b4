"""Bad input gets a clear error, never a 500: every URL of the platform, fetched and posted to with junk by an
anonymous visitor and by a citizen, answers below 500."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

JUNK_QUERY = "?q=%27%22%3Cscript%3E&page=-1&status=zzz&year=abcd&village=..%2F..&category=999999999999&period=x&sort=%00"
JUNK_VALUES = {"int": "999999", "slug": "tidak-ada", "str": "TIDAK-ADA-<x>", "uuid": "00000000-0000-0000-0000-000000000000", "path": "a/b"}
SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/")


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes (none expected); skip rather than guess
    def fill(match):
        converter = match.group(1) or "str"
        return JUNK_VALUES.get(converter, "x")
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def _urls():
    seen = []
    for route, _ in _walk(get_resolver()):
        if route.startswith(SKIP_PREFIXES):
            continue
        url = _concrete(route)
        if url and url not in seen:
            seen.append(url)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("as_user", ["anonymous", "citizen", "village_operator"])
def test_no_url_answers_500_to_junk(client, users, as_user):
    if as_user != "anonymous":
        client.force_login(users[as_user])
    failures = []
    for url in _urls():
        for method in ("get", "post"):
            try:
                if method == "get":
                    response = getattr(client, method)(url + JUNK_QUERY)
                else:
                    response = client.post(url, {"q": "<script>", "nik": "12AB", "page": "-1", "rating": "9", "email": "x@"})
            except Exception as exc:  # noqa: BLE001 - an exception here is exactly what we report
                failures.append(f"{method.upper()} {url}: {type(exc).__name__}: {exc}")
                continue
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {url}: {response.status_code}")
    assert not failures, "\n".join(failures)
