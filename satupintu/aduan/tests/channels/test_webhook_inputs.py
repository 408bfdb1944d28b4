"""Issue 12, findings 4, 6 and 7 at the webhooks: odd JSON in correctly signed posts, oversized bodies, a 20 MB
e-mail, an image bomb sent over WhatsApp."""

import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from satupintu.aduan.models import Complaint
from satupintu.aduan.services import DESCRIPTION_MAX_LENGTH, FULL_TEXT_NAME
from satupintu.core.tests import uploads
from satupintu.notifikasi import payloads
from satupintu.notifikasi.models import ProcessedWebhookMessage, SocialCandidate
from satupintu.notifikasi.signatures import sign
from satupintu.notifikasi.views import META_WEBHOOK_MAX_BYTES

pytestmark = pytest.mark.django_db

WA_URL = reverse("notifikasi:whatsapp_webhook")
SOCIAL_URL = reverse("notifikasi:social_webhook")
EMAIL_URL = reverse("notifikasi:inbound_email")
SECRET = "test-app-secret"


@pytest.fixture(autouse=True)
def _secrets(settings, regency):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "test-verify-token"
    settings.INBOUND_EMAIL_TOKEN = "rahasia-masuk"


def post_signed(client, url, body: bytes):
    return client.post(url, data=body, content_type="application/json",
                       headers={"X-Hub-Signature-256": sign(body, SECRET)})


# --- finding 7: odd JSON, correctly signed ------------------------------------------------------------------------

ODD_WHATSAPP = [
    {"entry": "x"},  # the finding's samples
    {"entry": [None]},
    {"entry": [{"changes": "x"}]},
    {"entry": [{"changes": [None, 1, "x", {"value": []}]}]},
    {"entry": [{"changes": [{"value": {"messages": {"id": "x"}, "statuses": "x", "contacts": [None, {"wa_id": []}]}}]}]},
    {"entry": [{"changes": [{"value": {"contacts": [{"wa_id": "6281", "profile": ["Siti"]}],
                                       "messages": [{"id": ["w"], "from": {"x": 1}}]}}]}]},
    {"entry": [{"changes": [{"value": {"messages": [
        {"id": "wamid.ODD1", "from": "6281377778888", "type": "text", "text": "bukan objek"},
        {"id": "wamid.ODD2", "from": "6281377778888", "type": "text", "text": {"body": ["daftar"]}},
        {"id": "wamid.ODD3", "from": "6281377778888", "type": "location",
         "location": {"latitude": 1e300, "longitude": "abc", "name": ["x"], "address": None}},
        {"id": "wamid.ODD4", "from": "6281377778888", "type": "image", "image": "x"},
        {"id": "wamid.ODD5", "from": "6281377778888", "type": ["text"], "timestamp": 1e30},
        {"id": "w" * 5000, "from": "6281377778888", "type": "text", "text": {"body": "id terlalu panjang"}},
        {"id": "wamid.ODD6", "from": "6281377778888\u0000", "type": "text", "text": {"body": "nul\u0000 \ud800 x"}},
    ], "statuses": [{"id": 5, "status": ["sent"], "errors": "x"}, {"errors": [None, {"code": []}]}]}}]}]},
]

ODD_SOCIAL = [
    {"object": ["page"]},
    {"object": "page", "entry": "x"},
    {"object": "page", "entry": [None, {"changes": [None, {"field": ["feed"], "value": "x"}]}]},
    {"object": "page", "entry": [{"id": [], "changes": [{"field": "feed", "value": {
        "verb": "add", "item": ["comment"], "from": "x", "comment_id": {"a": 1}, "message": 5}}]}]},
    {"object": "page", "entry": [{"id": "PAGE-1", "changes": [{"field": "feed", "value": {
        "verb": "add", "item": "comment", "from": {"id": "U-1", "name": ["x"]}, "comment_id": "c-1",
        "message": "Jalan rusak di desa \u0000 kami", "created_time": "2026-13-45T99:00:00+0000",
        "extra": {"nan": float("inf")}}}]}]},
    {"object": "instagram", "entry": [{"messaging": [None, {"message": "x"}, {
        "sender": {"id": 1}, "timestamp": 10**30, "message": {"mid": "m-1", "text": "Mau lapor pungli", "is_echo": "no"}}]}]},
    {"object": "instagram", "entry": [{"changes": [{"field": "comments", "value": {
        "id": "ig-1", "text": "Air mati", "from": {"username": ["u"]}, "created_time": "²"}}]}]},
]


