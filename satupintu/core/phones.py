"""Indonesian phone numbers in the one form WhatsApp uses: digits only, country code 62, no plus sign."""

from __future__ import annotations

import re

_NON_DIGITS = re.compile(r"\D+")


def normalize_phone(value: str) -> str:
    """'0812-3456-7890', '+62 812 3456 7890', '812...' -> '6281234567890'. Returns '' for something that cannot be
    a phone number (fewer than 8 digits)."""
    digits = _NON_DIGITS.sub("", value or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if len(digits) < 8 or len(digits) > 15:
        return ""
    return digits
