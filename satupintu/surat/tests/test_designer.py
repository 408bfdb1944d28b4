"""The letter-type designer: a village designs a type with its own fields without code; it is that village's alone,
its text is checked against its fields, it previews as the letter, and it is numbered and verified like a built-in."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.surat import services
from satupintu.surat.models import Channel, LetterType
from satupintu.surat.tests.factories import walk_to

from .conftest import make_resident

BODY = (
    "Yang bertanda tangan di bawah ini menerangkan bahwa {nama} (NIK {nik}) memiliki ternak {jenis_ternak} "
    "sebanyak {jumlah_ternak} ekor sejak {sejak}, disaksikan oleh {saksi} (NIK {saksi_nik}).\n\n"
    "Kandang : {letak_kandang}\nKeperluan : {keperluan}"
)
FIELDS = [
    {"name": "jenis_ternak", "label": "Jenis ternak", "type": "choice", "required": True, "choices": ["Sapi", "Kambing"]},
    {"name": "jumlah_ternak", "label": "Jumlah ternak", "type": "number", "required": True},
    {"name": "sejak", "label": "Memelihara sejak", "type": "date", "required": True},
    {"name": "letak_kandang", "label": "Letak kandang", "type": "text", "required": False},
    {"name": "saksi", "label": "Saksi", "type": "resident", "required": True},
]


def design(by, village, **overrides):
    values = {"code": "SKT-01", "name": "Surat Keterangan Kepemilikan Ternak", "fields": FIELDS,
              "required_attachments": ["Foto ternak"], "validity_days": 60, "signer_title": "Sekretaris Desa",
              "default_body": BODY, "is_active": True, **overrides}
    return services.letter_type_save(by=by, village=village, **values)


def form_data(**overrides):
    data = {
        "code": "SKT-01", "name": "Surat Keterangan Kepemilikan Ternak", "description": "",
        "required_attachments": "Foto ternak", "validity_days": "60", "signer_title": "", "default_body": BODY,
        "is_active": "on",
        "isian-TOTAL_FORMS": "5", "isian-INITIAL_FORMS": "0", "isian-MIN_NUM_FORMS": "0", "isian-MAX_NUM_FORMS": "30",
        "isian-0-label": "Jenis ternak", "isian-0-kind": "choice", "isian-0-required": "on",
        "isian-0-choices": "Sapi, Kambing",
        "isian-1-label": "Jumlah ternak", "isian-1-kind": "number", "isian-1-required": "on",
        "isian-2-label": "Memelihara sejak", "isian-2-name": "sejak", "isian-2-kind": "date", "isian-2-required": "on",
        "isian-3-label": "Letak kandang", "isian-3-kind": "text",
        "isian-4-label": "Saksi", "isian-4-kind": "resident", "isian-4-required": "on",
    }
    data.update(overrides)
    return data


def test_operator_designs_a_type_through_the_page(client, users, village_a):
    client.force_login(users["village_operator"])
    response = client.post("/surat/desain/baru/", form_data(), follow=True)
    assert response.status_code == 200
    designed = LetterType.objects.get(code="SKT-01")
    assert designed.village == village_a
    assert [f["name"] for f in designed.fields] == ["jenis_ternak", "jumlah_ternak", "sejak", "letak_kandang", "saksi"]
    assert designed.fields[0]["choices"] == ["Sapi", "Kambing"]
    assert designed.fields[3]["required"] is False
    assert designed.required_attachments == ["Foto ternak"]
    assert "SKT-01" in client.get("/surat/desain/").content.decode()


def test_unknown_placeholder_is_refused_by_name_and_nothing_is_saved(client, users):
    client.force_login(users["village_operator"])
    response = client.post("/surat/desain/baru/", form_data(default_body="Ternak {nama} berjumlah {jumlah_sapi}."))
    assert response.status_code == 200
    assert "{jumlah_sapi}" in response.content.decode()
    assert "Isian tidak dikenal" in response.content.decode()
    assert not LetterType.objects.filter(code="SKT-01").exists()


def test_a_village_type_is_that_village_alone(users, village_a, village_b):
    designed = design(users["village_operator"], village_a)
    assert services.letter_types_enabled(village_a).filter(pk=designed.pk).exists()
    assert not services.letter_types_enabled(village_b).filter(pk=designed.pk).exists()
    # Another village may use the same code for its own type; nobody may reuse a regency code.
    design(users["village_operator_b"], village_b, fields=[], default_body="Keterangan untuk {nama}.")
    services.letter_types_seed()
    with pytest.raises(ValidationError) as err:
        design(users["village_operator"], village_a, code="S-41")
    assert "sudah dipakai" in str(err.value)
    with pytest.raises(PermissionDenied):
        design(users["village_operator_b"], village_a, code="SKT-02")
    with pytest.raises(ValidationError) as err:  # a code goes into addresses and letter numbers
        design(users["village_operator"], village_a, code="SKT/02")
    assert "Kode surat hanya boleh" in str(err.value)


def test_other_villages_cannot_open_or_change_the_type(client, users, village_a):
    designed = design(users["village_operator"], village_a)
    client.force_login(users["village_operator_b"])
    assert client.get(f"/surat/desain/{designed.pk}/").status_code == 404
    assert client.post(f"/surat/desain/{designed.pk}/", form_data(name="Diubah")).status_code == 404
    designed.refresh_from_db()
    assert designed.name == "Surat Keterangan Kepemilikan Ternak"


def test_a_designed_type_renders_and_numbers_like_a_built_in(users, village_a, client):
    designed = design(users["village_operator"], village_a)
    applicant = make_resident(village_a, nik="1218011505900001", name="Budi Santoso")
    witness = make_resident(village_a, nik="1218011206850003", name="Ahmad Yani", birth_date=dt.date(1985, 6, 12))
    letter = services.letter_request_create(
        village=village_a, letter_type=designed, resident=applicant, purpose="Pinjaman bank",
        field_values={"jenis_ternak": "Sapi", "jumlah_ternak": "12", "sejak": "2020-03-01", "letak_kandang": "",
                      "saksi": witness.nik},
        channel=Channel.COUNTER, by=users["village_operator"],
    )
    letter = walk_to(letter, "ready")
    assert letter.number.startswith("SKT-01/001/")
    assert ("memiliki ternak Sapi sebanyak 12 ekor sejak 1 Maret 2020, disaksikan oleh Ahmad Yani "
            f"(NIK {witness.nik})") in letter.body_text
    assert "Kandang : -" in letter.body_text
    assert letter.signer_title == "Sekretaris Desa Sialtong"
    assert letter.valid_until == letter.signed_at.date() + dt.timedelta(days=60)
    assert letter.pdf.read(4) == b"%PDF"
    assert letter.number in client.get(f"/surat/v/{letter.verification_token}/").content.decode()


def test_a_second_resident_unknown_to_the_register_is_refused(users, village_a):
    designed = design(users["village_operator"], village_a)
    applicant = make_resident(village_a, nik="1218011505900001")
    with pytest.raises(ValidationError) as err:
        services.letter_request_create(
            village=village_a, letter_type=designed, resident=applicant, purpose="Pinjaman bank",
            field_values={"jenis_ternak": "Sapi", "jumlah_ternak": "2", "sejak": "2020-03-01",
                          "saksi": "1218011206850099"},
            channel=Channel.COUNTER, by=users["village_operator"],
        )
    assert "Saksi: NIK tidak terdaftar" in " ".join(err.value.messages)


def test_preview_while_editing_is_the_letter_as_an_image_and_as_pdf(client, users):
    client.force_login(users["village_operator"])
    image = client.post("/surat/desain/pratinjau/", form_data(), HTTP_HX_REQUEST="true")
    assert image.status_code == 200
    assert 'src="data:image/png;base64,iVBOR' in image.content.decode()
    pdf = client.post("/surat/desain/pratinjau/?format=pdf", form_data())
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    broken = client.post("/surat/desain/pratinjau/", form_data(default_body="Halo {tidak_ada}"))
    assert "{tidak_ada}" in broken.content.decode() and "data:image" not in broken.content.decode()
    assert not LetterType.objects.filter(code="SKT-01").exists()  # previewing saves nothing


def test_add_field_row_keeps_what_was_typed(client, users):
    client.force_login(users["village_operator"])
    page = client.post("/surat/desain/baru/", {**form_data(), "tambah_isian": "1"}).content.decode()
    assert 'name="isian-5-label"' in page
    assert 'value="Jumlah ternak"' in page
    assert not LetterType.objects.filter(code="SKT-01").exists()


def test_the_regency_administrator_designs_regency_types(users, village_a, village_b):
    designed = design(users["regency_admin"], None, fields=[], default_body="Keterangan untuk {nama}.")
    assert designed.village is None
    assert services.letter_types_enabled(village_b).filter(pk=designed.pk).exists()
    with pytest.raises(PermissionDenied):
        design(users["village_operator"], None, code="SKT-09", fields=[], default_body="{nama}")


def test_citizens_and_agencies_cannot_reach_the_designer(client, users):
    for name in ("citizen", "opd_admin"):
        client.force_login(users[name])
        assert client.get("/surat/desain/").status_code in (302, 403)


def test_self_service_cannot_probe_the_register_through_a_second_resident(client, users, village_a, settings):
    """A resident naming other residents' NIKs is limited (ten an hour): the answer "not an active resident" would
    otherwise let a signed-in resident test NIKs one by one."""
    from .test_views import login_as_resident

    settings.SURAT_RELATED_NIK_LIMIT = (3, 3600)
    settings.RATELIMIT_BACKEND = "database"
    design(users["village_operator"], village_a)
    applicant = make_resident(village_a, nik="1218011505900001")
    login_as_resident(client, applicant)
    url = "/surat/mandiri/ajukan/SKT-01/"
    data = {"purpose": "Pinjaman bank", "f_jenis_ternak": "Sapi", "f_jumlah_ternak": "2", "f_sejak": "2020-03-01"}
    answers = [client.post(url, {**data, "f_saksi": f"12180112068500{n:02d}"}) for n in range(11, 15)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert "NIK tidak terdaftar" in answers[0].content.decode()
    assert "Terlalu banyak permohonan" in answers[3].content.decode()
    assert "NIK tidak terdaftar" not in answers[3].content.decode()


def test_a_resident_who_died_after_being_loaded_cannot_open_a_letter(users, village_a):
    """The service reads the resident's status again: a stale object saying 'active' does not open a letter."""
    from satupintu.penduduk.models import Resident, ResidentStatus

    designed = design(users["village_operator"], village_a)
    applicant = make_resident(village_a, nik="1218011505900001")
    witness = make_resident(village_a, nik="1218011206850003", birth_date=dt.date(1985, 6, 12))
    Resident.objects.filter(pk=applicant.pk).update(status=ResidentStatus.DECEASED)
    assert applicant.status == ResidentStatus.ACTIVE  # the caller's copy is stale
    with pytest.raises(ValidationError):
        services.letter_request_create(
            village=village_a, letter_type=designed, resident=applicant, purpose="Pinjaman bank",
            field_values={"jenis_ternak": "Sapi", "jumlah_ternak": "2", "sejak": "2020-03-01", "saksi": witness.nik},
            channel=Channel.COUNTER, by=users["village_operator"],
        )
