"""Settings of the treasury service, each read from Django settings first, then the environment.

- KEUANGAN_TREASURY_AGENCY: slug of the agency that is the treasury (BUD), default "bpkad".
- KEUANGAN_BUD_THRESHOLD: an SP2D of more than this many Rupiah is signed by the BUD, not the Kuasa BUD (set by the
  regent's decree; default Rp200.000.000).
- KEUANGAN_OFFICE_HOURS: the treasury's office hours "HH:MM-HH:MM" (default 08:00-16:00), on working days of kalender.
- KEUANGAN_PROMISE_MINUTES: the promise, in office minutes from a complete SPM to the SP2D (default 60).
- KEUANGAN_RKUD_ACCOUNT: the regency's cash account (RKUD) the transfers are debited from, printed on the bank file.
"""

from __future__ import annotations

import os
from datetime import time

from django.conf import settings


def _setting(name: str, default: str) -> str:
    value = getattr(settings, name, None)
    if value in (None, ""):
        value = os.environ.get(name, default)
    return str(value)


def treasury_agency_slug() -> str:
    return _setting("KEUANGAN_TREASURY_AGENCY", "bpkad")


def bud_threshold() -> int:
    return int(_setting("KEUANGAN_BUD_THRESHOLD", "200000000"))


def promise_minutes() -> int:
    return int(_setting("KEUANGAN_PROMISE_MINUTES", "60"))


def rkud_account() -> str:
    return _setting("KEUANGAN_RKUD_ACCOUNT", "1010001218")


def office_hours() -> tuple[time, time]:
    """(opening, closing) of the treasury's office, from "HH:MM-HH:MM"."""
    raw = _setting("KEUANGAN_OFFICE_HOURS", "08:00-16:00")
    start, end = (part.strip() for part in raw.split("-", 1))
    opening, closing = time.fromisoformat(start), time.fromisoformat(end)
    if closing <= opening:
        raise ValueError(f"KEUANGAN_OFFICE_HOURS {raw!r}: closing must be after opening")
    return opening, closing
