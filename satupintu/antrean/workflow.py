"""The state machine of a queue ticket as one table for the engine (`satupintu.core.workflow`).

booked -> (check in at the kiosk) waiting -> called -> serving -> done, or passed on to the next service (waiting
again, the same number), or skipped (no-show) when called and absent; a booking is cancelled or moved from its
secret link, reminded the day before, and released as a no-show when its day passes without a check-in. Walk-ins
start waiting. Every step is audited ("antrean.<step>"); the citizen's messages are declared here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from satupintu.core.links import absolute_url
from satupintu.core.workflow import SYSTEM, Notice, Workflow, step
from satupintu.notifikasi.services import Recipient

from . import permissions
from .models import Ticket, TicketStatus

S = TicketStatus

HOLDER = "holder"  # the bearer of the ticket's secret link
KIOSK = "kiosk"  # the self-service kiosk of the point
OFFICER = "officer"  # an officer (or manager) at a counter that handles the ticket's service
MANAGER = "manager"  # the point's queue manager

EVENT_BOOKED = "antrean.booked"
EVENT_MOVED = "antrean.moved"
EVENT_CANCELLED = "antrean.cancelled"
EVENT_REMINDER = "antrean.reminder"


@dataclass(frozen=True)
class HolderAccess:
    """The bearer of a ticket's secret link (no account)."""

    ticket_id: int
    is_authenticated = False
    is_active = False


@dataclass(frozen=True)
class KioskAccess:
    """The self-service kiosk of one service point (a public touch screen, no account)."""

    point_id: int
    is_authenticated = False
    is_active = False


_holder = ("holder",)
TRANSITIONS = {
    "book": step({""}, S.BOOKED, {SYSTEM}, _("Dipesan daring"), notify=[Notice(EVENT_BOOKED, to=_holder)]),
    "walk_in": step({""}, S.WAITING, {KIOSK, OFFICER}, _("Nomor diambil di tempat")),
    "check_in": step({S.BOOKED}, S.WAITING, {KIOSK, OFFICER}, _("Hadir (check-in)")),
    "call": step({S.WAITING}, S.CALLED, {OFFICER}, _("Dipanggil")),
    "recall": step({S.CALLED}, None, {OFFICER}, _("Dipanggil ulang")),
    "skip": step({S.CALLED}, S.NO_SHOW, {OFFICER}, _("Dilewati, tidak hadir saat dipanggil")),
    "serve": step({S.CALLED}, S.SERVING, {OFFICER}, _("Dilayani")),
    "finish": step({S.SERVING}, S.DONE, {OFFICER}, _("Selesai")),
    "pass_on": step({S.SERVING}, S.WAITING, {OFFICER}, _("Diteruskan ke %(detail)s dengan nomor yang sama")),
    "cancel": step({S.BOOKED}, S.CANCELLED, {HOLDER, MANAGER}, _("Dibatalkan"),
                   notify=[Notice(EVENT_CANCELLED, to=_holder)]),
    "move": step({S.BOOKED}, None, {HOLDER}, _("Dipindah ke jadwal lain"), notify=[Notice(EVENT_MOVED, to=_holder)]),
    "remind": step({S.BOOKED}, None, {SYSTEM}, _("Pengingat dikirim"), notify=[Notice(EVENT_REMINDER, to=_holder)]),
    "release": step({S.BOOKED}, S.NO_SHOW, {SYSTEM}, _("Tidak hadir; kursi dilepas")),
}


def actor_kinds(by, ticket) -> set[str]:
    if by is None:
        return {SYSTEM}
    if isinstance(by, HolderAccess):
        return {HOLDER} if by.ticket_id == ticket.pk else set()
    if isinstance(by, KioskAccess):
        return {KIOSK} if by.point_id == ticket.point_id else set()
    kinds: set[str] = set()
    if permissions.can_call(by, ticket):
        kinds.add(OFFICER)
    if permissions.is_manager_of(by, ticket.point_id):
        kinds.add(MANAGER)
    return kinds


def holder(ticket) -> list[Recipient]:
    return [Recipient(phone=ticket.phone)] if ticket.phone else []


def ticket_url(ticket) -> str:
    return absolute_url(reverse("antrean:ticket", args=[ticket.secret]))


def context(ticket, row=None) -> dict:
    with translation.override("id"):
        status = str(ticket.get_status_display())
        day = formats.date_format(ticket.date, "l, j F Y")
        at = timezone.localtime(ticket.estimated_at).strftime("%H.%M") if ticket.estimated_at else "-"
    return {"code": ticket.code, "number": ticket.label, "service": ticket.first_service.name,
            "point": ticket.point.name, "date": day, "time": at, "url": ticket_url(ticket), "status": status}


def _stamp(ticket) -> None:
    ticket.status_changed_at = timezone.now()


TICKETS = Workflow(
    model=Ticket, transitions=TRANSITIONS, actor_kinds=actor_kinds, audit_prefix="antrean",
    recipients={"holder": holder}, base_context=context, before_save=_stamp,
    audit_channel=lambda by: "kios" if isinstance(by, KioskAccess) else ("tautan" if isinstance(by, HolderAccess)
                                                                          else None),
    wrong_state_message=_("Nomor antrean berstatus “%(status)s” tidak dapat diubah dengan tindakan ini."),
)
