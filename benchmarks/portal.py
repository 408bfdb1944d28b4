"""Benchmark: the portal home (Media Center) and the e-mall search, uncached (target: p95 under 50 ms).

    .venv/bin/python benchmarks/portal.py            # 300 villages, 40 agencies, 50,000 articles, 20,000 products
    .venv/bin/python benchmarks/portal.py --quick    # 30 villages, 40 agencies, 5,000 articles, 2,000 products
    .venv/bin/python benchmarks/portal.py --fill-only   # build and fill the database, then stop
    .venv/bin/python benchmarks/portal.py --reuse       # measure the database the last --fill-only left (no fill)

A quiet-window run: `--fill-only` beforehand (minutes), then `--reuse` measures only (the same data every time).

Builds its own database (SQLite file var/bench/portal.sqlite3, recreated each run, or PostgreSQL when DATABASE_URL is
set — give it a database name of its own; it is flushed first), fills it with bulk_create, then requests pages with
Django's test Client in-process (the full middleware stack, no web server). The cache is cleared before every
request, so every page and fragment is built from the database; per-process memos of what changes only with a deploy
or an administrator's edit (core.memo: the home's services list, the e-mall's district and village choices) stay
warm, as in a running worker. Articles are spread over the regency's Media Center (a tenth), the
agencies (a fifth) and the villages, of every kind, a twentieth drafts and some scheduled in the future."""

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
SQLITE_PATH = BENCH_DIR / "portal.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"


def setup_database(*, reuse: bool = False) -> None:
    if reuse:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # new indexes land on the filled data; nothing is deleted
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics cover indexes a migration just added
        return
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    else:
        from common import ensure_postgres_database

        ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)


def fill(villages: int, agencies: int, articles: int, products: int) -> None:
    from django.conf import settings
    from django.utils import timezone

    from satupintu.desa.models import Article, Product, PublishState, Seller
    from satupintu.organisasi.models import Agency
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
    ags = Agency.objects.bulk_create([
        Agency(name=f"Dinas Uji {i}", short_name=f"Dinas {i}", slug=f"dinas-{i}", kind=Agency.Kind.DINAS)
        for i in range(agencies)])
    sellers = Seller.objects.bulk_create([
        Seller(village=v, name=f"UMKM {v.name}", whatsapp="6281234567890") for v in vs])
    now = timezone.now()
    body = "<p>" + "Pemerintah kabupaten menyampaikan kabar pembangunan. " * 30 + "</p>"
    kinds = [Article.Kind.NEWS] * 4 + [Article.Kind.PRESS, Article.Kind.ANNOUNCEMENT, Article.Kind.AGENDA,
                                       Article.Kind.INFOGRAPHIC]
    batch = []
    for n in range(articles):
        owner = n % 10
        village = vs[n % villages] if owner >= 3 else None
        agency = ags[n % agencies] if owner in (1, 2) else None
        status = PublishState.DRAFT if n % 20 == 0 else PublishState.PUBLISHED
        published = now - timedelta(minutes=n) if n % 50 else now + timedelta(days=1)  # some scheduled
        kind = kinds[n % len(kinds)]
        batch.append(Article(
            village=village, agency=agency, kind=kind, title=f"Kabar {n}", slug=f"kabar-{n}", summary="Ringkasan.",
            body=body, status=status, published_at=published,
            event_start=now + timedelta(days=n % 30) if kind == Article.Kind.AGENDA else None,
            expires_at=now + timedelta(days=(n % 5) - 2) if kind == Article.Kind.ANNOUNCEMENT else None))
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    categories = [c.value for c in Product.Category]
    words = ["Kopi", "Gula aren", "Keripik", "Tikar", "Ulos", "Madu", "Ikan asin", "Dodol"]
    Product.objects.bulk_create([
        Product(village=vs[n % villages], seller=sellers[n % villages], name=f"{words[n % len(words)]} {n}",
                slug=f"produk-{n}", category=categories[n % len(categories)], price=rnd.randrange(5, 500) * 1000,
                description="Produk UMKM desa.", status=PublishState.PUBLISHED, view_count=rnd.randrange(0, 5000),
                published_at=now - timedelta(minutes=n))
        for n in range(products)
    ], batch_size=5000)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, urls: list[str], *, n: int) -> tuple[float, float, float]:
    from django.core.cache import cache

    times = []
    for i in range(n):
        url = urls[i % len(urls)]
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), percentile(times, 95), max(times)


def queries_per_page(client, url: str) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="30 villages, 5,000 articles, 2,000 products")
    parser.add_argument("--fill-only", action="store_true", help="build and fill the database, measure nothing")
    parser.add_argument("--reuse", action="store_true", help="measure the database a --fill-only run left")
    args = parser.parse_args()
    villages, agencies, articles, products = (30, 40, 5_000, 2_000) if args.quick else (300, 40, 50_000, 20_000)
    samples = 40 if args.quick else 200
    setup_database(reuse=args.reuse)
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    if args.reuse:
        from satupintu.desa.models import Article, Product
        from satupintu.organisasi.models import Agency
        from satupintu.wilayah.models import Village

        villages, agencies = Village.objects.count(), Agency.objects.count()
        articles, products = Article.objects.count(), Product.objects.count()
        if not products:
            sys.exit("Nothing to measure: run with --fill-only first (the same DATABASE_URL).")
        fill_note = "reused"
    else:
        fill(villages, agencies, articles, products)
        fill_note = f"filled in {time.perf_counter() - started:.0f} s"
    if args.fill_only:
        print(f"{connection.vendor}: {villages} villages, {agencies} agencies, {articles:,} articles, {products:,} "
              f"products ({fill_note}); measure with --reuse")
        return
    client = Client()
    searches = ["/emall/?q=kopi", "/emall/?q=gula&category=kuliner", "/emall/?price_min=10000&price_max=50000",
                "/emall/?q=madu&urut=termurah", "/emall/?district=12.18.03&q=keripik",
                "/emall/?village=desa-uji-3", "/emall/?urut=terlaris", "/emall/?q=ulos&page=2"]
    # The bare frame (the offline page: base template, navigation, no content query) is the baseline in the same
    # run: on a loaded machine compare the pages' ratios to it, not their milliseconds.
    pages = [("baseline /offline/", ["/offline/"]), ("portal home /", ["/"]), ("e-mall search", searches),
             ("agency home", ["/opd/dinas-3/"])]
    print(f"{connection.vendor}: {villages} villages, {agencies} agencies, {articles:,} articles, {products:,} "
          f"products ({fill_note}); {samples} requests each, cache cleared before every request")
    print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'queries':>9}")
    for name, urls in pages:
        client.get(urls[0])  # first request: imports, template compilation
        queries = max(queries_per_page(client, url) for url in urls)
        median, p95, worst = measure(client, urls, n=samples)
        print(f"{name:<24}{median:>10.1f}{p95:>9.1f}{worst:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main()
