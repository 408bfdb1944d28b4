"""Extra days off as the administrator enters them in the back office (a Holiday row is the whole write: the
calendar's cache is cleared by the model's signal)."""

import datetime as dt

import factory

from satupintu.kalender.models import Holiday


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: dt.date(2026, 12, 24) + dt.timedelta(days=n))
    name = "Cuti bersama Natal"
    kind = Holiday.Kind.CUTI_BERSAMA
    legal_basis = "SKB 3 Menteri 2026"
