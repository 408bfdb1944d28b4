"""The WhatsApp webhook played like Meta plays it: signed POSTs, replays, a whole citizen conversation."""

import io
import json
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from satupintu.aduan.models import Complaint
from satupintu.notifikasi.models import (
    ChannelOptOut,
    ConversationState,
    OutboxMessage,
    OutboxStatus,
    ProcessedWebhookMessage,
    WhatsAppContact,
    WhatsAppConversation,
)
from satupintu.notifikasi.signatures import sign

pytestmark = pytest.mark.django_db

PHONE = "6281377778888"
URL = reverse("notifikasi:whatsapp_webhook")


class Citizen:
    """Builds and posts webhook payloads for one phone number, signed with the app secret."""

    def __init__(self, client, capture, phone=PHONE, name="Siti Aminah"):
        self.client, self.capture, self.phone, self.name, self.n = client, capture, phone, name, 0

    def payload(self, message: dict) -> dict:
        self.n += 1
        message = {"from": self.phone, "id": f"wamid.TEST{self.phone}{self.n:04d}", "timestamp": str(int(time.time())),
                   **message}
        return {"object": "whatsapp_business_account", "entry": [{"id": "WABA-1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "6281100000000", "phone_number_id": "1234567890"},
            "contacts": [{"profile": {"name": self.name}, "wa_id": self.phone}],
            "messages": [message]}}]}]}

    def post_raw(self, body: bytes, signature: str | None = None):
        with self.capture(execute=True):
            return self.client.post(URL, data=body, content_type="application/json",
                                    headers={"X-Hub-Signature-256": signature or sign(body, "test-app-secret")})

    def send(self, message: dict):
        body = json.dumps(self.payload(message)).encode()
        response = self.post_raw(body)
        assert response.status_code == 200, response.content
        return body

    def text(self, body: str):
        return self.send({"type": "text", "text": {"body": body}})


@pytest.fixture
def citizen(client, fake_whatsapp, django_capture_on_commit_callbacks, regency):
    return Citizen(client, django_capture_on_commit_callbacks)


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_verification_challenge(client, fake_whatsapp):
    ok = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "test-verify-token", "hub.challenge": "1158201444"})
    assert ok.status_code == 200
    assert ok.content == b"1158201444"
    assert ok["Content-Type"].startswith("text/plain")
    bad = client.get(URL, {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "x"})
    assert bad.status_code == 403


def test_wrong_signature_is_rejected_and_creates_nothing(citizen):
    body = json.dumps(citizen.payload({"type": "text", "text": {"body": "Jalan rusak di depan sekolah dasar"}})).encode()
    for signature in (sign(body, "not-the-secret"), "sha256=" + "0" * 64, "", "md5=abc"):
        response = citizen.post_raw(body, signature=signature or "none")
        assert response.status_code == 403
    tampered = body.replace(b"Jalan", b"Jalur")
    assert citizen.post_raw(tampered, signature=sign(body, "test-app-secret")).status_code == 403
    assert not ProcessedWebhookMessage.objects.exists()
    assert not WhatsAppConversation.objects.exists()
    assert not WhatsAppContact.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_unconfigured_secret_rejects_everything(citizen, settings):
    settings.WHATSAPP_APP_SECRET = ""
    body = json.dumps(citizen.payload({"type": "text", "text": {"body": "halo"}})).encode()
    assert citizen.post_raw(body, signature=sign(body, "")).status_code == 403


