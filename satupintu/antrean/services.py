"""Writes of the queue service. Every change of a ticket's state goes through `workflow.TICKETS.apply()`.

Seats and numbers: every ticket of a point and day is created, moved or cancelled under that day's `DayLock` row
(SELECT ... FOR UPDATE), so the count of a session's seats, the NIK's tickets of the day and the last number are read
and written by one transaction at a time: 200 simultaneous bookings of a 50-seat session end with 50 tickets and 150
refusals. The unique constraints (session, date, seat) and (service, date, number) would refuse a double seat or
number even without the lock. Bad input raises ValidationError (in Indonesian) before anything is written.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.formatting import tanggal
from satupintu.core.memo import Memo
from satupintu.core.phones import normalize_phone
from satupintu.kalender import services as kalender
from satupintu.penduduk.nik import normalize_nik, parse_nik

from .models import (
    ClosedDay,
    Counter,
    DayLock,
    Service,
    ServicePoint,
    Session,
    Source,
    Stage,
    Ticket,
    TicketStatus,
)
from .workflow import TICKETS, HolderAccess, KioskAccess

S = TicketStatus
# A ticket counts against a session's quota and the NIK's daily limit unless it was cancelled.
COUNTED = ~Q(status=S.CANCELLED)


# --- days and sessions ----------------------------------------------------------------------------------------------
def closed_reason(point: ServicePoint, day: dt.date) -> str:
    """Why `point` is closed on `day` ("" when open): a holiday of the calendar or the point's own closed day."""
    name = kalender.holidays_in(day.year).get(day) if kalender.is_holiday(day) else None
    if kalender.is_holiday(day):
        return name or _("hari libur")
    return closed_days(point.pk).get(day, "")


# A point's own closed days (a handful a year), per process for five minutes and dropped when one is saved here
# (apps.py): every booking and check-in asks; another process follows an admin's change within five minutes.
closed_days_memo = Memo("antrean-closed-days", seconds=300)


def closed_days(point_id: int) -> dict[dt.date, str]:
    return closed_days_memo.get(point_id, lambda: {
        day: reason or _("tutup") for day, reason in ClosedDay.objects.filter(
            point_id=point_id, date__gte=timezone.localdate() - dt.timedelta(days=1)).values_list("date", "reason")})


def check_day(point: ServicePoint, day: dt.date, *, today: dt.date | None = None, booking: bool = True) -> None:
    """The day can be booked (or served): not past, within the booking window, not closed."""
    today = today or timezone.localdate()
    if day < today:
        raise ValidationError(_("Tanggal %(day)s sudah lewat. Pilih hari ini atau tanggal sesudahnya.")
                              % {"day": tanggal(day)}, code="past")
    if booking and day > today + dt.timedelta(days=point.booking_days_ahead):
        raise ValidationError(
            _("Pemesanan untuk %(day)s belum dibuka; pemesanan dibuka paling jauh %(days)s hari sebelumnya.")
            % {"day": tanggal(day), "days": point.booking_days_ahead}, code="too_far")
    reason = closed_reason(point, day)
    if reason:
        raise ValidationError(_("%(point)s tutup pada %(day)s (%(reason)s). Pilih tanggal lain.")
                              % {"point": point.name, "day": tanggal(day), "reason": reason}, code="closed")


# Every district code (about 7,300, active or historical: a NIK keeps the code it was issued under), per process for
# an hour and dropped when a district is saved here (apps.py): a booking checks its NIK's region without a query.
districts_memo = Memo("antrean-district-codes", seconds=3600)


def district_codes() -> frozenset[str] | None:
    from satupintu.wilayah.models import District

    return districts_memo.get("all", lambda: frozenset(District.objects.values_list("code", flat=True)) or None)


def _lock_day(point: ServicePoint, day: dt.date) -> None:
    """Take the point-day row's lock (the row is created if it is the day's first ticket), in one statement.

    PostgreSQL: INSERT .. ON CONFLICT DO UPDATE locks the row it inserts or updates until the transaction ends, as
    SELECT .. FOR UPDATE would, without a second round trip. SQLite: the transaction already holds the database's one
    write lock (BEGIN IMMEDIATE, settings), so the insert is only there to keep the same row on both."""
    from django.db import connection

    table = DayLock._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"INSERT INTO {table} (point_id, date) VALUES (%s, %s) "  # noqa: S608 - our table name
                           "ON CONFLICT (point_id, date) DO UPDATE SET date = EXCLUDED.date", [point.pk, day])
        else:
            DayLock.objects.bulk_create([DayLock(point=point, date=day)], ignore_conflicts=True)
            if connection.vendor != "sqlite":
                DayLock.objects.select_for_update().get(point=point, date=day)


