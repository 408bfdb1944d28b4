"""The clock of the one-hour promise: office minutes on working days, paused while an SPM is back at the agency."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from satupintu.kalender.models import Holiday

from .. import services
from ..clock import default_office_seconds, office_seconds
from ..models import PaymentOrder
from .factories import ALL_TICKED, budget_line, order_to

WIB = timezone.get_default_timezone()
HOURS = (time(8, 0), time(16, 0))


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_within_one_office_day():
    assert office_seconds(at(2026, 12, 2, 9), at(2026, 12, 2, 9, 45), hours=HOURS, is_working_day=weekdays) == 45 * 60


def test_outside_office_hours_counts_nothing():
    # Evening to early morning: nothing; before opening to 08:10: 10 minutes; 15:50 to after closing: 10 minutes.
    assert office_seconds(at(2026, 12, 2, 17), at(2026, 12, 3, 7), hours=HOURS, is_working_day=weekdays) == 0
    assert office_seconds(at(2026, 12, 3, 7, 30), at(2026, 12, 3, 8, 10), hours=HOURS,
                          is_working_day=weekdays) == 10 * 60
    assert office_seconds(at(2026, 12, 3, 15, 50), at(2026, 12, 3, 18), hours=HOURS,
                          is_working_day=weekdays) == 10 * 60
    assert office_seconds(at(2026, 12, 3, 10), at(2026, 12, 3, 9), hours=HOURS, is_working_day=weekdays) == 0


def test_across_a_weekend():
    # Friday 15:50 -> Monday 08:20: 10 + 20 minutes.
    assert office_seconds(at(2026, 12, 4, 15, 50), at(2026, 12, 7, 8, 20), hours=HOURS,
                          is_working_day=weekdays) == 30 * 60


@pytest.mark.django_db
def test_across_holidays_of_the_calendar(settings):
    # Wed 23 Dec 2026 15:40 -> Mon 28 Dec 08:15: 24 Dec is cuti bersama, 25 Dec Christmas, then the weekend.
    assert default_office_seconds(at(2026, 12, 23, 15, 40), at(2026, 12, 28, 8, 15)) == 35 * 60
    # A regional holiday added by the administrator on Tuesday 8 Dec: Mon 15:30 -> Wed 08:30 is 30 + 30 minutes.
    Holiday.objects.create(date=date(2026, 12, 8), name="Hari jadi kabupaten", kind=Holiday.Kind.LOCAL)
    assert default_office_seconds(at(2026, 12, 7, 15, 30), at(2026, 12, 9, 8, 30)) == 60 * 60
    # Office hours are a setting.
    settings.KEUANGAN_OFFICE_HOURS = "07:30-15:00"
    assert default_office_seconds(at(2026, 12, 2, 7, 0), at(2026, 12, 2, 16, 0)) == 450 * 60


@pytest.mark.django_db
def test_a_return_stops_the_clock_and_the_resubmission_restarts_it(finance, agencies):
    line = budget_line(agencies["pupr"], 10_000_000, year=2026)  # the year of the dates below, whenever this runs
    order = order_to("spm_draft", line=line)
    services.spm_sign(order=order, by=finance["head"], now=at(2026, 12, 4, 15, 30))  # Friday
    services.spm_return(order=order, by=finance["verifier"], reason="documents", note="BAST belum ada",
                        now=at(2026, 12, 4, 15, 50))
    order.refresh_from_db()
    assert order.clock_seconds == 20 * 60 and order.clock_started_at is None
    # Back at the agency over the weekend and Monday morning: none of that counts.
    services.spm_resubmit(order=order, by=finance["head"], now=at(2026, 12, 7, 10, 0))
    services.spm_verify(order=order, by=finance["verifier"], checklist=ALL_TICKED, now=at(2026, 12, 7, 10, 10))
    services.sp2d_sign(order=order, by=finance["kuasa_bud"], now=at(2026, 12, 7, 10, 25))
    order = PaymentOrder.objects.get(pk=order.pk)
    assert order.clock_seconds == 45 * 60
    assert order.clock_started_at is None
