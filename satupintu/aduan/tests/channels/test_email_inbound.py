"""Inbound email webhook: a raw RFC 822 mail to the complaints address becomes a report, once."""

import io
from email.message import EmailMessage

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from satupintu.aduan.models import Complaint
from satupintu.notifikasi.models import InboundEmail

pytestmark = pytest.mark.django_db

URL = reverse("notifikasi:inbound_email")


@pytest.fixture(autouse=True)
def _token(settings, regency):
    settings.INBOUND_EMAIL_TOKEN = "rahasia-masuk"


def _mail(*, message_id="<abc123@mail.example.id>", body="Sampah menumpuk di pinggir jalan Desa Bantan sudah dua minggu.",
          subject="Sampah menumpuk", sender="Budi Santoso <budi@example.id>", photo=False, **headers) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "aduan@satupintu.local"
    msg["Subject"] = subject
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body + "\n\n> pesan sebelumnya yang dikutip\n")
    if photo:
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
        msg.add_attachment(buffer.getvalue(), maintype="image", subtype="png", filename="sampah.png")
    return bytes(msg)


def _post(client, capture, raw: bytes, token="rahasia-masuk"):
    with capture(execute=True):
        return client.post(URL, data=raw, content_type="message/rfc822", headers={"X-Inbound-Token": token})


def test_mail_becomes_a_report_and_the_code_is_mailed_back(client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks, _mail(photo=True))
    assert response.status_code == 201
    complaint = Complaint.objects.get()
    assert response.json()["tracking_code"] == complaint.tracking_code
    assert complaint.channel == "email"
    assert complaint.external_ref == "<abc123@mail.example.id>"
    assert complaint.title == "Sampah menumpuk"
    assert complaint.reporter_email == "budi@example.id"
    assert complaint.reporter_name == "Budi Santoso"
    assert "dikutip" not in complaint.description  # quoted history is dropped
    assert complaint.attachments.count() == 1
    replies = [m for m in mail.outbox if m.to == ["budi@example.id"]]
    assert len(replies) == 1 and complaint.tracking_code in replies[0].body


def test_redelivered_mail_creates_nothing_new(client, django_capture_on_commit_callbacks):
    raw = _mail()
    assert _post(client, django_capture_on_commit_callbacks, raw).status_code == 201
    again = _post(client, django_capture_on_commit_callbacks, raw)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert Complaint.objects.count() == 1
    assert InboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_wrong_or_missing_token_is_rejected(client, django_capture_on_commit_callbacks, settings):
    assert _post(client, django_capture_on_commit_callbacks, _mail(), token="salah").status_code == 403
    settings.INBOUND_EMAIL_TOKEN = ""
    assert _post(client, django_capture_on_commit_callbacks, _mail(), token="").status_code == 403
    assert not InboundEmail.objects.exists() and not Complaint.objects.exists()


def test_too_short_mail_is_answered_with_the_reason(client, django_capture_on_commit_callbacks):
    response = _post(client, django_capture_on_commit_callbacks, _mail(body="tolong", subject="", message_id="<s@x>"))
    assert response.status_code == 201
    assert not Complaint.objects.exists()
    assert len(mail.outbox) == 1
    assert "terlalu singkat" in mail.outbox[0].body


def test_auto_replies_are_recorded_but_not_filed_nor_answered(client, django_capture_on_commit_callbacks):
    raw = _mail(Auto_Submitted="auto-replied", subject="Out of office")
    assert _post(client, django_capture_on_commit_callbacks, raw).status_code == 201
    assert InboundEmail.objects.count() == 1
    assert not Complaint.objects.exists()
    assert mail.outbox == []


def test_garbage_body_is_a_400(client, django_capture_on_commit_callbacks):
    assert _post(client, django_capture_on_commit_callbacks, b"").status_code == 400
