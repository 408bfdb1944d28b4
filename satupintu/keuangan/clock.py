"""The clock of the one-hour promise: office time on working days, as a pure function.

The treasury promises the SP2D within 60 minutes of a complete SPM. Only the treasury's office time counts: the hours
of `KEUANGAN_OFFICE_HOURS` (default 08:00-16:00 Asia/Jakarta) on working days of the kalender app (Monday to Friday,
not a national holiday, cuti bersama or a regional holiday). An SPM that arrives at 15:50 on a Friday and is signed at
08:20 on Monday took 30 minutes. While an SPM is back at the agency (returned) its clock stands still; it runs again
from the resubmission. Each stretch at the treasury is summed in seconds; minutes are whole minutes, rounded down.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone


def office_seconds(
    start: datetime,
    end: datetime,
    *,
    hours: tuple[time, time],
    is_working_day: Callable[[date], bool],
) -> int:
    """Seconds of office time between two aware datetimes (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    tz = timezone.get_default_timezone()
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    opening, closing = hours
    total = 0
    day = start.date()
    while day <= end.date():
        if is_working_day(day):
            day_open = datetime.combine(day, opening, tzinfo=tz)
            day_close = datetime.combine(day, closing, tzinfo=tz)
            lo, hi = max(start, day_open), min(end, day_close)
            if hi > lo:
                total += int((hi - lo).total_seconds())
        day += timedelta(days=1)
    return total


def default_office_seconds(start: datetime, end: datetime) -> int:
    """`office_seconds` with the configured office hours and the platform's working-day calendar."""
    from satupintu.kalender.services import is_working_day

    from .conf import office_hours

    return office_seconds(start, end, hours=office_hours(), is_working_day=is_working_day)


def elapsed_seconds(order, now: datetime | None = None) -> int:
    """Office seconds an order has spent at the treasury: its closed stretches plus the running one."""
    running = 0
    if order.clock_started_at is not None:
        running = default_office_seconds(order.clock_started_at, now or timezone.now())
    return order.clock_seconds + running


def elapsed_minutes(order, now: datetime | None = None) -> int:
    return elapsed_seconds(order, now) // 60
