"""Booking rules (item 7 of the issue): each bad input gets a clear Indonesian message and changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from satupintu.core.models import AuditEvent
from satupintu.kalender.models import Holiday
from satupintu.notifikasi.models.outbox import OutboxMessage
from satupintu.penduduk.tests.factories import next_nik

from .. import services
from ..models import ClosedDay, Ticket, TicketStatus
from .factories import book, hospital

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_booking_gets_code_number_seat_estimate_and_a_message_without_nik(rs):
    nik = next_nik()
    t = book(rs, nik=nik)
    assert t.status == TicketStatus.BOOKED and t.label == "B-001" and t.seat == 1
    assert t.code.startswith("ANT-") and t.doctor == rs["ani"]
    assert timezone.localtime(t.estimated_at).time() == dt.time(0, 0)
    second = book(rs)
    assert second.label == "B-002" and second.seat == 2
    assert timezone.localtime(second.estimated_at) - timezone.localtime(t.estimated_at) == dt.timedelta(minutes=15)
    message = OutboxMessage.objects.filter(event="antrean.booked").order_by("pk").first()
    assert message is not None and message.context["code"] == t.code and message.context["number"] == "B-001"
    assert message.address == "6281234567890" and nik not in str(message.context)
    assert AuditEvent.objects.filter(action="antrean.book").count() == 2


def _refused(code: str, call) -> ValidationError:
    before = (Ticket.objects.count(), OutboxMessage.objects.count())
    with pytest.raises(ValidationError) as exc:
        call()
    assert exc.value.code == code, exc.value
    assert (Ticket.objects.count(), OutboxMessage.objects.count()) == before
    return exc.value


def test_full_session_is_refused(regency):
    h = hospital(quota=2)
    book(h), book(h)
    err = _refused("full", lambda: book(h))
    assert "sudah penuh" in err.messages[0]


def test_cancel_frees_the_seat(regency):
    h = hospital(quota=1)
    t = book(h)
    _refused("full", lambda: book(h))
    services.booking_cancel(ticket=t, by=services.HolderAccess(t.pk))
    t.refresh_from_db()
    assert t.status == TicketStatus.CANCELLED and t.seat is None
    assert book(h).seat == 1


def test_a_cancelled_seat_in_the_middle_is_given_again_before_the_next_free_one(regency):
    h = hospital(quota=4)
    first, second, third = book(h), book(h), book(h)
    services.booking_cancel(ticket=second, by=services.HolderAccess(second.pk))
    assert book(h).seat == 2  # the gap, not seat 4
    assert book(h).seat == 4
    _refused("full", lambda: book(h))
    assert {first.seat, third.seat} == {1, 3}


def test_closed_day_of_the_point_and_a_calendar_holiday_are_refused(rs):
    day = today() + dt.timedelta(days=3)
    ClosedDay.objects.create(point=rs["point"], date=day, reason="Pemadaman listrik")
    err = _refused("closed", lambda: book(rs, day=day))
    assert "Pemadaman listrik" in err.messages[0]
    holiday = today() + dt.timedelta(days=4)
    Holiday.objects.create(date=holiday, name="Hari jadi kabupaten", kind=Holiday.Kind.LOCAL)
    err = _refused("closed", lambda: book(rs, day=holiday))
    assert "tutup" in err.messages[0]


def test_yesterday_and_beyond_the_window_are_refused(rs):
    err = _refused("past", lambda: book(rs, day=today() - dt.timedelta(days=1)))
    assert "sudah lewat" in err.messages[0]
    err = _refused("too_far", lambda: book(rs, day=today() + dt.timedelta(days=15)))
    assert "belum dibuka" in err.messages[0]
    assert book(rs, day=today() + dt.timedelta(days=14)).status == TicketStatus.BOOKED


def test_second_booking_of_a_nik_beyond_the_limit_is_refused(rs):
    nik = next_nik()
    book(rs, nik=nik)
    err = _refused("nik_limit", lambda: book(rs, nik=nik))
    assert "batasnya 1 per hari" in err.messages[0]
    # another day is fine; a walk-in has no NIK
    assert book(rs, nik=nik, day=today() + dt.timedelta(days=1)).status == TicketStatus.BOOKED


def test_a_session_of_another_weekday_and_a_bad_nik_are_refused(rs):
    other = rs["sessions"][(today().weekday() + 1) % 7]
    _refused("session", lambda: services.booking_create(service=rs["anak"], session=other, day=today(),
                                                        nik=next_nik()))
    _refused("nik_length", lambda: book(rs, nik="1234"))


def test_move_takes_a_new_seat_and_number_and_frees_the_old(regency):
    h = hospital(quota=1)
    t = book(h)
    tomorrow = today() + dt.timedelta(days=1)
    book(h, day=tomorrow + dt.timedelta(days=1))
    services.booking_move(ticket=t, session=h["sessions"][tomorrow.weekday()], day=tomorrow)
    t.refresh_from_db()
    assert t.date == tomorrow and t.label == "B-001" and t.status == TicketStatus.BOOKED
    assert book(h).seat == 1  # today's seat is free again
    _refused("full", lambda: services.booking_move(ticket=t, session=h["sessions"][today().weekday()], day=today()))
    assert OutboxMessage.objects.filter(event="antrean.moved").exists()


def test_reminder_the_day_before_once(rs):
    tomorrow = today() + dt.timedelta(days=1)
    t = book(rs, day=tomorrow)
    book(rs, day=tomorrow + dt.timedelta(days=1))
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    reminders = OutboxMessage.objects.filter(event="antrean.reminder")
    assert reminders.count() == 1 and reminders.get().context["code"] == t.code
    t.refresh_from_db()
    assert t.reminded_at is not None


def test_release_no_show_of_past_bookings(rs):
    t = book(rs)
    kept = book(rs, day=today() + dt.timedelta(days=1))
    Ticket.objects.filter(pk=t.pk).update(date=today() - dt.timedelta(days=1))
    assert services.release_no_shows() == 1
    t.refresh_from_db()
    kept.refresh_from_db()
    assert t.status == TicketStatus.NO_SHOW and kept.status == TicketStatus.BOOKED
    assert AuditEvent.objects.filter(action="antrean.release").count() == 1


def test_kiosk_finds_today_by_code_or_nik_and_explains_what_it_cannot(rs):
    nik = next_nik()
    t = book(rs, nik=nik)
    assert services.kiosk_find(rs["point"], t.code.lower().replace("-", " ")) == t
    assert services.kiosk_find(rs["point"], nik) == t
    with pytest.raises(ValidationError, match="tidak ditemukan"):
        services.kiosk_find(rs["point"], "ANT-0000-0000")
    with pytest.raises(ValidationError, match="kode pesanan"):
        services.kiosk_find(rs["point"], "halo")
    later = book(rs, day=today() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="bukan hari ini"):
        services.kiosk_find(rs["point"], later.code)


def test_walk_in_numbers_share_the_day_sequence_and_respect_the_service(rs):
    book(rs)
    walk = services.walk_in(service=rs["anak"], by=services.kiosk_access(rs["point"]))
    assert walk.label == "B-002" and walk.status == TicketStatus.WAITING and walk.seat is None
    rs["dalam"].walk_in = False
    rs["dalam"].save()
    with pytest.raises(ValidationError, match="tidak melayani nomor langsung"):
        services.walk_in(service=rs["dalam"], by=services.kiosk_access(rs["point"]))
