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


def test_refused_bookings_count_against_the_nik_limit(client, rs):
    """The NIK's attempt is counted inside the booking's transaction; a refused booking rolls back and is counted
    again on its own, so refusals cannot be used to probe a NIK past its limit (10 an hour)."""
    nik = next_nik()
    for _ in range(10):
        page = client.post(_book_url(rs), {"session": 999_999, "nik": nik})
        assert page.status_code == 200 and "Pilih salah satu sesi" in page.content.decode()
    page = client.post(_book_url(rs), {"session": rs["sessions"][timezone.localdate().weekday()].pk, "nik": nik})
    assert "Terlalu banyak percobaan" in page.content.decode()
    assert not Ticket.objects.exists()


def test_a_booking_through_the_form_is_one_transaction_of_few_queries(client, rs, monkeypatch,
                                                                        django_assert_max_num_queries):
    """The NIK's counter (two statements); the day's lock row in one statement; seat, NIK limit and number in one;
    the ticket, its audit record, the reminder's outbox row and send task (benchmarks/antrean.py: within 3x of a bare
    insert). The point, its services and sessions, the district of the NIK and the point's closed days come from
    per-process memos."""
    from satupintu.core import ratelimit

    monkeypatch.setattr(ratelimit, "PURGE_CHANCE", 0)
    session = rs["sessions"][timezone.localdate().weekday()]
    client.post(_book_url(rs), {"session": session.pk, "nik": next_nik(), "phone": "0812 3456 7890"})  # warm memos
    with django_assert_max_num_queries(11):
        response = client.post(_book_url(rs), {"session": session.pk, "nik": next_nik(), "phone": "0812 3456 7891"})
    assert response.status_code == 302 and Ticket.objects.count() == 2


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


def test_board_page_is_one_query_and_never_stale(client, rs, poli_officer, django_assert_num_queries):
    """The TV page reads its counters (with the point's name) in one query and renders again only when a number
    changed; the body kept for an unchanged board is reused, a call shows at once."""
    url = reverse("antrean:board", args=[rs["point"].slug])
    poli = rs["counters"]["Poli Anak"]
    first = client.get(url)
    assert first.status_code == 200 and rs["point"].name in first.content.decode()
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    services.walk_in(service=rs["anak"], by=services.kiosk_access(rs["point"]))
    services.call_next(counter=poli, by=poli_officer)
    with django_assert_num_queries(1):
        called = client.get(url).content.decode()
    assert re.search(rf'data-testid="board-{poli.pk}">B-001<', called)
    assert client.get(reverse("antrean:board", args=["tidak-ada"])).status_code == 404


def test_counter_screen_refreshes_its_queue_by_itself(client, rs, poli_officer):
    """The counter's screen polls its waiting list (HTMX, every few seconds): a number checked in at the kiosk
    appears there without the officer reloading; the fragment is the officer's own counters' only."""
    client.force_login(poli_officer)
    poli, farmasi = rs["counters"]["Poli Anak"], rs["counters"]["Farmasi"]
    fragment = reverse("antrean:counter_queue", args=[poli.pk])
    page = client.get(reverse("antrean:counter", args=[poli.pk])).content.decode()
    assert f'hx-get="{fragment}"' in page and 'hx-trigger="every' in page
    assert "B-001" not in client.get(fragment, HTTP_HX_REQUEST="true").content.decode()
    services.walk_in(service=rs["anak"], by=services.kiosk_access(rs["point"]))
    part = client.get(fragment, HTTP_HX_REQUEST="true").content.decode()
    assert "B-001" in part and "<html" not in part and f'hx-get="{fragment}"' in part
    assert client.get(reverse("antrean:counter_queue", args=[farmasi.pk])).status_code == 404
    client.logout()
    assert client.get(fragment).status_code in (302, 403, 404)


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


def test_the_kept_booking_configuration_follows_an_edit_at_once(client, rs):
    """The booking form reads the point, services and sessions from a per-process memo; saving one drops it, so a
    session closed in the admin is refused by the next booking, not a minute later."""
    session = rs["sessions"][timezone.localdate().weekday()]
    first = client.post(_book_url(rs), {"session": session.pk, "nik": next_nik()})
    assert first.status_code == 302
    session.is_active = False
    session.save()
    page = client.post(_book_url(rs), {"session": session.pk, "nik": next_nik()})
    assert page.status_code == 200 and "Tidak ada sesi layanan ini pada hari itu" in page.content.decode()
    assert Ticket.objects.count() == 1
