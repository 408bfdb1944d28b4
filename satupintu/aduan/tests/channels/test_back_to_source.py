"""Issue 22 item 3, back to where it was posted: the tracking link replied on the Facebook/Instagram thread (once,
through the outbox, against a local fake Graph API that fails and recovers), the WhatsApp-group sender's number
taken with the operator's confirmation, and merged reports whose every reporter hears of the progress."""

import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from satupintu.aduan import services
from satupintu.aduan.channels import social
from satupintu.aduan.models import Complaint
from satupintu.aduan.tests.factories import ComplaintFactory
from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import OutboxMessage, OutboxStatus, SocialCandidate
from satupintu.notifikasi.services import outbox_maintenance
from satupintu.notifikasi.signatures import sign

from .fake_graph import FakeGraph
from .test_social import FB_COMMENT, IG_COMMENT, IG_DM

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph(settings):
    fake = FakeGraph()
    settings.SOCIAL_API_BASE = fake.url
    settings.SOCIAL_PAGE_TOKEN = fake.token
    settings.SOCIAL_PAGE_ID = fake.own_id
    settings.SOCIAL_TIMEOUT = 0.4
    settings.OUTBOX_BACKOFF_BASE = 0.001  # retries due at once
    settings.OUTBOX_BACKOFF_MAX = 0.002
    yield fake
    fake.close()


@pytest.fixture(autouse=True)
def _secrets(settings, regency):
    settings.WHATSAPP_APP_SECRET = "test-app-secret"


def _webhook(client, payload):
    body = json.dumps(payload).encode()
    response = client.post(
        reverse("notifikasi:social_webhook"),
        data=body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": sign(body, "test-app-secret")},
    )
    assert response.status_code == 200


def _drain(rounds: int = 60) -> None:
    for _ in range(rounds):
        if not OutboxMessage.objects.filter(status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING]).exists():
            return
        time.sleep(0.01)
        outbox_maintenance()


def _convert(candidate, by, **extra):
    return social.candidate_convert(
        candidate=candidate,
        by=by,
        kind="pengaduan",
        title="Jembatan gantung miring",
        description=candidate.text,
        **extra,
    )


def _replies():
    return OutboxMessage.objects.filter(event=social.REPLY_EVENT)


def test_reply_posted_once_through_outage_and_lost_answer(
    client, users, graph, django_capture_on_commit_callbacks
):
    _webhook(client, FB_COMMENT)
    candidate = SocialCandidate.objects.get(external_id="55_901")
    graph.failures = [500, 503]  # the API is down for the first tries
    with django_capture_on_commit_callbacks(execute=True):
        _candidate, complaint = _convert(candidate, users["regency_admin"])
    row = _replies().get()
    assert row.status == OutboxStatus.QUEUED and row.last_error  # the outage was met and the reply waits
    _drain()
    row.refresh_from_db()
    assert row.status == OutboxStatus.SENT
    posted = graph.replies("55_901")
    assert len(posted) == 1 and graph.posts == 1
    assert complaint.tracking_code in posted[0]["message"]
    assert reverse("aduan:status", args=[complaint.tracking_code]) in posted[0]["message"]
    assert (
        complaint.follow_token not in posted[0]["message"]
    )  # a public thread never gets the private follow link
    # converting again is refused, and nothing is queued twice
    with pytest.raises(ValidationError):
        _convert(candidate, users["regency_admin"])
    outbox_maintenance()
    assert _replies().count() == 1 and graph.posts == 1


def test_reply_that_was_posted_but_not_answered_is_not_posted_again(
    client, users, graph, django_capture_on_commit_callbacks
):
    _webhook(client, IG_COMMENT)
    candidate = SocialCandidate.objects.get(external_id="1790001")
    graph.slow_posts = 1  # Meta posts the reply but its answer comes after our timeout
    with django_capture_on_commit_callbacks(execute=True):
        _candidate, complaint = _convert(candidate, users["regency_admin"])
    assert _replies().get().status == OutboxStatus.QUEUED  # no answer: tried again later
    time.sleep(graph.slow_seconds)
    _drain()
    row = _replies().get()
    assert row.status == OutboxStatus.SENT and row.attempts == 2
    assert (
        graph.posts == 1 and len(graph.replies("1790001")) == 1
    )  # the retry found the reply instead of posting
    assert row.provider_message_id == graph.replies("1790001")[0]["id"]


def test_linking_replies_but_not_for_a_confidential_report_nor_a_direct_message(
    client, users, graph, village_a, django_capture_on_commit_callbacks
):
    for payload in (FB_COMMENT, IG_DM):
        _webhook(client, payload)
    open_report = ComplaintFactory(village=village_a, state="verified")
    secret = ComplaintFactory(village=village_a, state="verified", is_confidential=True)
    comment = SocialCandidate.objects.get(external_id="55_901")
    dm = SocialCandidate.objects.get(kind="message")
    with django_capture_on_commit_callbacks(execute=True):
        social.candidate_link(
            candidate=dm, by=users["regency_admin"], tracking_code=open_report.tracking_code
        )
    assert not _replies().exists()  # a direct message is no public thread
    with django_capture_on_commit_callbacks(execute=True):
        social.candidate_link(
            candidate=comment, by=users["regency_admin"], tracking_code=secret.tracking_code
        )
    assert not _replies().exists()
    comment2 = SocialCandidate.objects.create(
        channel="facebook",
        external_id="55_999",
        kind="comment",
        text="Jembatan itu juga sudah retak di sisi utara.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        social.candidate_link(
            candidate=comment2, by=users["regency_admin"], tracking_code=open_report.tracking_code
        )
    _drain()
    assert [open_report.tracking_code in r["message"] for r in graph.replies("55_999")] == [True]


