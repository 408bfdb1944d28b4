"""The notification pages speak English when the browser asks for it (Accept-Language: en), and a message
rendered for an English-speaking recipient comes out in English."""

import pytest
from django.urls import reverse

from satupintu.notifikasi.registry import get_template

pytestmark = pytest.mark.django_db


def test_preferences_page_in_english(client, users):
    client.force_login(users["citizen"])
    url = reverse("notifikasi:preferences")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose the channels through which you want to receive updates" in html
    assert "Send updates by WhatsApp" in html and "Send updates by email" in html
    # The WhatsApp keywords stay as the bot understands them.
    assert "reply BERHENTI (or STOP)" in html
    assert "Kirim kabar lewat WhatsApp" not in html
    assert "Pilih lewat kanal mana" not in html

    default = client.get(url).content.decode()
    assert "Kirim kabar lewat WhatsApp" in default and "Send updates by WhatsApp" not in default


def test_saving_preferences_confirms_in_english(client, users):
    client.force_login(users["citizen"])
    response = client.post(reverse("notifikasi:preferences"), {"email_enabled": "on"}, follow=True,
                           HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Notification channel preferences saved." in html
    assert "Pilihan kanal pemberitahuan disimpan." not in html


def test_outbox_page_in_english(client, users):
    client.force_login(users["regency_admin"])
    response = client.get(reverse("notifikasi:outbox"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Notification outbox" in html and "No messages yet." in html
    assert "Kotak keluar notifikasi" not in html and "Belum ada pesan." not in html


def test_message_rendered_in_the_recipients_language():
    template = get_template("notifikasi.test")
    context = {"site": "Satu Pintu", "name": "Budi"}
    subject, body = template.render(context=context, language="en")
    assert subject == "Test message from Satu Pintu"
    assert body.startswith("Hello Budi, this is a test message from Satu Pintu.")
    subject_id, _body_id = template.render(context=context, language="id")
    assert subject_id == "Pesan uji dari Satu Pintu"
