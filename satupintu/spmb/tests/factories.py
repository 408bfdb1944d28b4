"""Builders for SPMB cases through the real services: a school year open now, schools with domisili areas, children
on the register, and registrations walked to any state (`RegistrationFactory(state="verified")`)."""

from __future__ import annotations

import datetime as dt
import itertools
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.organisasi.models import Agency
from satupintu.penduduk.tests.factories import FamilyFactory, ResidentFactory

from .. import services
from ..models import School, SchoolOperator, SchoolYear, Status, VillageCentre
from ..workflow import ParentAccess

_npsn = itertools.count(10200001)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def school_year(**overrides) -> SchoolYear:
    """A year whose registration is open now; selection may run (verification closed) when `closed=True`."""
    now = timezone.now()
    fields = {
        "name": "2026/2027", "reference_date": dt.date(2026, 7, 1), "registration_opens": now - timedelta(days=1),
        "registration_closes": now + timedelta(days=5), "verification_closes": now + timedelta(days=6),
        "announcement_at": now + timedelta(days=7), "reregistration_closes": now + timedelta(days=10),
        "is_active": True,
    }
    fields.update(overrides)
    return SchoolYear.objects.create(**fields)


def school(village, *, level="smp", lat=3.0, lon=99.0, capacity=10, area=(), name=None) -> School:
    s = School.objects.create(npsn=str(next(_npsn)), name=name or f"{level.upper()} Negeri {next(_npsn) % 100}",
                              level=level, village=village, latitude=lat, longitude=lon, capacity=capacity)
    s.domicile_villages.set(list(area) or [village])
    return s


def village_centre(village, lat=3.01, lon=99.0) -> VillageCentre:
    return VillageCentre.objects.create(village=village, latitude=lat, longitude=lon)


def child(village, *, birth_date=dt.date(2013, 3, 1), name="Ani Lestari"):
    family = FamilyFactory(village=village)
    return ResidentFactory(village=village, family=family, birth_date=birth_date, name=name, sex="P",
                           marital_status="belum_kawin", family_relation="anak", occupation="Pelajar/Mahasiswa")


def education_officer():
    disdik, _ = Agency.objects.get_or_create(slug="disdik", defaults={
        "name": "Dinas Pendidikan", "short_name": "Disdik", "kind": Agency.Kind.DINAS})
    return UserFactory(username=f"disdik_{next(_npsn)}", role=Role.EDUCATION_OFFICER, agency=disdik)


def school_operator(for_school: School):
    user = UserFactory(username=f"op_{for_school.npsn}", role=Role.SCHOOL_OPERATOR)
    SchoolOperator.objects.create(user=user, school=for_school)
    return user


def registration_input(schools, *, level="smp", track="domisili", lat=3.001, lon=99.0, **kw):
    data = {"level": level, "track": track, "schools": list(schools), "parent_name": "Siti Aminah",
            "parent_phone": "081234567890", "kk_since": dt.date(2020, 1, 10), "latitude": lat, "longitude": lon}
    data.update(kw)
    return services.RegistrationInput(**data)


def upload(name="kk.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def register(year, kid, schools, *, state=Status.DRAFT, by=None, **kw):
    """A registration of `kid`, walked to `state` through the services (draft, submitted, returned, verified)."""
    reg = services.registration_create(year=year, child=kid, data=registration_input(schools, **kw))
    if state == Status.DRAFT:
        return reg
    parent = ParentAccess(reg.pk)
    for kind in services.required_documents(reg):
        services.document_add(registration=reg, by=parent, kind=kind, upload=upload(f"{kind}.png"))
    services.registration_submit(registration=reg, by=parent)
    if state == Status.SUBMITTED:
        return reg
    verifier = by or education_officer()
    if state == Status.RETURNED:
        return services.registration_return(registration=reg, by=verifier, reason="KK buram")
    if state == Status.VERIFIED:
        return services.registration_verify(registration=reg, by=verifier)
    raise ValueError(state)


__all__ = ["Decimal", "register", "school", "school_year"]
