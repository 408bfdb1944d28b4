"""Real Chromium on a 390 px phone: a PPID officer redacts and publishes an answer, a visitor finds it in the archive
(and the next citizen typing a similar question is shown it), with no trace of the requester."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from satupintu.ppid import services
from satupintu.ppid.models import ArchiveEntry, ArchiveState, Outcome

from .conftest import EMAIL, NIK, PHONE
from .test_archive import text_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_officer_publishes_a_redacted_answer_and_a_visitor_finds_it(
    live_server, phone_page, users, agencies, make_request
):
    page = phone_page
    shots = page.artifacts
    r = make_request(
        information=f"Saya Siti Aminah, NIK {NIK}. Mohon salinan anggaran rehabilitasi jembatan "
        "Sei Buluh tahun 2025."
    )
    services.info_request_forward(info_request=r, agency=agencies["pupr"], by=users["ppid_utama"])
    services.info_request_answer(
        info_request=r,
        by=users["ppid_pupr"],
        files=[SimpleUploadedFile("rab-jembatan.pdf", text_pdf(f"RAB jembatan - pemohon Siti Aminah {NIK}"))],
        answer=services.AnswerInput(
            outcome=Outcome.GRANTED,
            answer_text=(
                "Anggaran rehabilitasi jembatan Sei Buluh Rp 1.250.000.000. Kontak teknis: Rudi Hartono."
            ),
        ),
    )

    # 1. The PPID Pelaksana signs in and opens the answered request.
    page.goto(f"{live_server.url}/akun/masuk/?next=/ppid/staf/{r.pk}/")
    page.locator("#id_username").fill(users["ppid_pupr"].username)
    page.locator("#id_password").fill("rahasia-demo-123")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_test_id("archive-link").click()

    # 2. The redaction step: marks the official's name, picks the topic, checks the public copy.
    form = page.get_by_test_id("redact-form")
    form.get_by_label("Judul untuk arsip").fill("Anggaran rehabilitasi jembatan Sei Buluh 2025")
    form.get_by_label("Topik").select_option("infrastruktur")
    form.get_by_label("Kata yang disamarkan").fill("Rudi Hartono")
    form.get_by_role("button", name="Simpan salinan publik").click()
    expect(page.get_by_test_id("copy-answer")).to_contain_text("█████")
    expect(page.get_by_test_id("copy-question")).not_to_contain_text("Aminah")
    expect(page.get_by_test_id("copy-answer")).not_to_contain_text("Rudi")

    # 3. The attachment: the top of page 1 (where the requester is named) blacked out.
    row = page.get_by_test_id("archive-attachment-row")
    row.get_by_label("Area yang disamarkan").fill("1: 0,0,100,15")
    row.get_by_role("button", name="Simpan salinan lampiran").click()
    expect(page.get_by_test_id("archive-attachment-row")).to_contain_text("rab-jembatan-disamarkan.pdf")
    no_sideways_scroll(page)
    page.screenshot(path=str(shots / "1-redaction.png"), full_page=True)

    # 4. Publish.
    page.get_by_role("button", name="Terbitkan di arsip publik").click()
    expect(page.get_by_test_id("archive-state")).to_contain_text("Tampil di arsip publik")
    assert ArchiveEntry.objects.get().state == ArchiveState.PUBLISHED

    # 5. A visitor (signed out) searches the archive by word and agency, and opens the answer.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/ppid/")
    page.get_by_role("link", name="Buka arsip jawaban").click()
    search = page.get_by_test_id("archive-search")
    search.get_by_label("Cari").fill("jembatan")
    search.get_by_label("OPD").select_option(str(agencies["pupr"].pk))
    search.get_by_role("button", name="Cari").click()
    expect(page.get_by_test_id("archive-row")).to_have_count(1)
    no_sideways_scroll(page)
    page.screenshot(path=str(shots / "2-archive-search.png"), full_page=True)
    page.get_by_role("link", name="Anggaran rehabilitasi jembatan Sei Buluh 2025").click()
    expect(page.get_by_test_id("archive-answer")).to_contain_text("Rp 1.250.000.000")
    expect(page.get_by_test_id("archive-attachment")).to_have_text("rab-jembatan-disamarkan.pdf")
    no_sideways_scroll(page)
    page.screenshot(path=str(shots / "3-archive-entry.png"), full_page=True)
    html = page.content()
    for secret in ("Siti", "Aminah", NIK, PHONE, EMAIL, "Sialtong", "Rudi Hartono"):
        assert secret not in html, secret

    # 6. The next citizen typing a similar question is shown the answer before submitting.
    page.goto(f"{live_server.url}/ppid/permohonan/")
    page.get_by_label("Rincian informasi yang dibutuhkan").fill("anggaran jembatan Sei Buluh")
    expect(page.get_by_test_id("similar-list")).to_contain_text(
        "Anggaran rehabilitasi jembatan Sei Buluh 2025"
    )
    no_sideways_scroll(page)
    page.screenshot(path=str(shots / "4-similar.png"), full_page=True)
