"""Births and deaths through the services: declared, checked, registered (numbers, NIK, KK version, documents),
handed over; and bad input refused with Indonesian messages, changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from lokal import nik as lokal_nik

from satupintu.adminduk import services
from satupintu.adminduk.models import BirthRegistration, CivilDocument, DeathRegistration, NikCounter
from satupintu.core.models import AuditEvent
from satupintu.notifikasi.models.outbox import OutboxMessage
from satupintu.penduduk.models import FamilyVersion, Resident, ResidentStatus
from satupintu.penduduk.nik import build_nik, parse_nik

from .factories import FATHER_NIK, KK, MOTHER_NIK, birth_input, death_input

pytestmark = pytest.mark.django_db


def _text(message) -> str:
    from satupintu.notifikasi.registry import get_template

    return str(get_template(message.event).body) % message.context


def declare(bidan, facility, **changes):
    return services.birth_declare(by=bidan, data=birth_input(**changes), facility=facility)


def registered(bidan, facility, verifier, registrar, **changes):
    birth = declare(bidan, facility, **changes)
    services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    return services.birth_register(registration=birth, by=registrar)


def test_a_declared_birth_shows_the_register_and_tells_the_family(bidan, facility, family):
    birth = declare(bidan, facility)
    assert birth.status == "declared" and birth.tracking_code.startswith("AKL-")
    assert birth.mother.nik == MOTHER_NIK and birth.family == family and not birth.needs_attention
    assert birth.mother_name == "Siti Aminah" and birth.father_name == "Ahmad Sitorus"
    message = OutboxMessage.objects.get()
    assert message.event == "adminduk.declared" and birth.follow_token in message.context["url"]
    assert birth.tracking_code in _text(message)


def test_parents_outside_the_register_are_flagged_not_refused(bidan, facility, regency):
    birth = declare(bidan, facility, mother_name="Rina Marpaung", father_name="Budi")
    assert birth.needs_attention and birth.mother is None and birth.family is None
    assert any("ibu tidak ditemukan" in n.lower() for n in birth.attention_notes)
    assert any("KK tidak ditemukan" in n for n in birth.attention_notes)


def test_registration_numbers_nik_kk_version_documents_in_one_step(bidan, facility, verifier, registrar, family):
    birth = registered(bidan, facility, verifier, registrar)
    today = timezone.localdate()
    assert birth.status == "registered"
    assert birth.certificate_number == f"1218-LU-{today:%d%m%Y}-0001" and not birth.is_late
    info = parse_nik(birth.child_nik)
    assert info.sex == "P" and info.birth_date == birth.birth_date and info.region_code == "12.18.01"
    assert birth.child_nik[6:8] == f"{birth.birth_date.day + 40:02d}"
    lokal = lokal_nik.parse_nik(birth.child_nik)  # lokal-id's own parser accepts it too
    assert lokal.valid and lokal.gender == "P" and lokal.birth_date == birth.birth_date.isoformat()
    child = Resident.objects.get(nik=birth.child_nik)
    assert child.family == family and child.family_relation == "anak" and child.religion == "islam"
    # The KK: the old version readable, the new one with the baby, who changed it and when.
    old, new = FamilyVersion.objects.filter(family=family).order_by("version")
    assert (old.version, new.version) == (1, 2)
    assert birth.child_nik not in old.member_niks and set(old.member_niks) == {MOTHER_NIK, FATHER_NIK}
    assert birth.child_nik in new.member_niks and new.change == {"added": [birth.child_nik], "removed": []}
    assert new.created_by == registrar and birth.family_version == new
    kinds = sorted(CivilDocument.objects.filter(birth=birth).values_list("kind", flat=True))
    assert kinds == ["akta_kelahiran", "kk"]
    for doc in CivilDocument.objects.filter(birth=birth):
        assert doc.pdf.open("rb").read(4) == b"%PDF"
    kk_doc = CivilDocument.objects.get(birth=birth, kind="kk")
    assert KK not in kk_doc.number and kk_doc.number.startswith("121801")
    assert AuditEvent.objects.filter(action="adminduk.registered", object_id=str(birth.pk)).exists()
    assert OutboxMessage.objects.filter(event="adminduk.registered").exists()


def test_a_second_baby_of_the_day_gets_the_next_serial_and_skips_niks_already_in_the_register(
    bidan, facility, verifier, registrar, family
):
    birth_date = timezone.localdate() - dt.timedelta(days=1)
    # A NIK imported from the national registry with serial 0001 for this district and date.
    taken = build_nik(region_code="12.18.01", birth_date=birth_date, sex="L", serial=1)
    Resident.objects.create(nik=taken, name="Bayi Lain", sex="L", birth_place="X", birth_date=birth_date,
                            religion="islam", marital_status="belum_kawin", village=family.village)
    birth = registered(bidan, facility, verifier, registrar)
    assert birth.child_nik.endswith("0002")
    twin = registered(bidan, facility, verifier, registrar, birth_order=2, child_name="Putra Sitorus", child_sex="L")
    assert twin.child_nik.endswith("0003") and twin.certificate_number.endswith("-0002")
    assert NikCounter.objects.get(district="12.18.01", birth_date=birth_date).last_serial == 3


@pytest.mark.parametrize(("days", "code"), [(60, "LU"), (61, "LT")])
def test_the_late_code_after_60_days(bidan, facility, verifier, registrar, family, days, code):
    born = timezone.localdate() - dt.timedelta(days=days)
    birth = registered(bidan, facility, verifier, registrar, birth_date=born)
    assert f"-{code}-" in birth.certificate_number and birth.is_late == (code == "LT")


def test_number_pattern_is_configurable(bidan, facility, verifier, registrar, family, settings):
    settings.ADMINDUK_NUMBER_FORMAT = "AL.{regency}.{date:%Y}.{serial:05d}.{code}"
    birth = registered(bidan, facility, verifier, registrar)
    assert birth.certificate_number == f"AL.1218.{timezone.localdate():%Y}.00001.LU"


def test_the_hand_over_records_who_and_when_and_sends_the_link(bidan, facility, verifier, registrar, family):
    birth = registered(bidan, facility, verifier, registrar)
    services.registration_hand_over(registration=birth, by=bidan, received_by="Siti Aminah (ibu)")
    birth.refresh_from_db()
    assert birth.status == "handed_over" and birth.handed_over_by == bidan and birth.handed_over_at
    message = OutboxMessage.objects.get(event="adminduk.handed_over")
    assert birth.follow_token in message.context["url"] and "biaya" in _text(message)


def test_a_return_needs_reasons_and_the_facility_corrects(bidan, facility, verifier, family):
    birth = declare(bidan, facility)
    with pytest.raises(ValidationError):
        services.registration_return(registration=birth, by=verifier, reason="  ")
    services.registration_return(registration=birth, by=verifier, reason="Nama bayi salah eja")
    birth.refresh_from_db()
    assert birth.status == "returned"
    services.birth_correct(registration=birth, by=bidan, data=birth_input(child_name="Putri Ayu Br Sitorus"))
    birth.refresh_from_db()
    assert birth.status == "declared" and birth.child_name == "Putri Ayu Br Sitorus"


def test_verification_needs_the_whole_checklist(bidan, facility, verifier, family):
    birth = declare(bidan, facility)
    with pytest.raises(ValidationError, match="daftar periksa"):
        services.registration_verify(registration=birth, by=verifier, checklist=["parents"])
    birth.refresh_from_db()
    assert birth.status == "declared"


def test_registering_without_the_kk_in_the_register_is_refused_and_changes_nothing(
    bidan, facility, verifier, registrar, regency
):
    birth = declare(bidan, facility, mother_name="Rina", father_name="Budi")
    services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    with pytest.raises(ValidationError, match="belum ada di register"):
        services.birth_register(registration=birth, by=registrar)
    birth.refresh_from_db()
    assert birth.status == "verified" and birth.certificate_number is None
    assert not CivilDocument.objects.exists() and not NikCounter.objects.exists()


def test_only_the_registrar_registers_and_only_members_declare(bidan, facility, verifier, registrar, family, users):
    birth = declare(bidan, facility)
    services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    with pytest.raises(PermissionDenied):
        services.birth_register(registration=birth, by=verifier)
    other = facility.__class__.objects.create(name="RS Lain", kind="rumah_sakit", village_id="12.18.02.2001")
    with pytest.raises(PermissionDenied):
        services.birth_declare(by=bidan, data=birth_input(birth_order=2), facility=other)
    with pytest.raises(PermissionDenied):
        services.birth_declare(by=users["opd_admin"], data=birth_input(birth_order=2), facility=facility)


# --- issue item 7: bad input, a clear Indonesian message, nothing changed -------------------------------------------
@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"birth_date": timezone.localdate() + dt.timedelta(days=1)}, "birth_date", "masa depan"),
    ({"birth_date": dt.date(1994, 12, 31)}, "birth_date", "sebelum tanggal lahir ibunya"),
    ({"father_nik": "1218015204900002"}, "father_nik", "NIK perempuan"),
    ({"mother_nik": FATHER_NIK}, "mother_nik", "NIK laki-laki"),
    ({"kk_number": "3201010101200001"}, "kk_number", "kabupaten/kota lain"),
    ({"marriage_book_number": "", "sptjm": False}, "marriage_book_number", "SPTJM"),
    ({"weight_grams": 20}, "weight_grams", "gram"),
    ({"witness2_nik": "1218015003850003"}, "witness2_nik", "berbeda"),
])
def test_bad_input_is_refused_in_indonesian_and_changes_nothing(bidan, facility, family, changes, field, words):
    before = (BirthRegistration.objects.count(), OutboxMessage.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as info:
        declare(bidan, facility, **changes)
    assert words in " ".join(info.value.message_dict[field])
    assert (BirthRegistration.objects.count(), OutboxMessage.objects.count(), AuditEvent.objects.count()) == before


def test_a_duplicate_declaration_of_the_same_baby_is_refused(bidan, facility, family):
    declare(bidan, facility)
    with pytest.raises(ValidationError) as info:
        declare(bidan, facility, child_name="Nama Lain")
    assert "sudah dilaporkan" in " ".join(info.value.message_dict["child_name"])
    assert BirthRegistration.objects.count() == 1
    declare(bidan, facility, birth_order=2, child_name="Kembaran")  # a twin is not a duplicate
    assert BirthRegistration.objects.count() == 2


# --- deaths ---------------------------------------------------------------------------------------------------------
def test_a_registered_death_marks_the_resident_deceased_and_reissues_the_kk(bidan, facility, verifier, registrar,
                                                                           household):
    _family, mother, father = household
    death = services.death_declare(by=bidan, data=death_input(father.nik), facility=facility)
    services.registration_verify(registration=death, by=verifier, checklist=list(services.CHECKLIST_KEYS))
    services.death_register(registration=death, by=registrar)
    death.refresh_from_db()
    father.refresh_from_db()
    assert death.status == "registered" and death.certificate_number.startswith("1218-KM-")
    assert father.status == ResidentStatus.DECEASED and father.family is None
    old, new = FamilyVersion.objects.filter(family=_family).order_by("version")
    assert father.nik in old.member_niks and father.nik not in new.member_niks
    assert new.change["removed"] == [father.nik]
    assert sorted(CivilDocument.objects.filter(death=death).values_list("kind", flat=True)) == ["akta_kematian", "kk"]
    assert AuditEvent.objects.filter(action="death_registered", object_id=str(father.pk)).exists()
    with pytest.raises(ValidationError, match="sudah"):
        services.death_declare(by=bidan, data=death_input(father.nik), facility=facility)


def test_a_death_before_birth_or_in_the_future_is_refused(bidan, facility, household):
    _family, mother, _father = household
    with pytest.raises(ValidationError) as info:
        services.death_declare(by=bidan, data=death_input(mother.nik, death_date=dt.date(1990, 1, 1)),
                               facility=facility)
    assert "sebelum tanggal lahir" in " ".join(info.value.message_dict["death_date"])
    with pytest.raises(ValidationError) as info:
        services.death_declare(by=bidan, data=death_input(mother.nik, death_date=timezone.localdate()
                                                           + dt.timedelta(days=2)), facility=facility)
    assert "masa depan" in " ".join(info.value.message_dict["death_date"])
    assert not DeathRegistration.objects.exists()
