"""Benchmark: village site home page, regency portal and product catalogue, cached and uncached.

    .venv/bin/python benchmarks/desa.py            # 300 villages, 30,000 articles, 10,000 products
    .venv/bin/python benchmarks/desa.py --quick    # 30 villages, 3,000 articles, 1,000 products

Builds its own database (SQLite file var/bench/desa.sqlite3, recreated each run, or PostgreSQL when DATABASE_URL is
set — give it a database name of its own; it is flushed first), fills it with bulk_create, then requests pages with
Django's test Client in-process (no network, no web server: the figures are the Django/ORM/template time of one
request, with the full middleware stack). Cache: the settings' default (LocMemCache unless REDIS_URL is set).

- uncached: the cache is cleared before every request (every page built from the database);
- cached: an anonymous visitor after the first request (the page content comes from the cache; the frame around it
  is still rendered per request).
Each village also gets a published APBDes (as in the demo) so the home page draws its chart."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import percentile  # benchmarks/common.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "desa.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory


def setup_database() -> None:
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)


def fill(villages: int, articles: int, products: int) -> None:
    from django.conf import settings
    from django.utils import timezone

    from satupintu.desa.budget.structure import depth, sort_key
    from satupintu.desa.demo import demo_budget_rows
    from satupintu.desa.models import Article, BudgetLine, Product, PublishState, Seller, VillageBudget
    from satupintu.wilayah.models import District, Province, Regency, Village

    rnd = random.Random(7)
    code = settings.SATUPINTU_REGENCY_CODE
    prov = Province.objects.create(code=code.split(".")[0], name="Provinsi Uji")
    reg = Regency.objects.create(code=code, province=prov, name="Kabupaten Uji")
    districts = District.objects.bulk_create(
        [District(code=f"{code}.{i:02d}", regency=reg, name=f"Kecamatan {i}") for i in range(1, 18)])
    vs = Village.objects.bulk_create([
        Village(code=f"{districts[i % 17].code}.{2001 + i:04d}", district=districts[i % 17], name=f"Desa Uji {i}",
                slug=f"desa-uji-{i}") for i in range(villages)])
    sellers = Seller.objects.bulk_create([
        Seller(village=v, name=f"UMKM {v.name}", whatsapp="6281234567890") for v in vs])
    now = timezone.now()
    body = "<p>" + "Warga desa bergotong royong membangun jalan dan saluran. " * 30 + "</p>"
    kinds = [Article.Kind.NEWS] * 6 + [Article.Kind.ANNOUNCEMENT, Article.Kind.AGENDA, Article.Kind.TOURISM,
                                       Article.Kind.POTENTIAL]
    batch = []
    for n in range(articles):
        v = vs[n % villages]
        status = PublishState.DRAFT if n % 20 == 0 else PublishState.PUBLISHED
        batch.append(Article(village=v, kind=kinds[n % len(kinds)], title=f"Berita {n} dari {v.name}",
                             slug=f"berita-{n}", summary="Ringkasan berita desa.", body=body, status=status,
                             published_at=now - timedelta(minutes=n)))
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    categories = [c.value for c in Product.Category]
    Product.objects.bulk_create([
        Product(village=vs[n % villages], seller=sellers[n % villages], name=f"Produk {n}", slug=f"produk-{n}",
                category=categories[n % len(categories)], price=rnd.randrange(5, 500) * 1000,
                description="Produk UMKM desa.", status=PublishState.PUBLISHED, published_at=now - timedelta(minutes=n))
        for n in range(products)
    ], batch_size=5000)
    budgets = VillageBudget.objects.bulk_create([
        VillageBudget(village=v, year=now.year, status=PublishState.PUBLISHED, published_at=now) for v in vs])
    lines = []
    for i, b in enumerate(budgets):
        rows = demo_budget_rows(i % 5)
        codes = {r[0] for r in rows}
        for c, d, amount, real in rows:
            lines.append(BudgetLine(budget=b, code=c, description=d, budget_amount=amount, realisation_amount=real,
                                    depth=depth(c), sort_key=sort_key(c),
                                    is_group=any(x.startswith(c + ".") for x in codes)))
    BudgetLine.objects.bulk_create(lines, batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        # A live database has planner statistics (autovacuum); without them right after a bulk load the planner
        # guesses tiny tables and picks poor plans.
        cursor.execute("ANALYZE")


def measure(client, urls: list[str], *, cached: bool, n: int) -> tuple[float, float, float]:
    from django.core.cache import cache

    times = []
    if cached:
        for url in set(urls):
            client.get(url)  # warm
    for i in range(n):
        url = urls[i % len(urls)]
        if not cached:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), percentile(times, 95), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="30 villages, 3,000 articles, 1,000 products")
    args = parser.parse_args()
    villages, articles, products = (30, 3_000, 1_000) if args.quick else (300, 30_000, 10_000)
    samples = 40 if args.quick else 200
    setup_database()
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    fill(villages, articles, products)
    fill_s = time.perf_counter() - started
    client = Client()
    homes = [f"/desa/desa-uji-{i}/" for i in random.Random(1).sample(range(villages), min(villages, 50))]
    pages = [
        (f"village home ({len(homes)} villages)", homes),
        ("regency portal /desa/", ["/desa/"]),
        ("portal search ?q=Uji 1", ["/desa/?q=Uji+1"]),
        ("catalogue /desa/lapak/", ["/desa/lapak/"]),
        ("catalogue filter + page 3", ["/desa/lapak/?category=kuliner&page=3"]),
    ]
    print()
    print(f"Desa benchmark — {connection.vendor}, {villages} villages, {articles:,} articles, {products:,} products "
          f"(filled in {fill_s:.1f} s); Django test Client in-process, {samples} requests per row")
    print(f"{'page':32} {'mode':9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, urls in pages:
        for cached in (False, True):
            p50, p95, worst = measure(client, urls, cached=cached, n=samples)
            print(f"{label:32} {'cached' if cached else 'uncached':9} {p50:8.1f} {p95:8.1f} {worst:8.1f}")


if __name__ == "__main__":
    main()
