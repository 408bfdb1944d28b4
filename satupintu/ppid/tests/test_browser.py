"""Real Chromium on a phone-sized screen: a citizen files a request, the PPID Pelaksana answers with an attachment,
the citizen reads the answer and files an objection."""

import pytest
from playwright.sync_api import expect

from satupintu.akun.models import User
from satupintu.ppid import services
from satupintu.ppid.models import InfoRequest, Objection, Status

from .conftest import EMAIL, NIK, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_request_answer_and_objection(live_server, phone_page, users, agencies, regency):
    page = phone_page
    shots = page.artifacts

    # 1. The citizen files a request.
    page.goto(f"{live_server.url}/ppid/")
    page.get_by_role("link", name="Ajukan permohonan informasi").click()
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Nomor identitas").fill(NIK)
    page.get_by_label("Alamat").fill("Dusun II, Desa Sialtong")
    page.get_by_label("Telepon/WhatsApp").fill(PHONE)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Pekerjaan").fill("Wiraswasta")
    page.get_by_label("Rincian informasi yang dibutuhkan").fill("Salinan kontrak pembangunan jalan Kotarih 2025")
    page.get_by_label("Tujuan penggunaan informasi").fill("Pengawasan pembangunan desa")
    page.get_by_label("Mendapatkan salinan informasi").check()
    page.get_by_label("Bentuk salinan").select_option("softcopy")
    page.get_by_label("Cara mendapatkan salinan").select_option("email")
    page.screenshot(path=str(shots / "1-form.png"), full_page=True)
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_test_id("number")).to_contain_text("PPID/")
    page.screenshot(path=str(shots / "2-receipt.png"), full_page=True)
    assert NIK not in page.content() and PHONE not in page.content()
    track_url = page.get_by_test_id("track-link").get_attribute("href")

    # 2. PPID Utama forwards it to Dinas PUPR (a service call: the routing step is not what this test is about).
    r = InfoRequest.objects.get()
    services.info_request_forward(info_request=r, agency=agencies["pupr"], by=users["ppid_utama"])

    # 3. The PPID Pelaksana signs in through the login page and answers with an attachment.
    page.goto(f"{live_server.url}/akun/masuk/?next=/ppid/staf/{r.pk}/")
    page.locator("#id_username").fill(users["ppid_pupr"].username)
    page.locator("#id_password").fill("rahasia-demo-123")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("status")).to_contain_text("Diteruskan")
    form = page.get_by_test_id("answer-form")
    form.get_by_label("Keputusan").select_option("diberikan")
    form.get_by_label("Isi pemberitahuan tertulis").fill("Salinan kontrak kami lampirkan.")
    form.get_by_label("Lampiran dokumen").set_input_files(
        files=[{"name": "kontrak-jalan.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.screenshot(path=str(shots / "3-answer.png"), full_page=True)
    form.get_by_role("button", name="Simpan dan kirim jawaban").click()
    expect(page.get_by_test_id("status")).to_contain_text("Dijawab")
    r.refresh_from_db()
    assert r.status == Status.ANSWERED and r.attachments.count() == 1

    # 4. The citizen (signed out) reads the answer and files an objection.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{track_url}")
    expect(page.get_by_test_id("outcome")).to_contain_text("diberikan seluruhnya")
    expect(page.get_by_role("link", name="kontrak-jalan.pdf")).to_be_visible()
    page.screenshot(path=str(shots / "4-answer-seen.png"), full_page=True)
    page.get_by_role("link", name="Ajukan keberatan").click()
    page.get_by_label("Permohonan ditanggapi tidak sebagaimana yang diminta").check()
    page.get_by_label("Kasus posisi").fill("Lampiran kontrak tidak memuat adendum yang saya minta.")
    page.get_by_role("button", name="Kirim keberatan").click()
    expect(page.get_by_test_id("objection")).to_contain_text("KEB/")
    page.screenshot(path=str(shots / "5-objection.png"), full_page=True)
    assert Objection.objects.get().grounds == ["35d"]
    assert NIK not in page.content() and EMAIL not in page.content()
    assert User.objects.filter(username="ppid_pupr").exists()
