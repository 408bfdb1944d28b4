"""The workflow engine itself (core.workflow), driven through aduan's table: the only workflow with a model and a
timeline that needs no test migrations."""

import dataclasses
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from satupintu.aduan import services
from satupintu.aduan.models import Complaint, ComplaintEvent, Kind, Status
from satupintu.aduan.workflow import WORKFLOW, ReporterAccess
from satupintu.core import workflow as engine
from satupintu.core.audit import audit_trail
from satupintu.core.links import absolute_url
from satupintu.core.models import AuditEvent
from satupintu.core.workflow import Notice, TransitionError
from satupintu.notifikasi.models.outbox import OutboxMessage
from satupintu.notifikasi.registry import get_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(village_a):
    return services.complaint_submit(
        kind=Kind.PENGADUAN, title="Lampu jalan mati", description="Lampu jalan di depan pasar mati sejak seminggu.",
        village=village_a, reporter_name="Budi", reporter_phone="081234567890", reporter_email="budi@example.org",
    )


def _trail(c: Complaint) -> tuple[list[str], list[str]]:
    return [e.action for e in ComplaintEvent.objects.filter(complaint=c)], [a.action for a in audit_trail(c)]


def test_a_step_from_the_wrong_state_is_refused_and_writes_nothing(complaint, users):
    with pytest.raises(TransitionError):
        with transaction.atomic():
            WORKFLOW.apply(complaint, "approve_answer", by=users["opd_head"])
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    assert _trail(complaint) == (["submit"], ["aduan.submit"])


def test_an_actor_outside_the_table_gets_permission_denied(complaint, users):
    with pytest.raises(PermissionDenied):
        WORKFLOW.check("verify", obj=complaint, by=users["opd_admin"])  # verifying is the regency admin's
    with pytest.raises(PermissionDenied):
        WORKFLOW.check("reply", obj=complaint, by=ReporterAccess(complaint_id=complaint.pk + 1))  # another report's link
    with pytest.raises(PermissionDenied):
        WORKFLOW.bulk_check("verify")  # a sweep may only take the system's steps
    assert WORKFLOW.check("reply", obj=complaint, by=ReporterAccess(complaint_id=complaint.pk)).target is None


def test_unknown_action_is_a_transition_error(complaint, users):
    with pytest.raises(TransitionError):
        WORKFLOW.check("teleport", obj=complaint, by=users["regency_admin"])


def test_a_failure_after_the_change_rolls_back_state_timeline_audit_and_notices(complaint, users):
    """The outbox is the last step of apply(): when it raises, the state change, the timeline event and the audit
    record already written in the same transaction are undone with it."""

    def broken_outbox(**kwargs):
        assert Complaint.objects.get(pk=complaint.pk).status == Status.VERIFIED  # written by then ...
        raise RuntimeError("outbox down")

    real = engine._outbox
    engine.set_outbox(broken_outbox)
    try:
        with pytest.raises(RuntimeError, match="outbox down"):
            services.complaint_verify(complaint=complaint, by=users["regency_admin"])
    finally:
        engine.set_outbox(real)
    complaint.refresh_from_db()  # ... and gone now
    assert complaint.status == Status.RECEIVED and not complaint.is_public
    assert _trail(complaint) == (["submit"], ["aduan.submit"])
    assert not OutboxMessage.objects.filter(event="aduan.verified").exists()


def test_apply_writes_state_timeline_audit_and_declared_notices(complaint, users):
    complaint, event = WORKFLOW.apply(complaint, "verify", by=users["regency_admin"], note="ok",
                                      changes={"verified_at": timezone.now()})
    assert Complaint.objects.get(pk=complaint.pk).status == Status.VERIFIED
    assert (event.from_status, event.to_status, event.actor) == (Status.RECEIVED, Status.VERIFIED, users["regency_admin"])
    audit = AuditEvent.objects.get(action="aduan.verify")
    assert (audit.from_state, audit.to_state, audit.note, audit.data) == (
        Status.RECEIVED, Status.VERIFIED, "ok", {"event": event.pk})
    # The table declares: verify -> "aduan.verified" to the reporter, on each channel they gave, keyed by the event.
    rows = OutboxMessage.objects.filter(event="aduan.verified")
    assert {r.address for r in rows} == {"6281234567890", "budi@example.org"}
    assert {r.source_key for r in rows} == {f"aduan:{complaint.pk}:{event.pk}:aduan.verified"}
    assert complaint.follow_token in rows[0].context["url"]


