"""The whole state machine, through the services, as the staff pages and channels use it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from satupintu.aduan import services
from satupintu.aduan.models import AduanSettings, Answer, Complaint, ComplaintEvent, Status
from satupintu.aduan.selectors import complaint_public_status
from satupintu.aduan.sweep import aduan_sweep
from satupintu.aduan.tests.factories import walk_to
from satupintu.aduan.workflow import TRANSITIONS, ReporterAccess, TransitionError
from satupintu.core.audit import audit_trail
from satupintu.kalender.models import Holiday
from satupintu.kalender.services import add_working_days, is_working_day
from satupintu.notifikasi.models.outbox import OutboxMessage

pytestmark = pytest.mark.django_db


def test_intake_gives_code_token_deadline_and_notifies(submit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        c = submit()
    assert c.status == Status.RECEIVED
    assert len(c.tracking_code) == 13 and c.tracking_code.startswith("ADU-")
    assert not set(c.tracking_code[4:].replace("-", "")) & set("ILOU")
    assert len(c.follow_token) >= 30
    assert c.reporter_phone == "6281234567890"
    assert c.deadline == add_working_days(c.created_at.astimezone().date(), 3) or c.deadline is not None
    assert not c.is_public  # nothing reaches the public before verification
    assert [e.action for e in c.events.all()] == ["submit"]
    assert [a.action for a in audit_trail(c)] == ["aduan.submit"]
    received = OutboxMessage.objects.filter(event="aduan.received")
    assert {m.address for m in received} == {"6281234567890", "budi@example.org"}
    assert c.follow_token in received[0].context["url"]


def test_codes_are_random_not_sequential(submit):
    codes = [submit(title=f"Laporan {i}").tracking_code for i in range(5)]
    assert len(set(codes)) == 5
    assert sorted(codes) != codes or sorted(codes, reverse=True) != codes


def test_whole_lifecycle_with_handback_reassignment_and_disposition(submit, users, agencies):
    c = submit()
    services.complaint_verify(complaint=c, by=users["regency_admin"])
    assert c.status == Status.VERIFIED and c.is_public
    # Wrong OPD first: Dinkes hands it back, the administrator re-assigns to PUPR.
    services.complaint_assign(complaint=c, by=users["regency_admin"], agency=agencies["dinkes"])
    assert c.status == Status.ASSIGNED and c.agency == agencies["dinkes"]
    assert c.answer_due == add_working_days(date.today() if False else c.assigned_at.astimezone().date(), 5)
    with pytest.raises(PermissionDenied):
        services.complaint_accept(complaint=c, by=users["opd_admin"])  # PUPR is not (yet) responsible
    services.complaint_hand_back(complaint=c, by=users["opd_admin_b"], reason="Jalan desa kewenangan Dinas PUPR.")
    assert c.status == Status.RETURNED and c.agency is None
    assert OutboxMessage.objects.filter(event="aduan.returned").exists()
    services.complaint_assign(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    assert c.agency == agencies["pupr"]
    assert OutboxMessage.objects.filter(event="aduan.assigned", user=users["opd_admin"]).exists()
    services.complaint_accept(complaint=c, by=users["opd_admin"])
    # Disposition to the sub-unit: its staff can then work the report.
    services.complaint_delegate(complaint=c, by=users["opd_admin"], unit=agencies["bina_marga"])
    assert c.handler_unit == agencies["bina_marga"] and c.status == Status.IN_PROGRESS
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Sudah kami tambal dengan aspal hotmix.")
    assert c.status == Status.PENDING_APPROVAL
    # The citizen sees nothing before the head approves.
    assert complaint_public_status(tracking_code=c.tracking_code)["answer"] == ""
    with pytest.raises(PermissionDenied):
        services.answer_approve(complaint=c, by=users["opd_admin"])  # only the head approves
    services.answer_return(complaint=c, by=users["opd_head"], note="Sebutkan tanggal pengerjaan.")
    assert c.status == Status.IN_PROGRESS
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Sudah kami tambal dengan aspal pada 20 November.")
    services.answer_approve(complaint=c, by=users["opd_head"])
    c.refresh_from_db()
    assert c.status == Status.ANSWERED and c.answered_at and c.answer_working_days == 0 and c.answered_on_time
    status = complaint_public_status(tracking_code=c.tracking_code)
    assert status["answer"] == "Sudah kami tambal dengan aspal pada 20 November."
    assert OutboxMessage.objects.filter(event="aduan.answered", address="6281234567890").exists()
    me = ReporterAccess(complaint_id=c.pk)
    services.complaint_reply(complaint=c, by=me, message="Terima kasih, saya cek besok.")
    services.complaint_confirm(complaint=c, by=me, rating=5)
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.rating == 5 and c.close_reason == Complaint.CloseReason.CONFIRMED
    actions = [e.action for e in c.events.all()]
    assert actions == [
        "submit", "verify", "assign", "hand_back", "assign", "accept", "delegate", "submit_answer", "return_answer",
        "submit_answer", "approve_answer", "reply", "confirm",
    ]
    assert [a.action for a in audit_trail(c)] == [f"aduan.{x}" for x in actions]
    labels = [t["label"] for t in complaint_public_status(tracking_code=c.tracking_code)["timeline"]]
    assert labels[0] == "Laporan diterima" and "Diteruskan ke Dinas PUPR" in labels and labels[-1] == "Pelapor menyatakan selesai"
    assert Answer.objects.filter(complaint=c, state=Answer.State.APPROVED).count() == 1


def test_reopen_once_with_reason(submit, users, agencies):
    c = walk_to(submit(), "answered", agency=agencies["pupr"])
    me = ReporterAccess(complaint_id=c.pk)
    with pytest.raises(ValidationError):
        services.complaint_reopen(complaint=c, by=me, reason="  ")
    services.complaint_reopen(complaint=c, by=me, reason="Lubangnya muncul lagi setelah hujan.")
    assert c.status == Status.IN_PROGRESS and c.reopen_count == 1 and c.agency == agencies["pupr"]
    assert OutboxMessage.objects.filter(event="aduan.reopened", user=users["opd_admin"]).exists()
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Ditambal ulang dengan beton.")
    services.answer_approve(complaint=c, by=users["opd_head"])
    with pytest.raises(ValidationError, match="satu kali"):
        services.complaint_reopen(complaint=c, by=me, reason="Masih rusak.")


def test_someone_else_cannot_act_as_reporter(submit, users, agencies):
    c = walk_to(submit(), "answered", agency=agencies["pupr"])
    other = submit(title="Laporan lain")
    with pytest.raises(PermissionDenied):
        services.complaint_confirm(complaint=c, by=ReporterAccess(complaint_id=other.pk))
    with pytest.raises(PermissionDenied):
        services.complaint_confirm(complaint=c, by=users["citizen2"])


def test_illegal_transitions_are_refused(submit, users, agencies):
    c = submit()
    with pytest.raises(TransitionError):
        services.complaint_assign(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])  # not verified
    with pytest.raises(TransitionError):
        services.answer_approve(complaint=c, by=users["opd_head"])
    with pytest.raises(TransitionError):
        services.complaint_confirm(complaint=c, by=ReporterAccess(complaint_id=c.pk))
    with pytest.raises(PermissionDenied):
        services.complaint_verify(complaint=c, by=users["opd_admin"])  # only the regency administrator verifies
    with pytest.raises(PermissionDenied):
        services.complaint_verify(complaint=c, by=users["regent"])
    services.complaint_reject(complaint=c, by=users["regency_admin"], reason="Laporan berisi iklan.")
    assert c.status == Status.REJECTED and not c.is_public
    for call in (
        lambda: services.complaint_verify(complaint=c, by=users["regency_admin"]),
        lambda: services.complaint_reopen(complaint=c, by=ReporterAccess(complaint_id=c.pk), reason="x"),
        lambda: services.complaint_instruct(complaint=c, by=users["regent"], instruction="Segera"),
    ):
        with pytest.raises(TransitionError):
            call()
    c.refresh_from_db()
    assert c.status == Status.REJECTED
    assert [e.action for e in c.events.all()] == ["submit", "reject"]


def test_transition_table_is_closed():
    """Every target is a known state and closed states lead nowhere except a reporter's one reopen."""
    for name, t in TRANSITIONS.items():
        assert t.target is None or t.target in Status.values, name
        for s in t.sources - {""}:
            assert s in Status.values
    leaving_closed = {n for n, t in TRANSITIONS.items() if Status.CLOSED in t.sources}
    assert leaving_closed == {"reopen", "rate"}
    for terminal in (Status.REJECTED, Status.DUPLICATE, Status.CONVERTED):
        assert not [n for n, t in TRANSITIONS.items() if terminal in t.sources]


