"""Real Chromium on a 390 px phone: a citizen books a clinic visit, checks in at the kiosk with the booking code
(the 80 mm ticket page), the number appears on the clinic officer's counter screen (open since before, it polls its
waiting list) without a reload, the officer calls it, and the display board — opened before the call on a TV-sized
page — shows it without a reload; nothing private appears on the board."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from satupintu.penduduk.tests.factories import next_nik

from ..models import Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url} is {width} px wide"


def test_book_on_a_phone_check_in_at_the_kiosk_call_and_the_board_shows_it(
    phone_page, chromium, live_server, settings, rs, poli_officer
):
    settings.SATUPINTU_BASE_URL = live_server.url
    page, base = phone_page, live_server.url
    nik = next_nik()
    today = timezone.localdate()

    # The citizen books on the phone: service and day first (GET, nothing personal), then session, NIK, phone.
    page.goto(f"{base}/antrean/")
    page.get_by_role("link", name="Pesan antrean").first.click()
    page.select_option("select[name=layanan]", str(rs["anak"].pk))
    page.fill("input[name=tanggal]", today.isoformat())
    page.get_by_test_id("show-sessions").click()
    fits(page)
    page.locator("input[name=session]").first.check()
    page.fill("input[name=nik]", nik)
    page.fill("input[name=jkn_number]", "0001234567890")
    page.fill("input[name=phone]", "0812 3456 7890")
    page.screenshot(path=str(page.artifacts / "01-book.png"), full_page=True)
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("number")).to_have_text("B-001")
    expect(page.get_by_test_id("status")).to_have_text("Dipesan")
    assert nik not in page.url and nik not in page.content()
    fits(page)
    page.screenshot(path=str(page.artifacts / "02-ticket.png"), full_page=True)
    code = page.get_by_test_id("code").inner_text()
    ticket = Ticket.objects.get()
    assert ticket.code == code

    # The TV board is open before anyone is called.
    tv = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="id-ID")
    board = tv.new_page()
    board.goto(f"{base}/antrean/{rs['point'].slug}/layar/")
    poli = rs["counters"]["Poli Anak"]
    expect(board.get_by_test_id(f"board-{poli.pk}")).to_have_text("–")
    board.evaluate("window.__loaded = true")  # a reload would lose this

    # The clinic's officer has the counter's screen open on a phone before the citizen arrives.
    staff = chromium.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    desk = staff.new_page()
    desk.goto(f"{base}/akun/masuk/")
    desk.fill("input[name=username]", poli_officer.username)
    desk.fill("input[name=password]", "rahasia-demo-123")
    desk.locator("main button[type=submit]").click()
    desk.wait_for_load_state()
    desk.goto(f"{base}/antrean/loket/{poli.pk}/")
    expect(desk.get_by_test_id("waiting")).not_to_contain_text("B-001")
    desk.evaluate("window.__loaded = true")

    # At the kiosk: the code typed on the touch keyboard, the 80 mm ticket shown for printing.
    page.goto(f"{base}/antrean/{rs['point'].slug}/anjungan/")
    fits(page)
    page.fill("#id_value", code.lower())
    page.get_by_test_id("check-in").click()
    expect(page.get_by_test_id("number")).to_have_text("B-001")
    assert code not in page.url
    page.screenshot(path=str(page.artifacts / "03-kiosk-ticket.png"), full_page=True)

    # The counter's screen shows the checked-in number by itself (it polls its waiting list), without a reload.
    expect(desk.get_by_test_id("waiting")).to_contain_text("B-001", timeout=10_000)
    assert desk.evaluate("window.__loaded") is True
    fits(desk)

    # The officer calls the next number.
    page = desk
    page.artifacts = phone_page.artifacts
    page.get_by_test_id("call").click()
    expect(page.get_by_test_id("current-number")).to_have_text("B-001")
    fits(page)
    page.screenshot(path=str(page.artifacts / "04-counter.png"), full_page=True)

    # The board shows it within two seconds, without reloading.
    expect(board.get_by_test_id(f"board-{poli.pk}")).to_have_text("B-001", timeout=2500)
    assert board.evaluate("window.__loaded") is True
    assert nik not in board.content() and poli_officer.first_name not in board.content()
    board.screenshot(path=str(page.artifacts / "05-board.png"))
    page.get_by_test_id("serve").click()
    page.get_by_test_id("finish").click()
    expect(board.get_by_test_id(f"board-{poli.pk}")).to_have_text("–", timeout=2500)
    tv.close()
    staff.close()
    ticket.refresh_from_db()
    assert ticket.status == "done"
    assert (timezone.now() - ticket.created_at) < dt.timedelta(minutes=5)
