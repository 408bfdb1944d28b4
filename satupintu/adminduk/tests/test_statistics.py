"""The statistics: per month, district and facility — registered, share within 60 days, share handed over before
discharge (the recorded discharge time, else the day of the declaration), median hours birth -> hand-over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from satupintu.adminduk import selectors, services
from satupintu.adminduk.models import BirthRegistration

from .factories import birth_input

pytestmark = pytest.mark.django_db


def test_before_discharge_rule():
    tz = timezone.get_current_timezone()
    declared = dt.datetime(2026, 11, 27, 9, 0, tzinfo=tz)
    same_day = dt.datetime(2026, 11, 27, 20, 0, tzinfo=tz)
    next_day = dt.datetime(2026, 11, 28, 8, 0, tzinfo=tz)
    assert selectors.before_discharge(handed_over_at=same_day, discharge_at=None, declared_at=declared)
    assert not selectors.before_discharge(handed_over_at=next_day, discharge_at=None, declared_at=declared)
    assert selectors.before_discharge(handed_over_at=next_day, discharge_at=next_day + dt.timedelta(hours=2),
                                      declared_at=declared)
    assert not selectors.before_discharge(handed_over_at=same_day, discharge_at=same_day - dt.timedelta(hours=1),
                                          declared_at=declared)
    assert not selectors.before_discharge(handed_over_at=None, discharge_at=None, declared_at=declared)


def test_birth_figures_by_facility_and_district(bidan, facility, verifier, registrar, family):
    today = timezone.localdate()
    late_born = today - dt.timedelta(days=70)
    made = []
    for order, born in ((1, today - dt.timedelta(days=1)), (1, late_born)):
        birth = services.birth_declare(by=bidan, data=birth_input(birth_date=born, birth_order=order), facility=facility)
        services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
        made.append(services.birth_register(registration=birth, by=registrar))
    services.registration_hand_over(registration=made[0], by=bidan, received_by="Ibu")
    # Fix the times so the medians are known: born yesterday 08:15, handed over 30 hours later.
    tz = timezone.get_current_timezone()
    born_at = dt.datetime.combine(made[0].birth_date, dt.time(8, 15), tzinfo=tz)
    BirthRegistration.objects.filter(pk=made[0].pk).update(
        handed_over_at=born_at + dt.timedelta(hours=30), declared_at=born_at + dt.timedelta(hours=29))

    (row,) = selectors.birth_statistics(year=today.year, by="facility")
    assert (row.label, row.registered, row.on_time, row.handed_over) == ("Puskesmas Kotarih", 2, 1, 1)
    assert row.on_time_share == "50%" and row.before_discharge_share == "50%"
    assert row.median_event_hours == "30.0" and row.median_declared_hours == "1.0"
    (district,) = selectors.birth_statistics(year=today.year, by="district")
    assert district.label == "Kotarih" and district.registered == 2
    assert sum(r.registered for r in selectors.birth_statistics(year=today.year, by="month")) == 2
    assert selectors.birth_statistics(year=today.year - 1) == []