def test_duplicate_points_to_first_report(submit, users):
    first = submit()
    second = submit(title="Jalan berlubang depan SD")
    third = submit(title="Jalan berlubang lagi")
    services.complaint_mark_duplicate(complaint=second, by=users["regency_admin"], original=first)
    services.complaint_mark_duplicate(complaint=third, by=users["regency_admin"], original=second)
    assert third.duplicate_of == first and third.status == Status.DUPLICATE
    with pytest.raises(ValidationError):
        services.complaint_mark_duplicate(complaint=first, by=users["regency_admin"], original=first)


def test_regent_instruction_on_any_report(submit, users, agencies):
    c = submit()
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    services.complaint_instruct(complaint=c, by=users["regent"], instruction="Tangani minggu ini.")
    assert c.events.filter(action="instruct", is_public=False).exists()
    assert OutboxMessage.objects.filter(event="aduan.instruction", user=users["opd_head"]).exists()
    with pytest.raises(PermissionDenied):
        services.complaint_instruct(complaint=c, by=users["opd_head"], instruction="x")


def test_convert_to_information_request(submit, users):
    from satupintu.ppid.models import InfoRequest

    c = submit(kind="permintaan_informasi", title="Minta data APBD", description="Saya minta salinan APBD 2026.")
    info = services.complaint_convert_to_info_request(complaint=c, by=users["regency_admin"])
    c.refresh_from_db()
    assert c.status == Status.CONVERTED and c.closed_at
    info = InfoRequest.objects.get(source_complaint=c)  # the PPID service holds it now, under UU 14/2008 deadlines
    assert c.converted_ref == info.number
    assert "Saya minta salinan APBD 2026." in info.information
    assert c.events.filter(action="convert", to_status=Status.CONVERTED).exists()
    with pytest.raises(ValidationError):  # once only
        services.complaint_convert_to_info_request(complaint=c, by=users["regency_admin"])


