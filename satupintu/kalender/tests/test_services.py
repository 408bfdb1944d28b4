"""Working-day arithmetic against the real 2026 Indonesian calendar (SKB 3 Menteri on cuti bersama, as shipped by the
`holidays` package): Nyepi Thu 19 Mar, its cuti bersama Wed 18 Mar; Idul Fitri Sat-Sun 21-22 Mar with cuti bersama
Fri 20, Mon 23 and Tue 24 Mar; Good Friday 3 Apr; Christmas Fri 25 Dec with cuti bersama Thu 24 Dec."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satupintu.kalender import services
from satupintu.kalender.models import Holiday
from satupintu.kalender.services import (
    add_working_days,
    holidays_in,
    is_working_day,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_the_package_gives_the_2026_idul_fitri_block():
    days = holidays_in(2026)
    assert days[date(2026, 3, 21)] == "Hari Raya Idul Fitri"
    assert days[date(2026, 3, 22)].startswith("Hari kedua")
    for cuti in (date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)):
        assert "Cuti Bersama" in days[cuti]


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2026, 3, 17))  # Tuesday
    assert not is_working_day(date(2026, 3, 14))  # Saturday
    assert not is_working_day(date(2026, 3, 15))  # Sunday
    assert not is_working_day(date(2026, 3, 19))  # Nyepi
    assert not is_working_day(date(2026, 3, 23))  # cuti bersama Idul Fitri
    assert not is_working_day(date(2026, 8, 17))  # Independence Day, a Monday


def test_deadline_across_idul_fitri():
    # Tue 17 Mar: the next office day is Wed 25 Mar (18 cuti Nyepi, 19 Nyepi, 20-24 Idul Fitri and weekend).
    assert add_working_days(date(2026, 3, 17), 1) == date(2026, 3, 25)
    # A 10-working-day PPID answer asked on Mon 16 Mar: 17, 25, 26, 27, 30, 31 Mar, 1, 2, (3 Good Friday), 6, 7 Apr.
    assert add_working_days(date(2026, 3, 16), 10) == date(2026, 4, 7)
    assert working_days_between(date(2026, 3, 16), date(2026, 4, 7)) == 10


def test_deadline_over_a_weekend():
    friday = date(2026, 2, 6)
    assert add_working_days(friday, 1) == date(2026, 2, 9)
    assert add_working_days(friday, 5) == date(2026, 2, 13)
    # Something filed on a Saturday counts from the following Monday.
    assert add_working_days(date(2026, 2, 7), 1) == date(2026, 2, 9)
    assert working_days_between(friday, date(2026, 2, 8)) == 0


def test_admin_added_cuti_bersama_moves_the_deadline():
    start = date(2026, 3, 17)
    assert add_working_days(start, 1) == date(2026, 3, 25)  # warms the memo on purpose
    Holiday.objects.create(date=date(2026, 3, 25), name="Cuti bersama tambahan", kind=Holiday.Kind.CUTI_BERSAMA)
    assert not is_working_day(date(2026, 3, 25))
    assert add_working_days(start, 1) == date(2026, 3, 26)
    assert holidays_in(2026)[date(2026, 3, 25)] == "Cuti bersama tambahan"


def test_deleting_an_admin_holiday_restores_the_working_day():
    h = Holiday.objects.create(date=date(2026, 7, 7), name="Hari jadi kabupaten", kind=Holiday.Kind.LOCAL)
    assert not is_working_day(date(2026, 7, 7))
    h.delete()
    assert is_working_day(date(2026, 7, 7))


def test_admin_holiday_seen_after_memo_expiry_without_signal(monkeypatch):
    """Another process added the row: no signal here, but the memo expires."""
    assert is_working_day(date(2026, 7, 8))
    Holiday.objects.bulk_create([Holiday(date=date(2026, 7, 8), name="Libur daerah")])  # bulk_create sends no signal
    assert is_working_day(date(2026, 7, 8))  # still memoised
    monkeypatch.setattr(services.admin_rows_memo, "seconds", 0)
    assert not is_working_day(date(2026, 7, 8))


def test_requests_share_the_memo(client, django_assert_num_queries):
    """A request does not re-read the table: the memo lives across requests (other processes: MEMO_SECONDS)."""
    services.clear_cache()
    assert is_working_day(date(2026, 7, 9))
    client.get("/healthz")
    with django_assert_num_queries(0):
        assert is_working_day(date(2026, 7, 9))


def test_memo_reads_the_table_once(django_assert_num_queries):
    services.clear_cache()
    with django_assert_num_queries(1):
        for i in range(30):
            add_working_days(date(2026, 5, 4) + timedelta(days=i), 5)


def test_year_boundary():
    wed = date(2026, 12, 23)
    assert add_working_days(wed, 1) == date(2026, 12, 28)  # 24 cuti Natal, 25 Natal, weekend
    assert add_working_days(wed, 4) == date(2026, 12, 31)
    assert add_working_days(wed, 5) == date(2027, 1, 4)  # 1 Jan, weekend
    assert working_days_between(wed, date(2027, 1, 4)) == 5
    assert working_days_between(date(2027, 1, 4), wed) == -5
    assert add_working_days(date(2027, 1, 4), -5) == wed


def test_zero_and_negative_n():
    assert add_working_days(date(2026, 3, 17), 0) == date(2026, 3, 17)
    assert add_working_days(date(2026, 3, 21), 0) == date(2026, 3, 25)  # Idul Fitri itself: next office day
    assert add_working_days(date(2026, 3, 25), -1) == date(2026, 3, 17)
    assert add_working_days(date(2026, 2, 9), -1) == date(2026, 2, 6)
    assert working_days_between(date(2026, 3, 25), date(2026, 3, 17)) == -1
    assert working_days_between(date(2026, 3, 17), date(2026, 3, 17)) == 0


def test_datetimes_are_refused():
    from datetime import datetime

    with pytest.raises(TypeError, match="localdate"):
        add_working_days(datetime(2026, 3, 17, 9, 0), 1)
    with pytest.raises(TypeError):
        working_days_between(date(2026, 3, 17), "2026-03-25")


def test_holiday_page_for_staff(client, users):
    Holiday.objects.create(date=date(2026, 7, 7), name="Hari jadi kabupaten", kind=Holiday.Kind.LOCAL)
    client.force_login(users["opd_admin"])
    response = client.get("/kalender/2026/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hari Raya Idul Fitri" in body
    assert "Hari jadi kabupaten" in body
    assert client.get("/kalender/1800/").status_code == 404


def test_holiday_page_is_not_for_citizens(client, users):
    client.force_login(users["citizen"])
    assert client.get("/kalender/").status_code == 403


def _naive_count(a: date, b: date) -> int:
    """Working days in (a, b], one day at a time."""
    count, d = 0, a
    while d < b:
        d += timedelta(days=1)
        count += is_working_day(d)
    return count


def _naive_count_back(b: date, a: date) -> int:
    """Working days in [b, a), one day at a time."""
    return sum(is_working_day(b + timedelta(days=i)) for i in range((a - b).days))


dates = st.dates(min_value=date(2019, 1, 1), max_value=date(2031, 12, 31))
prop_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@prop_settings
@given(start=dates, n=st.integers(min_value=-40, max_value=40))
def test_add_then_count_round_trips(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    if n != 0:
        assert working_days_between(start, end) == n
        assert (end > start) == (n > 0)


@prop_settings
@given(a=dates, span=st.integers(min_value=0, max_value=120))
def test_count_matches_day_by_day_walk(a, span):
    b = a + timedelta(days=span)
    assert working_days_between(a, b) == _naive_count(a, b)
    assert working_days_between(b, a) == -_naive_count_back(a, b)


def test_admin_can_cancel_a_package_holiday():
    # Tue 17 Mar 2026: the next working day is Wed 25 Mar (Nyepi, Idul Fitri and their cuti bersama in between).
    tuesday = date(2026, 3, 17)
    assert add_working_days(tuesday, 1) == date(2026, 3, 25)
    # A later decree withdraws the cuti bersama of Tue 24 Mar: the office is open that day.
    Holiday.objects.create(date=date(2026, 3, 24), name="Cuti bersama dibatalkan (SKB perubahan)",
                           kind=Holiday.Kind.WORKING_DAY)
    assert is_working_day(date(2026, 3, 24))
    assert date(2026, 3, 24) not in holidays_in(2026)
    assert date(2026, 3, 23) in holidays_in(2026)  # only that one day
    assert add_working_days(tuesday, 1) == date(2026, 3, 24)
    assert working_days_between(tuesday, date(2026, 3, 25)) == 2
    # It cancels a holiday; it does not open the office on a weekend.
    Holiday.objects.create(date=date(2026, 3, 21), name="Bukan hari kerja", kind=Holiday.Kind.WORKING_DAY)
    assert not is_working_day(date(2026, 3, 21))
    # Deleting the row restores the holiday.
    Holiday.objects.filter(date=date(2026, 3, 24)).delete()
    assert not is_working_day(date(2026, 3, 24))
