"""Facebook/Instagram webhooks keep candidates; the regency administrator converts, links or dismisses them."""

import json

import pytest
from django.urls import reverse

from satupintu.aduan.models import Complaint
from satupintu.core.audit import audit_trail
from satupintu.notifikasi.models import CandidateStatus, SocialCandidate
from satupintu.notifikasi.signatures import sign

pytestmark = pytest.mark.django_db

URL = reverse("notifikasi:social_webhook")


@pytest.fixture(autouse=True)
def _secrets(settings, regency):
    settings.WHATSAPP_APP_SECRET = "test-app-secret"
    settings.WHATSAPP_VERIFY_TOKEN = "test-verify-token"


def _post(client, payload, secret="test-app-secret"):
    body = json.dumps(payload).encode()
    return client.post(URL, data=body, content_type="application/json",
                       headers={"X-Hub-Signature-256": sign(body, secret)})


FB_COMMENT = {"object": "page", "entry": [{"id": "PAGE-1", "time": 1732350000, "changes": [{"field": "feed", "value": {
    "from": {"id": "USER-9", "name": "Rudi Hartono"}, "item": "comment", "verb": "add", "post_id": "PAGE-1_55",
    "comment_id": "55_901", "created_time": 1732350000,
    "message": "Pak, jembatan gantung di Dusun III Bantan sudah miring, anak sekolah takut lewat."}}]}]}
FB_OWN_REPLY = {"object": "page", "entry": [{"id": "PAGE-1", "changes": [{"field": "feed", "value": {
    "from": {"id": "PAGE-1", "name": "Pemkab"}, "item": "comment", "verb": "add", "comment_id": "55_902",
    "message": "Terima kasih, akan kami teruskan."}}]}]}
IG_COMMENT = {"object": "instagram", "entry": [{"id": "IG-1", "time": 1732350000, "changes": [{"field": "comments", "value": {
    "from": {"id": "IGU-3", "username": "warga.kotarih"}, "id": "1790001", "media": {"id": "1780000"},
    "text": "Air PDAM mati tiga hari di Kotarih Baru, tolong dicek"}}]}]}
