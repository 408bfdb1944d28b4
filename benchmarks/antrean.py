"""Benchmark of the queue service (issue 21).

    .venv/bin/python benchmarks/antrean.py            # 1,000 bookings, 40 calls, 300 board requests
    .venv/bin/python benchmarks/antrean.py --quick    # 300 bookings, 15 calls, 200 board requests
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench_antrean .venv/bin/python benchmarks/antrean.py

Database: SQLite file var/bench/antrean.sqlite3 (recreated each run) or the PostgreSQL database DATABASE_URL names
(created when missing; its queue tables are emptied). A hospital with one clinic of 40 sessions a day (quota 50 each,
like a real clinic's doctors), the registration desk, and a second point with 100 counters for the board.

Measured:
1. Bookings per second through the real web form (POST /antrean/<point>/pesan/: form, NIK check, rate-limit counter,
   booking_create: the day's lock row FOR UPDATE, seat count, NIK limit, free seat, next number, insert, audit record,
   outbox row; redirect) against a bare view in the same server and run that inserts one Ticket row and returns 200.
   Both through a real server: gunicorn (2 sync workers) and an HTTP client with keep-alive. Target: within 3x.
2. Call-to-board delay: an officer signed in through the real form POSTs "call next" at a counter; a polling client
   (what the board's JavaScript does: GET data.json every second with If-None-Match, 304 while unchanged) notes when
   the called number appears. Delay = that moment - the moment the POST was sent; p50/p95. Target p95 < 2 s.
3. The display board with 100 counters (every one showing a number): GET of the board page and of its JSON, and the
   JSON answered 304, through Django's test Client in this process; p50/p95. Target p95 < 20 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import ensure_postgres_database, percentile  # benchmarks/common.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "antrean.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

urlpatterns: list = []
PASSWORD = "bench-antrean-123"


def bare_insert(request):
    """One Ticket row, no checks, no lock, no audit, no outbox: the floor a booking is compared with."""
    from django.http import HttpResponse

    from satupintu.antrean.models import Service, Source, Ticket

    service = Service.objects.get(letter="Z", point__slug="rsud-bench")
    Ticket.objects.create(point_id=service.point_id, first_service=service, service=service,
                          date=dt.date.fromisoformat(request.POST["tanggal"]), letter="Z",
                          number=int(request.POST["i"]), source=Source.BOOKING, status="booked",
                          nik=request.POST.get("nik", ""), phone=request.POST.get("phone", ""))
    return HttpResponse("ok")


_wsgi = None


def application(environ, start_response):
    global _wsgi
    if _wsgi is None:
        setup(fresh=False, migrate=False)
        from django.core.wsgi import get_wsgi_application

        _wsgi = get_wsgi_application()
    return _wsgi(environ, start_response)


def setup(fresh: bool, migrate: bool = True) -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///") and fresh:
        target = url[len("sqlite:///"):]
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import include, path

    if migrate:
        call_command("migrate", verbosity=0)
    urlpatterns[:] = [path("bare/", bare_insert), path("", include("satupintu.config.urls"))]
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["*"]


def open_day() -> dt.date:
    from satupintu.kalender.services import is_holiday

    day = dt.date.today() + dt.timedelta(days=1)
    while is_holiday(day):
        day += dt.timedelta(days=1)
    return day


def build() -> dict:
    """The points, sessions, counters and the officer (the queue tables emptied first)."""
    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.antrean.models import (
        Counter,
        CounterMembership,
        DayLock,
        PointKind,
        Service,
        ServicePoint,
        Session,
        Stage,
        Ticket,
    )
    from satupintu.core.models import AuditEvent
    from satupintu.notifikasi.models.outbox import OutboxMessage
    from satupintu.organisasi.models import Agency
    from satupintu.wilayah.models import District, Province, Regency

    Counter.objects.update(current_ticket=None)
    Stage.objects.all().delete()
    Ticket.objects.all().delete()
    DayLock.objects.all().delete()
    ServicePoint.objects.filter(slug__in=["rsud-bench", "mpp-bench"]).delete()
    AuditEvent.objects.filter(action__startswith="antrean.").delete()
    OutboxMessage.objects.filter(event__startswith="antrean.").delete()
    province = Province.objects.get_or_create(code="12", defaults={"name": "Sumatera Utara"})[0]
    regency = Regency.objects.get_or_create(code="12.18", defaults={"province": province, "name": "Serdang Bedagai"})[0]
    District.objects.get_or_create(code="12.18.01", defaults={"regency": regency, "name": "Kotarih"})
    agency = Agency.objects.get_or_create(slug="rsud-bench", defaults={
        "name": "RSUD Bench", "short_name": "RSUD Bench", "kind": Agency.Kind.RSUD})[0]
    point = ServicePoint.objects.create(name="RSUD Bench", slug="rsud-bench", kind=PointKind.HOSPITAL, agency=agency)
    clinic = Service.objects.create(point=point, name="Poli Umum", letter="B", minutes_per_visit=5)
    Service.objects.create(point=point, name="Bare", letter="Z")
    reg = Service.objects.create(point=point, name="Pendaftaran", letter="A", bookable=False)
    for weekday in range(7):
        Session.objects.bulk_create([
            Session(service=clinic, weekday=weekday, starts=dt.time(h // 6 + 7, (h % 6) * 10),
                    ends=dt.time(h // 6 + 7, (h % 6) * 10 + 9), quota=50) for h in range(40)])
    desk = Counter.objects.create(point=point, name="Loket 1", spoken_name="loket 1")
    desk.services.add(reg)
    officer = User.objects.filter(username="bench_loket").first() or User(username="bench_loket",
                                                                          role=Role.QUEUE_OFFICER)
    officer.role = Role.QUEUE_OFFICER
    officer.set_password(PASSWORD)
    officer.save()
    CounterMembership.objects.get_or_create(user=officer, counter=desk)
    hall = ServicePoint.objects.create(name="MPP Bench", slug="mpp-bench", kind=PointKind.HALL, agency=agency)
    svc = Service.objects.create(point=hall, name="Layanan", letter="A")
    counters = Counter.objects.bulk_create([Counter(point=hall, name=f"Loket {i + 1}", order=i,
                                                    current_label=f"A-{i + 1:03d}", call_seq=i + 1)
                                            for i in range(100)])
    Counter.services.through.objects.bulk_create([Counter.services.through(counter_id=c.pk, service_id=svc.pk)
                                                  for c in counters])
    return {"point": point, "clinic": clinic, "reg": reg, "desk": desk, "hall": hall}


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t0)
    return out


def server(port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--chdir", str(ROOT), "--pythonpath",
         str(ROOT / "benchmarks"), "-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning",
         "antrean:application"], env=env)


def bench_bookings(client, world: dict, n: int) -> dict:
    from satupintu.antrean.models import Session, Ticket
    from satupintu.penduduk.nik import build_nik

    day = open_day()
    point, clinic = world["point"], world["clinic"]
    url = f"/antrean/{point.slug}/pesan/?layanan={clinic.pk}&tanggal={day:%Y-%m-%d}"
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    sessions = list(Session.objects.filter(service=clinic, weekday=day.weekday()).values_list("pk", flat=True))

    def nik(i):
        return build_nik(region_code="12.18.01", birth_date=dt.date(1980 + i % 30, 1 + i % 12, 1 + i % 28),
                         sex="LP"[i % 2], serial=i // 360 + 1)

    def book(i):
        r = client.post(url, data={"csrfmiddlewaretoken": token, "session": sessions[i % len(sessions)],
                                   "nik": nik(i), "phone": f"0813{4000000 + i:07d}"})
        assert r.status_code == 302, (r.status_code, re.findall(r'role="alert"[^>]*>(.*?)</', r.text, re.S))
        # Each booking is another citizen's phone, whose next page shows (and so clears) the "booked" message. One
        # client that never reads them would pile them up in its messages cookie, then in a session row.
        client.cookies.delete("messages")

    def bare(i):
        r = client.post("/bare/", data={"csrfmiddlewaretoken": token, "i": i + 1, "tanggal": f"{day:%Y-%m-%d}",
                                        "nik": nik(50_000 + i), "phone": f"0813{4000000 + i:07d}"})
        assert r.status_code == 200, r.status_code

    t_book, t_bare, rounds = [], [], 5
    for r in range(rounds):
        t_bare += timed(lambda i, r=r: bare(r * (n // rounds) + i), n // rounds)
        t_book += timed(lambda i, r=r: book(r * (n // rounds) + i), n // rounds)
    made = Ticket.objects.filter(first_service=clinic, date=day).count()
    assert made == len(t_book), (made, len(t_book))
    return {"book_rps": len(t_book) / sum(t_book), "bare_rps": len(t_bare) / sum(t_bare),
            "ratio": sum(t_book) / sum(t_bare), "book_p95": percentile(t_book, 95) * 1000}


def bench_board_delay(base: str, world: dict, calls: int) -> dict:
    import httpx

    from satupintu.antrean import services
    from satupintu.antrean.models import Service

    reg = Service.objects.get(pk=world["reg"].pk)
    kiosk = services.kiosk_access(world["point"])
    for _ in range(calls):
        services.walk_in(service=reg, by=kiosk)
    desk = world["desk"]
    seen: dict[int, float] = {}
    stop = threading.Event()

    def poll():
        etag, last = "", 0
        with httpx.Client(base_url=base, timeout=10) as c:
            while not stop.is_set():
                r = c.get(f"/antrean/{world['point'].slug}/layar/data.json",
                          headers={"If-None-Match": etag} if etag else {})
                if r.status_code == 200:
                    etag = r.headers["ETag"]
                    row = next(x for x in r.json()["counters"] if x["id"] == desk.pk)
                    if row["seq"] > last:
                        last = row["seq"]
                        seen.setdefault(last, time.perf_counter())
                stop.wait(1.0)

    with httpx.Client(base_url=base, timeout=30) as officer:
        page = officer.get("/akun/masuk/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        r = officer.post("/akun/masuk/", data={"csrfmiddlewaretoken": token, "username": "bench_loket",
                                               "password": PASSWORD})
        assert r.status_code == 302, r.status_code
        token = officer.cookies.get("csrftoken")
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        time.sleep(1.5)
        delays = []
        for k in range(calls):
            seq = k + 1
            t0 = time.perf_counter()
            r = officer.post(f"/antrean/loket/{desk.pk}/call/", data={"csrfmiddlewaretoken": token})
            assert r.status_code == 302, r.status_code
            deadline = t0 + 10
            while seq not in seen and time.perf_counter() < deadline:
                time.sleep(0.005)
            delays.append(seen.get(seq, deadline) - t0)
            officer.post(f"/antrean/loket/{desk.pk}/skip/", data={"csrfmiddlewaretoken": token})
            time.sleep(0.37 * (k % 3))  # calls fall at different moments of the poll cycle
        stop.set()
        poller.join()
    return {"p50": percentile(delays, 50), "p95": percentile(delays, 95), "max": max(delays)}


def bench_board_page(world: dict, n: int) -> dict:
    from django.test import Client

    client = Client()
    slug = world["hall"].slug
    for _ in range(10):
        client.get(f"/antrean/{slug}/layar/")
    page = timed(lambda i: client.get(f"/antrean/{slug}/layar/"), n)
    json_times = timed(lambda i: client.get(f"/antrean/{slug}/layar/data.json"), n)
    etag = client.get(f"/antrean/{slug}/layar/data.json")["ETag"]
    r = client.get(f"/antrean/{slug}/layar/data.json", HTTP_IF_NONE_MATCH=etag)
    assert r.status_code == 304
    not_modified = timed(lambda i: client.get(f"/antrean/{slug}/layar/data.json", HTTP_IF_NONE_MATCH=etag), n)
    body = client.get(f"/antrean/{slug}/layar/").content.decode()
    assert body.count("A-1") >= 1 and "Loket 100" in body
    return {name: (percentile(t, 50) * 1000, percentile(t, 95) * 1000)
            for name, t in (("page", page), ("json", json_times), ("json_304", not_modified))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_book, n_calls, n_board = (300, 15, 200) if args.quick else (1000, 40, 300)
    setup(fresh=True)
    import httpx

    world = build()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(300):
                try:
                    client.get("/antrean/")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            booking = bench_bookings(client, world, n_book)
        delay = bench_board_delay(base, world, n_calls)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    board = bench_board_page(world, n_board)
    from django.db import connection

    def ok(flag):
        return "OK" if flag else "MISSED"

    print(f"antrean benchmark on {connection.vendor} ({'quick' if args.quick else 'full'} run)")
    print(f"{'bookings via web form (requests/s)':<46}{booking['book_rps']:>12.1f}   (p95 {booking['book_p95']:.1f} ms)")
    print(f"{'bare insert view (requests/s)':<46}{booking['bare_rps']:>12.1f}")
    print(f"{'booking time / bare insert time':<46}{booking['ratio']:>11.2f}x   <= 3x {ok(booking['ratio'] <= 3)}")
    print(f"{'call -> board delay p50 / p95 / max (s)':<46}{delay['p50']:>8.2f} / {delay['p95']:.2f} / {delay['max']:.2f}"
          f"   p95 < 2 s {ok(delay['p95'] < 2)}")
    for name, label in (("page", "board page, 100 counters"), ("json", "board JSON, 100 counters"),
                        ("json_304", "board JSON answered 304")):
        p50, p95 = board[name]
        print(f"{label + ' p50 / p95 (ms)':<46}{p50:>8.2f} / {p95:.2f}   p95 < 20 ms {ok(p95 < 20)}")


if __name__ == "__main__":
    main()
