"""Benchmark of the machine interfaces (issue 18) with a million reports in the database.

    .venv/bin/python benchmarks/api.py              # 1,000,000 reports
    .venv/bin/python benchmarks/api.py --quick      # 20,000 reports (smoke run)
    .venv/bin/python benchmarks/api.py --reports 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench_api .venv/bin/python benchmarks/api.py

The database is built by benchmarks/aduan.py's builder (same regions, agencies, categories and mix of states: most
closed, 5 % confidential, 10 % anonymous), in its own file var/bench/api.sqlite3 (kept between runs; --fresh
recreates it) or the PostgreSQL database of DATABASE_URL.

Measured through Django's test Client in this process (full middleware, URL routing, key check and rate limiter,
serialisation), with a partner key whose limit is lifted for the run:
1. Open311 `GET requests.json`: no filter, status open/closed, a service_code, a 30-day window, page_size 100 (the most),
   a list of ids: p50/p95. Target p95 < 50 ms.
2. REST `GET /api/v1/aduan` with filters and the next pages by cursor: p50/p95 (no target; same reads).
3. Open311 `GET requests/<id>.json` of random reports: p50/p95.
4. Open311 `POST requests.json` (key, validation, aduan's one intake: report, timeline event, audit row, outbox
   rows, the token) against the bare one-row insert view of benchmarks/aduan.py in the same run, interleaved: requests
   per second and the ratio. Target within 3x. The web form's intake against the same bare view is measured after
   it (benchmarks/aduan.py's own measure), as the yardstick of what the one intake costs on this machine today.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'api.sqlite3'}")
sys.path.insert(0, str(HERE))

import aduan as aduan_bench  # noqa: E402 - benchmarks/aduan.py: setup (settings, URLconf with /bare/) and fill
from common import percentile  # noqa: E402


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
    filled = aduan_bench.fill(target)
    print(f"Reports in the database: {Complaint.objects.count():,} (inserted now: {filled['inserted']:,} "
          f"in {filled['seconds']:.1f} s)")
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
    print(f"{'POST time / bare time':<46}{post['ratio']:>15.2f}x  <= 3x {ok(post['ratio'] <= 3)}")
    print(f"{'POST p50 / p95 (ms)':<46}{post['post_p50']:>7.1f} / {post['post_p95']:>6.1f}")
    print(f"{'  for comparison: web form intake / bare':<46}{web['ratio']:>15.2f}x  ({web['intake_rps']:.1f} vs "
          f"{web['bare_rps']:.1f} req/s, benchmarks/aduan.py's measure)")


if __name__ == "__main__":
    main()