def test_whatsapp_group_sender_gets_the_code_only_with_confirmation(
    client, users, django_capture_on_commit_callbacks
):
    candidate = social.candidate_create_manual(
        by=users["regency_admin"],
        channel="manual",
        author_name="Pak Darto (grup WA Dusun II)",
        text="Lampu jalan di simpang Dusun II mati sudah seminggu, gelap sekali malam hari.",
    )
    with pytest.raises(ValidationError) as error:
        _convert(candidate, users["regency_admin"], reporter_phone="0812-3456-7890")
    assert "phone_confirmed" in error.value.message_dict
    assert not Complaint.objects.exists()
    with pytest.raises(ValidationError):
        _convert(candidate, users["regency_admin"], reporter_phone="12", phone_confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        _candidate, complaint = _convert(
            candidate, users["regency_admin"], reporter_phone="0812-3456-7890", phone_confirmed=True
        )
    assert complaint.reporter_phone == "6281234567890"
    received = OutboxMessage.objects.get(event="aduan.received", channel="whatsapp")
    assert received.address == "6281234567890" and received.context["code"] == complaint.tracking_code
    confirmed = [e for e in audit_trail(complaint) if e.action == "complaint.reporter_phone_confirmed"]
    assert len(confirmed) == 1 and confirmed[0].actor == users["regency_admin"]
    # and the updates follow by WhatsApp like any reporter's
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_verify(complaint=complaint, by=users["regency_admin"])
    assert OutboxMessage.objects.filter(event="aduan.verified", address="6281234567890").exists()


def test_the_convert_form_asks_for_the_confirmation(client, users):
    candidate = social.candidate_create_manual(
        by=users["regency_admin"], channel="manual", text="Sampah menumpuk di pasar Dusun I sejak lebaran."
    )
    client.force_login(users["regency_admin"])
    url = reverse("notifikasi:candidate_detail", args=[candidate.pk])
    data = {
        "action": "convert",
        "kind": "pengaduan",
        "title": "Sampah pasar",
        "description": candidate.text,
        "reporter_phone": "081298765432",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and not Complaint.objects.exists()
    response = client.post(url, {**data, "phone_confirmed": "on"})
    assert response.status_code == 302
    assert Complaint.objects.get().reporter_phone == "6281298765432"


def test_merged_reports_notify_every_reporter(users, village_a, django_capture_on_commit_callbacks):
    admin = users["regency_admin"]
    first = ComplaintFactory(village=village_a, reporter_phone="6281200000001", reporter_email="")
    by_mail = ComplaintFactory(
        village=village_a, channel="email", reporter_phone="", reporter_email="ani@example.id"
    )
    by_wa = ComplaintFactory(
        village=village_a, channel="whatsapp", reporter_phone="6281200000003", reporter_email=""
    )
    same_person = ComplaintFactory(village=village_a, reporter_phone="6281200000001", reporter_email="")
    with django_capture_on_commit_callbacks(execute=True):
        for duplicate in (by_mail, by_wa, same_person):
            services.complaint_mark_duplicate(complaint=duplicate, by=admin, original=first)
    merged = OutboxMessage.objects.filter(event="aduan.merged")
    assert sorted(merged.values_list("address", flat=True)) == [
        "6281200000001",
        "6281200000003",
        "ani@example.id",
    ]
    assert all(m.context["original"] == first.tracking_code for m in merged)
    assert [e.action for e in audit_trail(by_wa)][-1] == "aduan.mark_duplicate"
    # every later step of the first report reaches all of them, each address once
    for step in ("verified",):
        with django_capture_on_commit_callbacks(execute=True):
            services.complaint_verify(complaint=first, by=admin)
        rows = OutboxMessage.objects.filter(event=f"aduan.{step}")
        assert sorted(rows.values_list("address", flat=True)) == [
            "6281200000001",
            "6281200000003",
            "ani@example.id",
        ]
        follow = first.get_follow_url()
        own = rows.get(address="6281200000001")
        assert follow in own.context["url"]  # the first reporter keeps the follow link
        for other in rows.exclude(address="6281200000001"):
            assert follow not in other.context["url"]  # the others get the public status page
            assert reverse("aduan:status", args=[first.tracking_code]) in other.context["url"]


def test_staff_page_lists_the_merged_reports_without_their_reporters(client, users, village_a):
    first = ComplaintFactory(village=village_a)
    other = ComplaintFactory(village=village_a, channel="whatsapp", reporter_name="Siti Rahayu")
    services.complaint_mark_duplicate(complaint=other, by=users["regency_admin"], original=first)
    client.force_login(users["regency_admin"])
    body = client.get(reverse("aduan:staff_detail", args=[first.tracking_code])).content.decode()
    assert 'data-testid="merged"' in body and other.tracking_code in body
    merged = body[body.index('data-testid="merged"') :]
    assert "Siti Rahayu" not in merged[: merged.index("</ul>")]
