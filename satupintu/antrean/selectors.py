"""Reads of the queue service: permission-checked for staff (404 outside the scope), public ones carry no NIK,
name or phone (the board and the waiting times show numbers, counters and durations only)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from satupintu.core.memo import Memo

from . import permissions
from .models import Counter, Service, ServicePoint, Session, Source, Stage, Ticket, TicketStatus

S = TicketStatus


def point_by_slug(slug: str) -> ServicePoint:
    point = ServicePoint.objects.filter(slug=slug, is_active=True).select_related("agency").first()
    if point is None:
        raise Http404
    return point


@dataclass(frozen=True)
class Bookable:
    """What the booking form needs of a point, read once and kept (see `bookable`): the point, its bookable services
    and their sessions (each session's `service` and `doctor` attached). Shared by requests: read, never change."""

    point: ServicePoint
    services: dict[int, Service]
    sessions: dict[int, Session]


bookable_memo = Memo("antrean-bookable", seconds=60)


def bookable(slug: str) -> Bookable:
    """The active point `slug` with its active bookable services and all their sessions (an inactive one is refused
    by booking_create with its own message). Kept for a minute per process and dropped at once when a point,
    service, session or doctor is saved here (apps.py): the booking form, the busiest public POST, then reads no
    configuration row. 404 when there is no such active point."""

    def load() -> Bookable | None:
        point = ServicePoint.objects.filter(slug=slug, is_active=True).select_related("agency").first()
        if point is None:
            return None
        services = {s.pk: s for s in Service.objects.filter(point=point, is_active=True, bookable=True)}
        for service in services.values():
            service.point = point
        sessions = {s.pk: s for s in Session.objects.filter(service__in=list(services)).select_related("doctor")}
        for session in sessions.values():
            session.service = services[session.service_id]
        return Bookable(point, services, sessions)

    found = bookable_memo.get(slug, load)
    if found is None:
        raise Http404
    return found


def ticket_by_secret(secret: str) -> Ticket:
    ticket = (Ticket.objects.select_related("point", "first_service", "service", "doctor", "session", "counter")
              .filter(secret=secret).first())
    if ticket is None:
        raise Http404
    return ticket


def counter_get_for_user(user, pk) -> Counter:
    if not str(pk).isdigit() or int(pk) not in permissions.counter_ids(user):
        raise Http404
    return Counter.objects.select_related("point").get(pk=pk)


def counters_for_user(user):
    return (Counter.objects.filter(pk__in=permissions.counter_ids(user)).select_related("point")
            .order_by("point__name", "order", "name"))


def points_for_statistics(user):
    from satupintu.akun.permissions import is_regency_wide

    qs = ServicePoint.objects.all()
    return qs if is_regency_wide(user) else qs.filter(pk__in=permissions.managed_point_ids(user))


@dataclass(frozen=True)
class SessionChoice:
    session: Session
    taken: int
    remaining: int


def sessions_on(service: Service, day: dt.date) -> list[SessionChoice]:
    """The service's sessions on `day`'s weekday with their remaining seats (one query for the counts)."""
    sessions = list(Session.objects.filter(service=service, weekday=day.weekday(), is_active=True)
                    .select_related("doctor").order_by("starts", "doctor__name"))
    taken = dict(Ticket.objects.filter(session__in=sessions, date=day).exclude(status=S.CANCELLED)
                 .values_list("session").annotate(n=Count("pk")))
    return [SessionChoice(s, taken.get(s.pk, 0), max(0, s.quota - taken.get(s.pk, 0))) for s in sessions]


def waiting_at_counter(counter: Counter, day: dt.date, limit: int = 50) -> list[Ticket]:
    """The numbers waiting for this counter's services, longest-waiting first (the order `call_next` takes)."""
    stages = (Stage.objects.filter(service__in=counter.services.all(), called_at__isnull=True, done_at__isnull=True,
                                   ticket__status=S.WAITING, ticket__date=day)
              .select_related("ticket", "service").order_by("queued_at", "pk")[:limit])
    return [stage.ticket for stage in stages]


def board_by_slug(slug: str) -> list[dict]:
    """The same for the board's JSON, in the one query (404 only when the point has no counter: then ask why)."""
    rows = _board_rows(Counter.objects.filter(point__slug=slug, point__is_active=True, is_active=True))
    if not rows:
        point_by_slug(slug)
    return rows


def board_state(slug: str) -> tuple[str, list[dict]]:
    """(the point's name, board rows) for the board page in one query: the counters joined to their point."""
    rows = list(Counter.objects.filter(point__slug=slug, point__is_active=True, is_active=True)
                .order_by("order", "name")
                .values_list("pk", "name", "spoken_name", "current_label", "call_seq", "called_at", "point__name"))
    if not rows:
        return point_by_slug(slug).name, []
    return rows[0][-1], _rows_of([row[:-1] for row in rows])


def _board_rows(qs) -> list[dict]:
    return _rows_of(qs.order_by("order", "name").values_list("pk", "name", "spoken_name", "current_label",
                                                            "call_seq", "called_at"))


def _rows_of(rows) -> list[dict]:
    return [{"id": pk, "counter": name, "spoken": spoken or name, "number": label, "seq": seq,
             "at": called_at.isoformat() if called_at else ""} for pk, name, spoken, label, seq, called_at in rows]


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _minutes(a, b) -> float:
    return (b - a).total_seconds() / 60


@dataclass
class ServiceFigures:
    service: Service
    day: dt.date
    visits: int
    waiting_p50: float | None
    waiting_p90: float | None
    service_p50: float | None
    service_p90: float | None
    no_shows: int
    booked: int
    walk_ins: int
    waiting_now: int = 0

    @property
    def no_show_rate(self) -> float | None:
        return self.no_shows / self.booked * 100 if self.booked else None


def figures(point: ServicePoint, start: dt.date, end: dt.date) -> list[ServiceFigures]:
    """Per service and day: waiting (queued -> first call) and service (serving -> done) time p50/p90 in minutes,
    visits, no-shows among the bookings of that service (skipped at the counter or never came), bookings vs walk-ins."""
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz)
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), tz)
    waits: dict[tuple, list[float]] = {}
    serves: dict[tuple, list[float]] = {}
    for service_id, queued, called, serving, done in (
            Stage.objects.filter(service__point=point, queued_at__gte=lo, queued_at__lt=hi)
            .values_list("service_id", "queued_at", "called_at", "serving_at", "done_at")):
        key = (service_id, timezone.localdate(queued))
        waits.setdefault(key, [])
        serves.setdefault(key, [])
        if called:
            waits[key].append(_minutes(queued, called))
        if serving and done:
            serves[key].append(_minutes(serving, done))
    counts = {}
    for row in (Ticket.objects.filter(point=point, date__gte=start, date__lte=end).exclude(status=S.CANCELLED)
                .values("first_service_id", "date")
                .annotate(booked=Count("pk", filter=Q(source=Source.BOOKING)),
                          walk_ins=Count("pk", filter=Q(source=Source.WALK_IN)),
                          no_shows=Count("pk", filter=Q(status=S.NO_SHOW)))):
        counts[(row["first_service_id"], row["date"])] = row
    services = {s.pk: s for s in Service.objects.filter(point=point)}
    out = []
    for key in sorted(set(waits) | set(counts), key=lambda k: (k[1], services[k[0]].order, services[k[0]].name)):
        service_id, day = key
        w, s, c = waits.get(key, []), serves.get(key, []), counts.get(key, {})
        out.append(ServiceFigures(
            service=services[service_id], day=day, visits=len(w), waiting_p50=_pct(w, 50), waiting_p90=_pct(w, 90),
            service_p50=_pct(s, 50), service_p90=_pct(s, 90), no_shows=c.get("no_shows", 0),
            booked=c.get("booked", 0), walk_ins=c.get("walk_ins", 0)))
    return out


def today_waiting(point: ServicePoint, today: dt.date | None = None) -> list[ServiceFigures]:
    """The public page: today's figures per service and how many wait now (no person, only counts)."""
    today = today or timezone.localdate()
    rows = {f.service.pk: f for f in figures(point, today, today)}
    waiting = dict(Ticket.objects.filter(point=point, date=today, status__in=[S.WAITING, S.CALLED])
                   .values_list("service").annotate(n=Count("pk")))
    out = []
    for service in Service.objects.filter(point=point, is_active=True).order_by("order", "name"):
        row = rows.get(service.pk) or ServiceFigures(service, today, 0, None, None, None, None, 0, 0, 0)
        row.waiting_now = waiting.get(service.pk, 0)
        out.append(row)
    return out
