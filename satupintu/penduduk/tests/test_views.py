import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.core.audit import audit_trail
from satupintu.penduduk.models import Family, ImportRun, Resident, ResidentCredential
from satupintu.penduduk.nik import build_nik
from satupintu.penduduk.tests.factories import ResidentFactory
from satupintu.penduduk.tests.test_imports import csv_bytes, good_rows


@pytest.fixture
def budi(village_a):
    family = Family.objects.create(kk_number="1218010101260001", village=village_a)
    resident = ResidentFactory(village=village_a, name="Budi Santoso", family=family, family_relation="kepala")
    family.head = resident
    family.save()
    return resident


@pytest.fixture
def rina(village_b):
    return ResidentFactory(village=village_b, name="Rina Manurung")


def test_anonymous_goes_to_login_and_other_roles_are_refused(client, users, budi):
    response = client.get(reverse("penduduk:register"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    for role in ("citizen", "opd_admin"):
        client.force_login(users[role])
        assert client.get(reverse("penduduk:register")).status_code == 403
        assert client.get(reverse("penduduk:resident_detail", args=[budi.pk])).status_code == 403


def test_operator_sees_own_village_only(client, users, budi, rina):
    client.force_login(users["village_operator"])
    page = client.get(reverse("penduduk:register")).content.decode()
    assert "Budi Santoso" in page and "Rina Manurung" not in page
    assert client.get(reverse("penduduk:resident_detail", args=[budi.pk])).status_code == 200
    assert client.get(reverse("penduduk:family_detail", args=[budi.family.pk])).status_code == 200
    # Village B's resident does not exist for village A's operator, whichever page is tried.
    for name in ("penduduk:resident_detail", "penduduk:resident_edit"):
        assert client.get(reverse(name, args=[rina.pk])).status_code == 404
    assert client.post(reverse("penduduk:resident_pin", args=[rina.pk])).status_code == 404
    assert client.post(reverse("penduduk:resident_status", args=[rina.pk]), {"status": "moved"}).status_code == 404
    response = client.post(reverse("penduduk:register"), {"q": rina.nik}, follow=True)
    assert response.status_code == 200 and "Rina" not in response.content.decode()


def test_regency_admin_sees_every_village(client, users, budi, rina):
    client.force_login(users["regency_admin"])
    page = client.get(reverse("penduduk:register")).content.decode()
    assert "Budi Santoso" in page and "Rina Manurung" in page
    response = client.post(reverse("penduduk:register"), {"q": rina.nik}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("penduduk:resident_detail", args=[rina.pk])
    assert all(rina.nik not in url for url, _status in response.redirect_chain)


def test_list_query_count_does_not_grow_with_rows(client, users, village_a, django_assert_max_num_queries):
    for _ in range(30):
        ResidentFactory(village=village_a)
    client.force_login(users["village_operator"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("penduduk:register")).status_code == 200


def test_create_resident_through_the_page(client, users, village_a):
    client.force_login(users["village_operator"])
    nik = build_nik(region_code="12.18.01", birth_date=dt.date(2001, 2, 3), sex="P", serial=5)
    data = {
        "nik": f"{nik[:6]} {nik[6:12]} {nik[12:]}", "name": "Ayu Lestari", "sex": "P", "birth_place": "Sei Rampah",
        "birth_date": "2001-02-03", "religion": "islam", "marital_status": "belum_kawin", "occupation": "Mahasiswa",
        "education": "sma", "address": "Dusun III", "rt": "004", "rw": "002", "kk_number": "1218010101260077",
        "family_relation": "anak",
    }
    response = client.post(reverse("penduduk:resident_create"), data)
    resident = Resident.objects.get(nik=nik)
    assert response.status_code == 302
    assert resident.village == village_a and resident.family.kk_number == "1218010101260077"
    assert [e.action for e in audit_trail(resident)] == ["created"]

    data["nik"] = build_nik(region_code="12.18.01", birth_date=dt.date(2001, 2, 3), sex="L", serial=6)
    response = client.post(reverse("penduduk:resident_create"), data)
    assert response.status_code == 200
    assert "Jenis kelamin tidak sesuai dengan NIK" in response.content.decode()


def test_edit_resident(client, users, budi):
    client.force_login(users["village_head"])
    data = {
        "name": "Budi Santoso Harahap", "sex": budi.sex, "birth_place": budi.birth_place,
        "birth_date": budi.birth_date.isoformat(), "religion": budi.religion, "marital_status": budi.marital_status,
        "occupation": "Pedagang", "education": budi.education, "address": budi.address, "rt": "1", "rw": "2",
        "kk_number": budi.family.kk_number, "family_relation": "kepala",
    }
    response = client.post(reverse("penduduk:resident_edit", args=[budi.pk]), data)
    assert response.status_code == 302, response.content.decode()
    budi.refresh_from_db()
    assert (budi.name, budi.occupation, budi.rt, budi.rw) == ("Budi Santoso Harahap", "Pedagang", "001", "002")


def test_pin_issue_page_shows_pin_once(client, users, budi):
    client.force_login(users["village_operator"])
    response = client.post(reverse("penduduk:resident_pin", args=[budi.pk]))
    pin = response.context["pin"]
    assert response.status_code == 200 and pin in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert ResidentCredential.objects.filter(resident=budi).exists()
    assert pin not in client.get(reverse("penduduk:resident_detail", args=[budi.pk])).content.decode()


def test_status_change_page(client, users, budi):
    client.force_login(users["village_operator"])
    client.post(reverse("penduduk:resident_status", args=[budi.pk]), {"status": "deceased", "note": "Akta kematian"})
    budi.refresh_from_db()
    assert budi.status == "deceased"


def test_upload_rejected_file_shows_every_rejection_and_downloads_them(client, users, regency):
    client.force_login(users["village_operator"])
    upload = SimpleUploadedFile("desa.csv", csv_bytes(good_rows()).getvalue(), content_type="text/csv")
    response = client.post(reverse("penduduk:import"), {"file": upload}, follow=True)
    run = ImportRun.objects.get()
    assert run.status == "rejected" and run.village_id == "12.18.01.2001"
    page = response.content.decode()
    assert "Impor dibatalkan" in page and "di luar wewenang" in page  # row 5 is in village B
    assert not Resident.objects.exists()
    download = client.get(reverse("penduduk:import_rejections", args=[run.pk]))
    assert download["Content-Type"].startswith("text/csv") and "di luar wewenang" in download.content.decode()

    client.force_login(users["village_operator_b"])
    assert client.get(reverse("penduduk:import_detail", args=[run.pk])).status_code == 404


def test_upload_good_xlsx_applies(client, users, regency):
    from satupintu.penduduk.tests.test_imports import xlsx_bytes

    client.force_login(users["regency_admin"])
    upload = SimpleUploadedFile("kab.xlsx", xlsx_bytes(good_rows()).getvalue())
    response = client.post(reverse("penduduk:import"), {"file": upload}, follow=True)
    assert "Impor berhasil" in response.content.decode()
    assert Resident.objects.count() == 4


def test_upload_of_other_file_types_is_refused(client, users, regency):
    client.force_login(users["regency_admin"])
    upload = SimpleUploadedFile("data.pdf", b"%PDF-1.4")
    response = client.post(reverse("penduduk:import"), {"file": upload})
    assert response.status_code == 200 and "Unggah berkas .csv atau .xlsx" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_navigation_links(client, users):
    client.force_login(users["village_operator"])
    page = client.get(reverse("penduduk:mandiri_login")).content.decode()
    assert reverse("penduduk:mandiri_login") in page


def test_history_speaks_in_words_not_codes(client, users, budi):
    from satupintu.penduduk import services

    services.resident_status_change(resident=budi, status="moved", by=users["village_operator"], note="Pindah ke Medan")
    client.force_login(users["village_operator"])
    html = client.get(reverse("penduduk:resident_detail", args=[budi.pk])).content.decode()
    history = html.split("Riwayat perubahan", 1)[1]
    assert "Status kependudukan diubah (Aktif &rarr; Pindah)" in history and "Pindah ke Medan" in history
    assert "status_changed" not in history and "moved" not in history


def test_history_shows_the_newest_twenty_oldest_first(users, budi):
    from satupintu.core.audit import audit_record
    from satupintu.penduduk.selectors import resident_history

    for n in range(25):
        audit_record(obj=budi, action="mandiri_login", note=f"masuk ke-{n}")
    rows = resident_history(budi)
    assert [row.note for row in rows] == [f"masuk ke-{n}" for n in range(5, 25)]
    assert rows[0].label == "Penduduk masuk layanan mandiri"
