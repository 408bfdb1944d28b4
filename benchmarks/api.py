"""Benchmark of the machine interfaces (issue 18) with a million reports in the database.

    .venv/bin/python benchmarks/api.py --fill-only  # build the 1,000,000 reports once (SQLite ~10-15 min loaded)
    .venv/bin/python benchmarks/api.py              # measure (tops up to 1,000,000 first if needed)
    .venv/bin/python benchmarks/api.py --quick      # 20,000 reports (smoke run)
    .venv/bin/python benchmarks/api.py --reports 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench_api .venv/bin/python benchmarks/api.py

The data is benchmarks/aduan.py's (same regions, agencies, categories and mix of states: most closed, 5 %
confidential, 10 % anonymous, a 100,000-report timeline sample), written by fast_fill below as plain rows (COPY on
PostgreSQL, executemany in 50,000-row transactions on SQLite) with the list indexes dropped during the load and built
once after it; in its own file var/bench/api.sqlite3 (kept between runs; --fresh recreates it) or the PostgreSQL
database of DATABASE_URL. A run with the database already full only measures.

Measured through Django's test Client in this process (full middleware, URL routing, key check and rate limiter,
serialisation), with a partner key whose limit is lifted for the run:
1. Open311 `GET requests.json`: no filter, status open/closed, a service_code, a 30-day window, page_size 100 (the most),
   a list of ids: p50/p95. Target p95 < 50 ms.
2. REST `GET /api/v1/aduan` with filters and the next pages by cursor: p50/p95 (no target; same reads).
3. Open311 `GET requests/<id>.json` of random reports: p50/p95.
4. Open311 `POST requests.json` (key, validation, aduan's one intake: report, timeline event, audit row, outbox
   row and its send task in one transaction; the token is computed, not stored) against the bare one-row insert view
   of benchmarks/aduan.py in the same run, interleaved: requests per second and the ratio, twice: in this process
   (Django's test Client: the application's own time alone) and through a real server (gunicorn, one sync worker,
   httpx with keep-alive: what a partner's program meets). Target within 3x. The web form's intake against the same bare view is measured after
   it (benchmarks/aduan.py's own measure), as the yardstick of what the one intake costs on this machine today.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from datetime import UTC, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'api.sqlite3'}")
sys.path.insert(0, str(HERE))

import aduan as aduan_bench  # noqa: E402 - benchmarks/aduan.py: setup (settings, URLconf with /bare/) and fill
from common import percentile  # noqa: E402


def _column_template(model, connection) -> tuple[list[str], list]:
    """Every concrete column but the id, with the value a new instance would store (its defaults), once."""
    blank = model()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    return [f.column for f in fields], [f.get_db_prep_save(getattr(blank, f.attname), connection) for f in fields]


def _insert_rows(model, columns: list[str], rows, connection) -> None:
    """Raw bulk insert of tuples in `columns` order: COPY on PostgreSQL, executemany on SQLite (no model instances:
    a million of them cost minutes)."""
    table = model._meta.db_table
    cols = ", ".join(columns)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    else:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def fast_fill(target: int, batch_size: int = 50_000) -> dict:
    """benchmarks/aduan.py's data (same regions, agencies, categories, mix of states and dates, 5 % confidential,
    10 % anonymous, nine in ten on the map, a 100,000-report timeline sample) written as plain rows: COPY on
    PostgreSQL, executemany in 50,000-row transactions on SQLite, with the list indexes dropped during the load and
    built once at the end (a million rows: a few minutes instead of an hour). Restartable: it tops up to `target`
    and the index build is idempotent."""
    import time

    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from satupintu.aduan import demo as aduan_demo
    from satupintu.aduan.models import PUBLIC_STATES, Category, Complaint, ComplaintEvent, Status
    from satupintu.core.codes import ALPHABET as CODE_ALPHABET
    from satupintu.kalender.services import add_working_days
    from satupintu.organisasi import demo as org_demo
    from satupintu.organisasi.models import Agency
    from satupintu.wilayah import demo as region_demo
    from satupintu.wilayah.models import Village

    started = time.perf_counter()
    out = aduan_bench.Out()
    region_demo.seed(stdout=out, options={})
    org_demo.seed(stdout=out, options={})
    aduan_demo.seed_categories(stdout=out)
    existing = Complaint.objects.count()
    if existing >= target:
        _build_indexes(connection)
        return {"seconds": time.perf_counter() - started, "inserted": 0}
    village_district = dict(
        Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).values_list("pk", "district_id"))
    villages = list(village_district)
    agencies = list(Agency.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    categories = list(Category.objects.values_list("pk", "default_agency_id"))
    topic_of = {pk: parent or pk for pk, parent in Category.objects.values_list("pk", "parent_id")}
    codes_seen = set(Complaint.objects.values_list("tracking_code", flat=True)) if existing else set()
    rng = random.Random(42 + existing)
    today = timezone.localdate()
    now = timezone.now()
    mix = [(Status.CLOSED, 0.85), (Status.ANSWERED, 0.04), (Status.IN_PROGRESS, 0.03), (Status.ASSIGNED, 0.02),
           (Status.RECEIVED, 0.02), (Status.VERIFIED, 0.01), (Status.PENDING_APPROVAL, 0.01), (Status.REJECTED, 0.01),
           (Status.RETURNED, 0.01)]
    states, weights = zip(*[(str(s), w) for s, w in mix], strict=True)
    cum = list(__import__("itertools").accumulate(weights))
    public_states = {str(s) for s in PUBLIC_STATES}
    sqlite = connection.vendor == "sqlite"
    dt = (lambda v: v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")) if sqlite else (lambda v: v)
    d = (lambda v: v.isoformat()) if sqlite else (lambda v: v)
    day_cache: dict = {}

    def wd(offset_days: int, n: int):
        key = (offset_days, n)
        if key not in day_cache:
            day_cache[key] = d(add_working_days(today - timedelta(days=offset_days), n))
        return day_cache[key]

    columns, template = _column_template(Complaint, connection)
    at = {c: i for i, c in enumerate(columns)}
    template[at["updated_at"]] = dt(now)
    template[at["description"]] = "Keterangan laporan warga untuk pengujian beban. " * 3
    template[at["reporter_name"]] = "Warga Uji"
    centre_lat, centre_lon = settings.ADUAN_MAP_CENTRE
    words = ["jalan rusak", "lampu mati", "sampah", "puskesmas", "KTP", "banjir"]
    kinds = ["pengaduan", "pengaduan", "aspirasi", "permintaan_informasi"]
    channels = ["web", "web", "whatsapp", "email", "facebook", "manual"]
    closed_like = {str(Status.CLOSED), str(Status.REJECTED)}
    unassigned = {str(Status.RECEIVED), str(Status.VERIFIED), str(Status.REJECTED), str(Status.RETURNED)}
    answered_states = {str(Status.ANSWERED), str(Status.CLOSED)}
    closed = str(Status.CLOSED)
    rand, randint, choice, uniform = rng.random, rng.randint, rng.choice, rng.uniform
    import bisect

    def row():
        while True:
            body = "".join(rng.choices(CODE_ALPHABET, k=8))
            code = f"ADU-{body[:4]}-{body[4:]}"
            if code not in codes_seen:
                codes_seen.add(code)
                break
        state = states[bisect.bisect(cum, rand() * cum[-1])]
        age = randint(0, 40) if state not in closed_like else randint(15, 1095)
        created = now - timedelta(days=age, seconds=randint(0, 86_399))
        category, default_agency = choice(categories)
        confidential = rand() < 0.05
        assigned = state not in unassigned
        answered = state in answered_states
        answer_days = randint(1, 9) if answered else None
        village = choice(villages)
        r = template[:]
        r[at["tracking_code"]] = code
        r[at["follow_token"]] = f"{code}-{rng.getrandbits(96):024x}"
        r[at["kind"]] = choice(kinds)
        r[at["status"]] = state
        r[at["channel"]] = choice(channels)
        r[at["title"]] = f"Laporan {choice(words)} {code}"
        r[at["category_id"]] = category
        r[at["topic_id"]] = topic_of[category]
        r[at["village_id"]] = village
        r[at["district_id"]] = village_district[village]
        r[at["reporter_phone"]] = f"6281{randint(10**8, 10**9 - 1)}"
        r[at["is_anonymous"]] = rand() < 0.1
        r[at["is_confidential"]] = confidential
        r[at["is_public"]] = state in public_states and not confidential
        if rand() < 0.9:
            r[at["latitude"]] = round(centre_lat + uniform(-0.35, 0.35), 6)
            r[at["longitude"]] = round(centre_lon + uniform(-0.4, 0.4), 6)
        r[at["agency_id"]] = (default_agency or choice(agencies)) if assigned else None
        r[at["created_at"]] = dt(created)
        if assigned:
            r[at["assigned_at"]] = dt(created + timedelta(days=1))
            r[at["answer_due"]] = wd(age - 1, 5)
        if answered:
            r[at["answered_at"]] = dt(created + timedelta(days=answer_days + 1))
            r[at["answer_working_days"]] = answer_days
            r[at["answered_on_time"]] = answer_days <= 5
        if state == closed:
            r[at["closed_at"]] = dt(created + timedelta(days=answer_days + 12))
            r[at["close_reason"]] = "confirmed"
            if rand() < 0.5:
                r[at["rating"]] = randint(1, 5)
        r[at["deadline"]] = (wd(age, 3) if not assigned else wd(age - 1, 5) if not answered
                             else wd(age - answer_days - 1, 10))
        return r

    _drop_indexes(connection)
    aduan_bench._bulk_load_begin()
    made = 0
    while existing + made < target:
        n = min(batch_size, target - existing - made)
        rows = [row() for _ in range(n)]
        with transaction.atomic():
            _insert_rows(Complaint, columns, rows, connection)
        made += n
        print(f"\r  filled {existing + made:,}/{target:,} ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()
    # Timeline events for a sample (the status page and GET requests/<id> read them), as benchmarks/aduan.py does.
    if not ComplaintEvent.objects.exists():
        top = Complaint.objects.order_by("-pk").values_list("pk", flat=True).first()
        picked = sorted({rng.randint(1, top) for _ in range(100_000)})
        ev_columns, ev_template = _column_template(ComplaintEvent, connection)
        ev_at = {c: i for i, c in enumerate(ev_columns)}
        events = []
        for i in range(0, len(picked), 10_000):
            for pk, created, status in Complaint.objects.filter(pk__in=picked[i:i + 10_000]).values_list(
                    "pk", "created_at", "status"):
                for when, action, frm, to in ((created, "submit", "", "received"),
                                              (created + timedelta(days=1), "verify", "received", status)):
                    e = ev_template[:]
                    e[ev_at["complaint_id"]], e[ev_at["created_at"]], e[ev_at["action"]] = pk, dt(when), action
                    e[ev_at["from_status"]], e[ev_at["to_status"]] = frm, to
                    e[ev_at["is_public"]] = e[ev_at["visible_to_reporter"]] = True
                    events.append(e)
        with transaction.atomic():
            _insert_rows(ComplaintEvent, ev_columns, events, connection)
    _build_indexes(connection)
    return {"seconds": time.perf_counter() - started, "inserted": made}


def _list_indexes():
    from satupintu.aduan.models import Complaint

    return Complaint, Complaint._meta.indexes


def _drop_indexes(connection) -> None:
    """The complaint table's own indexes (Meta.indexes) and the PostgreSQL text index: written once at the end."""
    model, indexes = _list_indexes()
    with connection.cursor() as cursor:
        for index in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {index.name}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS aduan_complaint_search")


