"""Password-reset throttle: at most PASSWORD_RESET_PER_EMAIL e-mails to one address and PASSWORD_RESET_PER_ADDRESS
requests from one client address per PASSWORD_RESET_WINDOW_MINUTES, counted by the shared limiter (core.ratelimit:
one count for every process). The form answers the same either way, so neither the limit nor the answer tells
whether an address has an account."""

from __future__ import annotations

from django.conf import settings

from satupintu.core import ratelimit, request_context


def allow(*, email: str, request) -> bool:
    window = int(settings.PASSWORD_RESET_WINDOW_MINUTES) * 60
    ip = request_context.client_ip(request) or "unknown"
    if not ratelimit.consume(
        "akun.reset.address", ip, limit=int(settings.PASSWORD_RESET_PER_ADDRESS), window=window
    ).allowed:
        return False
    email = email.strip().lower()
    return ratelimit.consume(
        "akun.reset.email", email, limit=int(settings.PASSWORD_RESET_PER_EMAIL), window=window
    ).allowed
