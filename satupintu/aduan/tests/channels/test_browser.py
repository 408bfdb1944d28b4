"""The regency administrator, on a phone, turns a Facebook comment that came in by webhook into a report."""

import json

import pytest

from satupintu.aduan.models import Complaint
from satupintu.notifikasi.models import SocialCandidate
from satupintu.notifikasi.signatures import sign

COMMENT = {"object": "page", "entry": [{"id": "PAGE-1", "changes": [{"field": "feed", "value": {
    "from": {"id": "USER-9", "name": "Rudi Hartono"}, "item": "comment", "verb": "add", "comment_id": "55_901",
    "post_id": "PAGE-1_55", "message": "Jembatan gantung di Dusun III Bantan sudah miring, anak sekolah takut lewat."}}]}]}


@pytest.mark.browser
def test_admin_converts_a_facebook_comment_on_a_phone(phone_page, live_server, users, village_b, settings, client):
    settings.WHATSAPP_APP_SECRET = "browser-secret"
    body = json.dumps(COMMENT).encode()
    assert client.post("/notifikasi/medsos/webhook/", data=body, content_type="application/json",
                       headers={"X-Hub-Signature-256": sign(body, "browser-secret")}).status_code == 200
    candidate = SocialCandidate.objects.get()

    page = phone_page
    page.goto(f"{live_server.url}/akun/masuk/?next=/notifikasi/kandidat/")
    page.locator("#id_username").fill(users["regency_admin"].username)
    page.locator("#id_password").fill("rahasia-demo-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/notifikasi/kandidat/")
    assert "Jembatan gantung" in page.content()
    page.screenshot(path=str(page.artifacts / "1-antrean.png"), full_page=True)

    page.get_by_role("link", name="Tangani").click()
    page.get_by_label("Judul").fill("Jembatan gantung Dusun III miring")
    page.get_by_label("Desa/kelurahan").select_option(village_b.pk)
    page.get_by_role("button", name="Buat aduan").click()
    code = page.get_by_test_id("code").inner_text().strip()
    page.screenshot(path=str(page.artifacts / "2-jadi-aduan.png"), full_page=True)

    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.channel == "facebook" and complaint.village == village_b
    candidate.refresh_from_db()
    assert candidate.status == "converted" and candidate.handled_by == users["regency_admin"]