def _build_indexes(connection) -> None:
    import time

    model, indexes = _list_indexes()
    t0 = time.perf_counter()
    with connection.schema_editor() as editor, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '256MB'")
        for index in indexes:
            sql = str(index.create_sql(model, editor))
            cursor.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
    aduan_bench._bulk_load_end()  # triggers back, text index and map cells rebuilt (aduan/dbsql.ensure_objects)
    print(f"  indexes ready in {time.perf_counter() - t0:.1f} s")


def api_key() -> str:
    from satupintu.api.models import ApiClient, Scope
    from satupintu.api.services import api_client_create

    ApiClient.objects.filter(name="benchmark").delete()
    _client, raw = api_client_create(name="benchmark", scopes=[Scope.REPORT_WRITE], rate_limit=10**9)
    return raw


def bench_open311_list(n: int, key: str) -> dict:
    from django.test import Client
    from django.utils import timezone

    from satupintu.aduan.models import Category, Complaint

    client = Client(headers={"X-API-Key": key})
    rng = random.Random(11)
    slugs = list(Category.objects.values_list("slug", flat=True))
    codes = list(Complaint.objects.filter(is_public=True).order_by("-pk").values_list("tracking_code", flat=True)[:2000])
    today = timezone.localdate()

    def params(i):
        choice = i % 7
        if choice == 0:
            return {}
        if choice == 1:
            return {"status": "open"}
        if choice == 2:
            return {"status": "closed"}
        if choice == 3:
            return {"service_code": rng.choice(slugs)}
        if choice == 4:
            start = today - timedelta(days=rng.randint(30, 900))
            return {"start_date": start.isoformat(), "end_date": (start + timedelta(days=30)).isoformat()}
        if choice == 5:
            return {"page_size": 100}
        return {"service_request_id": ",".join(rng.sample(codes, 10))}

    def get(i):
        r = client.get("/api/open311/v2/requests.json", params(i))
        assert r.status_code == 200, r.content[:300]

    get(0)
    lat = aduan_bench.timed(get, n)
    return {"p50": percentile(lat, 50), "p95": percentile(lat, 95)}