def test_conversation_files_a_report_and_sends_the_code_back(citizen, fake_whatsapp):
    fake_whatsapp.add_media("MEDIA-PHOTO-1", _jpeg())

    citizen.text("Halo")
    assert "Ceritakan masalah" in fake_whatsapp.texts_to(PHONE)[-1]
    citizen.text("Jalan di depan SD Negeri 1 berlubang besar sejak bulan lalu, sudah dua motor jatuh")
    assert "desa atau kelurahan" in fake_whatsapp.texts_to(PHONE)[-1]
    citizen.text("Desa Atlantis")
    assert "tidak kami temukan" in fake_whatsapp.texts_to(PHONE)[-1]
    citizen.text("desa sialtong")
    assert "Desa Sialtong, Kecamatan Kotarih" in fake_whatsapp.texts_to(PHONE)[-1]
    citizen.send({"type": "image", "image": {"id": "MEDIA-PHOTO-1", "mime_type": "image/jpeg"}})
    assert fake_whatsapp.texts_to(PHONE)[-1] == "Foto diterima."
    # kept until the report is filed in private storage, never under the public MEDIA_ROOT
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not [p for p in media_root.rglob("*") if p.is_file()]
    assert [p for p in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]
    citizen.send({"type": "location", "location": {"latitude": 3.2512, "longitude": 98.9876, "name": "SD Negeri 1"}})
    assert WhatsAppConversation.objects.get(phone=PHONE).state == ConversationState.AWAITING_EXTRAS
    citizen.text("Lubangnya tepat di tikungan, berbahaya malam hari")
    assert fake_whatsapp.texts_to(PHONE)[-1].startswith("Keterangan ditambahkan.")
    final = citizen.text("KIRIM")

    complaint = Complaint.objects.get()
    assert complaint.channel == "whatsapp"
    assert complaint.village.name == "Sialtong"
    assert complaint.reporter_phone == PHONE
    assert complaint.reporter_name == "Siti Aminah"
    assert "berlubang besar" in complaint.description and "tepat di tikungan" in complaint.description
    assert str(complaint.latitude) == "3.251200"
    assert complaint.attachments.count() == 1
    # the photo lives in private storage only: nothing of it (nor the phone number) under the public MEDIA_ROOT
    attachment = complaint.attachments.get()
    assert Path(attachment.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not media_root.exists() or not [p for p in media_root.rglob("*") if p.is_file()]
    assert complaint.status == "received"  # in the verification queue like a web report
    # the tracking code went back through the outbox and reached the (fake) WhatsApp API
    last = fake_whatsapp.texts_to(PHONE)[-1]
    assert complaint.tracking_code in last
    assert sum(complaint.tracking_code in t for t in fake_whatsapp.texts_to(PHONE)) == 1
    conversation = WhatsAppConversation.objects.get(phone=PHONE)
    assert conversation.state == ConversationState.IDLE and conversation.last_tracking_code == complaint.tracking_code

    # Meta retries a delivery it thinks failed: the same POST again files nothing and says nothing new
    sent_before, rows_before = len(fake_whatsapp.received), OutboxMessage.objects.count()
    response = citizen.post_raw(final)
    assert response.status_code == 200 and response.json()["duplicates"] == 1
    assert Complaint.objects.count() == 1
    assert OutboxMessage.objects.count() == rows_before
    assert len(fake_whatsapp.received) == sent_before

    # asking for the status by sending the code
    citizen.text(complaint.tracking_code.lower().replace("-", " "))
    assert fake_whatsapp.texts_to(PHONE)[-1].startswith(f"Status laporan {complaint.tracking_code}: Diterima.")
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}


def test_location_first_then_the_questions(citizen, fake_whatsapp):
    citizen.send({"type": "location", "location": {"latitude": 3.25, "longitude": 98.98}})
    assert fake_whatsapp.texts_to(PHONE) == [
        "Lokasi diterima.\n\nCeritakan masalah yang ingin Anda laporkan: apa yang terjadi, di mana, dan sejak kapan."
    ]
    assert WhatsAppConversation.objects.get().state == ConversationState.AWAITING_DESCRIPTION


def test_long_first_message_skips_a_question_and_unknown_code(citizen, fake_whatsapp):
    citizen.text("Lampu jalan di simpang pasar mati sudah seminggu, gelap sekali malam hari")
    assert "desa atau kelurahan" in fake_whatsapp.texts_to(PHONE)[-1]
    citizen.text("BATAL")
    assert WhatsAppConversation.objects.get().state == ConversationState.IDLE
    citizen.text("ADU-0000-0000")
    assert "tidak kami temukan" in fake_whatsapp.texts_to(PHONE)[-1]


def test_stop_opts_out_and_mulai_opts_back_in(citizen, fake_whatsapp):
    citizen.text("Halo")
    citizen.text("BERHENTI")
    assert ChannelOptOut.objects.filter(channel="whatsapp", address=PHONE).exists()
    assert "tidak akan menerima pesan lagi" in fake_whatsapp.texts_to(PHONE)[-1]
    count = len(fake_whatsapp.received)
    citizen.text("Jalan rusak parah di depan kantor desa kami")
    assert len(fake_whatsapp.received) == count  # we may not write to this number any more
    citizen.text("MULAI")
    assert not ChannelOptOut.objects.exists()
    assert "Selamat datang kembali" in fake_whatsapp.texts_to(PHONE)[-1]


def test_delivery_statuses_update_the_outbox(citizen, fake_whatsapp, client, django_capture_on_commit_callbacks):
    citizen.text("Halo")
    message = OutboxMessage.objects.get()
    received = fake_whatsapp.received[0]
    for status in ("delivered", "read"):
        body = json.dumps(fake_whatsapp.status_webhook(received, status=status)).encode()
        assert citizen.post_raw(body).status_code == 200
    message.refresh_from_db()
    assert message.delivery_status == "read"
    failed = fake_whatsapp.status_webhook(received, status="failed")
    failed["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"] = [{"code": 131026, "title": "Message undeliverable"}]
    citizen.post_raw(json.dumps(failed).encode())
    message.refresh_from_db()
    assert message.delivery_status == "failed" and "131026" in message.last_error


def test_invalid_json_with_valid_signature_is_a_400(citizen):
    assert citizen.post_raw(b"not json").status_code == 400
