"""The pages: a midwife declares on her phone (check, then send), Disdukcapil verifies and registers through the
action table, the facility hands over; outside one's scope is 404, a step one may not take 403; the public pages
show no NIK or KK number and the documents need the family's secret link."""

from __future__ import annotations

import re

import pytest

from satupintu.adminduk import services
from satupintu.adminduk.models import BirthRegistration, CivilDocument

from .factories import KK, MOTHER_NIK, HealthFacilityFactory, birth_input, facility_officer

pytestmark = pytest.mark.django_db


def _post_data(**changes) -> dict:
    data = birth_input(**changes)
    data["birth_date"] = data["birth_date"].isoformat()
    data["birth_time"] = data["birth_time"].strftime("%H:%M")
    if not data["sptjm"]:
        data.pop("sptjm")
    return data


def _registered(bidan, facility, verifier, registrar):
    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    return services.birth_register(registration=birth, by=registrar)


def test_the_midwife_checks_the_parents_masked_then_declares(client, bidan, family):
    client.force_login(bidan)
    page = client.post("/adminduk/lahir/baru/", {**_post_data(), "step": "check"})
    html = page.content.decode()
    assert page.status_code == 200 and "S*** A*****" in html and "121801**********" in html
    assert not BirthRegistration.objects.exists()
    response = client.post("/adminduk/lahir/baru/", {**_post_data(), "step": "submit"})
    birth = BirthRegistration.objects.get()
    assert response.status_code == 302 and response.url == f"/adminduk/lahir/{birth.pk}/"
    assert client.get(response.url).status_code == 200


def test_a_bad_declaration_shows_the_message_on_the_field_and_saves_nothing(client, bidan, family):
    client.force_login(bidan)
    page = client.post("/adminduk/lahir/baru/", {**_post_data(father_nik="1218015204900002"), "step": "submit"})
    assert page.status_code == 200 and "NIK ayah yang diisi adalah NIK perempuan" in page.content.decode()
    assert not BirthRegistration.objects.exists()


def test_steps_through_the_action_table(client, bidan, facility, verifier, registrar, family):
    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    client.force_login(verifier)
    assert client.post(f"/adminduk/lahir/{birth.pk}/register/").status_code == 403  # the registrar's step
    client.post(f"/adminduk/lahir/{birth.pk}/verify/", {"checklist": list(services.CHECKLIST_KEYS)})
    birth.refresh_from_db()
    assert birth.status == "verified"
    client.force_login(registrar)
    client.post(f"/adminduk/lahir/{birth.pk}/register/")
    birth.refresh_from_db()
    assert birth.status == "registered" and birth.child_nik
    client.force_login(bidan)
    page = client.get(f"/adminduk/lahir/{birth.pk}/").content.decode()
    assert 'data-testid="hand-over"' in page
    client.post(f"/adminduk/lahir/{birth.pk}/hand_over/", {"received_by": "Siti Aminah"})
    birth.refresh_from_db()
    assert birth.status == "handed_over" and birth.handed_over_to == "Siti Aminah"


def test_another_facility_cannot_see_or_act(client, bidan, facility, family):
    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    other = facility_officer(HealthFacilityFactory(name="RSUD Lain"), username="bidan_lain")
    client.force_login(other)
    assert client.get(f"/adminduk/lahir/{birth.pk}/").status_code == 404
    assert client.post(f"/adminduk/lahir/{birth.pk}/hand_over/", {"received_by": "X"}).status_code == 404
    assert birth.tracking_code not in client.get("/adminduk/antrean/").content.decode()


def test_queue_shows_waiting_times_and_the_desk_counts(client, bidan, facility, verifier, family):
    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    client.force_login(verifier)
    html = client.get("/adminduk/antrean/").content.decode()
    assert birth.tracking_code in html and "menunggu" in html and "perlu perhatian" not in html
    from satupintu.portal.desk import desk_for

    counts = {item.label: item.count for item in desk_for(verifier)}
    assert counts["Kelahiran/kematian perlu diverifikasi"] == 1


