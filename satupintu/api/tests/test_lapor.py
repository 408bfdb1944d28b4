"""The SP4N-LAPOR! connector against a local fake of the national API: forwarding through the outbox survives
authentication expiry, rate limits, server errors and an answer that never came, and creates each report there
exactly once; statuses go there, answers come back, and reports filed there enter the queue once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from satupintu.aduan.models import Channel, Complaint, Status
from satupintu.aduan.tests.factories import ComplaintFactory, walk_to
from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.api.lapor import services as lapor
from satupintu.api.lapor.adapter import HttpLaporAdapter
from satupintu.api.models import LaporLink, LaporRule
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
from satupintu.notifikasi.services import outbox_resolve_in_doubt, outbox_send

from .fake_lapor import FakeLapor, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings):
    state = FakeLapor()
    server, url = serve(state)
    settings.LAPOR_API_BASE = url
    settings.LAPOR_CLIENT_ID, settings.LAPOR_CLIENT_SECRET = state.client_id, state.client_secret
    settings.LAPOR_INSTANCE = state.instance
    settings.LAPOR_TIMEOUT = 0.5
    settings.OUTBOX_MAX_ATTEMPTS = 10
    HttpLaporAdapter.forget_token()
    yield state
    server.shutdown()
    HttpLaporAdapter.forget_token()


def run_outbox(*, rounds: int = 20) -> list[str]:
    """Play the worker and the periodic job: send every due message, jumping the clock past each backoff."""
    outcomes = []
    now = timezone.now()
    for _ in range(rounds):
        now += timedelta(hours=2)
        outbox_resolve_in_doubt(now=now)
        due = list(OutboxMessage.objects.filter(status=OutboxStatus.QUEUED, channel="system")
                   .order_by("pk").values_list("pk", flat=True))
        if not due:
            break
        for pk in due:
            outcomes.append(outbox_send(message_id=pk, now=now))
    return outcomes


def test_forward_survives_failures_and_creates_the_report_once(fake, categories, regency):
    LaporRule.objects.create(category=categories["road"])
    fake.plan = ["revoke", 429, 503, 500, "slow"]
    complaint = ComplaintFactory(category=categories["road"], title="Jalan putus", reporter_phone="081211122233")
    link = LaporLink.objects.get(complaint=complaint)
    assert link.direction == LaporLink.Direction.OUT and link.lapor_id == ""
    message = OutboxMessage.objects.get(event=lapor.FORWARD_EVENT)
    assert message.channel == "system" and message.context == {"complaint": complaint.pk}

    outcomes = run_outbox()
    assert outcomes[:4] == ["retry", "retry", "retry", "in_doubt"]  # 401→new token→429, 503, 500, slow
    assert outcomes[-1] == "sent"
    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 5
    assert fake.created_refs() == [complaint.tracking_code]  # exactly once, though sent twice after "slow"
    link.refresh_from_db()
    assert link.lapor_id == "LAPOR-000001" and link.forwarded_at
    sent = fake.reports["LAPOR-000001"]
    assert sent["judul"] == "Jalan putus" and sent["instansi"] == "12.18"
    assert "081211122233" not in str(sent) and "6281211122233" not in str(sent) and "budi@" not in str(sent)
    assert fake.token_requests == 2  # the revoked token was renewed once


def test_anonymous_reporter_name_is_not_forwarded(fake, categories, regency):
    complaint = ComplaintFactory(category=categories["road"], is_anonymous=True, reporter_name="Rahmat Tanjung")
    lapor.lapor_forward(complaint=complaint, by=actor(Role.REGENCY_ADMIN))
    run_outbox()
    (sent,) = fake.reports.values()
    assert sent["anonim"] is True and sent["nama_pelapor"] == ""
    assert "Rahmat" not in str(sent)


def test_forward_by_hand_needs_the_regency_admin_and_happens_once(fake, categories, regency, agencies):
    from django.core.exceptions import PermissionDenied

    complaint = ComplaintFactory(category=categories["health"])
    assert not LaporLink.objects.exists()  # no rule for this category
    with pytest.raises(PermissionDenied):
        lapor.lapor_forward(complaint=complaint, by=actor(Role.OPD_ADMIN, agency=agencies["dinkes"]))
    admin = actor(Role.REGENCY_ADMIN)
    lapor.lapor_forward(complaint=complaint, by=admin)
    lapor.lapor_forward(complaint=complaint, by=admin)
    assert OutboxMessage.objects.filter(event=lapor.FORWARD_EVENT).count() == 1
    run_outbox()
    assert fake.created_refs() == [complaint.tracking_code]


def test_status_steps_go_there_after_the_forward(fake, categories, regency):
    LaporRule.objects.create(category=categories["road"])
    fake.plan = [503]
    complaint = ComplaintFactory(category=categories["road"])
    complaint = walk_to(complaint, "in_progress")  # verify, assign, accept: public steps queued before the id
    run_outbox()
    assert fake.created_refs() == [complaint.tracking_code]
    statuses = [u["status"] for u in fake.updates]
    assert statuses == ["verified", "assigned", "in_progress"]
    run_outbox()  # nothing is sent twice
    assert len(fake.updates) == 3


def test_sync_brings_answers_back_and_files_reports_from_there_once(fake, categories, regency):
    LaporRule.objects.create(category=categories["road"])
    ours = ComplaintFactory(category=categories["road"])
    run_outbox()
    lapor_id = LaporLink.objects.get(complaint=ours).lapor_id
    fake.answer_there(lapor_id, status="selesai", answer="Sudah diteruskan ke kementerian.")
    theirs = fake.file_there(title="Sampah menumpuk di pasar", text="Sampah di pasar tidak diangkut seminggu.",
                             kategori="Kesehatan", kode_desa="12.18.01.2001", anonim=True)

    assert lapor.lapor_sync() == {"updated": 1, "filed": 1}
    link = LaporLink.objects.get(complaint=ours)
    assert link.lapor_status == "selesai" and link.lapor_answer == "Sudah diteruskan ke kementerian."
    filed = Complaint.objects.get(channel=Channel.LAPOR)
    assert filed.external_ref == theirs and filed.status == Status.RECEIVED and filed.is_anonymous
    assert filed.category == categories["health"] and filed.village_id == "12.18.01.2001"
    assert filed.events.filter(action="submit").exists()  # the one intake: the queue, timeline, audit
    assert LaporLink.objects.get(complaint=filed).direction == LaporLink.Direction.IN
    assert not OutboxMessage.objects.filter(event=lapor.FORWARD_EVENT, context__complaint=filed.pk).exists()

    # the next run reads from its cursor: nothing new; reading the whole feed again files nothing twice
    assert lapor.lapor_sync() == {"updated": 0, "filed": 0}
    from satupintu.api.models import LaporSync

    LaporSync.objects.filter(pk=1).update(cursor="")
    lapor.lapor_sync()
    assert Complaint.objects.filter(channel=Channel.LAPOR).count() == 1


def test_sync_failure_keeps_the_cursor(fake, settings):
    from satupintu.api.models import LaporSync

    settings.LAPOR_CLIENT_SECRET = "salah"
    assert lapor.lapor_sync() == {"error": 1}
    state = LaporSync.objects.get(pk=1)
    assert state.cursor == "" and "401" in state.last_error


def test_unconfigured_connector_forwards_nothing(settings, categories, regency):
    settings.LAPOR_API_BASE = ""
    LaporRule.objects.create(category=categories["road"])
    ComplaintFactory(category=categories["road"])
    assert not OutboxMessage.objects.filter(channel="system").exists()
    assert lapor.lapor_sync() == {"skipped": 1}


def test_staff_page_forwards_by_hand(fake, client, categories, regency, agencies):
    complaint = ComplaintFactory(category=categories["health"])
    client.force_login(actor(Role.OPD_ADMIN, agency=agencies["dinkes"]))
    assert client.get("/api/lapor/").status_code == 403
    client.force_login(actor(Role.REGENCY_ADMIN))
    assert client.get("/api/lapor/").status_code == 200
    bad = client.post("/api/lapor/", {"kode": "ADU-0000-0000"})
    assert bad.status_code == 400 and not LaporLink.objects.exists()
    response = client.post("/api/lapor/", {"kode": complaint.tracking_code.lower()})
    assert response.status_code == 302
    run_outbox()
    assert fake.created_refs() == [complaint.tracking_code]
    page = client.get("/api/lapor/").content.decode()
    assert complaint.tracking_code in page and "LAPOR-000001" in page
