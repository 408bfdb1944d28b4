"""Shared pieces of the PPID services: legal periods, numbering, dates in notes."""

from __future__ import annotations

from datetime import date

from satupintu.core.formatting import tanggal
from satupintu.core.workflow import TransitionError

from ..models import Counter
from ..selectors import ppid_utama

# UU 14/2008 Pasal 22 ayat (7) and (8): answer within 10 working days, extendable once by 7 working days.
ANSWER_DAYS = 10
EXTENSION_DAYS = 7
# Pasal 36: objection within 30 working days; the superior answers within 30 working days.
OBJECTION_WINDOW_DAYS = 30
OBJECTION_ANSWER_DAYS = 30
# Pasal 37 ayat (2): a dispute goes to the Komisi Informasi within 14 working days of the superior's answer.
DISPUTE_WINDOW_DAYS = 14

__all__ = [
    "ANSWER_DAYS",
    "DISPUTE_WINDOW_DAYS",
    "EXTENSION_DAYS",
    "OBJECTION_ANSWER_DAYS",
    "OBJECTION_WINDOW_DAYS",
    "TransitionError",
    "ppid_utama",
]


def _next_number(series: str, year: int) -> int:
    """Take the next number of `series` in `year`. The counter row is locked until the transaction ends, so two
    requests never get the same number and a rolled-back request gives its number back (no gaps)."""
    Counter.objects.get_or_create(series=series, year=year)
    counter = Counter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _fmt(d: date) -> str:
    return tanggal(d)