def bench_rest_list(n: int, key: str) -> dict:
    from django.conf import settings
    from django.test import Client

    from satupintu.aduan.models import Category
    from satupintu.wilayah.models import District

    client = Client(headers={"X-API-Key": key})
    rng = random.Random(13)
    slugs = list(Category.objects.values_list("slug", flat=True))
    districts = list(District.objects.filter(regency_id=settings.SATUPINTU_REGENCY_CODE).values_list("pk", flat=True))
    cursor = {"next": None}

    def get(i):
        choice = i % 5
        if choice == 4 and cursor["next"]:
            r = client.get(cursor["next"].replace("http://testserver", ""))
        else:
            p = [{}, {"category": rng.choice(slugs)}, {"district": rng.choice(districts)},
                 {"open311_status": "open", "limit": 50}][choice % 4]
            r = client.get("/api/v1/aduan", p)
        assert r.status_code == 200, r.content[:300]
        cursor["next"] = r.json()["next"]

    get(0)
    lat = aduan_bench.timed(get, n)
    return {"p50": percentile(lat, 50), "p95": percentile(lat, 95)}


def bench_open311_one(n: int, key: str) -> dict:
    from django.test import Client

    from satupintu.aduan.models import Complaint

    client = Client(headers={"X-API-Key": key})
    top = Complaint.objects.order_by("-pk").values_list("pk", flat=True).first()
    rng = random.Random(17)
    ids = [rng.randint(1, top) for _ in range(n * 2)]
    codes = list(Complaint.objects.filter(pk__in=ids).values_list("tracking_code", flat=True))[:n]

    def get(i):
        r = client.get(f"/api/open311/v2/requests/{codes[i % len(codes)]}.json")
        assert r.status_code == 200

    get(0)
    lat = aduan_bench.timed(get, n)
    return {"p50": percentile(lat, 50), "p95": percentile(lat, 95)}