@pytest.mark.parametrize("payload", ODD_WHATSAPP)
def test_odd_whatsapp_json_is_answered_200_not_500(client, payload, caplog):
    response = post_signed(client, WA_URL, json.dumps(payload).encode())
    assert response.status_code == 200
    assert "unexpected shape" in caplog.text


def test_odd_whatsapp_message_fields_are_dropped_but_the_good_message_is_handled(client):
    response = post_signed(client, WA_URL, json.dumps(ODD_WHATSAPP[6]).encode())
    assert response.status_code == 200
    handled = set(ProcessedWebhookMessage.objects.values_list("external_id", flat=True))
    assert {"wamid.ODD1", "wamid.ODD2", "wamid.ODD3", "wamid.ODD6"} <= handled
    assert not any(len(x) > 200 for x in handled)  # the 5,000-character id was dropped, not cut


@pytest.mark.parametrize("payload", ODD_SOCIAL)
def test_odd_social_json_is_answered_200_not_500(client, payload):
    assert post_signed(client, SOCIAL_URL, json.dumps(payload).encode()).status_code == 200


def test_social_text_with_nul_and_bad_time_is_stored_clean(client):
    assert post_signed(client, SOCIAL_URL, json.dumps(ODD_SOCIAL[4]).encode()).status_code == 200
    candidate = SocialCandidate.objects.get(external_id="c-1")
    assert candidate.text == "Jalan rusak di desa  kami" and candidate.posted_at is None
    assert candidate.raw["extra"] == {"nan": None}


@pytest.mark.parametrize("body", [b"[1, 2]", b"not json", b"[" * 100_000, b'{"entry": 1e999999}'])
def test_unparseable_or_non_object_json_is_400(client, body):
    assert post_signed(client, WA_URL, body).status_code in (200, 400)
    assert post_signed(client, SOCIAL_URL, body).status_code in (200, 400)


def test_webhook_body_above_the_cap_is_refused_unread(client):
    body = b'{"entry": [], "pad": "' + b"x" * META_WEBHOOK_MAX_BYTES + b'"}'
    assert post_signed(client, WA_URL, body).status_code == 413
    assert post_signed(client, SOCIAL_URL, body).status_code == 413


