"""The client address that audit records and rate limits use: a real IP or nothing, never a forged string."""

import pytest
from django.test import RequestFactory

from satupintu.core.request_context import client_ip


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        ("203.0.113.9", "", 0, "203.0.113.9"),
        ("10.0.0.1", "198.51.100.7, 10.0.0.1", 0, "10.0.0.1"),  # no trusted proxy: the header is ignored
        ("10.0.0.1", "198.51.100.7", 1, "198.51.100.7"),
        ("10.0.0.1", "2001:db8::1", 1, "2001:db8::1"),
        ("10.0.0.1", "bukan-ip", 1, None),  # a forged or broken header
        ("10.9.1794.201", "", 0, None),
        ("", "", 0, None),
    ],
)
def test_client_ip(settings, remote, forwarded, proxies, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
