"""The ticket's state machine: one table, the legal path with the number kept across steps, and illegal steps
refused (wrong state: TransitionError; wrong actor: PermissionDenied), every step audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from satupintu.core.models import AuditEvent
from satupintu.core.workflow import TransitionError
from satupintu.notifikasi.registry import get_template

from .. import services
from ..models import Stage, TicketStatus
from ..workflow import TICKETS, HolderAccess, KioskAccess
from .factories import book, officer

pytestmark = pytest.mark.django_db
S = TicketStatus


def test_every_notice_has_a_registered_template():
    for event in TICKETS.notice_events():
        assert get_template(event)


def test_booked_checked_in_called_served_passed_on_with_the_same_number_and_done(rs, poli_officer):
    pharmacist = officer(rs["counters"]["Farmasi"], "apoteker")
    poli, farmasi = rs["counters"]["Poli Anak"], rs["counters"]["Farmasi"]
    t = book(rs)
    services.check_in(ticket=t, by=services.kiosk_access(rs["point"]))
    assert t.status == S.WAITING
    called = services.call_next(counter=poli, by=poli_officer)
    assert called.pk == t.pk and called.status == S.CALLED
    poli.refresh_from_db()
    assert poli.current_label == "B-001" and poli.call_seq == 1
    services.recall(counter=poli, by=poli_officer)
    poli.refresh_from_db()
    assert poli.call_seq == 2
    services.serve(counter=poli, by=poli_officer)
    passed = services.pass_on(counter=poli, by=poli_officer, to=rs["pharmacy"])
    assert passed.status == S.WAITING and passed.service == rs["pharmacy"] and passed.label == "B-001"
    poli.refresh_from_db()
    assert poli.current_label == ""
    # the clinic's officer does not call the pharmacy's queue
    with pytest.raises(ValidationError, match="Tidak ada nomor"):
        services.call_next(counter=poli, by=poli_officer)
    assert services.call_next(counter=farmasi, by=pharmacist).label == "B-001"
    services.serve(counter=farmasi, by=pharmacist)
    done = services.finish(counter=farmasi, by=pharmacist)
    assert done.status == S.DONE
    stages = list(Stage.objects.filter(ticket=t).order_by("pk"))
    assert [s.service for s in stages] == [rs["anak"], rs["pharmacy"]]
    assert all(s.called_at and s.serving_at and s.done_at for s in stages)
    actions = list(AuditEvent.objects.filter(object_id=str(t.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["antrean.book", "antrean.check_in", "antrean.call", "antrean.recall", "antrean.serve",
                       "antrean.pass_on", "antrean.call", "antrean.serve", "antrean.finish"]


def refused(error, ticket, action, by):
    with pytest.raises(error), transaction.atomic():
        TICKETS.apply(ticket, action, by=by)


def test_illegal_steps_are_refused(rs, poli_officer):
    t = book(rs)
    for action in ("call", "serve", "finish", "skip", "pass_on", "recall"):
        refused(TransitionError, t, action, poli_officer)
    services.check_in(ticket=t, by=KioskAccess(rs["point"].pk))
    refused(TransitionError, t, "cancel", HolderAccess(t.pk))
    refused(TransitionError, t, "check_in", KioskAccess(rs["point"].pk))
    # the wrong actor: a holder does not call, another ticket's holder does not cancel, another point's kiosk
    other = book(rs)
    refused(PermissionDenied, other, "cancel", HolderAccess(t.pk))
    refused(PermissionDenied, other, "check_in", KioskAccess(rs["point"].pk + 100))
    refused(PermissionDenied, t, "call", HolderAccess(t.pk))
    pharmacist = officer(rs["counters"]["Farmasi"], "apoteker")
    refused(PermissionDenied, t, "call", pharmacist)
    t.refresh_from_db()
    other.refresh_from_db()
    assert (t.status, other.status) == (S.WAITING, S.BOOKED)


def test_skip_is_a_no_show_and_frees_the_counter(rs, poli_officer):
    poli = rs["counters"]["Poli Anak"]
    first = services.walk_in(service=rs["anak"], by=KioskAccess(rs["point"].pk))
    second = services.walk_in(service=rs["anak"], by=KioskAccess(rs["point"].pk))
    services.call_next(counter=poli, by=poli_officer)
    with pytest.raises(ValidationError, match="masih dipanggil"):
        services.call_next(counter=poli, by=poli_officer)
    skipped = services.skip(counter=poli, by=poli_officer)
    assert skipped.pk == first.pk and skipped.status == S.NO_SHOW
    assert Stage.objects.get(ticket=first).no_show
    assert services.call_next(counter=poli, by=poli_officer).pk == second.pk

