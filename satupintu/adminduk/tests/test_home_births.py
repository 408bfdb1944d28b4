"""A home birth starts from the village's signed birth letter (surat S-17), found by its number: the village
operator declares from it, the form is filled from it, the letter is used once, and its date must agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from satupintu.adminduk import services
from satupintu.adminduk.models import BirthRegistration
from satupintu.surat import services as surat
from satupintu.surat.models import Channel, LetterType

from .factories import birth_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_letter(users, household, village_a):
    _family, mother, _father = household
    surat.letter_types_seed()
    born = birth_input()["birth_date"]
    letter = surat.letter_request_create(
        village=village_a, letter_type=LetterType.objects.get(code="S-17"), resident=mother,
        purpose="Pengurusan akta kelahiran", channel=Channel.COUNTER, by=users["village_operator"],
        field_values={"nama_bayi": "Putri Ayu Sitorus", "jenis_kelamin_bayi": "Perempuan",
                      "tempat_lahir_bayi": "Dusun II", "tanggal_lahir_bayi": born.isoformat(), "nama_ibu": mother.name},
    )
    surat.letter_request_verify(letter=letter, by=users["village_operator"])
    return surat.letter_sign(letter=letter, by=users["village_head"])


def test_the_village_declares_a_home_birth_from_its_letter(users, birth_letter, verifier, registrar):
    operator = users["village_operator"]
    birth = services.birth_declare(by=operator, data=birth_input(attendant="dukun"),
                                   letter_number=birth_letter.number.lower())
    assert birth.origin == "village" and birth.village_letter == birth_letter and birth.facility is None
    services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    services.birth_register(registration=birth, by=registrar)
    services.registration_hand_over(registration=birth, by=operator, received_by="Siti Aminah")
    birth.refresh_from_db()
    assert birth.status == "handed_over"
    with pytest.raises(ValidationError) as info:  # one letter, one baby
        services.birth_declare(by=operator, data=birth_input(birth_order=2), letter_number=birth_letter.number)
    assert "sudah dipakai" in " ".join(info.value.message_dict["letter_number"])


def test_a_letter_of_another_date_or_number_is_refused(users, birth_letter):
    operator = users["village_operator"]
    other_day = birth_input()["birth_date"] - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.birth_declare(by=operator, data=birth_input(birth_date=other_day), letter_number=birth_letter.number)
    assert "berbeda dengan surat keterangan kelahiran desa" in " ".join(info.value.message_dict["birth_date"])
    with pytest.raises(ValidationError) as info:
        services.birth_declare(by=operator, data=birth_input(), letter_number="474/999/2001/XII/2026")
    assert "tidak ditemukan" in " ".join(info.value.message_dict["letter_number"])
    with pytest.raises(ValidationError):  # another village's operator does not find this village's letter
        services.birth_declare(by=users["village_operator_b"], data=birth_input(), letter_number=birth_letter.number)
    assert not BirthRegistration.objects.exists()


def test_the_form_is_filled_from_the_letter(client, users, birth_letter):
    client.force_login(users["village_operator"])
    html = client.post("/adminduk/lahir/baru/", {"step": "check", "letter_number": birth_letter.number}).content.decode()
    assert 'value="Putri Ayu Sitorus"' in html and 'value="Dusun II"' in html
    assert not BirthRegistration.objects.exists()


def test_a_home_death_from_the_village_death_letter(users, household, village_a, verifier, registrar):
    from satupintu.adminduk.models import DeathRegistration

    from .factories import death_input

    _family, mother, father = household
    died = death_input(father.nik)["death_date"]
    surat.letter_types_seed()
    letter = surat.letter_request_create(
        village=village_a, letter_type=LetterType.objects.get(code="S-21"), resident=mother,
        purpose="Pengurusan akta kematian", channel=Channel.COUNTER, by=users["village_operator"],
        field_values={"nama_almarhum": father.name, "tanggal_meninggal": died.isoformat(),
                      "tempat_meninggal": "Rumah", "sebab_meninggal": "Sakit biasa/tua"},
    )
    surat.letter_request_verify(letter=letter, by=users["village_operator"])
    letter = surat.letter_sign(letter=letter, by=users["village_head"])
    death = services.death_declare(by=users["village_operator"], data=death_input(father.nik),
                                   letter_number=letter.number)
    assert death.origin == "village" and death.village_letter == letter
    services.registration_verify(registration=death, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    services.death_register(registration=death, by=registrar)
    assert DeathRegistration.objects.get().status == "registered"
