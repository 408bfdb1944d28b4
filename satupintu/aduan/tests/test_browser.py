"""A citizen on a phone files a report with a photo, follows it by its code, and reads the answer."""

import pytest

from satupintu.aduan import services
from satupintu.aduan.models import Complaint
from satupintu.aduan.tests.conftest import png_bytes


@pytest.mark.browser
def test_file_follow_and_read_answer_on_a_phone(phone_page, live_server, users, agencies, categories, village_a):
    page = phone_page
    page.goto(f"{live_server.url}/aduan/lapor/")
    page.get_by_label("Pengaduan").check()
    page.get_by_label("Judul").fill("Drainase tersumbat di Sialtong")
    page.locator("#id_description").fill("Saluran air di depan pasar tersumbat sampah, air meluap ke jalan saat hujan.")
    page.get_by_label("Kategori").select_option(str(categories["road"].pk))
    page.get_by_label("Desa/kelurahan lokasi kejadian").select_option(village_a.pk)
    page.get_by_label("Alamat atau patokan lokasi").fill("Depan pasar Sialtong")
    page.get_by_label("Foto atau dokumen (opsional)").set_input_files(
        files=[{"name": "drainase.png", "mimeType": "image/png", "buffer": png_bytes((64, 48))}]
    )
    page.get_by_label("Nama Anda").fill("Sari")
    page.locator("#id_reporter_phone").fill("0813 2222 3333")
    page.screenshot(path=str(page.artifacts / "1-form.png"), full_page=True)
    page.get_by_role("button", name="Kirim laporan").click()

    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert code.startswith("ADU-")
    page.screenshot(path=str(page.artifacts / "2-terkirim.png"), full_page=True)
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.attachments.count() == 1 and complaint.attachments.get().content_type == "image/png"

    # Staff work it.
    services.complaint_verify(complaint=complaint, by=users["regency_admin"], agency=agencies["pupr"])
    services.complaint_accept(complaint=complaint, by=users["opd_admin"])
    services.answer_submit(complaint=complaint, by=users["opd_admin"],
                           body="Saluran sudah dibersihkan oleh tim UPT pada hari Selasa.")
    services.answer_approve(complaint=complaint, by=users["opd_head"])

    # The verified report is in the public list, without the reporter's name.
    page.goto(f"{live_server.url}/aduan/")
    assert "Drainase tersumbat di Sialtong" in page.get_by_test_id("complaint-list").inner_text()
    page.screenshot(path=str(page.artifacts / "3a-daftar.png"), full_page=True)

    # Anyone with the code sees the status and the answer.
    page.goto(f"{live_server.url}/aduan/lacak/")
    page.get_by_label("Kode lacak").fill(code.lower())
    page.get_by_role("button", name="Lacak").click()
    assert page.get_by_test_id("status").inner_text().startswith("Dijawab")
    assert "Saluran sudah dibersihkan" in page.get_by_test_id("answer").inner_text()
    assert "Sari" not in page.content()
    page.screenshot(path=str(page.artifacts / "3-status.png"), full_page=True)

    # The reporter confirms from the private link.
    page.goto(f"{live_server.url}/aduan/ikuti/{complaint.follow_token}/")
    page.get_by_text("Masalah sudah selesai").click()
    page.locator("label", has_text="5").first.click()
    page.get_by_test_id("do-confirm").click()
    assert page.get_by_test_id("status").inner_text().startswith("Selesai")
    page.screenshot(path=str(page.artifacts / "4-selesai.png"), full_page=True)
    complaint.refresh_from_db()
    assert complaint.status == "closed" and complaint.rating == 5
