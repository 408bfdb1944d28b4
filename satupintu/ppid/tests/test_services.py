"""Numbering, attachments, notifications, the late sweep, identity completion and complaints turned into requests."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.core.audit import audit_record, audit_trail
from satupintu.notifikasi.models import OutboxMessage
from satupintu.ppid import services
from satupintu.ppid.models import EventKind, IdKind, InfoRequest, Outcome
from satupintu.ppid.services import AnswerInput
from satupintu.ppid.tasks import flag_late_requests

from .conftest import NIK, request_input

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_numbers_run_per_year_without_gaps(clock, make_request):
    clock.set(date(2025, 12, 31))
    assert [make_request().number for _ in range(3)] == ["PPID/2025/000001", "PPID/2025/000002", "PPID/2025/000003"]
    clock.set(date(2026, 1, 2))
    assert make_request().number == "PPID/2026/000001"
    # A request that fails validation takes no number.
    with pytest.raises(ValidationError):
        services.info_request_submit(data=request_input(id_number="1234"))
    assert make_request().number == "PPID/2026/000002"


def test_bad_nik_is_refused_with_the_shared_validator(regency, agencies):
    with pytest.raises(ValidationError) as exc:
        services.info_request_submit(data=request_input(id_number="9999015505900001"))
    assert "id_number" in exc.value.message_dict
    r = services.info_request_submit(data=request_input(id_kind=IdKind.PASSPORT, id_number="c1234567"))
    assert r.id_number == "C1234567"


def test_form_errors_are_shown_not_500(client, regency, agencies):
    response = client.post(reverse("ppid:request_create"), {
        "requester_name": "Budi", "id_kind": "nik", "id_number": "12345", "address": "x", "occupation": "Petani",
        "information": "Data", "purpose": "Tahu", "access_mode": "salinan", "copy_format": "", "delivery": "",
    })
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error"' in html and "salinan" in html
    assert not InfoRequest.objects.exists()


def test_answer_with_attachment_checks_file_content(clock, make_request, users, settings):
    clock.set(date(2026, 6, 19))
    r = make_request()
    fake = SimpleUploadedFile("kontrak.pdf", b"MZ\x90\x00 not really a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="tidak diterima"):
        services.info_request_answer(info_request=r, by=users["ppid_utama"], files=[fake],
                                     answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    settings.PPID_UPLOAD_MAX_BYTES = 20
    big = SimpleUploadedFile("besar.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError, match="terlalu besar"):
        services.info_request_answer(info_request=r, by=users["ppid_utama"], files=[big],
                                     answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    settings.PPID_UPLOAD_MAX_BYTES = 10_000
    good = SimpleUploadedFile("kontrak.pdf", PDF, content_type="text/plain")
    r = services.info_request_answer(info_request=r, by=users["ppid_utama"], files=[good],
                                     answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    attachment = r.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.original_name == "kontrak.pdf"


def test_notifications_go_to_the_outbox_without_the_id_number(clock, make_request, ppid_users, agencies):
    clock.set(date(2026, 6, 19))
    r = make_request()
    services.info_request_forward(info_request=r, agency=agencies["pupr"], by=ppid_users["ppid_utama"])
    services.info_request_extend(info_request=r, by=ppid_users["ppid_pupr"], reason="Perlu waktu.")
    services.info_request_answer(info_request=r, by=ppid_users["ppid_pupr"],
                                 answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Terlampir."))
    events = set(OutboxMessage.objects.values_list("event", flat=True))
    assert {"ppid.received", "ppid.forwarded", "ppid.extended", "ppid.answered", "ppid.staff.received",
            "ppid.staff.forwarded"} <= events
    to_requester = OutboxMessage.objects.filter(event="ppid.answered")
    assert {m.address for m in to_requester} == {"6281298765432", "siti.pemohon@example.id"}
    staff = OutboxMessage.objects.filter(event="ppid.staff.forwarded").values_list("user__username", flat=True)
    assert set(staff) == {"ppid_pupr"}
    for message in OutboxMessage.objects.all():
        assert NIK not in str(message.context)
    # The requester's link carries the follow token; the staff link never does.
    assert r.follow_token in to_requester.first().context["url"]
    assert r.follow_token not in OutboxMessage.objects.filter(event="ppid.staff.forwarded").first().context["url"]


def test_late_sweep_flags_once_and_notifies(clock, make_request, ppid_users, agencies):
    clock.set(date(2026, 6, 19))
    late = make_request()
    services.info_request_forward(info_request=late, agency=agencies["pupr"], by=ppid_users["ppid_utama"])
    answered = make_request()
    services.info_request_answer(info_request=answered, by=ppid_users["ppid_utama"],
                                 answer=AnswerInput(outcome=Outcome.GRANTED, answer_text="Ok."))
    clock.set(date(2026, 7, 3))
    assert flag_late_requests.enqueue().return_value == 0  # the deadline day itself is not late
    clock.set(date(2026, 7, 6))
    assert flag_late_requests.enqueue().return_value == 1
    assert flag_late_requests.enqueue().return_value == 0  # flagged once
    late.refresh_from_db()
    assert late.late_notified_at is not None and late.events.filter(kind=EventKind.LATE).count() == 1
    staff = set(OutboxMessage.objects.filter(event="ppid.staff.late").values_list("user__username", flat=True))
    assert staff == {"ppid_pupr", "ppid_utama"}
    assert OutboxMessage.objects.filter(event="ppid.late").exists()


def test_periodic_job_is_registered():
    from satupintu.core.periodic import jobs

    assert "ppid.flag_late_requests" in [j.name for j in jobs()]


def test_identity_completion(clock, make_request, users):
    clock.set(date(2026, 6, 19))
    r = services.info_request_submit(data=request_input(id_number=""), id_pending=True)
    assert r.id_pending and r.id_number == ""
    with pytest.raises(ValidationError):
        services.info_request_complete_identity(info_request=r, by=users["ppid_utama"], id_kind="nik", id_number="1")
    r = services.info_request_complete_identity(info_request=r, by=users["ppid_utama"], id_kind="nik", id_number=NIK)
    assert not r.id_pending and r.id_number == NIK
    assert NIK not in str(list(r.events.values_list("note", "data")))


def test_info_request_from_complaint(clock, regency, agencies, users, village_a, client):
    from satupintu.aduan.models import Complaint

    clock.set(date(2026, 6, 19))
    complaint = Complaint.objects.create(
        title="Minta salinan RAB jembatan", description="Saya ingin salinan RAB jembatan Sialtong tahun 2025.",
        reporter_name="Andi", reporter_phone="6281211112222", reporter_email="andi@example.id", village=village_a,
    )
    audit_record(obj=complaint, action="aduan.received", to_state="diterima")
    audit_record(obj=complaint, action="aduan.verified", actor=users["regency_admin"], from_state="diterima",
                 to_state="diverifikasi")
    r = services.info_request_from_complaint(complaint=complaint, by=users["regency_admin"])
    assert r.source_complaint == complaint and r.id_pending and r.id_number == ""
    assert r.requester_name == "Andi" and "RAB jembatan" in r.information
    assert r.due_date == date(2026, 7, 3)
    history = r.events.get(kind=EventKind.COMPLAINT_HISTORY)
    assert not history.public
    assert [h["action"] for h in history.data["history"]] == ["aduan.received", "aduan.verified"]
    assert [e.action for e in audit_trail(r)] == ["ppid.received", "ppid.from_complaint"]
    # Calling it twice does not create a second request.
    assert services.info_request_from_complaint(complaint=complaint, by=users["regency_admin"]) == r
    client.force_login(users["ppid_utama"])
    page = client.get(reverse("ppid:staff_detail", args=[r.pk])).content.decode()
    assert complaint.tracking_code in page and "identitas perlu dilengkapi" in page
