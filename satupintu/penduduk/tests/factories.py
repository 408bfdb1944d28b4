"""Factories for the register, through the register's services: each family card and resident is written by the
village operator (`family_create`, `resident_create`, audited as in life), and `ResidentFactory(status="moved")`
walks the resident there with `resident_status_change`. NIKs are built from the resident's own facts, so they are
always consistent."""

import datetime as dt
import itertools

import factory

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import actor
from satupintu.core.tests import factories as core_factories
from satupintu.penduduk import services
from satupintu.penduduk.models import Family, MaritalStatus, Religion, Resident, ResidentStatus, Sex
from satupintu.penduduk.nik import build_nik
from satupintu.wilayah.tests.factories import VillageFactory

_serials = itertools.count(1)


def next_nik(*, region_code: str = "12.18.01", birth_date: dt.date = dt.date(1990, 1, 5), sex: str = "L") -> str:
    return build_nik(region_code=region_code, birth_date=birth_date, sex=sex, serial=next(_serials) % 9999 + 1)


def next_kk(region_code: str = "12.18.01") -> str:
    return f"{region_code.replace('.', '')}{next(_serials) % 10**10:010d}"


def _operator(village):
    return actor(Role.VILLAGE_OPERATOR, village=village)


class FamilyFactory(factory.django.DjangoModelFactory):
    """A family card registered by the village's operator (`family_create`)."""

    class Meta:
        model = Family

    village = factory.SubFactory(VillageFactory)
    kk_number = factory.LazyAttribute(lambda o: next_kk(o.village.district_id))
    address = "Jl. Merdeka No. 1"
    rt = "001"
    rw = "002"

    @classmethod
    def _create(cls, model_class, *args, village, **kwargs) -> Family:
        return services.family_create(by=_operator(village), village=village, **kwargs)


# Status -> the steps from registration that reach it.
PATHS: dict[str, list[str]] = {
    ResidentStatus.ACTIVE: [],
    ResidentStatus.MOVED: ["move"],
    ResidentStatus.DECEASED: ["die"],
}


def walk_to(resident: Resident, status: str) -> Resident:
    """Move a registered resident to `status` (active, moved, deceased) as the village operator does."""

    def change(to: str):
        return lambda r: services.resident_status_change(resident=r, by=_operator(r.village), status=to)

    steps = {"move": change(ResidentStatus.MOVED), "die": change(ResidentStatus.DECEASED)}
    return core_factories.walk_to(resident, status, paths=PATHS, steps=steps, current=resident.status)


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident registered by the village's operator (`resident_create`), then moved to `status`. Pass `family`
    (a Family) or `kk_number` to put them on a family card."""

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
    village = factory.SubFactory(VillageFactory)
    nik = factory.LazyAttribute(
        lambda o: next_nik(region_code=o.village.district_id, birth_date=o.birth_date, sex=o.sex)
    )
    status = ResidentStatus.ACTIVE

    @classmethod
    def _create(cls, model_class, *args, status: str = ResidentStatus.ACTIVE, **kwargs) -> Resident:
        if status not in PATHS:
            raise ValueError(f"unknown status {status!r}; a factory can reach: {', '.join(PATHS)}")
        resident = services.resident_create(by=_operator(kwargs["village"]), **kwargs)
        return walk_to(resident, status)
