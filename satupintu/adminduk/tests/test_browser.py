"""Real Chromium on a 390 px phone: a midwife declares a birth (checking the parents masked first), Disdukcapil's
verifier and registrar register it, the midwife records the hand-over, the parent opens the secret link from the
message, downloads the certificate, and the QR's address opens the verification page."""

import re

import pytest
from playwright.sync_api import expect

from satupintu.adminduk.models import BirthRegistration, CivilDocument
from satupintu.notifikasi.models.outbox import OutboxMessage

from .factories import FATHER_NIK, KK, MOTHER_NIK, birth_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "rahasia-demo-123")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def fits(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide"


def test_midwife_declares_capil_registers_hand_over_parent_downloads_and_verifies(
    phone_page, live_server, settings, bidan, verifier, registrar, family
):
    settings.SATUPINTU_BASE_URL = live_server.url
    page, base = phone_page, live_server.url
    data = birth_input()

    sign_in(page, base, bidan.username)
    page.goto(f"{base}/adminduk/lahir/baru/")
    page.fill("input[name=mother_nik]", MOTHER_NIK)
    page.fill("input[name=father_nik]", FATHER_NIK)
    page.fill("input[name=kk_number]", KK)
    page.fill("input[name=child_name]", data["child_name"])
    page.check("input[name=child_sex][value=P]")
    page.fill("input[name=birth_date]", data["birth_date"].isoformat())
    page.fill("input[name=birth_time]", "08:15")
    page.fill("input[name=birth_place]", data["birth_place"])
    page.fill("input[name=weight_grams]", "3100")
    page.fill("input[name=length_cm]", "49.5")
    page.select_option("select[name=attendant]", "bidan")
    page.fill("input[name=marriage_book_number]", data["marriage_book_number"])
    for key in ("witness1_name", "witness1_nik", "witness2_name", "witness2_nik", "contact_phone"):
        page.fill(f"input[name={key}]", str(data[key]))
    page.get_by_test_id("check").click()
    expect(page.get_by_test_id("preview")).to_contain_text("S*** A*****")
    expect(page.get_by_test_id("preview")).to_contain_text("121801**********")
    fits(page)
    page.screenshot(path=str(page.artifacts / "01-declare-checked.png"), full_page=True)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("Dilaporkan")
    birth = BirthRegistration.objects.get()

    sign_in(page, base, verifier.username)
    page.goto(f"{base}/adminduk/antrean/")
    page.get_by_role("link", name=birth.tracking_code).click()
    for box in page.locator("input[name=checklist]").all():
        box.check()
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("status")).to_have_text("Terverifikasi")

    sign_in(page, base, registrar.username)
    page.goto(f"{base}/adminduk/lahir/{birth.pk}/")
    page.get_by_test_id("register").click()
    expect(page.get_by_test_id("status")).to_have_text("Tercatat, dokumen siap")
    birth.refresh_from_db()
    expect(page.get_by_test_id("number")).to_have_text(birth.certificate_number)
    fits(page)
    page.screenshot(path=str(page.artifacts / "02-registered.png"), full_page=True)

    sign_in(page, base, bidan.username)
    page.goto(f"{base}/adminduk/antrean/")
    page.get_by_role("link", name=birth.tracking_code).click()
    page.fill("input[name=received_by]", "Siti Aminah (ibu)")
    page.get_by_test_id("hand-over").click()
    expect(page.get_by_test_id("status")).to_have_text("Dokumen diserahkan")

    # The parent: the link from the WhatsApp message, no account.
    page.context.clear_cookies()
    url = OutboxMessage.objects.filter(event="adminduk.handed_over").get().context["url"]
    assert url.startswith(live_server.url)
    page.goto(url)
    expect(page.get_by_test_id("number")).to_have_text(birth.certificate_number)
    fits(page)
    page.screenshot(path=str(page.artifacts / "03-family-link.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_test_id("download-akta_kelahiran").click()
    path = page.artifacts / "akta.pdf"
    info.value.save_as(path)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF")

    document = CivilDocument.objects.get(birth=birth, kind="akta_kelahiran")
    urls = set(re.findall(rb"https?://[^\s()<>]+/adminduk/v/[A-Za-z0-9_-]+/", pdf))
    assert urls == {document.verification_url.encode()}
    page.goto(document.verification_url)
    expect(page.get_by_test_id("verdict")).to_contain_text("SAH")
    expect(page.get_by_test_id("number")).to_have_text(birth.certificate_number)
    expect(page.get_by_test_id("masked-name")).to_have_text("P**** A** S******")
    assert birth.child_nik not in page.content() and MOTHER_NIK not in page.content()
    fits(page)
    page.screenshot(path=str(page.artifacts / "04-verification.png"), full_page=True)