def test_notices_come_from_the_declaration_alone(complaint, users):
    """Declaring a notice on a step that has none is all it takes for its messages to be queued."""
    note = WORKFLOW.transitions["note"]
    assert not note.notices
    declared = dataclasses.replace(
        WORKFLOW,
        transitions={**WORKFLOW.transitions,
                     "note": dataclasses.replace(note, notices=(Notice("aduan.reply", to=("regency_admins",)),))},
    )
    before = OutboxMessage.objects.count()
    WORKFLOW.apply(complaint, "note", by=users["regency_admin"], timeline={"body": "Cek lokasi."})
    assert OutboxMessage.objects.count() == before  # the real table: no notice for a note
    _complaint, event = declared.apply(complaint, "note", by=users["regency_admin"], timeline={"body": "Cek lagi."})
    row = OutboxMessage.objects.get(event="aduan.reply")
    assert row.user == users["regency_admin"] and row.source_key == f"aduan:{complaint.pk}:{event.pk}:aduan.reply"


def test_a_notice_to_an_unknown_recipient_is_refused_when_declared():
    with pytest.raises(ImproperlyConfigured, match="nobody"):
        dataclasses.replace(WORKFLOW, transitions={"verify": dataclasses.replace(
            WORKFLOW.transitions["verify"], notices=(Notice("aduan.verified", to=("nobody",)),))})


def test_every_declared_notice_has_a_registered_template():
    events = WORKFLOW.notice_events()
    assert {"aduan.received", "aduan.verified", "aduan.assigned", "aduan.closed"} <= events
    for event in events:
        get_template(event)  # raises UnknownEvent


def test_allowed_actions_follow_state_and_actor_and_never_offer_system_steps(complaint, users):
    assert WORKFLOW.allowed_actions(users["regency_admin"], complaint) == [
        "verify", "reject", "mark_duplicate", "convert", "note"]
    assert WORKFLOW.allowed_actions(users["opd_admin"], complaint) == []
    assert WORKFLOW.allowed_actions(None, complaint) == []  # submit/auto_close/escalate are the system's own
    assert WORKFLOW.label("assign", "Dinas PUPR") == "Diteruskan ke Dinas PUPR"
    assert WORKFLOW.label("unknown") == "unknown"


def test_bulk_record_writes_one_timeline_row_and_one_audit_record_per_matched_row(complaint, village_a, users):
    other = services.complaint_submit(kind=Kind.PENGADUAN, title="Sampah", description="Sampah menumpuk di pasar.",
                                      village=village_a, reporter_email="a@example.org")
    now = timezone.now() + timedelta(seconds=1)
    Complaint.objects.filter(pk__in=[complaint.pk, other.pk]).update(status=Status.CLOSED)
    WORKFLOW.bulk_record(action="auto_close", where_sql="id IN (%s, %s)", params=[complaint.pk, other.pk],
                         from_state_sql="'answered'", now=now)
    WORKFLOW.bulk_record(action="escalate", where_sql="id = %s", params=[complaint.pk], from_state_sql="status",
                         now=now, timeline=False)
    for c in (complaint, other):
        event = ComplaintEvent.objects.get(complaint=c, action="auto_close")
        assert (event.from_status, event.to_status, event.actor_id, event.is_public) == ("answered", "closed", None, True)
        audit = AuditEvent.objects.get(object_id=str(c.pk), action="aduan.auto_close")
        assert (audit.from_state, audit.to_state, audit.channel, audit.data) == ("answered", "closed", "sistem", {})
    assert not ComplaintEvent.objects.filter(action="escalate").exists()
    assert AuditEvent.objects.filter(action="aduan.escalate").count() == 1


@override_settings(SATUPINTU_BASE_URL="https://satupintu.example.id/")
def test_absolute_url_uses_the_request_host_or_the_base_url():
    assert absolute_url("/aduan/") == "https://satupintu.example.id/aduan/"
    request = RequestFactory().get("/", HTTP_HOST="desa-a.example.id")
    assert absolute_url("/berita/1/", request=request) == "http://desa-a.example.id/berita/1/"
    assert absolute_url("") == "" and absolute_url("https://cdn.example.id/a.png") == "https://cdn.example.id/a.png"
