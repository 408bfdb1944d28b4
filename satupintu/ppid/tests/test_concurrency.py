"""Registration numbers under concurrency: the per-year counter row is locked (SELECT ... FOR UPDATE), so parallel
submissions get consecutive numbers, none twice, none skipped. Needs PostgreSQL (SQLite serialises all writes)."""

import threading

import pytest
from django.db import connection, connections

from satupintu.ppid import services
from satupintu.ppid.models import InfoRequest

from .conftest import request_input

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_submissions_get_distinct_consecutive_numbers(regency, agencies):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    workers, errors = 8, []
    barrier = threading.Barrier(workers)

    def submit():
        try:
            barrier.wait()
            services.info_request_submit(data=request_input())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sequences = sorted(int(n.rsplit("/", 1)[1]) for n in InfoRequest.objects.values_list("number", flat=True))
    assert sequences == list(range(1, workers + 1))
