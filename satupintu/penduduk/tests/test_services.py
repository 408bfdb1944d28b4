import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from satupintu.core.audit import audit_trail
from satupintu.penduduk import services
from satupintu.penduduk.models import Family, Resident, ResidentStatus
from satupintu.penduduk.nik import build_nik
from satupintu.penduduk.tests.factories import ResidentFactory


def fields(village, **extra):
    data = {
        "name": "Dewi Lestari", "sex": "P", "birth_place": "Sei Rampah", "birth_date": dt.date(1992, 8, 17),
        "religion": "islam", "marital_status": "kawin", "occupation": "Guru", "education": "s1_d4",
        "address": "Dusun II", "rt": "003", "rw": "001", "village": village, "family_relation": "istri",
    }
    data.update(extra)
    return data


NIK_DEWI = build_nik(region_code="12.18.01", birth_date=dt.date(1992, 8, 17), sex="P", serial=7)


def test_create_with_new_kk_creates_the_family_and_audits(users, village_a):
    resident = services.resident_create(
        by=users["village_operator"], nik=NIK_DEWI, kk_number="1218010101260009", **fields(village_a)
    )
    assert resident.family.kk_number == "1218010101260009"
    assert resident.family.village == village_a
    assert [e.action for e in audit_trail(resident)] == ["created"]
    assert [e.action for e in audit_trail(resident.family)] == ["created"]


def test_create_rejects_nik_that_contradicts_birth_date_and_sex(users, village_a):
    with pytest.raises(ValidationError) as exc:
        services.resident_create(
            by=users["village_operator"], nik=NIK_DEWI,
            **fields(village_a, sex="L", birth_date=dt.date(1992, 8, 18), family_relation=""),
        )
    assert "Jenis kelamin tidak sesuai dengan NIK" in str(exc.value.message_dict["sex"])
    assert "17 Agustus 1992" in str(exc.value.message_dict["birth_date"])
    assert not Resident.objects.exists()


def test_operator_cannot_create_or_edit_in_another_village(users, village_a, village_b):
    with pytest.raises(PermissionDenied):
        services.resident_create(by=users["village_operator"], nik=NIK_DEWI, **fields(village_b, family_relation=""))
    other = ResidentFactory(village=village_b)
    with pytest.raises(PermissionDenied):
        services.resident_update(resident=other, by=users["village_operator"], name="Diganti")


def test_update_records_changed_field_names_only(users, village_a):
    resident = ResidentFactory(village=village_a)
    services.resident_update(resident=resident, by=users["village_operator"], occupation="Pedagang")
    event = list(audit_trail(resident))[-1]
    assert event.action == "updated" and event.data == {"fields": ["occupation"]}
    assert "Pedagang" not in str(event.data)


def test_second_head_in_one_family_is_refused(users, village_a):
    family = Family.objects.create(kk_number="1218010101260010", village=village_a)
    ResidentFactory(village=village_a, family=family, family_relation="kepala")
    with pytest.raises(ValidationError):
        services.resident_create(
            by=users["village_operator"], nik=NIK_DEWI, kk_number=family.kk_number,
            **fields(village_a, family_relation="kepala"),
        )


def test_head_is_kept_in_sync(users, village_a):
    resident = services.resident_create(
        by=users["village_operator"], nik=NIK_DEWI, kk_number="1218010101260011",
        **fields(village_a, family_relation="kepala"),
    )
    resident.family.refresh_from_db()
    assert resident.family.head == resident


def test_status_transitions(users, village_a):
    resident = ResidentFactory(village=village_a)
    services.resident_status_change(resident=resident, by=users["village_head"], status=ResidentStatus.DECEASED)
    with pytest.raises(ValidationError):
        services.resident_status_change(resident=resident, by=users["village_head"], status=ResidentStatus.ACTIVE)
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.DECEASED
    # The factory registers the resident through resident_create, audited like every registration.
    assert [(e.from_state, e.to_state) for e in audit_trail(resident)] == [("", "active"), ("active", "deceased")]


def test_family_with_unknown_region_is_refused(users, village_a):
    with pytest.raises(ValidationError):
        services.family_create(by=users["village_operator"], kk_number="9918010101260001", village=village_a)
