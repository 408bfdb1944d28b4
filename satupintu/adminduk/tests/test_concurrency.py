"""The baby's NIK under concurrent registrations: 20 registrars registering at the same moment, same district, same
birth date, get 20 distinct NIKs that `parse_nik` accepts with the right sex and date. Needs PostgreSQL row locks
(SQLite serialises every write, so there is nothing to race)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone
from lokal import nik as lokal_nik

from satupintu.adminduk import numbering, services
from satupintu.adminduk.models import BirthRegistration
from satupintu.penduduk.models import Resident
from satupintu.penduduk.nik import build_nik, parse_nik

from .factories import birth_input

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 20


def _race(work) -> list:
    barrier, errors = threading.Barrier(WORKERS), []

    def run(i):
        try:
            barrier.wait()
            work(i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_twenty_concurrent_registrations_get_twenty_distinct_valid_niks(bidan, facility, verifier, registrar, family):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    born = timezone.localdate() - dt.timedelta(days=1)
    births = []
    for i in range(WORKERS):
        # Twenty mothers (not in the register: the KK is what registration needs), babies of both sexes.
        mother = build_nik(region_code="12.18.01", birth_date=dt.date(1996, 3, 1), sex="P", serial=100 + i)
        birth = services.birth_declare(by=bidan, facility=facility, data=birth_input(
            mother_nik=mother, mother_name=f"Ibu {i}", child_name=f"Bayi {i}", child_sex="LP"[i % 2], birth_date=born))
        services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
        births.append(birth)

    errors = _race(lambda i: services.birth_register(registration=births[i], by=registrar))

    assert errors == []
    registered = list(BirthRegistration.objects.filter(status="registered"))
    niks = [b.child_nik for b in registered]
    assert len(registered) == WORKERS and len(set(niks)) == WORKERS
    for b in registered:
        info = parse_nik(b.child_nik)
        assert (info.sex, info.birth_date, info.region_code) == (b.child_sex, born, "12.18.01")
        lokal = lokal_nik.parse_nik(b.child_nik)
        assert lokal.valid and (lokal.gender, lokal.birth_date) == (b.child_sex, born.isoformat())
    assert sorted(int(n[12:]) for n in niks) == list(range(1, WORKERS + 1))
    assert len({b.certificate_number for b in registered}) == WORKERS
    assert Resident.objects.filter(nik__in=niks, family=family).count() == WORKERS


def test_the_counter_alone_under_twenty_threads_never_repeats_a_serial(regency):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    born, found = dt.date(2026, 2, 3), []

    def draw(i):
        with transaction.atomic():  # the counter row is new: all twenty race to create it
            found.append(numbering.next_nik(district_code="12.18.02", birth_date=born, sex="LP"[i % 2]))

    assert _race(draw) == []
    assert len(set(found)) == WORKERS
    assert sorted(int(n[12:]) for n in found) == list(range(1, WORKERS + 1))
