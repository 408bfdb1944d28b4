"""Real Chromium: the operator issues an SKU from a NIK, the head signs, the PDF downloads, and the QR's URL opens the
verification page showing the number."""

import re

import pytest
from playwright.sync_api import expect

from satupintu.surat import services
from satupintu.surat.models import LetterRequest

from .conftest import make_resident


@pytest.mark.browser
def test_operator_issues_sku_and_the_qr_url_verifies(phone_page, live_server, users, settings, village_a):
    settings.SATUPINTU_BASE_URL = live_server.url
    services.letter_types_seed()
    resident = make_resident(village_a, nik="1218011505900001", name="Budi Santoso")
    page = phone_page

    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("input[name=username]", "operator_a")
    page.fill("input[name=password]", "rahasia-demo-123")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/surat/loket/baru/")
    page.select_option("select[name=letter_type]", "500")
    page.fill("input[name=nik]", resident.nik)
    page.get_by_role("button", name="Cari penduduk").click()
    expect(page.get_by_test_id("resident-facts")).to_contain_text("Budi Santoso")
    page.fill("input[name=purpose]", "Pengajuan kredit usaha")
    page.fill("input[name=f_nama_usaha]", "Warung Kopi #1 [Berkah]")
    page.fill("input[name=f_jenis_usaha]", "Kedai kopi")
    page.fill("input[name=f_alamat_usaha]", "Dusun I")
    page.screenshot(path=str(page.artifacts / "01-counter-form.png"), full_page=True)
    page.get_by_role("button", name="Catat permohonan").click()
    expect(page.get_by_test_id("status")).to_have_text("Sedang diperiksa")
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("status")).to_have_text("Menunggu tanda tangan")

    # The village head's sign-off (a second role; done through the service as the head would from the same page).
    letter = LetterRequest.objects.get()
    services.letter_sign(letter=letter, by=users["village_head"])
    letter.refresh_from_db()

    page.reload()
    expect(page.get_by_test_id("number")).to_have_text(letter.number)
    page.screenshot(path=str(page.artifacts / "02-signed.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    download = info.value
    path = page.artifacts / "surat.pdf"
    download.save_as(path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF")

    # The QR (and its link) carries the verification URL recorded on the letter.
    urls = set(re.findall(rb"https?://[^\s()<>]+/surat/v/[A-Za-z0-9_-]+/", pdf))
    assert urls == {letter.verification_url.encode()}
    assert letter.verification_url.startswith(live_server.url)

    page.goto(letter.verification_url)
    expect(page.get_by_test_id("number")).to_have_text(letter.number)
    expect(page.get_by_test_id("verdict")).to_contain_text("SAH")
    expect(page.get_by_test_id("masked-name")).to_have_text("B*** S******")
    page.screenshot(path=str(page.artifacts / "03-verification.png"), full_page=True)