def bench_post(n: int, key: str) -> dict:
    from django.conf import settings
    from django.test import Client

    from satupintu.aduan.models import Category
    from satupintu.wilayah.models import Village

    client = Client()
    village = Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).order_by("code").first().pk
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    text = "Jalan berlubang di depan balai desa, mohon segera diperbaiki sebelum musim hujan."

    def post(i):
        r = client.post("/api/open311/v2/requests.json", {
            "api_key": key, "service_code": category.slug, "address_id": village, "description": text,
            "first_name": "Warga", "last_name": "Uji", "phone": f"0812{4000000 + i:07d}",
            "attribute[judul]": f"Jalan rusak nomor {i}"})
        assert r.status_code == 200, r.content[:300]

    def bare(i):
        r = client.post("/bare/", {"title": f"Jalan rusak nomor {i}", "description": text, "village": village,
                                   "reporter_phone": f"0812{5000000 + i:07d}"})
        assert r.status_code == 200

    post(0), bare(0)
    t_post, t_bare = [], []
    rounds = 5
    for _ in range(rounds):  # interleaved, so drift on a shared machine hits both sides alike
        t_bare += aduan_bench.timed(bare, n // rounds)
        t_post += aduan_bench.timed(post, n // rounds)
    return {"post_rps": 1000 / statistics.mean(t_post), "bare_rps": 1000 / statistics.mean(t_bare),
            "ratio": statistics.mean(t_post) / statistics.mean(t_bare),
            "post_p50": percentile(t_post, 50), "post_p95": percentile(t_post, 95)}


def bench_post_http(n: int, key: str) -> dict:
    """The same comparison through a real server, as a partner's program meets it: gunicorn (1 sync worker, as
    deployed; benchmarks/aduan.py's application, so the same URLconf with /bare/) and httpx with keep-alive."""
    import re
    import socket
    import subprocess
    import time

    import httpx
    from django.conf import settings

    from satupintu.aduan.models import Category
    from satupintu.wilayah.models import Village

    village = Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).order_by("code").first().pk
    category = Category.objects.filter(parent__isnull=False).order_by("pk").first()
    text = "Jalan berlubang di depan balai desa, mohon segera diperbaiki sebelum musim hujan."
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--chdir", str(ROOT), "--pythonpath", str(HERE),
         "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "aduan:application"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(300):
                try:
                    page = client.get("/aduan/lapor/")  # the bare view is a form POST: it needs the CSRF token
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

            def post(i):
                r = client.post("/api/open311/v2/requests.json", data={
                    "api_key": key, "service_code": category.slug, "address_id": village, "description": text,
                    "first_name": "Warga", "last_name": "Uji", "phone": f"0815{4000000 + i:07d}",
                    "attribute[judul]": f"Jalan rusak nomor {i}"})
                assert r.status_code == 200, r.text[:300]

            def bare(i):
                r = client.post("/bare/", data={"csrfmiddlewaretoken": csrf, "title": f"Jalan rusak nomor {i}",
                                                "description": text,
                                                "village": village, "reporter_phone": f"0815{5000000 + i:07d}"})
                assert r.status_code == 200, r.status_code

            for i in range(5):
                post(900_000 + i), bare(900_000 + i)
            t_post, t_bare, rounds = [], [], 5
            for r in range(rounds):
                t_bare += aduan_bench.timed(lambda i, r=r: bare(r * n + i), n // rounds)
                t_post += aduan_bench.timed(lambda i, r=r: post(r * n + i), n // rounds)
    finally:
        server.terminate()
        server.wait(10)
    return {"post_rps": 1000 / statistics.mean(t_post), "bare_rps": 1000 / statistics.mean(t_bare),
            "ratio": statistics.mean(t_post) / statistics.mean(t_bare)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20,000 reports and fewer samples")
    parser.add_argument("--fresh", action="store_true", help="recreate the SQLite file")
    parser.add_argument("--reports", type=int, default=None)
    parser.add_argument("--fill-only", action="store_true", help="fill the database and stop (measure in a later run)")
    args = parser.parse_args()
    target = args.reports or (20_000 if args.quick else 1_000_000)
    aduan_bench.setup(args.fresh)
    from django.conf import settings
    from django.db import connection

    from satupintu.aduan.models import Complaint

    settings.API_ANONYMOUS_RATE_LIMIT = 10**9
    print(f"Database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    filled = fast_fill(target)
    print(f"Reports in the database: {Complaint.objects.count():,} (inserted now: {filled['inserted']:,} "
          f"in {filled['seconds']:.1f} s)")
    if filled["inserted"]:  # planner statistics once, after the load (a measure-only run keeps the fill's)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            from satupintu.core.db import refresh_planner_statistics

            refresh_planner_statistics()
    if args.fill_only:
        return
    key = api_key()
    n = 70 if args.quick else 280
    listing = bench_open311_list(n, key)
    rest = bench_rest_list(n, key)
    one = bench_open311_one(n, key)
    post = bench_post(100 if args.quick else 300, key)
    post_http = bench_post_http(100 if args.quick else 300, key)
    web = aduan_bench.bench_intake(100 if args.quick else 300)  # the web form in the same run, for comparison
    ok = lambda cond: "OK" if cond else "MISSED"  # noqa: E731
    print()
    print(f"{'measure':<46}{'value':>16}  target")
    print("-" * 76)
    print(f"{'Open311 GET requests p50 / p95 (ms)':<46}{listing['p50']:>7.1f} / {listing['p95']:>6.1f}"
          f"  p95 < 50 ms {ok(listing['p95'] < 50)}")
    print(f"{'REST GET /api/v1/aduan p50 / p95 (ms)':<46}{rest['p50']:>7.1f} / {rest['p95']:>6.1f}")
    print(f"{'Open311 GET requests/<id> p50 / p95 (ms)':<46}{one['p50']:>7.1f} / {one['p95']:>6.1f}")
    print(f"{'Open311 POST requests (req/s)':<46}{post['post_rps']:>16.1f}")
    print(f"{'bare one-row insert (req/s)':<46}{post['bare_rps']:>16.1f}")
    print(f"{'POST time / bare time (in-process)':<46}{post['ratio']:>15.2f}x  <= 3x {ok(post['ratio'] <= 3)}")
    print(f"{'POST p50 / p95 (ms)':<46}{post['post_p50']:>7.1f} / {post['post_p95']:>6.1f}")
    print(f"{'through gunicorn: POST / bare (req/s)':<46}{post_http['post_rps']:>7.1f} / {post_http['bare_rps']:>6.1f}")
    print(f"{'through gunicorn: POST time / bare time':<46}{post_http['ratio']:>15.2f}x  <= 3x "
          f"{ok(post_http['ratio'] <= 3)}")
    print(f"{'  for comparison: web form intake / bare':<46}{web['ratio']:>15.2f}x  ({web['intake_rps']:.1f} vs "
          f"{web['bare_rps']:.1f} req/s, benchmarks/aduan.py's measure)")


if __name__ == "__main__":
    main()