def test_conform_keeps_good_values_and_undeclared_keys():
    fitted, problems = payloads.whatsapp({"object": "whatsapp_business_account", "entry": [{"changes": [{"value": {
        "messages": [{"id": 12, "from": "628", "type": "text", "text": {"body": "ok"}, "future_field": {"a": [1]}}],
    }}]}]})
    message = fitted["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message == {"id": "12", "from": "628", "type": "text", "text": {"body": "ok"}, "future_field": {"a": [1]}}
    assert problems == []


# --- finding 6: a 20 MB e-mail ------------------------------------------------------------------------------------


def _mail(body: str, *, message_id="<besar@mail.example.id>") -> bytes:
    msg = EmailMessage()
    msg["From"] = "Budi Santoso <budi@example.id>"
    msg["To"] = "aduan@satupintu.local"
    msg["Subject"] = "Laporan panjang"
    msg["Message-ID"] = message_id
    msg.set_content(body)
    return bytes(msg)


def test_a_20_mb_email_becomes_a_capped_report_with_the_whole_text_attached(client, users,
                                                                             django_capture_on_commit_callbacks):
    line = "Jalan di Dusun III rusak parah dan berlubang, mohon segera diperbaiki oleh dinas terkait.\n"
    body = line * (20 * 1024 * 1024 // len(line)) + "AKHIR LAPORAN"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EMAIL_URL, data=_mail(body), content_type="message/rfc822",
                               headers={"X-Inbound-Token": "rahasia-masuk"})
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert len(complaint.description) <= DESCRIPTION_MAX_LENGTH
    assert complaint.description.startswith(line.strip()) and "[Teks dipotong" in complaint.description
    full = complaint.attachments.get(original_name=FULL_TEXT_NAME)
    assert full.size >= 20 * 1024 * 1024 - 1024
    with full.file.open("rb") as handle:
        stored = handle.read()
    assert stored.endswith(b"AKHIR LAPORAN")
    assert not Path(settings.MEDIA_ROOT, full.file.name).exists()  # private storage, not under MEDIA_ROOT
    client.force_login(users["regency_admin"])
    page = client.get(reverse("aduan:staff_detail", args=[complaint.tracking_code]))
    assert page.status_code == 200 and len(page.content) < 200_000


def test_email_body_above_the_cap_is_refused_unread(client, monkeypatch):
    from satupintu.notifikasi import services

    monkeypatch.setattr(services, "INBOUND_EMAIL_MAX_BYTES", 1000)
    response = client.post(EMAIL_URL, data=_mail("x" * 100_000), content_type="message/rfc822",
                           headers={"X-Inbound-Token": "rahasia-masuk"})
    assert response.status_code == 413 and not Complaint.objects.exists()


# --- finding 4: an image bomb over WhatsApp -----------------------------------------------------------------------


def test_whatsapp_bomb_photo_is_not_kept(client, fake_whatsapp, django_capture_on_commit_callbacks):
    fake_whatsapp.add_media("MEDIA-BOMB", uploads.bomb_png(), "image/png")
    payload = {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "messages": [{"id": "wamid.BOMB1", "from": "6281377778888", "type": "image",
                      "image": {"id": "MEDIA-BOMB", "mime_type": "image/png"}}]}}]}]}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signed(client, WA_URL, json.dumps(payload).encode())
    assert response.status_code == 200
    private = Path(settings.PRIVATE_MEDIA_ROOT)
    assert not private.exists() or not [p for p in private.rglob("*") if p.is_file()]
    assert "megapiksel" in fake_whatsapp.texts_to("6281377778888")[-1]  # the citizen is told why


def test_whatsapp_photo_is_stored_shrunk_without_gps(client, fake_whatsapp):
    from PIL import Image

    fake_whatsapp.add_media("MEDIA-BIG", uploads.jpeg_with_gps((4000, 3000)), "image/jpeg")
    payload = {"object": "whatsapp_business_account", "entry": [{"changes": [{"field": "messages", "value": {
        "messages": [{"id": "wamid.BIG1", "from": "6281377778888", "type": "image",
                      "image": {"id": "MEDIA-BIG", "mime_type": "image/jpeg"}}]}}]}]}
    assert post_signed(client, WA_URL, json.dumps(payload).encode()).status_code == 200
    stored = [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) == 1
    with Image.open(stored[0]) as img:
        assert max(img.size) == 2560 and not img.getexif()


@pytest.mark.parametrize("raw", [
    b"From: \x00\r\n\r\n",  # found by the fuzz on PostgreSQL: NUL cannot be stored in a text column
    b"From: Budi \x00 <budi@example.id>\r\nSubject: Sampah\x00 menumpuk\r\nMessage-ID: <nul\x00@x.id>\r\n\r\n"
    b"Sampah menumpuk di\x00 pinggir jalan Desa Bantan sudah dua minggu.\r\n",
])
def test_mail_with_nul_characters_is_stored_clean(client, raw):
    response = client.post(EMAIL_URL, data=raw, content_type="message/rfc822",
                           headers={"X-Inbound-Token": "rahasia-masuk"})
    assert response.status_code in (200, 201)
    for complaint in Complaint.objects.all():
        assert "\x00" not in complaint.description + complaint.title + complaint.reporter_name
