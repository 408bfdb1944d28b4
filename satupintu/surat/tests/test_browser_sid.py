"""Real Chromium on a 390 px phone, the village's day (issue 20): the operator designs a new letter type and sees its
preview, a resident requests it from home (self-service by NIK + PIN), the operator checks it and the head signs it,
the operator records a birth of this morning and the monthly report shows it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from satupintu.penduduk import mandiri
from satupintu.penduduk.models import PopulationEvent, Resident
from satupintu.penduduk.nik import build_nik
from satupintu.surat import services
from satupintu.surat.models import LetterRequest, LetterType

from .conftest import make_resident

PASSWORD = "rahasia-demo-123"
PHONE = {"width": 390, "height": 844}
BODY = ("Yang bertanda tangan di bawah ini, Kepala {sebutan_desa} {nama_desa}, menerangkan bahwa {nama} (NIK {nik}) "
        "memelihara {jumlah_ternak} ekor {jenis_ternak} di {sebutan_desa} {nama_desa}.\n\n"
        "Surat ini diberikan untuk keperluan {keperluan}.")


def _new_page(chromium, artifacts):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                   locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.artifacts = artifacts
    return page


def _sign_in(page, url, username):
    page.goto(f"{url}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


@pytest.mark.browser
def test_design_request_issue_and_the_monthly_report(phone_page, chromium, live_server, users, village_a, settings):
    settings.SATUPINTU_BASE_URL = live_server.url
    services.letter_types_seed()
    resident = make_resident(village_a, nik="1218011505900001", name="Budi Santoso")
    resident.family.head = resident
    resident.family.save()
    Resident.objects.filter(pk=resident.pk).update(family_relation="kepala")
    mandiri.resident_pin_set(resident=resident, pin="402917")
    url = live_server.url
    page = phone_page

    # 1. The operator designs a letter type with two fields of its own.
    _sign_in(page, url, "operator_a")
    page.goto(f"{url}/surat/desain/")
    page.get_by_test_id("designer-new").click()
    page.fill("input[name=code]", "SKT-01")
    page.fill("input[name=name]", "Surat Keterangan Kepemilikan Ternak")
    page.fill("textarea[name=required_attachments]", "")
    page.fill("input[name=validity_days]", "60")
    page.fill("input[name=isian-0-label]", "Jenis ternak")
    page.select_option("select[name=isian-0-kind]", "choice")
    page.fill("input[name=isian-0-choices]", "Sapi, Kambing, Kerbau")
    page.fill("input[name=isian-1-label]", "Jumlah ternak")
    page.select_option("select[name=isian-1-kind]", "number")
    page.fill("textarea[name=default_body]", BODY.replace("{jumlah_ternak}", "{jumlah_sapi}"))
    page.get_by_test_id("preview-button").click()
    expect(page.get_by_test_id("preview-errors")).to_contain_text("{jumlah_sapi}")
    page.fill("textarea[name=default_body]", BODY)
    page.get_by_test_id("preview-button").click()
    expect(page.get_by_test_id("preview-image")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=str(page.artifacts / "01-designer-preview.png"), full_page=True)
    page.get_by_test_id("designer-save").click()
    expect(page.get_by_test_id("designed-types")).to_contain_text("SKT-01")
    designed = LetterType.objects.get(code="SKT-01", village=village_a)
    assert [f["name"] for f in designed.fields] == ["jenis_ternak", "jumlah_ternak"]

    # 2. The resident requests it from home.
    home = _new_page(chromium, page.artifacts)
    home.goto(f"{url}/penduduk/mandiri/masuk/")
    home.get_by_label("NIK").fill(resident.nik)
    home.get_by_label("PIN (6 digit)").fill("402917")
    home.locator("main").get_by_role("button", name="Masuk").click()
    home.goto(f"{url}/surat/mandiri/")
    home.get_by_role("link", name="Surat Keterangan Kepemilikan Ternak").click()
    home.fill("input[name=purpose]", "Pengajuan kredit ternak")
    home.select_option("select[name=f_jenis_ternak]", "Kambing")
    home.fill("input[name=f_jumlah_ternak]", "7")
    home.get_by_role("button", name="Simpan permohonan").click()
    home.get_by_role("button", name="Kirim permohonan").click()
    expect(home.get_by_test_id("steps").locator("[aria-current=step]")).to_have_text("Sedang diperiksa")
    _no_sideways_scroll(home)
    home.screenshot(path=str(page.artifacts / "02-resident-request.png"), full_page=True)
    letter = LetterRequest.objects.get(letter_type=designed)

    # 3. The operator checks it, the head signs it: numbered like any letter.
    page.goto(f"{url}/surat/{letter.pk}/")
    page.get_by_test_id("verify").click()
    expect(page.get_by_test_id("status")).to_have_text("Menunggu tanda tangan")
    head = _new_page(chromium, page.artifacts)
    _sign_in(head, url, "kades_a")
    head.goto(f"{url}/surat/{letter.pk}/")
    head.get_by_test_id("sign").click()
    letter.refresh_from_db()
    expect(head.get_by_test_id("number")).to_have_text(letter.number)
    assert letter.number.startswith("SKT-01/001/")
    assert "memelihara 7 ekor Kambing di Desa Sialtong" in letter.body_text
    head.goto(letter.verification_url)
    expect(head.locator("main")).to_contain_text(letter.number)

    # 4. A birth this morning, recorded by the operator, is in this month's report.
    today = timezone.localdate()
    nik = build_nik(region_code="12.18.01", birth_date=today, sex="P", serial=321)
    page.goto(f"{url}/penduduk/mutasi/")
    page.get_by_test_id("event-lahir").click()
    page.fill("input[name=kk_number]", resident.family.kk_number)
    page.fill("input[name=nik]", nik)
    page.fill("input[name=name]", "Putri Santoso")
    page.select_option("select[name=sex]", "P")
    page.fill("input[name=birth_place]", "Sialtong")
    page.fill("input[name=birth_date]", today.isoformat())
    page.fill("input[name=document_number]", "474.1/001")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("events")).to_contain_text("Putri Santoso")
    assert PopulationEvent.objects.filter(kind="birth", date=today, resident__nik=nik).exists()
    page.get_by_test_id("monthly-report-link").click()
    row = page.get_by_test_id(f"village-{village_a.code}")
    cells = row.locator("td").all_inner_texts()
    # village, start L/P/sum, births L/P/sum, ... : one girl born, 1 man at the start, 1 + 1 at the end
    assert cells[1:7] == ["1", "0", "1", "0", "1", "1"]
    assert cells[-3:] == ["1", "1", "2"]
    _no_sideways_scroll(page)
    page.screenshot(path=str(page.artifacts / "03-monthly-report.png"), full_page=True)