IG_DM = {"object": "instagram", "entry": [{"id": "IG-1", "time": 1732350000, "messaging": [{
    "sender": {"id": "IGU-4"}, "recipient": {"id": "IG-1"}, "timestamp": 1732350000123,
    "message": {"mid": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAz", "text": "Mau lapor pungli di kantor desa"}}]}]}


def test_webhook_stores_candidates_once(client):
    assert client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token",
                            "hub.challenge": "42"}).content == b"42"
    for payload in (FB_COMMENT, FB_OWN_REPLY, IG_COMMENT, IG_DM):
        assert _post(client, payload).status_code == 200
    assert _post(client, FB_COMMENT).status_code == 200  # replay
    candidates = {c.channel + ":" + c.kind: c for c in SocialCandidate.objects.all()}
    assert sorted(candidates) == ["facebook:comment", "instagram:comment", "instagram:message"]
    fb = candidates["facebook:comment"]
    assert fb.author_name == "Rudi Hartono" and fb.external_id == "55_901" and fb.posted_at is not None
    assert candidates["instagram:comment"].author_handle == "warga.kotarih"


def test_bad_signature_creates_nothing(client):
    assert _post(client, FB_COMMENT, secret="wrong").status_code == 403
    assert not SocialCandidate.objects.exists()


def test_admin_converts_links_and_dismisses(client, users, village_b):
    _post(client, FB_COMMENT)
    _post(client, IG_COMMENT)
    _post(client, IG_DM)
    fb, ig, dm = (SocialCandidate.objects.get(kind=k, channel=c) for k, c in
                  (("comment", "facebook"), ("comment", "instagram"), ("message", "instagram")))
    client.force_login(users["regency_admin"])

    page = client.get(reverse("notifikasi:candidates"))
    assert page.status_code == 200 and "jembatan gantung" in page.content.decode()

    response = client.post(reverse("notifikasi:candidate_detail", args=[fb.pk]), {
        "action": "convert", "kind": "pengaduan", "title": "Jembatan gantung miring",
        "description": fb.text, "village": village_b.pk,
    })
    assert response.status_code == 302
    fb.refresh_from_db()
    complaint = Complaint.objects.get()
    assert fb.status == CandidateStatus.CONVERTED and fb.complaint_tracking_code == complaint.tracking_code
    assert complaint.channel == "facebook" and complaint.village == village_b
    assert complaint.reporter_name == "Rudi Hartono"
    assert [e.action for e in audit_trail(fb)] == ["candidate.received", "candidate.converted"]

    bad_link = client.post(reverse("notifikasi:candidate_detail", args=[ig.pk]),
                           {"action": "link", "tracking_code": "ADU-0000-0000"})
    assert bad_link.status_code == 200 and "tidak ditemukan" in bad_link.content.decode()
    client.post(reverse("notifikasi:candidate_detail", args=[ig.pk]),
                {"action": "link", "tracking_code": complaint.tracking_code.lower()})
    ig.refresh_from_db()
    assert ig.status == CandidateStatus.LINKED and ig.complaint_tracking_code == complaint.tracking_code

    missing_reason = client.post(reverse("notifikasi:candidate_detail", args=[dm.pk]), {"action": "dismiss"})
    assert "Tuliskan alasannya" in missing_reason.content.decode()
    client.post(reverse("notifikasi:candidate_detail", args=[dm.pk]), {"action": "dismiss", "note": "Bukan aduan"})
    dm.refresh_from_db()
    assert dm.status == CandidateStatus.DISMISSED and dm.handled_by == users["regency_admin"]

    # a handled candidate cannot be converted again
    again = client.post(reverse("notifikasi:candidate_detail", args=[fb.pk]), {
        "action": "convert", "kind": "pengaduan", "title": "Lagi", "description": fb.text})
    assert again.status_code == 200
    assert Complaint.objects.count() == 1


def test_operator_pastes_a_post(client, users):
    client.force_login(users["regency_admin"])
    invalid = client.post(reverse("notifikasi:candidate_new"), {"channel": "manual", "text": "pendek"})
    assert invalid.status_code == 200 and "minimal 10 huruf" in invalid.content.decode()
    response = client.post(reverse("notifikasi:candidate_new"), {
        "channel": "manual", "text": "Dari grup WA RT 03: parit tersumbat, air masuk rumah warga.",
        "author_name": "Pak RT 03", "permalink": "",
    })
    candidate = SocialCandidate.objects.get()
    assert response.status_code == 302 and candidate.channel == "manual" and candidate.created_by == users["regency_admin"]


@pytest.mark.parametrize("role", ["citizen", "village_operator", "opd_admin", "regent"])
def test_only_the_regency_admin_sees_the_queues(client, users, role):
    client.force_login(users[role])
    for name in ("notifikasi:candidates", "notifikasi:outbox"):
        assert client.get(reverse(name)).status_code == 403
    candidate = SocialCandidate.objects.create(channel="manual", text="Parit tersumbat di depan pasar desa")
    assert client.get(reverse("notifikasi:candidate_detail", args=[candidate.pk])).status_code == 403


def test_village_operator_pastes_but_does_not_decide(client, users):
    client.force_login(users["citizen"])
    assert client.get(reverse("notifikasi:candidate_new")).status_code == 403
    client.force_login(users["village_operator"])
    response = client.post(reverse("notifikasi:candidate_new"), {
        "channel": "manual", "text": "Dari grup WA desa: lampu jalan di dusun II mati semua sejak Senin."})
    assert response.status_code == 302 and response["Location"] == reverse("notifikasi:candidate_new")
    candidate = SocialCandidate.objects.get()
    assert candidate.created_by == users["village_operator"] and candidate.status == "new"


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("notifikasi:outbox"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_outbox_page_shows_failures_and_retries(client, users, fake_whatsapp, settings, django_capture_on_commit_callbacks,
                                                django_assert_max_num_queries):
    from satupintu.notifikasi.models import OutboxMessage, OutboxStatus
    from satupintu.notifikasi.services import Recipient, notify

    settings.OUTBOX_MAX_ATTEMPTS = 1
    fake_whatsapp.fail_next(1, 500)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            notify(event="notifikasi.test", recipients=[Recipient(phone=f"08120000077{i}")],
                   context={"site": "S", "name": "A"}, key=f"page:{i}")
    failed = OutboxMessage.objects.get(status=OutboxStatus.FAILED)
    client.force_login(users["regency_admin"])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notifikasi:outbox"), {"status": "failed"})
    text = page.content.decode()
    assert "Service temporarily unavailable" in text and failed.address in text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifikasi:outbox_retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
