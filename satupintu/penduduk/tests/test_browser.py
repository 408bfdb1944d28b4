"""A resident registers for self-service on a phone, chooses a PIN, signs out and back in, and sees their own data
with NIK and KK masked."""

import datetime as dt

import pytest

from satupintu.penduduk.models import Family
from satupintu.penduduk.tests.factories import ResidentFactory


@pytest.mark.browser
def test_register_choose_pin_and_sign_in_on_a_phone(phone_page, live_server, village_a):
    family = Family.objects.create(kk_number="1218010101260001", village=village_a)
    resident = ResidentFactory(
        village=village_a, family=family, family_relation="kepala", name="Budi Santoso", birth_date=dt.date(1985, 4, 9)
    )
    page = phone_page
    page.goto(f"{live_server.url}/penduduk/mandiri/masuk/")
    page.get_by_role("link", name="Daftar dengan NIK, nomor KK dan tanggal lahir").click()
    page.get_by_label("NIK").fill(resident.nik)
    page.get_by_label("Nomor KK").fill(family.kk_number)
    page.get_by_label("Tanggal lahir").fill("1985-04-09")
    page.screenshot(path=str(page.artifacts / "1-daftar.png"), full_page=True)
    page.get_by_role("button", name="Lanjut").click()

    page.get_by_label("PIN baru (6 digit)").fill("402917")
    page.get_by_label("Ulangi PIN").fill("402917")
    page.get_by_role("button", name="Simpan PIN").click()
    assert page.get_by_role("heading", name="Halo, Budi Santoso").is_visible()
    body = page.content()
    assert resident.nik not in body and family.kk_number not in body and "121801**********" in body
    page.screenshot(path=str(page.artifacts / "2-data-saya.png"), full_page=True)

    page.get_by_role("button", name="Keluar dari layanan mandiri").click()
    page.get_by_label("NIK").fill(resident.nik)
    page.get_by_label("PIN (6 digit)").fill("111111")
    page.locator("main").get_by_role("button", name="Masuk").click()
    assert page.get_by_role("alert").first.inner_text().startswith("NIK atau PIN tidak cocok")
    page.get_by_label("PIN (6 digit)").fill("402917")
    page.locator("main").get_by_role("button", name="Masuk").click()
    assert page.get_by_role("heading", name="Halo, Budi Santoso").is_visible()
    page.screenshot(path=str(page.artifacts / "3-masuk.png"), full_page=True)
