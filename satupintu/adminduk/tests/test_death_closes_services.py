"""A registered death ends what the register gives the living: self-service sign-in by NIK + PIN is refused, the
village refuses letters for the deceased, and a birth cannot name a deceased mother."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from satupintu.adminduk import services
from satupintu.penduduk import mandiri
from satupintu.penduduk.models import ResidentCredential
from satupintu.surat import services as surat
from satupintu.surat.models import Channel, LetterType

from .factories import birth_input, death_input

pytestmark = pytest.mark.django_db


def test_a_registered_death_ends_self_service_and_letters(bidan, facility, verifier, registrar, household, village_a,
                                                          users):
    _family, mother, father = household
    mandiri.resident_pin_set(resident=father, pin="739146")
    assert mandiri.resident_authenticate(nik=father.nik, pin="739146") == father
    surat.letter_types_seed()
    sku = LetterType.objects.get(code="500")

    death = services.death_declare(by=bidan, data=death_input(father.nik), facility=facility)
    services.registration_verify(registration=death, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    services.death_register(registration=death, by=registrar)

    father.refresh_from_db()  # as the counter's NIK look-up reads it
    assert father.status == "deceased"
    assert mandiri.resident_authenticate(nik=father.nik, pin="739146") is None
    assert not ResidentCredential.objects.filter(resident=father).exists()
    with pytest.raises(ValidationError):
        surat.letter_request_create(village=village_a, letter_type=sku, resident=father, purpose="Usaha",
                                    field_values={"nama_usaha": "Warung", "jenis_usaha": "Kedai",
                                                  "alamat_usaha": "Dusun I"},
                                    channel=Channel.COUNTER, by=users["village_operator"])
    # The living mother is still served.
    mandiri.resident_pin_set(resident=mother, pin="582604")
    assert mandiri.resident_authenticate(nik=mother.nik, pin="582604") == mother


def test_a_birth_cannot_name_a_mother_the_register_holds_deceased(bidan, facility, verifier, registrar, household):
    _family, mother, _father = household
    death = services.death_declare(by=bidan, data=death_input(mother.nik), facility=facility)
    services.registration_verify(registration=death, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    services.death_register(registration=death, by=registrar)
    with pytest.raises(ValidationError) as info:
        services.birth_declare(by=bidan, data=birth_input(), facility=facility)
    assert "meninggal" in " ".join(info.value.message_dict["mother_nik"])
