"""WhatsApp intake has the web's per-phone limit (issue 12 finding 8: one number filed 12 complaints in 3.7 s)."""

import pytest

from satupintu.aduan.models import Complaint
from satupintu.aduan.tests.channels.test_whatsapp_webhook import PHONE, Citizen
from satupintu.core import ratelimit
from satupintu.notifikasi.models import ConversationState, WhatsAppConversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(client, fake_whatsapp, django_capture_on_commit_callbacks, regency):
    return Citizen(client, django_capture_on_commit_callbacks)


def _report(citizen, n: int) -> None:
    citizen.text(f"Laporan nomor {n}: lampu jalan di dusun {n} padam sejak tiga hari lalu")
    citizen.text("Sialtong")
    citizen.text("KIRIM")


def test_one_number_files_at_most_the_limit_then_gets_a_polite_reply(citizen, fake_whatsapp, settings, monkeypatch):
    settings.ADUAN_RATE_LIMIT_PHONE = (5, 3600)
    for n in range(1, 7):
        _report(citizen, n)
    assert Complaint.objects.count() == 5
    reply = fake_whatsapp.texts_to(PHONE)[-1]
    assert reply.startswith("Maaf, nomor ini sudah mencapai batas 5 laporan untuk sementara.")
    assert "ketik KIRIM lagi setelah" in reply and "pukul" in reply
    # The sixth report is kept as a draft; once the window has passed, KIRIM files it.
    conversation = WhatsAppConversation.objects.get(phone=PHONE)
    assert conversation.state == ConversationState.AWAITING_EXTRAS and "dusun 6" in conversation.description
    later = ratelimit._clock() + 3600 + 400
    monkeypatch.setattr(ratelimit, "_clock", lambda: later)
    citizen.text("KIRIM")
    assert Complaint.objects.count() == 6
    assert "dusun 6" in Complaint.objects.order_by("-id").first().description


def test_the_limit_is_shared_with_the_web_form(citizen, fake_whatsapp, settings):
    from satupintu.aduan.ratelimit import phone_submission

    settings.ADUAN_RATE_LIMIT_PHONE = (2, 3600)
    assert phone_submission("0813-7777-8888").allowed  # the same number as PHONE, written the local way
    _report(citizen, 1)
    _report(citizen, 2)
    assert Complaint.objects.count() == 1
