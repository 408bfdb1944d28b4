"""Dates for people, in the active language: the one helper for Python code (messages, PDFs, exports for reading).

    tanggal(date(2026, 12, 15))            -> "15 Desember 2026"            (English: "15 December 2026")
    tanggal_waktu(aware datetime)          -> "15 Desember 2026 pukul 09.30 WIB"  ("15 December 2026, 09:30 WIB")

The formats live in satupintu/formats/<lang>/formats.py, so templates say the same with `{{ value|date }}` and
`{{ value|date:"DATETIME_FORMAT" }}`. A datetime is shown in the regency's time zone. Machine formats (ISO in JSON,
CSV for spreadsheets, form inputs of type=date) stay ISO and do not come here.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import formats, timezone

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def tanggal(value: dt.date | dt.datetime | None) -> str:
    """The long date in the active language; a datetime counts by its date in the regency's time zone."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return formats.date_format(value, "DATE_FORMAT")


def tanggal_waktu(value: dt.datetime | None) -> str:
    """The long date with the time and the zone, in the active language."""
    if value is None:
        return ""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def humanize(value):
    """A stored message value (JSON: dates became ISO strings) as people read it; anything else unchanged."""
    if isinstance(value, dt.datetime):
        return tanggal_waktu(value)
    if isinstance(value, dt.date):
        return tanggal(value)
    if isinstance(value, str):
        if _ISO_DATE.match(value):
            try:
                return tanggal(dt.date.fromisoformat(value))
            except ValueError:
                return value
        if _ISO_DATETIME.match(value):
            try:
                return tanggal_waktu(dt.datetime.fromisoformat(value.replace("Z", "+00:00")))
            except ValueError:
                return value
    return value


def humanize_context(context: dict) -> dict:
    return {key: humanize(value) for key, value in context.items()}


def mask_phone(phone: str) -> str:
    """A WhatsApp number as its owner recognises it, unreadable to someone looking over the shoulder:
    "6281234567890" -> "0812-****-7890"."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:4]}-{'*' * (len(digits) - 8)}-{digits[-4:]}"


def mask_email(email: str) -> str:
    """"budi.santoso@example.org" -> "b***********@example.org" (the domain stays: it tells which mailbox)."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return ""
    return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{domain}"