def _next_number(service: Service, day: dt.date) -> int:
    last = Ticket.objects.filter(first_service=service, date=day).order_by().aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def _free_seat(session: Session, day: dt.date) -> int | None:
    used = set(Ticket.objects.filter(session=session, date=day, seat__isnull=False).order_by()
               .values_list("seat", flat=True))
    return next((seat for seat in range(1, session.quota + 1) if seat not in used), None)


def _booking_counts(*, point: ServicePoint, service: Service, session: Session, day: dt.date,
                    nik: str) -> tuple[int | None, int, int]:
    """What a booking reads under the day's lock, in one statement (four index look-ups as scalar subqueries):
    the free seat of `session` (None when full), how many of the day's numbers at `point` the NIK holds, and the
    service's last number of the day (0 before the first).

    Seats are handed out from 1 up and a cancellation frees its seat, so while the seats taken are exactly 1..max
    the free one is max + 1; only after a cancellation (a gap) are the taken seats listed to find the lowest free."""
    from django.db import connection

    table = Ticket._meta.db_table
    date, day = day, connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {table} WHERE session_id = %s AND date = %s AND seat IS NOT NULL), "  # noqa: S608 - our table name; values are parameters
            f"(SELECT MAX(seat) FROM {table} WHERE session_id = %s AND date = %s AND seat IS NOT NULL), "
            f"(SELECT COUNT(*) FROM {table} WHERE point_id = %s AND date = %s AND nik = %s AND status <> %s), "
            f"(SELECT MAX(number) FROM {table} WHERE first_service_id = %s AND date = %s)",
            [session.pk, day, session.pk, day, point.pk, day, nik, S.CANCELLED, service.pk, day])
        seated, highest, held, last = cursor.fetchone()
    highest = highest or 0
    if seated == highest:  # no gap
        seat = highest + 1 if highest < session.quota else None
    else:
        seat = _free_seat(session, date)
    return seat, held, last or 0


def _estimate(session: Session, day: dt.date, seat: int) -> dt.datetime:
    start = timezone.make_aware(dt.datetime.combine(day, session.starts))
    return start + dt.timedelta(minutes=session.service.minutes_per_visit * (seat - 1))


def _check_session(session: Session, service: Service, day: dt.date, doctor=None) -> None:
    if (session.service_id != service.pk or not session.is_active or session.weekday != day.weekday()
            or (doctor is not None and session.doctor_id != doctor.pk)):
        raise ValidationError(_("Sesi itu tidak ada pada %(day)s. Pilih sesi dari daftar.") % {"day": tanggal(day)},
                              code="session")
    if day == timezone.localdate() and timezone.localtime().time() >= session.ends:
        raise ValidationError(_("Sesi %(session)s hari ini sudah berakhir. Pilih sesi atau tanggal lain.")
                              % {"session": session.label}, code="session_over")


def _check_nik(point: ServicePoint, day: dt.date, nik: str, *, exclude: int | None = None) -> None:
    held = Ticket.objects.filter(COUNTED, point=point, date=day, nik=nik).order_by()
    if exclude:
        held = held.exclude(pk=exclude)
    count = held.count()
    if count >= point.nik_daily_limit:
        raise _nik_limit(point, day, count)


def _nik_limit(point: ServicePoint, day: dt.date, count: int) -> ValidationError:
    return ValidationError(
        _("NIK ini sudah memiliki %(count)s nomor antrean di %(point)s pada %(day)s; batasnya %(limit)s per hari. "
          "Batalkan pesanan lama lewat tautannya bila ingin mengganti.")
        % {"count": count, "point": point.name, "day": tanggal(day), "limit": point.nik_daily_limit},
        code="nik_limit")


def _full(session: Session, day: dt.date) -> ValidationError:
    return ValidationError(
        _("Kuota sesi %(session)s pada %(day)s sudah penuh (%(quota)s orang). Pilih sesi atau tanggal lain.")
        % {"session": session.label, "day": tanggal(day), "quota": session.quota}, code="full")


