"""The thanks page says where updates will arrive (issue 13): masked WhatsApp number and e-mail, or the link."""

import pytest

from satupintu.core.formatting import mask_email, mask_phone

pytestmark = pytest.mark.django_db


def test_masks():
    assert mask_phone("6281234567890") == "0812-****-7890"
    assert mask_phone("081234567890") == "0812-****-7890"
    assert mask_email("budi@example.org") == "b***@example.org"
    assert mask_email("b@example.org") == "b*@example.org"
    assert mask_email("") == "" and mask_phone("") == ""


def test_thanks_page_names_the_masked_whatsapp_number_and_email(client, submit):
    complaint = submit(reporter_phone="081234567890", reporter_email="budi@example.org")
    body = client.get(f"/aduan/terima-kasih/{complaint.follow_token}/").content.decode()
    assert "WhatsApp 0812-****-7890" in body
    assert "b***@example.org" in body
    assert "81234567890" not in body.replace("0812-****-7890", "") and "budi@example.org" not in body


def test_thanks_page_without_contact_points_to_the_link(client, submit):
    complaint = submit(reporter_phone="", reporter_email="", is_anonymous=True)
    body = client.get(f"/aduan/terima-kasih/{complaint.follow_token}/").content.decode()
    assert "tidak dapat mengirim" in body and "WhatsApp 0" not in body
    assert complaint.get_follow_url() in body
