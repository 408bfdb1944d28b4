"""Pages of the queue service.

Public (no account): the list of service points; booking on a phone (step 1 by GET: service and day, nothing
personal; step 2 by POST: the session, NIK, JKN card, phone); the ticket's secret link (status, cancel, move, print);
the kiosk (check in by code or NIK, take a walk-in number, print the 80 mm ticket); the display board and its JSON;
today's waiting times. None shows a NIK, a name or a phone number; a NIK is only ever POSTed.

Staff: the desk (the user's counters), a counter's screen whose buttons are the rows of `ACTIONS`, the figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from satupintu.akun.decorators import object_view, rule_required
from satupintu.core import ratelimit
from satupintu.core.lookup import lookup_load, lookup_store
from satupintu.core.request_context import client_ip

from . import permissions, selectors, services
from .forms import BookingForm, ChooseForm, KioskFindForm, MoveForm, PassOnForm, StatsForm
from .models import ServicePoint, Session, Ticket, TicketStatus
from .workflow import TICKETS, HolderAccess

KIOSK_LIMIT = 200  # check-ins per 10 minutes from one address


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- public: points, booking ------------------------------------------------------------------------------------
@require_GET
def index(request):
    points = ServicePoint.objects.filter(is_active=True).order_by("kind", "name")
    return render(request, "antrean/index.html", {
        "points": points, "is_desk_user": permissions.can_use_desk(request.user)})


def _session_of(service, pk) -> Session | None:
    return Session.objects.filter(pk=pk, service=service).select_related("doctor", "service").first() if pk else None


def _bookable_session(catalogue: selectors.Bookable, service, pk) -> Session | None:
    session = catalogue.sessions.get(pk)
    return session if session is not None and session.service_id == service.pk else None


@require_http_methods(["GET", "POST"])
def book(request, slug: str):
    catalogue = selectors.bookable(slug)  # kept per process: a booking reads no configuration row
    point = catalogue.point
    choose = ChooseForm(request.GET or None, point=point, services=catalogue.services)
    context: dict = {"point": point, "choose": choose, "today": timezone.localdate(),
                     "last_day": timezone.localdate() + dt.timedelta(days=point.booking_days_ahead)}
    if request.GET and choose.is_valid():
        service, day = choose.cleaned_data["layanan"], choose.cleaned_data["tanggal"]  # service.point is `point`
        context.update(service=service, day=day)
        posted = request.method == "POST"
        try:
            if not posted:  # a POST is checked once, by booking_create (the same rules, the same messages)
                services.check_day(point, day)
        except ValidationError as exc:
            context["day_error"] = _messages_of(exc)
        else:
            if not posted:  # the seats left are shown, not needed to book (booking_create counts under the lock)
                context["sessions"] = selectors.sessions_on(service, day)
            form = BookingForm(request.POST or None, hospital=point.is_hospital)
            if posted and not form.is_valid():
                context["sessions"] = selectors.sessions_on(service, day)
            if posted and form.is_valid():
                data = form.cleaned_data
                session = _bookable_session(catalogue, service, data["session"])
                counted = False
                try:
                    # The NIK's attempt is counted in the booking's transaction: one commit, not two (on PostgreSQL
                    # each waits for the disk); a refused booking rolls it back and is counted again below.
                    with transaction.atomic():
                        decision = ratelimit.consume("antrean.book", data["nik"][:20], limit=10, window=3600)
                        if not decision.allowed:
                            raise ValidationError(_("Terlalu banyak percobaan untuk NIK ini. Coba lagi %(when)s.")
                                                  % {"when": ratelimit.until_text(decision.reset_at)})
                        counted = True
                        if session is None:
                            raise ValidationError(_("Pilih salah satu sesi."))
                        ticket = services.booking_create(service=service, session=session, day=day,
                                                         nik=data["nik"], phone=data["phone"],
                                                         jkn_number=data.get("jkn_number", ""))
                except ValidationError as exc:
                    if counted:  # refused attempts use up the NIK's limit too (no probing past it)
                        ratelimit.consume("antrean.book", data["nik"][:20], limit=10, window=3600)
                    form.add_error(None, _messages_of(exc))
                    context["sessions"] = selectors.sessions_on(service, day)
                else:
                    messages.success(request, _("Pesanan tercatat. Simpan tautan halaman ini; tautan juga dikirim ke "
                                                "WhatsApp bila nomor diisi."))
                    return redirect("antrean:ticket", secret=ticket.secret)
            context["form"] = form
            context["chosen"] = request.POST.get("session", "")
    elif request.method == "POST":
        raise Http404
    return render(request, "antrean/book.html", context)


# --- public: the ticket's secret link ------------------------------------------------------------------------------
@require_GET
def ticket(request, secret: str):
    t = selectors.ticket_by_secret(secret)
    move = MoveForm(request.GET or None)
    context = {"ticket": t, "move": move, "can_change": t.status == TicketStatus.BOOKED}
    if t.status == TicketStatus.BOOKED and request.GET and move.is_valid():
        day = move.cleaned_data["tanggal"]
        try:
            services.check_day(t.point, day)
        except ValidationError as exc:
            context["move_error"] = _messages_of(exc)
        else:
            context["move_day"] = day
            context["sessions"] = selectors.sessions_on(t.first_service, day)
    return render(request, "antrean/ticket.html", context)


@require_POST
def ticket_cancel(request, secret: str):
    t = selectors.ticket_by_secret(secret)
    try:
        services.booking_cancel(ticket=t, by=HolderAccess(t.pk))
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("Pesanan dibatalkan; kursinya dilepas untuk orang lain."))
    return redirect("antrean:ticket", secret=t.secret)


@require_POST
def ticket_move(request, secret: str):
    t = selectors.ticket_by_secret(secret)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih tanggal dan sesi baru."))
        session = _session_of(t.first_service, form.cleaned_data.get("session"))
        if session is None:
            raise ValidationError(_("Pilih salah satu sesi."))
        services.booking_move(ticket=t, session=session, day=form.cleaned_data["tanggal"])
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, _("Jadwal dipindah. Nomor dan perkiraan waktu yang baru ada di bawah."))
    return redirect("antrean:ticket", secret=t.secret)


@require_GET
def ticket_print(request, secret: str):
    return render(request, "antrean/print.html", {"ticket": selectors.ticket_by_secret(secret), "auto": False})


# --- public: the kiosk -----------------------------------------------------------------------------------------
@require_GET
def kiosk(request, slug: str):
    point = selectors.point_by_slug(slug)
    return render(request, "antrean/kiosk.html", {
        "point": point, "form": KioskFindForm(),
        "walk_ins": point.services.filter(is_active=True, walk_in=True).order_by("order", "name")})


def _to_kiosk_ticket(request, point, t: Ticket):
    token = lookup_store(request, {"ticket": t.pk, "point": point.pk})
    return redirect(f"{reverse('antrean:kiosk_ticket', args=[point.slug])}?cari={token}")


@require_POST
def kiosk_check_in(request, slug: str):
    point = selectors.point_by_slug(slug)
    form = KioskFindForm(request.POST)
    try:
        # A kiosk is one address taking a few hundred check-ins a morning; a script trying NIKs is not.
        decision = ratelimit.consume("antrean.kiosk", client_ip(request) or "-", limit=KIOSK_LIMIT, window=600)
        if not decision.allowed:
            raise ValidationError(_("Terlalu banyak percobaan dari perangkat ini. Coba lagi %(when)s.")
                                  % {"when": ratelimit.until_text(decision.reset_at)})
        if not form.is_valid():
            raise ValidationError(_("Ketik kode pesanan (contoh ANT-7KQ4-M9XZ) atau NIK 16 angka."))
        t = services.kiosk_find(point, form.cleaned_data["value"])
        services.check_in(ticket=t, by=services.kiosk_access(point))
    except ValidationError as exc:
        return render(request, "antrean/kiosk.html", {
            "point": point, "form": form, "error": _messages_of(exc),
            "walk_ins": point.services.filter(is_active=True, walk_in=True).order_by("order", "name")}, status=200)
    return _to_kiosk_ticket(request, point, t)


@require_POST
def kiosk_walk_in(request, slug: str):
    point = selectors.point_by_slug(slug)
    service = point.services.filter(pk=request.POST.get("service") or 0).first() if str(
        request.POST.get("service", "")).isdigit() else None
    try:
        if service is None:
            raise ValidationError(_("Pilih layanan."))
        t = services.walk_in(service=service, by=services.kiosk_access(point))
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
        return redirect("antrean:kiosk", slug=point.slug)
    return _to_kiosk_ticket(request, point, t)


@require_GET
def kiosk_ticket(request, slug: str):
    """The 80 mm ticket printed at the kiosk: found by the session's token, never by a code or secret in the URL
    (the kiosk's history must not open anyone's booking)."""
    point = selectors.point_by_slug(slug)
    data = lookup_load(request)
    if not data or data.get("point") != point.pk:
        return redirect("antrean:kiosk", slug=point.slug)
    t = Ticket.objects.select_related("point", "first_service", "service", "doctor", "session").get(pk=data["ticket"])
    return render(request, "antrean/print.html", {"ticket": t, "auto": True, "kiosk_point": point})


# --- public: the display board and waiting times -----------------------------------------------------------------
@require_GET
def board(request, slug: str):
    """The TV page: one query (counters with their point's name); the page is rendered again only when what it shows
    changed (a call moves a counter's sequence number), else the body rendered for the same state is sent."""
    name, rows = selectors.board_state(slug)
    state = (name, tuple(tuple(row.values()) for row in rows))
    body = board_pages.get((slug, get_language()), state)
    if body is None:
        # No request context: the page needs no session, form or nonce, and a TV asks for it all day.
        body = render_to_string("antrean/board.html", {"point": {"name": name, "slug": slug}, "rows": rows}).encode()
        board_pages.put((slug, get_language()), state, body)
    return HttpResponse(body)


class LastRendered:
    """Per process, per key: the last body rendered and the state it was rendered from. A body is reused only for an
    equal state, so it is never stale; one entry per key (a point's board in a language), so it cannot grow."""

    def __init__(self) -> None:
        self._entries: dict = {}

    def get(self, key, state):
        hit = self._entries.get(key)
        return hit[1] if hit is not None and hit[0] == state else None

    def put(self, key, state, body) -> None:
        self._entries[key] = (state, body)


board_pages = LastRendered()
board_bodies = LastRendered()


@require_GET
def board_data(request, slug: str):
    """The board's state as JSON, polled every second: an ETag of the body answers an unchanged board with 304."""
    rows = selectors.board_by_slug(slug)
    state = tuple(tuple(row.values()) for row in rows)
    cached = board_bodies.get(slug, state)
    if cached is None:
        body = json.dumps({"counters": rows}, separators=(",", ":")).encode()
        cached = (body, f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"')
        board_bodies.put(slug, state, cached)
    body, etag = cached
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def waiting(request, slug: str):
    point = selectors.point_by_slug(slug)
    return render(request, "antrean/waiting.html", {"point": point, "rows": selectors.today_waiting(point),
                                                    "today": timezone.localdate()})


# --- staff ---------------------------------------------------------------------------------------------------
@rule_required(permissions.can_use_desk)
def desk(request):
    managed = ServicePoint.objects.filter(pk__in=permissions.managed_point_ids(request.user))
    return render(request, "antrean/desk.html", {
        "counters": selectors.counters_for_user(request.user), "managed": managed,
        "can_stats": permissions.can_see_statistics(request.user)})


@object_view(selectors.counter_get_for_user, permissions.can_work_counter)
def counter(request, counter):
    today = timezone.localdate()
    current = (Ticket.objects.select_related("service", "first_service", "doctor")
               .filter(pk=counter.current_ticket_id).first())
    allowed = TICKETS.allowed_actions(request.user, current) if current else []
    return render(request, "antrean/counter.html", {
        "counter": counter, "current": current, "allowed": allowed,
        "waiting": selectors.waiting_at_counter(counter, today),
        "pass_on": PassOnForm(counter=counter, current=current),
        "counts": services.counts_by_status(counter.point, today),
    })


@require_GET
@object_view(selectors.counter_get_for_user, permissions.can_work_counter)
def counter_queue(request, counter):
    """The counter screen's waiting list and counts, fetched by the screen itself every few seconds (HTMX)."""
    today = timezone.localdate()
    context = {"counter": counter, "waiting": selectors.waiting_at_counter(counter, today),
               "counts": services.counts_by_status(counter.point, today), "oob": True}
    return HttpResponse(render_to_string("antrean/_counter_queue.html", context, request)
                        + render_to_string("antrean/_counter_counts.html", context, request))


@dataclass(frozen=True)
class Action:
    run: Callable[..., Ticket]
    message: object  # lazy text with %(number)s


ACTIONS: dict[str, Action] = {
    "call": Action(services.call_next, gettext_lazy("Nomor %(number)s dipanggil.")),
    "recall": Action(services.recall, gettext_lazy("Nomor %(number)s dipanggil ulang.")),
    "skip": Action(services.skip, gettext_lazy("Nomor %(number)s dilewati (tidak hadir).")),
    "serve": Action(services.serve, gettext_lazy("Nomor %(number)s sedang dilayani.")),
    "finish": Action(services.finish, gettext_lazy("Nomor %(number)s selesai.")),
    "pass_on": Action(services.pass_on, gettext_lazy("Nomor %(number)s diteruskan ke %(service)s.")),
}


@require_POST
@object_view(selectors.counter_get_for_user, permissions.can_work_counter)
def counter_act(request, counter, action: str):
    row = ACTIONS.get(action)
    if row is None:
        raise Http404
    kwargs = {}
    if action == "pass_on":
        form = PassOnForm(request.POST, counter=counter)
        if not form.is_valid():
            messages.error(request, _("Pilih layanan tujuan."))
            return redirect("antrean:counter", pk=counter.pk)
        kwargs["to"] = form.cleaned_data["to"]
    try:
        t = row.run(counter=counter, by=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, _messages_of(exc))
    else:
        messages.success(request, str(row.message) % {"number": t.label, "service": t.service.name})
    return redirect("antrean:counter", pk=counter.pk)


@rule_required(permissions.can_see_statistics)
def stats(request):
    points = list(selectors.points_for_statistics(request.user).order_by("name"))
    form = StatsForm(request.GET or None)
    today = timezone.localdate()
    start, end, point = today - dt.timedelta(days=6), today, points[0] if points else None
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        chosen = form.cleaned_data.get("point")
        point = next((p for p in points if p.pk == chosen), point)
    if end < start or (end - start).days > 92:
        messages.error(request, _("Rentang tanggal harus urut dan paling lama 92 hari."))
        start, end = today - dt.timedelta(days=6), today
    rows = selectors.figures(point, start, end) if point else []
    return render(request, "antrean/stats.html", {"form": form, "points": points, "point": point, "rows": rows,
                                                  "start": start, "end": end})