# --- booking ------------------------------------------------------------------------------------------------------
def booking_create(*, service: Service, session: Session, day: dt.date, nik: str, phone: str = "",
                   jkn_number: str = "", doctor=None) -> Ticket:
    """An online booking: a seat of `session` on `day`, the day's next number of the service, an estimated time."""
    point = service.point
    if not (service.is_active and service.bookable and point.is_active):
        raise ValidationError(_("Layanan ini tidak menerima pesanan daring."), code="not_bookable")
    nik = parse_nik(normalize_nik(nik), district_codes=district_codes()).nik
    phone_norm = normalize_phone(phone) if phone else ""
    if phone and not phone_norm:
        raise ValidationError(_("Nomor WhatsApp tidak dikenali. Contoh: 0812 3456 7890."), code="phone")
    jkn_number = "".join(ch for ch in (jkn_number or "") if ch.isdigit())
    if jkn_number and len(jkn_number) != 13:
        raise ValidationError(_("Nomor kartu JKN terdiri atas 13 angka."), code="jkn")
    check_day(point, day)
    _check_session(session, service, day, doctor)
    with transaction.atomic():
        _lock_day(point, day)
        seat, held, last = _booking_counts(point=point, service=service, session=session, day=day, nik=nik)
        if seat is None:  # every seat is taken (a cancelled booking gave its seat back)
            raise _full(session, day)
        if held >= point.nik_daily_limit:
            raise _nik_limit(point, day, held)
        ticket = Ticket(point=point, first_service=service, service=service, doctor=session.doctor,
                        session=session, date=day, letter=service.letter, number=last + 1, seat=seat,
                        source=Source.BOOKING, nik=nik, phone=phone_norm, jkn_number=jkn_number,
                        estimated_at=_estimate(session, day, seat))
        TICKETS.apply(ticket, "book", by=None)
    return ticket


def booking_cancel(*, ticket: Ticket, by) -> Ticket:
    with transaction.atomic():
        _lock_day(ticket.point, ticket.date)
        TICKETS.apply(ticket, "cancel", by=by, changes={"seat": None})
    return ticket


def booking_move(*, ticket: Ticket, session: Session, day: dt.date) -> Ticket:
    """Another session (and day) of the same service: a new seat; a new number when the day changes."""
    by = HolderAccess(ticket.pk)
    service, point = ticket.first_service, ticket.point
    check_day(point, day)
    _check_session(session, service, day)
    if session.pk == ticket.session_id and day == ticket.date:
        raise ValidationError(_("Pilih sesi atau tanggal yang berbeda dari pesanan sekarang."), code="same")
    with transaction.atomic():
        for d in sorted({ticket.date, day}):  # always in date order: two moves never wait for each other
            _lock_day(point, d)
        seat = _free_seat(session, day)
        if seat is None:
            raise _full(session, day)
        if day != ticket.date:
            _check_nik(point, day, ticket.nik, exclude=ticket.pk)
        changes = {"session": session, "doctor": session.doctor, "date": day, "seat": seat,
                   "estimated_at": _estimate(session, day, seat), "reminded_at": None}
        if day != ticket.date:
            changes["number"] = _next_number(service, day)
        TICKETS.apply(ticket, "move", by=by, changes=changes, data={"from": str(ticket.date)})
    return ticket


# --- the kiosk ----------------------------------------------------------------------------------------------------
def kiosk_find(point: ServicePoint, value: str, *, today: dt.date | None = None) -> Ticket:
    """Today's booking at `point` by its code or the NIK it was booked with (ValidationError if none)."""
    from .models import BOOKING_CODE

    today = today or timezone.localdate()
    code = BOOKING_CODE.normalize(value)
    digits = normalize_nik(value)
    qs = Ticket.objects.filter(point=point, status=S.BOOKED)
    if code:
        ticket = qs.filter(code=code).first() or Ticket.objects.filter(point=point, code=code).first()
    elif len(digits) == 16 and digits.isdigit():
        ticket = qs.filter(nik=digits, date=today).order_by("estimated_at").first()
    else:
        raise ValidationError(_("Ketik kode pesanan (contoh ANT-7KQ4-M9XZ) atau NIK 16 angka."), code="input")
    if ticket is None:
        raise ValidationError(_("Pesanan tidak ditemukan untuk hari ini di tempat ini. Periksa kode atau NIK, atau "
                                "ambil nomor antrean langsung."), code="not_found")
    if ticket.status != S.BOOKED:
        raise ValidationError(_("Pesanan %(code)s sudah %(status)s.")
                              % {"code": ticket.code, "status": ticket.get_status_display().lower()}, code="state")
    if ticket.date != today:
        raise ValidationError(_("Pesanan %(code)s untuk %(day)s, bukan hari ini.")
                              % {"code": ticket.code, "day": tanggal(ticket.date)}, code="other_day")
    return ticket


