"""Factories of civil registration: facilities with their officers, Disdukcapil's staff, a family in the register,
and the declaration input a midwife types (`birth_input`), which tests change field by field."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.organisasi.models import Agency
from satupintu.penduduk.models import Family, Resident

from ..models import FacilityKind, FacilityMembership, HealthFacility

KK = "1218010101200001"
MOTHER_NIK = "1218014501950001"  # a woman born 5 January 1995
FATHER_NIK = "1218011204900002"  # a man born 12 April 1990


class HealthFacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthFacility
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Puskesmas Uji {n}")
    kind = FacilityKind.PUSKESMAS
    village_id = "12.18.01.2001"


def disdukcapil() -> Agency:
    return Agency.objects.get_or_create(
        short_name="Disdukcapil",
        defaults={"name": "Dinas Kependudukan dan Pencatatan Sipil", "slug": "disdukcapil", "kind": Agency.Kind.DINAS,
                  "head_name": "Drs. Pejabat Pencatat"},
    )[0]


def facility_officer(facility: HealthFacility, username: str = "bidan_uji"):
    user = UserFactory(username=username, role=Role.FACILITY_OFFICER)
    FacilityMembership.objects.get_or_create(user=user, facility=facility)
    return user


def capil(role: str, username: str):
    return UserFactory(username=username, role=role, agency=disdukcapil())


def family_in_register(village, *, kk: str = KK, mother_nik: str = MOTHER_NIK, father_nik: str = FATHER_NIK):
    """A married couple on their KK: the father heads it."""
    family = Family.objects.create(kk_number=kk, village=village, address="Dusun II", rt="003", rw="001")
    father = Resident.objects.create(
        nik=father_nik, name="Ahmad Sitorus", sex="L", birth_place="Sei Rampah", birth_date=dt.date(1990, 4, 12),
        religion="islam", marital_status="kawin", education="sma", village=village, family=family,
        family_relation="kepala", address="Dusun II",
    )
    mother = Resident.objects.create(
        nik=mother_nik, name="Siti Aminah", sex="P", birth_place="Kotarih", birth_date=dt.date(1995, 1, 5),
        religion="islam", marital_status="kawin", education="sma", village=village, family=family,
        family_relation="istri", address="Dusun II",
    )
    family.head = father
    family.save()
    return family, mother, father


def birth_input(**changes) -> dict:
    """What the midwife types for a baby girl born yesterday morning."""
    today = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "mother_nik": MOTHER_NIK, "father_nik": FATHER_NIK, "kk_number": KK, "child_name": "Putri Ayu Sitorus",
        "child_sex": "P", "birth_date": today, "birth_time": dt.time(8, 15), "birth_place": "Kotarih",
        "weight_grams": 3100, "length_cm": "49.5", "attendant": "bidan", "birth_order": 1,
        "marriage_book_number": "123/45/VI/2018", "sptjm": False, "witness1_name": "Rina Wati",
        "witness1_nik": "1218015003850003", "witness2_name": "Joko Susilo", "witness2_nik": "1218011003800004",
        "contact_phone": "081234567890", "contact_email": "",
    }
    data.update(changes)
    return data


def death_input(nik: str, **changes) -> dict:
    data = {
        "deceased_nik": nik, "death_date": timezone.localdate() - dt.timedelta(days=1), "death_time": dt.time(4, 30),
        "death_place": "Puskesmas Kotarih", "cause": "sakit", "reporter_name": "Siti Aminah",
        "reporter_relation": "istri", "witness1_name": "Rina Wati", "witness1_nik": "1218015003850003",
        "witness2_name": "Joko Susilo", "witness2_nik": "1218011003800004", "contact_phone": "081234567890",
    }
    data.update(changes)
    return data
