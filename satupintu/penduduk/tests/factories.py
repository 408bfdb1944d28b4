"""Factories for the register. NIKs are built from the resident's own facts, so they are always consistent."""

import datetime as dt
import itertools

import factory

from satupintu.penduduk.models import Family, MaritalStatus, Religion, Resident, Sex
from satupintu.penduduk.nik import build_nik

_serials = itertools.count(1)


def next_nik(*, region_code: str = "12.18.01", birth_date: dt.date = dt.date(1990, 1, 5), sex: str = "L") -> str:
    return build_nik(region_code=region_code, birth_date=birth_date, sex=sex, serial=next(_serials) % 9999 + 1)


def next_kk(region_code: str = "12.18.01") -> str:
    return f"{region_code.replace('.', '')}{next(_serials) % 10**10:010d}"


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    kk_number = factory.LazyAttribute(lambda o: next_kk(o.village.district_id))
    address = "Jl. Merdeka No. 1"
    rt = "001"
    rw = "002"


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    name = factory.Sequence(lambda n: f"Penduduk Uji {n}")
    sex = Sex.LAKI_LAKI
    birth_place = "Sei Rampah"
    birth_date = dt.date(1990, 1, 5)
    religion = Religion.ISLAM
    marital_status = MaritalStatus.KAWIN
    occupation = "Petani/Pekebun"
    education = "sma"
    address = "Jl. Merdeka No. 1"
    rt = "001"
    rw = "002"
    family_relation = ""
    nik = factory.LazyAttribute(
        lambda o: next_nik(region_code=o.village.district_id, birth_date=o.birth_date, sex=o.sex)
    )
