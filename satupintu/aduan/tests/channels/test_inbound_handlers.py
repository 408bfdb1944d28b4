"""notifikasi receives inbound webhooks but hands each message to the handler an app above registered
(notifikasi/inbound.py); without one, messages are not filed while delivery statuses still settle."""

import json

import pytest
from django.urls import reverse

from satupintu.aduan.channels.whatsapp import whatsapp_message_handle
from satupintu.notifikasi import inbound
from satupintu.notifikasi.models import ProcessedWebhookMessage, SocialCandidate
from satupintu.notifikasi.signatures import sign

pytestmark = pytest.mark.django_db

SECRET = "test-app-secret"


@pytest.fixture(autouse=True)
def _secrets(settings):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.INBOUND_EMAIL_TOKEN = "rahasia-masuk"


def _post(client, name: str, payload: dict):
    body = json.dumps(payload).encode()
    return client.post(reverse(name), data=body, content_type="application/json",
                       headers={"X-Hub-Signature-256": sign(body, SECRET)})


def test_the_complaint_app_registered_every_inbound_channel():
    assert inbound.inbound_handler("whatsapp") is whatsapp_message_handle
    assert {channel: inbound.inbound_handler(channel).__module__ for channel in inbound.CHANNELS} == {
        "whatsapp": "satupintu.aduan.channels.whatsapp",
        "email": "satupintu.aduan.channels.email",
        "social": "satupintu.aduan.channels.social",
    }


def test_registering_is_checked():
    with pytest.raises(ValueError, match="unknown inbound channel"):
        inbound.inbound_handler_register(channel="sms", handler=print)
    with pytest.raises(ValueError, match="already handled"):
        inbound.inbound_handler_register(channel="whatsapp", handler=print)
    inbound.inbound_handler_register(channel="whatsapp", handler=whatsapp_message_handle)  # the same again: fine


def test_without_handlers_nothing_is_filed(client, monkeypatch):
    monkeypatch.setattr(inbound, "_handlers", {})
    wa = {"entry": [{"changes": [{"value": {"messages": [
        {"id": "wamid.NOHANDLER", "from": "6281377778888", "type": "text", "text": {"body": "halo"}}]}}]}]}
    response = _post(client, "notifikasi:whatsapp_webhook", wa)
    assert response.status_code == 200 and response.json()["messages"] == 0
    assert not ProcessedWebhookMessage.objects.exists()
    social = {"object": "page", "entry": [{"id": "1", "changes": [{"field": "feed", "value": {
        "verb": "add", "item": "comment", "comment_id": "c1", "message": "Jalan rusak", "from": {"id": "2"}}}]}]}
    response = _post(client, "notifikasi:social_webhook", social)
    assert response.status_code == 200 and response.json()["created"] == 0
    assert not SocialCandidate.objects.exists()
    response = client.post(reverse("notifikasi:inbound_email"), data=b"From: a@b.c\r\n\r\nisi",
                           content_type="message/rfc822", headers={"X-Inbound-Token": "rahasia-masuk"})
    assert response.status_code == 503
