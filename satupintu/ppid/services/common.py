"""Shared pieces of the PPID services: legal periods, the transition check, numbering, the timeline."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from satupintu.core.formatting import tanggal
from satupintu.organisasi.models import Agency

from ..models import (
    TRANSITIONS,
    Counter,
    InfoRequest,
    InfoRequestEvent,
)

# UU 14/2008 Pasal 22 ayat (7) and (8): answer within 10 working days, extendable once by 7 working days.
ANSWER_DAYS = 10
EXTENSION_DAYS = 7
# Pasal 36: objection within 30 working days; the superior answers within 30 working days.
OBJECTION_WINDOW_DAYS = 30
OBJECTION_ANSWER_DAYS = 30
# Pasal 37 ayat (2): a dispute goes to the Komisi Informasi within 14 working days of the superior's answer.
DISPUTE_WINDOW_DAYS = 14


class TransitionError(ValidationError):
    """An action that the request's current state does not allow."""


def _move(info_request: InfoRequest, to: str) -> str:
    current = info_request.status
    if to not in TRANSITIONS[current]:
        raise TransitionError(
            _("Permohonan %(number)s berstatus “%(status)s”; tindakan ini tidak dapat dilakukan.")
            % {"number": info_request.number, "status": info_request.get_status_display()}
        )
    info_request.status = to
    return current


def _next_number(series: str, year: int) -> int:
    """Take the next number of `series` in `year`. The counter row is locked until the transaction ends, so two
    requests never get the same number and a rolled-back request gives its number back (no gaps)."""
    Counter.objects.get_or_create(series=series, year=year)
    counter = Counter.objects.select_for_update().get(series=series, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def ppid_utama() -> Agency:
    agency = Agency.objects.filter(is_ppid_utama=True, is_active=True).order_by("pk").first()
    if agency is None:
        raise ValidationError(_("PPID Utama belum ditetapkan. Tandai satu OPD sebagai PPID Utama di kantor belakang."))
    return agency


def _event(info_request, kind, *, actor=None, note="", public=True, data=None) -> InfoRequestEvent:
    return InfoRequestEvent.objects.create(
        request=info_request, kind=kind, actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note, public=public, data=data or {},
    )


def _fmt(d: date) -> str:
    return tanggal(d)
