"""Deadlines in working days (UU 14/2008 Pasal 22): 10 working days, extended once by 7."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.kalender.models import Holiday
from satupintu.ppid import services
from satupintu.ppid.models import EventKind, Outcome, Status
from satupintu.ppid.services import AnswerInput, TransitionError

pytestmark = pytest.mark.django_db


def test_deadline_skips_weekends(clock, make_request):
    clock.set(date(2026, 6, 19))  # Friday
    r = make_request()
    # 22-26 Jun (5) + 29 Jun-3 Jul (5) = 10 working days; the two weekends do not count.
    assert r.due_date == date(2026, 7, 3)
    assert r.number == "PPID/2026/000001"


def test_request_filed_on_saturday_counts_from_monday(clock, make_request):
    clock.set(date(2026, 6, 20))  # Saturday
    assert make_request().due_date == date(2026, 7, 3)


def test_deadline_skips_imlek_and_its_cuti_bersama(clock, make_request):
    clock.set(date(2026, 2, 13))  # Friday before Imlek
    r = make_request()
    # Mon 16 Feb cuti bersama, Tue 17 Feb Imlek: 18,19,20 (3) + 23-27 (8) + 2,3 Mar (10).
    assert r.due_date == date(2026, 3, 3)


def test_admin_added_holiday_moves_the_deadline(clock, make_request):
    clock.set(date(2026, 7, 6))
    assert make_request().due_date == date(2026, 7, 20)  # 7-10 (4) + 13-17 (9) + 20 (10)
    Holiday.objects.create(date=date(2026, 7, 10), name="Cuti bersama daerah", kind=Holiday.Kind.CUTI_BERSAMA)
    # With Fri 10 Jul off: 7,8,9 (3) + 13-17 (8) + 20,21 (10).
    assert make_request().due_date == date(2026, 7, 21)


def test_extension_once_by_seven_working_days_across_nyepi_and_idul_fitri(clock, make_request, users):
    clock.set(date(2026, 3, 3))
    r = make_request()
    assert r.due_date == date(2026, 3, 17)  # 4,5,6 (3) + 9-13 (8) + 16,17 (10)
    r = services.info_request_extend(info_request=r, by=users["ppid_utama"], reason="Dokumen berada di arsip lapangan.")
    # 18 Mar cuti Nyepi, 19 Nyepi, 20-24 Idul Fitri with cuti bersama: 25,26,27 (3) + 30,31 Mar,1,2 Apr (7).
    assert r.due_date == date(2026, 4, 2)
    assert r.status == Status.EXTENDED
    assert r.events.filter(kind=EventKind.EXTENDED, public=True).exists()

    with pytest.raises(TransitionError, match="satu kali"):
        services.info_request_extend(info_request=r, by=users["ppid_utama"], reason="Lagi")
    r.refresh_from_db()
    assert r.due_date == date(2026, 4, 2)


def test_extension_needs_a_reason_and_the_right_person(clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    with pytest.raises(ValidationError) as exc:
        services.info_request_extend(info_request=r, by=users["ppid_utama"], reason="  ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.info_request_extend(info_request=r, by=users["ppid_pupr"], reason="Bukan OPD saya")


def test_no_extension_after_the_answer(clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    services.info_request_answer(info_request=r, by=users["ppid_utama"],
                                 answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    with pytest.raises(TransitionError):
        services.info_request_extend(info_request=r, by=users["ppid_utama"], reason="Terlambat")


def test_late_answer_is_flagged(clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    clock.set(date(2026, 7, 6))  # the working day after the deadline (Fri 3 Jul)
    r = services.info_request_answer(info_request=r, by=users["ppid_utama"],
                                     answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    assert r.is_late()


def test_extension_must_come_before_the_deadline(clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = make_request()
    clock.set(date(2026, 7, 3))  # the last day: still allowed
    assert services.info_request_extend(info_request=r, by=users["ppid_utama"], reason="Arsip").due_date == date(
        2026, 7, 14
    )  # 6-10 Jul (5) + 13, 14 Jul (7)
    clock.set(date(2026, 6, 19))
    late = make_request()
    clock.set(date(2026, 7, 6))
    with pytest.raises(TransitionError, match="sudah lewat"):
        services.info_request_extend(info_request=late, by=users["ppid_utama"], reason="Terlambat")