def test_auto_close_after_ten_working_days(submit, users, agencies, django_capture_on_commit_callbacks):
    c = walk_to(submit(), "answered", agency=agencies["pupr"])
    answered_on = c.answered_at.astimezone().date()
    assert c.deadline == add_working_days(answered_on, AduanSettings.load().auto_close_days)
    untouched = walk_to(submit(title="Dijawab belakangan"), "answered", agency=agencies["pupr"])
    Complaint.objects.filter(pk=untouched.pk).update(deadline=add_working_days(c.deadline, 5))
    assert aduan_sweep(today=c.deadline)["auto_closed"] == 0  # the last day of the window still belongs to the citizen
    with django_capture_on_commit_callbacks(execute=True):  # the reporters are told by a task after commit
        result = aduan_sweep(today=add_working_days(c.deadline, 1))
    assert result["auto_closed"] == 1
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.close_reason == Complaint.CloseReason.AUTO
    untouched.refresh_from_db()
    assert untouched.status == Status.ANSWERED
    event = c.events.get(action="auto_close")
    assert event.from_status == Status.ANSWERED and event.to_status == Status.CLOSED and event.is_public
    audit = [a for a in audit_trail(c) if a.action == "aduan.auto_close"]
    assert len(audit) == 1 and audit[0].from_state == "answered" and audit[0].to_state == "closed"
    assert OutboxMessage.objects.filter(event="aduan.closed", address="6281234567890").exists()
    assert aduan_sweep(today=add_working_days(c.deadline, 2))["auto_closed"] == 0  # idempotent


