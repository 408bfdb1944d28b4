"""The pages: booking on a phone (NIK only POSTed), the secret link, the kiosk, the board's JSON (ETag/304), the
counter's screen (404 outside the officer's counters), the figures, and nothing private on public pages."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from satupintu.penduduk.tests.factories import next_nik

from .. import services
from ..models import Ticket, TicketStatus
from .factories import book

pytestmark = pytest.mark.django_db


def _book_url(rs, day=None):
    day = day or timezone.localdate()
    return f"{reverse('antrean:book', args=[rs['point'].slug])}?layanan={rs['anak'].pk}&tanggal={day:%Y-%m-%d}"


def test_booking_through_the_form_keeps_the_nik_out_of_urls_and_pages(client, rs):
    nik = next_nik()
    page = client.get(_book_url(rs))
    assert page.status_code == 200 and b"dr. Ani" in page.content and b"sisa 5 kursi" in page.content
    session = rs["sessions"][timezone.localdate().weekday()]
    response = client.post(_book_url(rs), {"session": session.pk, "nik": nik, "phone": "0812 3456 7890",
                                           "jkn_number": "0001234567890"})
    assert response.status_code == 302
    t = Ticket.objects.get()
    assert response.url == reverse("antrean:ticket", args=[t.secret]) and nik not in response.url
    page = client.get(response.url)
    assert page.status_code == 200 and t.code.encode() in page.content and b"B-001" in page.content
    assert nik.encode() not in page.content and b"3456" not in page.content
    assert t.jkn_number == "0001234567890"


def test_a_refused_booking_shows_the_reason_and_creates_nothing(client, rs):
    nik = next_nik()
    book(rs, nik=nik)
    session = rs["sessions"][timezone.localdate().weekday()]
    page = client.post(_book_url(rs), {"session": session.pk, "nik": nik})
    assert page.status_code == 200 and "batasnya 1 per hari" in page.content.decode()
    assert Ticket.objects.count() == 1
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = client.get(_book_url(rs, yesterday))
    assert "sudah lewat" in page.content.decode()


def test_cancel_and_move_from_the_secret_link(client, rs):
    t = book(rs)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.get(reverse("antrean:ticket", args=[t.secret]), {"tanggal": tomorrow.isoformat()})
    assert b"sisa 5 kursi" in page.content
    client.post(reverse("antrean:ticket_move", args=[t.secret]),
                {"tanggal": tomorrow.isoformat(), "session": rs["sessions"][tomorrow.weekday()].pk})
    t.refresh_from_db()
    assert t.date == tomorrow
    client.post(reverse("antrean:ticket_cancel", args=[t.secret]))
    t.refresh_from_db()
    assert t.status == TicketStatus.CANCELLED
    assert client.get(reverse("antrean:ticket", args=["nope"])).status_code == 404


def test_kiosk_checks_in_by_nik_and_prints_without_code_in_the_url(client, rs):
    nik = next_nik()
    t = book(rs, nik=nik)
    response = client.post(reverse("antrean:kiosk_check_in", args=[rs["point"].slug]), {"value": nik})
    assert response.status_code == 302 and "cari=" in response.url and t.code not in response.url
    page = client.get(response.url)
    assert b"B-001" in page.content and b"80mm" not in page.content  # the @page rule is in the static CSS
    t.refresh_from_db()
    assert t.status == TicketStatus.WAITING
    again = client.post(reverse("antrean:kiosk_check_in", args=[rs["point"].slug]), {"value": "ANT-0000-0000"})
    assert "tidak ditemukan" in again.content.decode()
    walk = client.post(reverse("antrean:kiosk_walk_in", args=[rs["point"].slug]), {"service": rs["reg"].pk})
    assert client.get(walk.url).content.count(b"A-001") >= 1


def test_board_json_shows_numbers_only_and_answers_304_when_unchanged(client, rs, poli_officer):
    nik = next_nik()
    t = book(rs, nik=nik)
    services.check_in(ticket=t, by=services.kiosk_access(rs["point"]))
    url = reverse("antrean:board_data", args=[rs["point"].slug])
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.call_next(counter=rs["counters"]["Poli Anak"], by=poli_officer)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    row = next(c for c in changed.json()["counters"] if c["counter"] == "Poli Anak")
    assert row["number"] == "B-001" and row["seq"] == 1
    for name in ("antrean:board", "antrean:waiting", "antrean:board_data"):
        body = client.get(reverse(name, args=[rs["point"].slug])).content.decode()
        assert nik not in body and not re.search(r"\d{16}", body) and "62812" not in body
        assert poli_officer.first_name not in body


def test_counter_screen_is_the_officers_own(client, rs, poli_officer):
    client.force_login(poli_officer)
    poli, farmasi = rs["counters"]["Poli Anak"], rs["counters"]["Farmasi"]
    assert client.get(reverse("antrean:counter", args=[poli.pk])).status_code == 200
    assert client.get(reverse("antrean:counter", args=[farmasi.pk])).status_code == 404
    assert client.post(reverse("antrean:counter_act", args=[farmasi.pk, "call"])).status_code == 404
    services.walk_in(service=rs["anak"], by=services.kiosk_access(rs["point"]))
    client.post(reverse("antrean:counter_act", args=[poli.pk, "call"]))
    page = client.get(reverse("antrean:counter", args=[poli.pk]))
    assert b"B-001" in page.content and b'data-testid="serve"' in page.content
    client.post(reverse("antrean:counter_act", args=[poli.pk, "serve"]))
    client.post(reverse("antrean:counter_act", args=[poli.pk, "pass_on"]), {"to": rs["pharmacy"].pk})
    assert Ticket.objects.get().service == rs["pharmacy"]
    assert client.get(reverse("antrean:stats")).status_code == 403


def test_figures_for_the_manager_and_the_public_waiting_page(client, rs, poli_officer, queue_manager):
    poli = rs["counters"]["Poli Anak"]
    booked = book(rs)
    services.check_in(ticket=booked, by=services.kiosk_access(rs["point"]))
    services.walk_in(service=rs["anak"], by=services.kiosk_access(rs["point"]))
    services.call_next(counter=poli, by=poli_officer)
    services.serve(counter=poli, by=poli_officer)
    services.finish(counter=poli, by=poli_officer)
    services.call_next(counter=poli, by=poli_officer)
    services.skip(counter=poli, by=poli_officer)
    from ..selectors import figures

    today = timezone.localdate()
    row = next(r for r in figures(rs["point"], today, today) if r.service == rs["anak"])
    assert (row.visits, row.booked, row.walk_ins, row.no_shows) == (2, 1, 1, 1)
    assert row.waiting_p50 is not None and row.service_p90 is not None
    client.force_login(queue_manager)
    page = client.get(reverse("antrean:stats"))
    assert page.status_code == 200 and b"Poli Anak" in page.content
    client.logout()
    assert client.get(reverse("antrean:waiting", args=[rs["point"].slug])).status_code == 200


def test_kiosk_check_ins_are_rate_limited_per_address(client, rs, monkeypatch):
    from .. import views

    monkeypatch.setattr(views, "KIOSK_LIMIT", 2)
    url = reverse("antrean:kiosk_check_in", args=[rs["point"].slug])
    for _ in range(2):
        assert "tidak ditemukan" in client.post(url, {"value": next_nik()}).content.decode()
    t = book(rs)
    page = client.post(url, {"value": t.code}).content.decode()
    assert "Terlalu banyak percobaan" in page
    t.refresh_from_db()
    assert t.status == TicketStatus.BOOKED
