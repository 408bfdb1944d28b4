import datetime as dt

import factory

from satupintu.bansos.models import FundingSource, Programme, ProgrammeKind, TargetKind


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Program Uji {n}")
    kind = ProgrammeKind.PKH
    source = FundingSource.APBN
    target = TargetKind.FAMILY
    start = dt.date(2026, 1, 1)
    end = dt.date(2026, 12, 31)