def check_in(*, ticket: Ticket, by, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    if ticket.date != timezone.localdate(now):
        raise ValidationError(_("Pesanan %(code)s untuk %(day)s, bukan hari ini.")
                              % {"code": ticket.code, "day": tanggal(ticket.date)}, code="other_day")
    with transaction.atomic():
        TICKETS.apply(ticket, "check_in", by=by, changes={"checked_in_at": now})
        Stage.objects.create(ticket=ticket, service=ticket.service, queued_at=now)
    return ticket


def _waiting_estimate(service: Service, now: dt.datetime) -> dt.datetime:
    ahead = Ticket.objects.filter(service=service, date=timezone.localdate(now),
                                  status__in=[S.WAITING, S.CALLED]).count()
    counters = max(1, service.counters.filter(is_active=True).count())
    return now + dt.timedelta(minutes=service.minutes_per_visit * ahead / counters)


def walk_in(*, service: Service, by, now: dt.datetime | None = None) -> Ticket:
    """A number taken at the kiosk (or given at a counter) for today, waiting at once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    point = service.point
    if not (service.is_active and service.walk_in and point.is_active):
        raise ValidationError(_("Layanan ini tidak melayani nomor langsung; pesan secara daring."), code="no_walk_in")
    reason = closed_reason(point, today)
    if reason:
        raise ValidationError(_("%(point)s tutup hari ini (%(reason)s).") % {"point": point.name, "reason": reason},
                              code="closed")
    with transaction.atomic():
        _lock_day(point, today)
        ticket = Ticket(point=point, first_service=service, service=service, date=today, letter=service.letter,
                        number=_next_number(service, today), source=Source.WALK_IN, checked_in_at=now,
                        estimated_at=_waiting_estimate(service, now))
        TICKETS.apply(ticket, "walk_in", by=by)
        Stage.objects.create(ticket=ticket, service=service, queued_at=now)
    return ticket


def kiosk_access(point: ServicePoint) -> KioskAccess:
    return KioskAccess(point.pk)


# --- the counter ----------------------------------------------------------------------------------------------------
def _show(counter: Counter, ticket: Ticket | None, now: dt.datetime, *, call: bool) -> None:
    counter.current_ticket = ticket
    counter.current_label = ticket.label if ticket else ""
    fields = ["current_ticket", "current_label"]
    if call:
        counter.called_at = now
        counter.call_seq += 1
        fields += ["called_at", "call_seq"]
    counter.save(update_fields=fields)


def _locked_counter(counter: Counter) -> Counter:
    return Counter.objects.select_for_update().get(pk=counter.pk)


def _current(counter: Counter) -> Ticket:
    if counter.current_ticket_id is None:
        raise ValidationError(_("Belum ada nomor yang dipanggil di loket ini."), code="none")
    return Ticket.objects.get(pk=counter.current_ticket_id)


def call_next(*, counter: Counter, by, now: dt.datetime | None = None) -> Ticket:
    """The longest-waiting checked-in ticket of the counter's services, today. Two counters calling at once never
    get the same ticket (the candidate is locked, SKIP LOCKED on PostgreSQL)."""
    now = now or timezone.now()
    with transaction.atomic():
        counter = _locked_counter(counter)
        if counter.current_ticket_id:
            current = Ticket.objects.get(pk=counter.current_ticket_id)
            if current.status in (S.CALLED, S.SERVING):
                raise ValidationError(
                    _("Nomor %(number)s masih %(status)s di loket ini; selesaikan, teruskan atau lewati dulu.")
                    % {"number": current.label, "status": current.get_status_display().lower()}, code="busy")
        services = list(counter.services.values_list("pk", flat=True))
        stage = (Stage.objects.select_for_update(skip_locked=True, of=("self",))
                 .filter(service_id__in=services, called_at__isnull=True, done_at__isnull=True,
                         ticket__status=S.WAITING, ticket__date=timezone.localdate(now))
                 .order_by("queued_at", "pk").first())
        if stage is None:
            raise ValidationError(_("Tidak ada nomor yang menunggu untuk loket ini."), code="empty")
        ticket = Ticket.objects.select_related("service").get(pk=stage.ticket_id)
        TICKETS.apply(ticket, "call", by=by, changes={"counter": counter}, data={"counter": counter.name})
        stage.called_at, stage.counter = now, counter
        stage.save(update_fields=["called_at", "counter"])
        _show(counter, ticket, now, call=True)
    return ticket


def recall(*, counter: Counter, by, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    with transaction.atomic():
        counter = _locked_counter(counter)
        ticket = _current(counter)
        TICKETS.apply(ticket, "recall", by=by, data={"counter": counter.name})
        _show(counter, ticket, now, call=True)
    return ticket


def _step(counter: Counter, action: str, by, now, *, stage: dict, changes: dict | None = None) -> Ticket:
    with transaction.atomic():
        counter = _locked_counter(counter)
        ticket = _current(counter)
        stage_changes = stage
        TICKETS.apply(ticket, action, by=by, changes=changes or {}, data={"counter": counter.name})
        row = ticket.stages.filter(counter=counter, done_at__isnull=True).order_by("-pk").first()
        if row is not None and stage_changes:
            for name, value in stage_changes.items():
                setattr(row, name, value)
            row.save(update_fields=list(stage_changes))
        _show(counter, ticket if action == "serve" else None, now, call=False)
    return ticket


def skip(*, counter: Counter, by, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    return _step(counter, "skip", by, now, stage={"no_show": True, "done_at": now})


def serve(*, counter: Counter, by, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    return _step(counter, "serve", by, now, stage={"serving_at": now})


def finish(*, counter: Counter, by, now: dt.datetime | None = None) -> Ticket:
    now = now or timezone.now()
    return _step(counter, "finish", by, now, stage={"done_at": now})


def pass_on(*, counter: Counter, by, to: Service, now: dt.datetime | None = None) -> Ticket:
    """The next step (registration -> clinic -> pharmacy) with the same number: this stage ends, the ticket waits
    in the next service's queue."""
    now = now or timezone.now()
    if to.point_id != counter.point_id or not to.is_active:
        raise ValidationError(_("Layanan tujuan tidak ada di tempat ini."), code="to")
    current = _current(counter)
    if to.pk == current.service_id:
        raise ValidationError(_("Pilih layanan lain sebagai langkah berikutnya."), code="to")
    with transaction.atomic():
        ticket = _step(counter, "pass_on", by, now, changes={"service": to, "counter": None},
                       stage={"done_at": now})
        Stage.objects.create(ticket=ticket, service=to, queued_at=now)
    return ticket


# --- periodic -------------------------------------------------------------------------------------------------------
def send_reminders(*, now: dt.datetime | None = None) -> int:
    """The day before: one reminder per booking with a phone number (the outbox key makes it once only)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    sent = 0
    ids = list(Ticket.objects.filter(status=S.BOOKED, date=tomorrow, reminded_at__isnull=True)
               .exclude(phone="").values_list("pk", flat=True)[:5000])
    for pk in ids:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=pk)
            if ticket.status != S.BOOKED or ticket.reminded_at:
                continue
            TICKETS.apply(ticket, "remind", by=None, changes={"reminded_at": now}, locked=True)
            sent += 1
    return sent


def release_no_shows(*, today: dt.date | None = None) -> int:
    """Bookings of past days never checked in become no-shows (their seats are no longer held)."""
    today = today or timezone.localdate()
    released = 0
    for pk in Ticket.objects.filter(status=S.BOOKED, date__lt=today).values_list("pk", flat=True)[:5000]:
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=pk)
            if ticket.status == S.BOOKED:
                TICKETS.apply(ticket, "release", by=None, locked=True)
                released += 1
    return released


def sweep() -> dict:
    return {"reminded": send_reminders(), "released": release_no_shows()}


def counts_by_status(point: ServicePoint, day: dt.date) -> dict[str, int]:
    rows = Ticket.objects.filter(point=point, date=day).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
