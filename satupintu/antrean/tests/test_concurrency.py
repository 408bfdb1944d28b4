"""200 people book the last 50 seats at the same moment (threads on PostgreSQL): exactly 50 tickets, 150 clear
refusals, seats 1..50 and numbers 1..50 each once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from satupintu.penduduk.tests.factories import next_nik

from .. import services
from ..models import Ticket
from .factories import hospital

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 40  # connections at once (the server allows 100 and others share it); each books 5 in a row


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_200_concurrent_bookings_for_50_seats(regency):
    h = hospital(quota=50)
    day = timezone.localdate()
    session = h["sessions"][day.weekday()]
    niks = [next_nik() for _ in range(200)]
    start = threading.Barrier(THREADS)
    results: list = []
    lock = threading.Lock()

    def worker(chunk):
        try:
            start.wait()
            for nik in chunk:
                try:
                    services.booking_create(service=h["anak"], session=session, day=day, nik=nik)
                    outcome = "ok"
                except ValidationError as exc:
                    outcome = exc.code
                with lock:
                    results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(niks[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 50
    assert results.count("full") == 150
    tickets = Ticket.objects.filter(session=session, date=day)
    assert sorted(tickets.values_list("seat", flat=True)) == list(range(1, 51))
    assert sorted(tickets.values_list("number", flat=True)) == list(range(1, 51))
