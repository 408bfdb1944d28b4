"""Working days (hari kerja) for every deadline in the platform.

A working day is a Monday to Friday that is not a holiday. Holidays are:

* the national public holidays *and* the collective leave days (cuti bersama) that the `holidays` package knows for
  Indonesia — its ``public`` and ``government`` categories. Cuti bersama are set each year by the joint decree (SKB) of
  the Ministers of Religious Affairs, Manpower and Administrative Reform; they bind the civil service, so the offices
  that must meet these deadlines are closed on them. Years the decree has not covered yet come out as the package's
  estimates ("perkiraan") for the moving Islamic holidays;
* every ``kalender.Holiday`` row an administrator adds in the admin (a cuti bersama the package lacks, a regional
  holiday, a day off declared by the regent). Admin rows always count;
* except the package's holidays that an admin row of kind "hari kerja" cancels (a cuti bersama withdrawn by a later
  decree, an Islamic holiday the package estimated on the wrong day): that date is a working day again.

Deadlines are dates: the end of that working day, Asia/Jakarta.

Caching. The package's holidays never change for a given year and are cached for the life of the process. Admin rows
are read from the database once per year and kept in a ``core.memo.Memo`` that is dropped

* when a ``Holiday`` row is saved or deleted in this process (connected in ``apps.py``),
* after ``MEMO_SECONDS`` in every other process (the other web workers, the task workers),
* when settings change, and between tests.

So a page that computes fifty deadlines reads the ``Holiday`` table at most once, most requests not at all, and no
process is ever more than ``MEMO_SECONDS`` behind an admin change. Holidays are entered days or weeks ahead of the
date; a minute's lag in the other processes changes no deadline in practice, and clearing the memo per request would
cost every intake one query on a table that changes a few times a year. Measured on SQLite: ~6 µs per
``add_working_days(d, 10)`` with the memo warm, ~0.2 ms when the call reads the table (more on PostgreSQL over a
socket) — the memo matters for list pages and reports, and keeps their query counts flat.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import holidays as holidays_lib

from satupintu.core.memo import Memo

#: How long (seconds) a process outside a request may keep admin-added holidays in memory.
MEMO_SECONDS = 60

# Categories of the `holidays` package for Indonesia: national holidays and the SKB cuti bersama.
PACKAGE_CATEGORIES = ("public", "government")

# Safety bound for loops: no sane deadline spans more than this many calendar days per working day asked.
_MAX_GAP_DAYS = 60

admin_rows_memo = Memo("kalender-holidays", seconds=MEMO_SECONDS)


@functools.lru_cache(maxsize=64)
def _package_holidays(year: int) -> dict[date, str]:
    found = holidays_lib.country_holidays("ID", years=year, categories=PACKAGE_CATEGORIES, language="id")
    return dict(found.items())


def _admin_rows(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """The admin's rows of `year`: (holidays added, date -> name; package holidays cancelled)."""
    return admin_rows_memo.get(year, lambda: _read_admin_rows(year))


def _read_admin_rows(year: int) -> tuple[dict[date, str], frozenset[date]]:
    from .models import Holiday

    added, cancelled = {}, set()
    for day, name, kind in Holiday.objects.filter(date__year=year).values_list("date", "name", "kind"):
        if kind == Holiday.Kind.WORKING_DAY:
            cancelled.add(day)
        else:
            added[day] = name
    return added, frozenset(cancelled)


def clear_cache(**_kwargs) -> None:
    """Forget admin-added holidays read so far."""
    admin_rows_memo.clear()


def holidays_in(year: int) -> dict[date, str]:
    """Every non-working day of `year` other than weekends, date -> name, sorted by date.

    Admin rows win over the package's name for the same date (the admin's wording is the official one locally), and
    a package holiday the admin cancelled is left out."""
    added, cancelled = _admin_rows(year)
    package = {d: name for d, name in _package_holidays(year).items() if d not in cancelled}
    return dict(sorted({**package, **added}.items()))


def _check_date(d: date) -> None:
    # A datetime is a date subclass but never equal to one: holidays would silently not match.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"Expected a date, got {type(d).__name__}; use timezone.localdate(value) for a datetime.")


def is_holiday(d: date) -> bool:
    _check_date(d)
    added, cancelled = _admin_rows(d.year)
    return d in added or (d in _package_holidays(d.year) and d not in cancelled)


def is_working_day(d: date) -> bool:
    """Monday to Friday and not a holiday (national, cuti bersama, or admin-added)."""
    _check_date(d)
    return d.weekday() < 5 and not is_holiday(d)


def next_working_day(d: date) -> date:
    """`d` itself when it is a working day, otherwise the first working day after it."""
    for _ in range(_MAX_GAP_DAYS):
        if is_working_day(d):
            return d
        d += timedelta(days=1)
    raise ValueError(f"No working day within {_MAX_GAP_DAYS} days of {d}; check the holiday table.")


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (the day `start` itself does not count).

    ``add_working_days(friday, 1)`` is the next Monday when that Monday is not a holiday. Something filed on a
    Saturday with n=1 is due on Monday: the first working day after it.

    n = 0 returns `start` when it is a working day, else the next working day: "due today" means the next day the
    office is open. Negative n goes backwards: the |n|-th working day before `start`.
    """
    _check_date(start)
    if n == 0:
        return next_working_day(start)
    step = timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    d = start
    guard = remaining * _MAX_GAP_DAYS
    while remaining:
        d += step
        if is_working_day(d):
            remaining -= 1
        guard -= 1
        if guard < 0:
            raise ValueError(f"Could not add {n} working days to {start}; check the holiday table.")
    return d


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`.

    When b < a the result is negative: minus the working days from `b` (included) up to `a` (excluded). Both
    directions are thus the inverse of add_working_days: ``working_days_between(a, add_working_days(a, n)) == n`` for
    every n != 0. Used to show "3 hari kerja lagi" and to measure how late (or early) an answer was.
    """
    _check_date(a)
    _check_date(b)
    if b == a:
        return 0
    if b < a:
        # Working days in [b, a) equal those in (b - 1 day, a - 1 day].
        return -working_days_between(b - timedelta(days=1), a - timedelta(days=1))
    # Count whole weeks arithmetically, then subtract the holidays that fall on weekdays.
    weeks, rest = divmod((b - a).days, 7)
    count = weeks * 5
    # The leftover days after the whole weeks: walk them (at most 6).
    rest_start = a + timedelta(days=weeks * 7)
    count += sum(1 for i in range(1, rest + 1) if (rest_start + timedelta(days=i)).weekday() < 5)
    for year in range(a.year, b.year + 1):
        count -= sum(1 for h in holidays_in(year) if a < h <= b and h.weekday() < 5)
    return count
