"""A hospital (registration, two clinics with doctors, the pharmacy) and a service hall for the tests; bookings and
walk-ins are made through the services, as citizens make them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.organisasi.models import Agency
from satupintu.organisasi.tests.factories import AgencyFactory
from satupintu.penduduk.tests.factories import next_nik

from .. import services
from ..models import (
    Counter,
    CounterMembership,
    Doctor,
    PointKind,
    Service,
    ServiceKind,
    ServicePoint,
    Session,
)


def hospital(*, quota: int = 5, limit: int = 1) -> dict:
    """RSUD with registration (A), Poli Anak (B, dr. Ani), Poli Dalam (C), pharmacy (F); sessions every day of the
    week 00.00-23.59 (so a test never depends on the hour), and counters: Loket 1 (registration), Poli Anak, Farmasi."""
    agency = AgencyFactory(short_name="RSUD", kind=Agency.Kind.RSUD)
    point = ServicePoint.objects.create(name="RSUD Uji", slug="rsud-uji", kind=PointKind.HOSPITAL, agency=agency,
                                        booking_days_ahead=14, nik_daily_limit=limit)
    pharmacy = Service.objects.create(point=point, name="Farmasi", kind=ServiceKind.PHARMACY, letter="F",
                                      bookable=False, order=9)
    anak = Service.objects.create(point=point, name="Poli Anak", kind=ServiceKind.CLINIC, letter="B",
                                  minutes_per_visit=15, next_service=pharmacy, order=2)
    dalam = Service.objects.create(point=point, name="Poli Penyakit Dalam", kind=ServiceKind.CLINIC, letter="C",
                                   next_service=pharmacy, order=3)
    reg = Service.objects.create(point=point, name="Pendaftaran", kind=ServiceKind.REGISTRATION, letter="A",
                                 bookable=False, next_service=anak, order=1)
    ani = Doctor.objects.create(service=anak, name="dr. Ani, Sp.A")
    sessions = {}
    for weekday in range(7):
        sessions[weekday] = Session.objects.create(service=anak, doctor=ani, weekday=weekday, starts=dt.time(0, 0),
                                                   ends=dt.time(23, 59), quota=quota)
        Session.objects.create(service=dalam, weekday=weekday, starts=dt.time(0, 0), ends=dt.time(23, 59), quota=quota)
    counters = {}
    for name, svc in (("Loket 1", reg), ("Poli Anak", anak), ("Farmasi", pharmacy)):
        c = Counter.objects.create(point=point, name=name, spoken_name=name.lower())
        c.services.add(svc)
        counters[name] = c
    return {"point": point, "agency": agency, "anak": anak, "dalam": dalam, "reg": reg, "pharmacy": pharmacy,
            "ani": ani, "sessions": sessions, "counters": counters}


def officer(counter: Counter, username: str = "petugas_loket"):
    user = UserFactory(username=username, role=Role.QUEUE_OFFICER)
    CounterMembership.objects.get_or_create(user=user, counter=counter)
    return user


def manager(agency, username: str = "pengelola_antrean"):
    return UserFactory(username=username, role=Role.QUEUE_MANAGER, agency=agency)


def book(h: dict, *, day: dt.date | None = None, nik: str | None = None, phone: str = "081234567890"):
    day = day or timezone.localdate()
    return services.booking_create(service=h["anak"], session=h["sessions"][day.weekday()], day=day,
                                   nik=nik or next_nik(), phone=phone)