def test_escalation_counts_working_days_across_a_holiday(submit, users, agencies):
    monday = date(2030, 6, 3)
    assert all(is_working_day(date(2030, 6, d)) for d in range(3, 8))
    c = submit()
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    Complaint.objects.filter(pk=c.pk).update(deadline=monday)  # the OPD's answer was due on Monday 3 June 2030
    Holiday.objects.create(date=date(2030, 6, 5), name="Libur daerah")  # Wednesday off
    assert aduan_sweep(today=monday)["escalated_level_1"] == 0  # due today is not late
    result = aduan_sweep(today=date(2030, 6, 4))
    assert result["escalated_level_1"] == 1
    c.refresh_from_db()
    assert c.escalation_level == Complaint.Escalation.OPD_ADMIN
    # Thursday: Tuesday and Thursday are working days late (Wednesday is the holiday): 2, not yet "more than 2".
    aduan_sweep(today=date(2030, 6, 6))
    c.refresh_from_db()
    assert c.escalation_level == Complaint.Escalation.OPD_ADMIN
    aduan_sweep(today=date(2030, 6, 7))  # Friday: 3 working days late -> the OPD head
    c.refresh_from_db()
    assert c.escalation_level == Complaint.Escalation.OPD_HEAD
    aduan_sweep(today=date(2030, 6, 12))  # 6 working days late -> the regent's list
    c.refresh_from_db()
    assert c.escalation_level == Complaint.Escalation.REGENT
    assert not c.events.filter(action="escalate").exists()  # no state change: audited, not on the timeline
    assert [a.action for a in audit_trail(c)].count("aduan.escalate") == 3
    late = OutboxMessage.objects.filter(event="aduan.late")
    assert {m.user for m in late if m.user} >= {users["opd_admin"], users["opd_head"], users["regent"]}
    # Once answered the report is no longer late and the level is reset.
    services.complaint_accept(complaint=c, by=users["opd_admin"])
    services.answer_submit(complaint=c, by=users["opd_admin"], body="Sudah diperbaiki, mohon maaf terlambat.")
    services.answer_approve(complaint=c, by=users["opd_head"])
    c.refresh_from_db()
    assert c.escalation_level == 0 and not c.is_late


def test_sweep_escalates_straight_to_the_highest_level_once(submit, users, agencies):
    c = submit()
    Complaint.objects.filter(pk=c.pk).update(deadline=date(2030, 6, 3))
    result = aduan_sweep(today=date(2030, 6, 28))
    assert result["escalated_level_3"] == 1 and result["escalated_level_1"] == 0
    assert [a.action for a in audit_trail(c)].count("aduan.escalate") == 1
    assert not ComplaintEvent.objects.filter(complaint=c, action="escalate").exists()
    # Not assigned yet: the regency administrators are told.
    assert OutboxMessage.objects.filter(event="aduan.late", user=users["regency_admin"]).exists()


def test_attachments_checked_by_content(submit, png):
    fake = ContentFile(b"MZ\x90\x00 this is an exe" * 10, name="foto.jpg")
    with pytest.raises(ValidationError) as exc:
        submit(attachments=[fake])
    assert "bukan foto" in str(exc.value)
    too_many = [ContentFile(png(), name=f"f{i}.png") for i in range(6)]
    with pytest.raises(ValidationError, match="paling banyak 5"):
        submit(attachments=too_many)
    big = ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 10), name="besar.png")
    with pytest.raises(ValidationError, match="terlalu besar"):
        submit(attachments=[big])
    assert Complaint.objects.count() == 0
    pdf = ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", name="surat.pdf")
    c = submit(attachments=[ContentFile(png(), name="bukti.png"), pdf])
    assert sorted(a.content_type for a in c.attachments.all()) == ["application/pdf", "image/png"]
    assert all("bukti" not in a.file.name for a in c.attachments.all())  # stored under random names


def test_photo_metadata_is_stripped(submit):
    import io

    from PIL import Image

    img = Image.new("RGB", (20, 10), (10, 200, 10))
    exif = Image.Exif()
    exif[0x013B] = "Siti Pemilik Kamera"  # Artist
    exif[0x0112] = 6  # orientation: rotate 90
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    assert b"Siti Pemilik Kamera" in buf.getvalue()
    c = submit(attachments=[ContentFile(buf.getvalue(), name="kamera.jpg")])
    stored = c.attachments.get().file.read()
    assert b"Siti Pemilik Kamera" not in stored
    assert Image.open(io.BytesIO(stored)).size == (10, 20)  # orientation applied, not lost
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        submit(attachments=[ContentFile(b"\xff\xd8\xff\xe0" + b"rusak" * 50, name="rusak.jpg")])


def test_channel_redelivery_is_idempotent(submit):
    a = submit(channel="whatsapp", external_ref="wamid.ABC")
    b = submit(channel="whatsapp", external_ref="wamid.ABC")
    assert a.pk == b.pk and Complaint.objects.count() == 1


def test_intake_rejects_bad_input(submit):
    with pytest.raises(ValidationError) as exc:
        submit(title=" ", description="pendek", reporter_phone="12")
    assert set(exc.value.error_dict) == {"title", "description", "reporter_phone"}
    with pytest.raises(ValidationError):
        submit(kind="lain")
