"""Where the current change comes from (IP address, channel), so services can audit it without taking a request."""

from __future__ import annotations

import contextvars
import ipaddress
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    channel: str = "sistem"


_DEFAULT = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("satupintu_request_context", default=None)


def current() -> RequestContext:
    return _current.get() or _DEFAULT


@contextmanager
def using(*, ip_address: str | None = None, channel: str = "sistem"):
    token = _current.set(RequestContext(ip_address=ip_address, channel=channel))
    try:
        yield
    finally:
        _current.reset(token)


def client_ip(request) -> str | None:
    """The client's address. Behind a reverse proxy, set TRUSTED_PROXY_COUNT so X-Forwarded-For is believed.
    Anything that is not an IP address (a forged header, a misconfigured proxy) counts as unknown: None."""
    from django.conf import settings

    trusted = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    candidate = request.META.get("REMOTE_ADDR")
    if trusted:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= trusted:
            candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None
