import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from satupintu.penduduk.mandiri import login_resident, resident_pin_set
from satupintu.surat import selectors, services
from satupintu.surat.models import LetterRequest, LetterStatus

from .conftest import SKU_VALUES, counter_request, issue


def login_as_resident(client, resident):
    resident_pin_set(resident=resident, pin="481516")
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    login_resident(request, resident)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


# --- Public verification ----------------------------------------------------------------------------------------


def test_verification_page_shows_masked_summary_never_nik_or_full_name(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    response = client.get(reverse("surat:verify", args=[letter.verification_token]))
    assert response.status_code == 200
    html = response.content.decode()
    assert letter.number in html and "SURAT TERDAFTAR DAN SAH" in html
    assert "B*** S******" in html
    assert "Budi Santoso" not in html and resident_a.nik not in html
    assert "Surat Keterangan Usaha" in html and "Sialtong" in html


def test_verification_page_of_a_revoked_letter_says_revoked(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_revoke(letter=letter, by=users["village_head"], reason="Data usaha keliru")
    html = client.get(reverse("surat:verify", args=[letter.verification_token])).content.decode()
    assert "SURAT INI TELAH DICABUT" in html
    assert "SURAT TERDAFTAR DAN SAH" not in html
    assert "Data usaha keliru" not in html  # the reason may hold personal details


def test_unknown_token_is_a_404_saying_not_registered(client, db):
    response = client.get(reverse("surat:verify", args=["tidak-ada-token-ini"]))
    assert response.status_code == 404
    assert "kemungkinan palsu" in response.content.decode()


def test_unsigned_letter_has_no_verification_page(client, users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    LetterRequest.objects.filter(pk=letter.pk).update(verification_token="belum-ditandatangani")
    assert client.get(reverse("surat:verify", args=["belum-ditandatangani"])).status_code == 404


def test_lookup_form_accepts_a_pasted_url(client, db):
    response = client.get(reverse("surat:verify_lookup"), {"code": "https://x.id/surat/v/AbC_123/"})
    assert response.status_code == 302 and response["Location"] == reverse("surat:verify", args=["AbC_123"])
    bad = client.get(reverse("surat:verify_lookup"), {"code": "https://x.id/surat/v/<script>/"})
    assert bad.status_code == 200 and "tidak valid" in bad.content.decode()
    unknown = client.get(reverse("surat:verify_lookup"), {"code": "<script>"})
    assert unknown.status_code == 200 and "Tidak ada surat terdaftar" in unknown.content.decode()


# --- Staff ------------------------------------------------------------------------------------------------------


def test_counter_flow_fills_from_the_register(client, users, letter_types, resident_a):
    client.force_login(users["village_operator"])
    url = reverse("surat:counter_new")
    found = client.post(url, {"letter_type": "500", "nik": resident_a.nik})  # POST: the NIK stays out of the URL
    assert found.status_code == 302 and resident_a.nik not in found["Location"]
    page = client.get(found["Location"])
    assert page.status_code == 200 and "Budi Santoso" in page.content.decode()
    response = client.post(
        found["Location"],
        {"purpose": "Kredit usaha", "f_nama_usaha": "Warung Berkah", "f_jenis_usaha": "Kopi", "f_alamat_usaha": "Dusun I"},
    )
    letter = LetterRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("surat:detail", args=[letter.pk])
    assert letter.status == LetterStatus.CHECKING and letter.created_by == users["village_operator"]


def test_counter_nik_of_another_village_is_not_found(client, users, letter_types, resident_b):
    client.force_login(users["village_operator"])
    page = client.post(reverse("surat:counter_new"), {"letter_type": "500", "nik": resident_b.nik})
    assert "tidak ditemukan" in page.content.decode()
    assert "Siti" not in page.content.decode()


def test_counter_bad_nik_gets_a_field_error(client, users, letter_types):
    client.force_login(users["village_operator"])
    page = client.post(reverse("surat:counter_new"), {"letter_type": "500", "nik": "12345"})
    assert page.status_code == 200 and "16 digit" in page.content.decode()


def test_staff_of_another_village_gets_404(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator_b"])
    assert client.get(reverse("surat:detail", args=[letter.pk])).status_code == 404
    assert client.get(reverse("surat:staff_pdf", args=[letter.pk])).status_code == 404


def test_citizens_and_agency_staff_cannot_open_the_queue(client, users):
    for key in ("citizen", "opd_admin"):
        client.force_login(users[key])
        assert client.get(reverse("surat:queue")).status_code == 403


def test_operator_cannot_sign_through_the_view(client, users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    services.letter_request_verify(letter=letter, by=users["village_operator"])
    client.force_login(users["village_operator"])
    assert client.post(reverse("surat:sign_action", args=[letter.pk])).status_code == 403


def test_head_signs_and_downloads_through_the_views(client, users, letter_types, resident_a):
    letter = counter_request(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator"])
    client.post(reverse("surat:verify_action", args=[letter.pk]), {"note": ""})
    client.force_login(users["village_head"])
    client.post(reverse("surat:sign_action", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY and letter.number
    response = client.get(reverse("surat:staff_pdf", args=[letter.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_illegal_action_shows_a_message_not_an_error_page(client, users, letter_types, resident_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator"])
    response = client.post(reverse("surat:cancel_action", args=[letter.pk]), {"note": "x"}, follow=True)
    assert response.status_code == 200 and "tidak dapat diubah" in response.content.decode()


def test_queue_counts_and_list_queries_are_pinned(client, users, letter_types, resident_a, django_assert_max_num_queries):
    for _ in range(3):
        counter_request(users=users, resident=resident_a, letter_types=letter_types)
    issue(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("surat:queue"))
    html = response.content.decode()
    assert 'data-status="checking">3<' in html and 'data-status="ready">1<' in html


def test_template_editor_rejects_unknown_placeholder(client, users, letter_types):
    client.force_login(users["village_operator"])
    url = reverse("surat:template_edit", args=["S-41"])
    response = client.post(url, {"is_enabled": "on", "body": "Domisili {nama} di {alamat_toko}"})
    assert response.status_code == 200
    assert "{alamat_toko}" in response.content.decode()
    ok = client.post(url, {"is_enabled": "on", "body": "Domisili {nama} di {alamat_domisili}"})
    assert ok.status_code == 302


def test_settings_reject_a_format_without_the_year(client, users, letter_types):
    client.force_login(users["village_head"])
    response = client.post(reverse("surat:settings"), {
        "number_format": "[kode_surat]/[nomor:3]", "counter_scope": "per_type", "paper_size": "f4",
    })
    assert response.status_code == 200 and "[tahun]" in response.content.decode()
    ok = client.post(reverse("surat:settings"), {
        "number_format": "[kode_surat]/[nomor:3]/[tahun]", "counter_scope": "per_type", "paper_size": "f4",
    })
    assert ok.status_code == 302


def test_statistics(client, users, letter_types, resident_a, village_a):
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    year = letter.signed_at.year
    assert selectors.letters_issued_count_by_village(year=year) == {village_a.code: 1}
    assert selectors.letters_issued_count_by_village(year=year - 1) == {}
    table = selectors.issued_by_type_and_month(user=users["village_head"], year=year)
    assert table[0]["code"] == "500" and table[0]["total"] == 1
    durations = selectors.issue_durations(user=users["village_head"], year=year)
    assert durations["count"] == 1 and durations["median_hours"] >= 0
    assert selectors.issued_by_type_and_month(user=users["village_operator_b"], year=year) == []
    client.force_login(users["regency_admin"])
    response = client.get(reverse("surat:stats"), {"tahun": str(year)})
    assert 'data-testid="grand-total">1<' in response.content.decode()
    assert client.get(reverse("surat:stats"), {"tahun": "abc"}).status_code == 200


# --- Resident self-service --------------------------------------------------------------------------------------


def test_self_service_requires_sign_in(client, db):
    response = client.get(reverse("surat:mandiri_new", args=["500"]))
    assert response.status_code == 302


def test_resident_requests_uploads_and_follows(client, letter_types, resident_a):
    from .test_services import png_upload

    login_as_resident(client, resident_a)
    home = client.get(reverse("surat:mandiri_home"))
    assert "Surat Keterangan Usaha" in home.content.decode()
    response = client.post(reverse("surat:mandiri_new", args=["500"]), {
        "purpose": "Kredit usaha", **{f"f_{k}": v for k, v in SKU_VALUES.items()}, "contact_phone": "081234567890",
    })
    letter = LetterRequest.objects.get()
    assert response.status_code == 302 and letter.channel == "self_service" and letter.contact_phone == "081234567890"
    detail = reverse("surat:mandiri_detail", args=[letter.pk])
    for label in letter_types["500"].required_attachments:
        client.post(detail, {"action": "attach", "label": label, "file": png_upload()})
    client.post(detail, {"action": "submit"})
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CHECKING and letter.attachments.count() == 2


def test_resident_cannot_see_another_residents_request(client, letter_types, resident_a, resident_b):
    letter = services.letter_request_create(
        village=resident_b.village, letter_type=letter_types["500"], resident=resident_b, purpose="Kredit",
        field_values=SKU_VALUES, channel="self_service",
    )
    login_as_resident(client, resident_a)
    assert client.get(reverse("surat:mandiri_detail", args=[letter.pk])).status_code == 404


@pytest.mark.parametrize("code", ["S-41", "tidak-ada"])
def test_resident_only_sees_types_of_own_village(client, letter_types, resident_a, village_a, code):
    from satupintu.surat.models import VillageLetterSetting

    VillageLetterSetting.objects.create(village=village_a, letter_type=letter_types["S-41"], is_enabled=False)
    login_as_resident(client, resident_a)
    assert client.get(reverse("surat:mandiri_new", args=[code])).status_code == 404


def test_expired_letter_is_marked_on_the_verification_page(client, users, letter_types, resident_a):
    import datetime as dt

    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    LetterRequest.objects.filter(pk=letter.pk).update(valid_until=dt.date(2020, 1, 1))
    html = client.get(reverse("surat:verify", args=[letter.verification_token])).content.decode()
    assert "masa berlaku habis" in html


def test_surat_root_leads_citizens_to_self_service(client, db):
    response = client.get("/surat/")
    assert response.status_code == 302
    assert response["Location"] == reverse("surat:mandiri_home")


def test_history_names_people_and_their_roles_not_codes(client, users, letter_types, resident_a):
    """People read the history: "Rina Wati (Operator desa)", not "operator_a (village_operator)"."""
    operator, head = users["village_operator"], users["village_head"]
    type(operator).objects.filter(pk=operator.pk).update(first_name="Rina", last_name="Wati")
    type(head).objects.filter(pk=head.pk).update(first_name="Ahmad", last_name="Siregar")
    letter = issue(users=users, resident=resident_a, letter_types=letter_types)
    client.force_login(users["village_operator"])
    html = client.get(reverse("surat:detail", args=[letter.pk])).content.decode()
    assert "Rina Wati (Operator desa)" in html
    assert "Ahmad Siregar (Kepala desa)" in html
    assert "village_operator" not in html and "village_head" not in html
    assert "operator_a (" not in html and "kades_a (" not in html


def test_resident_reviews_what_they_entered_and_uploaded(client, letter_types, resident_a, resident_b):
    """A resident can review the details and attachments of their own request (and not another's)."""
    from .test_services import png_upload

    login_as_resident(client, resident_a)
    client.post(reverse("surat:mandiri_new", args=["500"]), {
        "purpose": "Kredit usaha mikro", "f_nama_usaha": "Warung Kopi Sialtong", "f_jenis_usaha": "Kedai kopi",
        "f_alamat_usaha": "Jl. Pasar No. 3", "f_mulai_usaha": "2019-03-05", "contact_phone": "081234567890",
    })
    letter = LetterRequest.objects.get(resident=resident_a)
    detail = reverse("surat:mandiri_detail", args=[letter.pk])
    client.post(detail, {"action": "attach", "label": "Fotokopi KTP", "file": png_upload("ktp-budi.png")})
    # Someone else's request in another village, with its own values.
    services.letter_request_create(
        village=resident_b.village, letter_type=letter_types["500"], resident=resident_b, purpose="Modal toko",
        field_values={**SKU_VALUES, "nama_usaha": "Toko Siti"}, channel="self_service",
    )
    html = client.get(detail).content.decode()
    for text in ("Kredit usaha mikro", "Nama usaha", "Warung Kopi Sialtong", "Jenis usaha", "Kedai kopi",
                 "Alamat usaha", "Jl. Pasar No. 3", "Mulai berusaha sejak", "5 Maret 2019", "081234567890",
                 "Budi Santoso", "Fotokopi KTP", "ktp-budi.png"):
        assert text in html, text
    assert "Toko Siti" not in html and "Siti Aminah" not in html and "Modal toko" not in html
    assert resident_a.nik not in html
