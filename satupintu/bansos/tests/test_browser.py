"""On a 390 px phone: the village operator records a household, imports an aid list whose row report flags a
deceased recipient, finds it on the check page; the public aid page and the village statistics fit the screen."""

import pytest

from satupintu.bansos.models import ProgrammeKind
from satupintu.bansos.tests.factories import ProgrammeFactory
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory

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


def test_operator_household_aid_import_and_check_on_a_phone(
    phone_page, live_server, users, village_a, tmp_path
):
    kk = FamilyFactory(village=village_a)
    head = ResidentFactory(village=village_a, family=kk, family_relation="kepala", name="Ahmad Sitorus")
    dead_kk = FamilyFactory(village=village_a)
    ResidentFactory(
        village=village_a, family=dead_kk, family_relation="kepala", name="Almarhum Lubis", status="deceased"
    )
    blt = ProgrammeFactory(kind=ProgrammeKind.BLT_DD, name="BLT Dana Desa 2026")
    page, base = phone_page, live_server.url
    sign_in(page, base, "operator_a")

    page.goto(f"{base}/penduduk/rumah-tangga/")
    fits(page)
    page.get_by_test_id("household-new").click()
    page.get_by_label("NIK anggota rumah tangga").fill(kk.kk_number)
    page.get_by_label("NIK kepala rumah tangga").fill(head.nik)
    page.get_by_label("Lantai", exact=True).select_option("tanah")
    page.get_by_label("Lintang", exact=True).fill("3.577")
    page.get_by_label("Bujur", exact=True).fill("98.983")
    fits(page)
    page.get_by_role("button", name="Simpan").click()
    assert page.get_by_role("heading", name="Rumah tangga 0001").is_visible()
    assert "Ahmad Sitorus" in page.content()
    fits(page)
    page.screenshot(path=str(page.artifacts / "1-rumah-tangga.png"), full_page=True)

    upload = tmp_path / "blt.csv"
    upload.write_text(
        f"NO_KK;NAMA;NILAI\n{kk.kk_number};Ahmad Sitorus;300000\n{dead_kk.kk_number};Almarhum Lubis;300000\n"
    )
    page.goto(f"{base}/bansos/program/{blt.pk}/")
    fits(page)
    page.get_by_test_id("recipient-import").click()
    page.get_by_label("Daftar penerima (CSV atau XLSX)").set_input_files(str(upload))
    page.get_by_role("button", name="Unggah").click()
    summary = page.get_by_test_id("run-summary").inner_text()
    assert "Diterapkan" in summary
    assert "Kepala keluarga sudah meninggal (Almarhum Lubis)." in page.content()
    fits(page)
    page.screenshot(path=str(page.artifacts / "2-laporan-impor.png"), full_page=True)

    page.goto(f"{base}/bansos/periksa/")
    assert page.get_by_test_id("finding-count").inner_text().startswith("1 penerima")
    fits(page)
    for url in (
        "/bansos/",
        "/bansos/dtks/",
        f"/bansos/desa/{village_a.slug}/",
        f"/desa/{village_a.slug}/statistik/",
    ):
        page.goto(base + url)
        fits(page)
    page.screenshot(path=str(page.artifacts / "3-statistik.png"), full_page=True)
