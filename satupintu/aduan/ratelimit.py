"""Intake limits: reports per client address (web) and per phone number (web and WhatsApp together), counted by
core.ratelimit in one place for every process (Redis or the database), in a sliding window.

Settings ADUAN_RATE_LIMIT_IP / ADUAN_RATE_LIMIT_PHONE: (max reports, window in seconds)."""

from __future__ import annotations

from django.conf import settings

from satupintu.core import ratelimit
from satupintu.core.phones import normalize_phone

DEFAULT_IP = (10, 3600)
DEFAULT_PHONE = (5, 3600)
IP_SCOPE = "aduan.intake.ip"
PHONE_SCOPE = "aduan.intake.phone"


def _limit(name: str, default: tuple[int, int]) -> tuple[int, int]:
    maximum, window = getattr(settings, name, default)
    return int(maximum), int(window)


def _phone_key(phone: str) -> str:
    return normalize_phone(phone) or phone.strip()  # 0812.., +62 812.. and 62812.. are one number


def phone_submission(phone: str) -> ratelimit.Decision:
    """Count one report from `phone` (any channel); `.allowed` is False past the per-phone limit."""
    maximum, window = _limit("ADUAN_RATE_LIMIT_PHONE", DEFAULT_PHONE)
    return ratelimit.consume(PHONE_SCOPE, _phone_key(phone), limit=maximum, window=window)


def allow_submission(*, ip: str | None, phone: str) -> bool:
    """Web intake: count one report from `ip` and `phone`; False past either limit. A refused address does not use
    up the phone number's reports."""
    if ip:
        maximum, window = _limit("ADUAN_RATE_LIMIT_IP", DEFAULT_IP)
        if not ratelimit.consume(IP_SCOPE, ip, limit=maximum, window=window).allowed:
            return False
    if phone and not phone_submission(phone).allowed:
        return False
    return True
