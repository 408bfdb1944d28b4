"""Real Chromium at phone width: the treasurer drafts an SPP, the PPK checks it, the head signs the SPM, the verifier
passes it, the Kuasa BUD signs the SP2D, and the agency sees it issued with its minutes."""

import re

import pytest
from playwright.sync_api import expect

from ..models import OrderStatus, PaymentOrder
from .factories import pdf_upload

PASSWORD = "rahasia-demo-123"


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
def test_spp_to_sp2d_in_the_browser(phone_page, live_server, finance, line, settings, tmp_path):
    settings.SATUPINTU_BASE_URL = live_server.url
    page, base = phone_page, live_server.url
    files = {}
    for kind in ("invoice", "receipt", "handover"):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf_upload().read())
        files[kind] = path

    sign_in(page, base, finance["treasurer"].username)
    page.goto(f"{base}/keuangan/spm/")
    page.get_by_test_id("new-spp").click()
    page.select_option("select[name=kind]", "ls_barang")
    page.fill("input[name=description]", "Pembelian alat tulis kantor")
    page.fill("input[name=recipient_name]", "CV Maju Jaya")
    page.fill("input[name=recipient_npwp]", "01.234.567.8-901.000")
    page.select_option("select[name=bank]", "bank_sumut")
    page.fill("input[name=account_number]", "12345")  # too short: refused with the bank's length
    page.fill("input[name=account_name]", "CV Maju Jaya")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("10 digit")
    page.fill("input[name=account_number]", "1234567890")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_test_id("status")).to_have_text("Draf SPP")
    page.select_option("select[name=budget_line]", str(line.pk))
    page.fill("form:has([data-testid=add-line]) input[name=description]", "ATK triwulan I")
    page.fill("input[name=amount]", "3.330.000")
    page.select_option("select[name=tax_class]", "goods")
    page.get_by_test_id("add-line").click()
    expect(page.get_by_test_id("net")).to_have_text("Rp2.955.000")  # 3.330.000 - PPN 330.000 - PPh 22 45.000
    for n, (kind, path) in enumerate(files.items(), start=1):
        page.locator("summary", has_text="Unggah lampiran").click()
        page.select_option("select[name=kind]", kind)
        page.set_input_files("input[name=file]", str(path))
        page.get_by_role("button", name="Unggah", exact=True).click()
        expect(page.locator("main a[href*='/keuangan/lampiran/']")).to_have_count(n)
    no_sideways_scroll(page)
    page.screenshot(path=str(page.artifacts / "01-draft.png"), full_page=True)
    page.get_by_test_id("submit-spp").click()
    expect(page.get_by_test_id("status")).to_have_text("SPP menunggu pemeriksaan PPK")
    order = PaymentOrder.objects.get()
    url = f"{base}/keuangan/spm/{order.pk}/"

    sign_in(page, base, finance["ppk"].username)
    page.goto(url)
    page.get_by_test_id("check-spp").click()
    expect(page.get_by_test_id("status")).to_have_text("SPM menunggu tanda tangan PA/KPA")

    sign_in(page, base, finance["head"].username)
    page.goto(url)
    page.get_by_test_id("sign-spm").click()
    expect(page.get_by_test_id("status")).to_have_text("SPM di BUD, menunggu verifikasi")

    sign_in(page, base, finance["verifier"].username)
    page.goto(f"{base}/keuangan/antrean/")
    page.get_by_role("link", name=PaymentOrder.objects.get().spm_number).click()
    checklist = page.get_by_test_id("checklist")
    for box in checklist.locator("input[type=checkbox]").all():
        box.check()
    page.screenshot(path=str(page.artifacts / "02-checklist.png"), full_page=True)
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("status")).to_have_text("Terverifikasi, menunggu tanda tangan SP2D")

    sign_in(page, base, finance["kuasa_bud"].username)
    page.goto(url)
    page.get_by_test_id("sign-sp2d").click()
    expect(page.get_by_test_id("status")).to_have_text("SP2D terbit")
    order = PaymentOrder.objects.get()
    assert order.status == OrderStatus.ISSUED
    with page.expect_download() as info:
        page.get_by_test_id("download-pdf").click()
    assert info.value.path().read_bytes().startswith(b"%PDF")

    sign_in(page, base, finance["treasurer"].username)
    page.goto(f"{base}/keuangan/spm/")
    row = page.get_by_test_id("order-row").first
    expect(row).to_contain_text("SP2D terbit")
    page.goto(url)
    expect(page.get_by_test_id("sp2d-number")).to_have_text(order.sp2d_number)
    expect(page.get_by_test_id("minutes")).to_have_text(re.compile(r"^\d+ menit jam kerja di BUD$"))
    no_sideways_scroll(page)
    page.screenshot(path=str(page.artifacts / "03-issued.png"), full_page=True)

    page.goto(order.verification_url)
    expect(page.get_by_test_id("number")).to_have_text(order.sp2d_number)
    expect(page.get_by_test_id("verdict")).to_contain_text("SAH")
