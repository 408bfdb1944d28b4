"""PPID test helpers: a clock that services read through `timezone.now()`, and requests built through services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from satupintu.akun.roles import Role
from satupintu.ppid import services
from satupintu.ppid.models import AccessMode, CopyFormat, Delivery, IdKind

JAKARTA = ZoneInfo("Asia/Jakarta")
# A NIK registered in Kotarih (12.18.01), a woman born 15 May 1990 (day + 40 = 55), serial 0001.
NIK = "1218015505900001"
PHONE = "081298765432"
EMAIL = "siti.pemohon@example.id"


class Clock:
    def __init__(self, monkeypatch):
        self._monkeypatch = monkeypatch
        self.today: dt.date | None = None

    def set(self, day: dt.date, hour: int = 10) -> None:
        self.today = day
        moment = dt.datetime.combine(day, dt.time(hour), tzinfo=JAKARTA)
        self._monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def ppid_users(users, agencies):
    """The shared users plus a PPID officer of Dinas Kesehatan (another PPID Pelaksana)."""
    from satupintu.akun.tests.factories import UserFactory

    return {**users, "ppid_dinkes": UserFactory(username="ppid_dinkes", role=Role.PPID_OFFICER,
                                                agency=agencies["dinkes"])}


def request_input(**overrides) -> services.RequestInput:
    values = dict(
        requester_name="Siti Aminah", id_kind=IdKind.NIK, id_number=NIK, address="Dusun II, Desa Sialtong",
        phone=PHONE, email=EMAIL, occupation="Wiraswasta",
        information="Dokumen kontrak pembangunan jalan Kotarih 2025", purpose="Pengawasan pembangunan desa",
        access_mode=AccessMode.COPY, copy_format=CopyFormat.SOFTCOPY, delivery=Delivery.EMAIL,
    )
    values.update(overrides)
    return services.RequestInput(**values)


@pytest.fixture
def make_request(regency, agencies):
    def make(**overrides):
        return services.info_request_submit(data=request_input(**overrides))

    return make
