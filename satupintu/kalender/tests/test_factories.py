import pytest

from satupintu.kalender.services import is_working_day
from satupintu.kalender.tests.factories import HolidayFactory

pytestmark = pytest.mark.django_db


def test_a_holiday_row_is_a_day_off_at_once():
    holiday = HolidayFactory()  # Thu 24 Dec 2026

    assert not is_working_day(holiday.date)