def test_public_pages_show_no_nik_or_kk_and_documents_need_the_secret_link(client, bidan, facility, verifier,
                                                                          registrar, family):
    birth = _registered(bidan, facility, verifier, registrar)
    secrets = {MOTHER_NIK, KK, birth.child_nik, birth.father_nik}
    tracked = client.get("/adminduk/", {"kode": birth.tracking_code.lower().replace("-", " ")}).content.decode()
    assert birth.get_status_display() in tracked and "/dokumen/" not in tracked
    for doc in CivilDocument.objects.filter(birth=birth):
        page = client.get(f"/adminduk/v/{doc.verification_token}/").content.decode()
        assert doc.number in page and doc.masked_name in page
        assert not [s for s in secrets if s in page]
        assert client.get(f"/adminduk/lahir/{birth.pk}/dokumen/{doc.pk}/").status_code == 302  # staff only: sign in
        assert client.get(f"/adminduk/keluarga/salah-token/dokumen/{doc.pk}/").status_code == 404
        response = client.get(f"/adminduk/keluarga/{birth.follow_token}/dokumen/{doc.pk}/")
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    follow = client.get(f"/adminduk/keluarga/lahir/{birth.follow_token}/").content.decode()
    assert birth.certificate_number in follow and not [s for s in secrets if s in follow]
    assert client.get("/adminduk/v/tidak-ada/").status_code == 404


def test_the_qr_in_the_pdf_is_the_verification_url(bidan, facility, verifier, registrar, family, settings):
    birth = _registered(bidan, facility, verifier, registrar)
    doc = CivilDocument.objects.get(birth=birth, kind="akta_kelahiran")
    pdf = doc.pdf.open("rb").read()
    assert set(re.findall(rb"https?://[^\s()<>]+/adminduk/v/[A-Za-z0-9_-]+/", pdf)) == {doc.verification_url.encode()}


def test_statistics_page(client, bidan, facility, verifier, registrar, family):
    birth = _registered(bidan, facility, verifier, registrar)
    services.registration_hand_over(registration=birth, by=bidan, received_by="Ibu")
    client.force_login(verifier)
    html = client.get("/adminduk/statistik/", {"by": "facility"}).content.decode()
    assert "Puskesmas Kotarih" in html and "100%" in html


@pytest.mark.parametrize("who", ["bidan", "verifier", "registrar"])
def test_every_desk_link_offered_to_the_new_roles_opens(client, request, who, bidan, facility, family):
    services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    user = request.getfixturevalue(who)
    client.force_login(user)
    html = client.get("/staf/").content.decode()
    links = re.findall(r'<li class="card desk-entry"><a href="([^"]+)">', html)
    assert links
    for url in links:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, (who, url)
    assert client.get("/adminduk/lahir/baru/").status_code == (200 if who == "bidan" else 403)
    assert client.get("/adminduk/statistik/").status_code == 200


def test_the_queue_costs_the_same_queries_for_three_or_six_declarations(client, bidan, facility, verifier, family):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(verifier)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/adminduk/antrean/").status_code == 200
        return len(ctx.captured_queries)

    for order in (1, 2, 3):
        services.birth_declare(by=bidan, data=birth_input(birth_order=order), facility=facility)
    three = queries()
    for order in (4, 5, 6):
        services.birth_declare(by=bidan, data=birth_input(birth_order=order), facility=facility)
    assert queries() == three


def test_the_facility_corrects_a_returned_declaration_on_its_page(client, bidan, facility, verifier, family):
    birth = services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    client.force_login(bidan)
    assert client.get(f"/adminduk/lahir/{birth.pk}/perbaiki/").status_code == 302  # not returned: nothing to correct
    services.registration_return(registration=birth, by=verifier, reason="Berat lahir tidak masuk akal")
    page = client.get(f"/adminduk/lahir/{birth.pk}/perbaiki/").content.decode()
    assert "Berat lahir tidak masuk akal" in page and 'value="Putri Ayu Sitorus"' in page
    response = client.post(f"/adminduk/lahir/{birth.pk}/perbaiki/", {**_post_data(weight_grams=2950), "step": "submit"})
    assert response.status_code == 302
    birth.refresh_from_db()
    assert birth.status == "declared" and birth.weight_grams == 2950
    client.force_login(verifier)
    assert client.get(f"/adminduk/lahir/{birth.pk}/perbaiki/").status_code == 403  # seen, but only the declarant corrects
