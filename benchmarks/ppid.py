"""Benchmark of the public archive of answered information requests (issue 22 item 6) with 100,000 requests.

    .venv/bin/python benchmarks/ppid.py                 # 100,000 requests
    .venv/bin/python benchmarks/ppid.py --quick         # 5,000 requests (smoke run)
    .venv/bin/python benchmarks/ppid.py --fill-only     # fill and stop (the measuring run then only measures)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench_ppid .venv/bin/python benchmarks/ppid.py

Database: SQLite file var/bench/ppid.sqlite3 (--quick: ppid-quick.sqlite3; kept between runs; --fresh recreates it),
or PostgreSQL via
DATABASE_URL (created when missing). Agencies come from the demo seeder. Requests are bulk-inserted in batches of
10,000, all answered over three years; 70 % have a published archive entry, 10 % a draft one (never public), and 60 %
a requester's verdict. The texts are drawn from a vocabulary of ~90 words, so common words match a tenth of the
archive and rare ones a few dozen entries.

Measured through the test Client (full middleware, URL routing, templates), p50/p95:
1. Archive search /ppid/arsip/?q=... : one or two words, alone and with a filter (agency, topic or year), pages 1-2.
   Target (issue 22): p95 < 50 ms.
2. The archive list without words (newest first, with and without a filter), and a bare page of the same site
   (the empty DIP list: two trivial queries): the baselines. On a loaded machine read the ratios, not the times.
3. Similar answers (/ppid/arsip/serupa/?information=...): the fragment shown while a question is typed.
4. The agencies' figures page (/ppid/arsip/angka/): a grouped count over every classified request.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import ensure_postgres_database, percentile  # benchmarks/common.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
# --quick keeps a file of its own, so `make bench` never measures (or grows) the prepared 100,000-request fill.
SQLITE_PATH = BENCH_DIR / ("ppid-quick.sqlite3" if "--quick" in sys.argv else "ppid.sqlite3")
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"

SUBJECTS = [
    "anggaran",
    "kontrak",
    "pengadaan",
    "jembatan",
    "jalan",
    "drainase",
    "puskesmas",
    "sekolah",
    "beasiswa",
    "bantuan",
    "sosial",
    "izin",
    "bangunan",
    "limbah",
    "sampah",
    "pasar",
    "irigasi",
    "pegawai",
    "honorer",
    "perjalanan",
    "dinas",
    "hibah",
    "rumah",
    "sakit",
    "obat",
    "vaksin",
    "stunting",
    "penduduk",
    "akta",
    "tanah",
    "sertifikat",
    "pajak",
    "retribusi",
    "parkir",
    "lampu",
    "penerangan",
    "air",
    "bersih",
    "banjir",
    "tanggul",
    "gedung",
    "kantor",
    "mobil",
    "dinas",
    "renovasi",
    "rehabilitasi",
    "pemeliharaan",
    "audit",
    "laporan",
    "realisasi",
    "belanja",
    "modal",
    "desa",
    "dana",
    "alokasi",
    "tender",
    "pemenang",
    "kontraktor",
    "pengawasan",
    "perencanaan",
    "RAB",
    "DPA",
    "RKA",
    "LKPJ",
    "LHP",
    "BPK",
    "inspektorat",
    "UMKM",
    "koperasi",
    "nelayan",
    "petani",
    "pupuk",
    "benih",
    "ternak",
    "pariwisata",
    "pantai",
    "festival",
    "olahraga",
    "stadion",
    "perpustakaan",
    "guru",
    "siswa",
    "zonasi",
    "kurikulum",
    "bidan",
    "posyandu",
    "ambulans",
    "pemadam",
]
PLACES = [
    "Kotarih",
    "Dolok Masihul",
    "Sei Rampah",
    "Perbaungan",
    "Teluk Mengkudu",
    "Pantai Cermin",
    "Tebing Tinggi",
    "Sipispis",
    "Bintang Bayu",
    "Serba Jadi",
    "Tanjung Beringin",
    "Bandar Khalipah",
    "Kotarih Baru",
]
SEARCHES = [
    "anggaran",
    "kontrak jembatan",
    "puskesmas",
    "beasiswa siswa",
    "pengadaan",
    "dana desa",
    "limbah",
    "jalan Kotarih",
    "stadion",
    "honorer",
    "tender pemenang",
    "jemb",
    "vaksin posyandu",
    "LKPJ",
]
QUESTIONS = [
    "Saya ingin mengetahui anggaran rehabilitasi jembatan di Kotarih",
    "kontrak pengadaan ambulans",
    "data penerima beasiswa siswa",
    "realisasi dana desa tahun lalu",
    "izin bangunan pasar Sei Rampah",
]

urlpatterns: list = []


class Out:
    def write(self, text: str) -> None:
        pass


def setup(fresh: bool) -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///") and fresh:
        target = url[len("sqlite:///") :]
        target = target if target.startswith("/") else str(ROOT / target)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]


def fill(target: int) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from satupintu.organisasi import demo as org_demo
    from satupintu.organisasi.models import Agency
    from satupintu.ppid.models import (
        AccessMode,
        ArchiveEntry,
        ArchiveState,
        InfoRequest,
        Outcome,
        Status,
        Topic,
        Verdict,
        new_follow_token,
        new_tracking_code,
    )

    started = time.perf_counter()
    org_demo.seed(stdout=Out(), options={})
    agencies = list(Agency.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    existing = InfoRequest.objects.count()
    rng = random.Random(22)
    now = timezone.now()
    today = timezone.localdate()
    topics = Topic.values
    outcomes = [Outcome.GRANTED] * 6 + [Outcome.PARTIAL, Outcome.PARTIAL, Outcome.REFUSED, Outcome.NOT_HELD]
    verdicts = [Verdict.FULL] * 5 + [Verdict.PARTIAL, Verdict.PARTIAL, Verdict.REFUSED, Verdict.NO_REPLY]
    made = 0
    batch = 10_000

    def phrase(k: int) -> str:
        return " ".join(rng.choice(SUBJECTS) for _ in range(k))

    while existing + made < target:
        n = min(batch, target - existing - made)
        requests, plans = [], []
        for i in range(n):
            seq = existing + made + i + 1
            age = rng.randint(20, 1095)
            received = today - timedelta(days=age)
            subject = phrase(3)
            place = rng.choice(PLACES)
            requests.append(
                InfoRequest(
                    number=f"PPID/B/{seq:07d}",
                    tracking_code=new_tracking_code(),
                    follow_token=new_follow_token(),
                    status=Status.ANSWERED,
                    requester_name="Pemohon Uji",
                    id_number="1218015505900001",
                    address="Alamat uji",
                    phone="081200000000",
                    information=f"Mohon {subject} di {place} {received.year}. " + phrase(12),
                    purpose="Pengujian beban",
                    access_mode=AccessMode.VIEW,
                    agency_id=rng.choice(agencies),
                    received_on=received,
                    due_date=received + timedelta(days=14),
                    outcome=rng.choice(outcomes),
                    answer_text=f"Jawaban atas {subject}: " + phrase(25),
                    answered_on=received + timedelta(days=7),
                    requester_verdict=rng.choice(verdicts) if rng.random() < 0.6 else "",
                    created_at=now - timedelta(days=age),
                )
            )
            roll = rng.random()
            plans.append(
                (
                    subject,
                    place,
                    ArchiveState.PUBLISHED if roll < 0.7 else ArchiveState.DRAFT if roll < 0.8 else None,
                    rng.choice(topics),
                    age,
                )
            )
        with transaction.atomic():
            InfoRequest.objects.bulk_create(requests, batch_size=2_000)
            entries = [
                ArchiveEntry(
                    request=r,
                    state=state,
                    agency_id=r.agency_id,
                    topic=topic,
                    year=r.received_on.year,
                    title=f"{subject.capitalize()} {place} {r.received_on.year}",
                    question=r.information,
                    answer=r.answer_text,
                    outcome=r.outcome,
                    answered_on=r.answered_on,
                    published_at=(now - timedelta(days=age - 8)) if state == ArchiveState.PUBLISHED else None,
                )
                for r, (subject, place, state, topic, age) in zip(requests, plans, strict=True)
                if state
            ]
            ArchiveEntry.objects.bulk_create(entries, batch_size=2_000)
        made += n
        print(f"\r  filled {existing + made:,}/{target:,}", end="", flush=True)
    if made:
        print()
    return {"seconds": time.perf_counter() - started, "inserted": made}


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def measure(n: int) -> dict:
    from django.test import Client

    from satupintu.ppid.models import ArchiveEntry, ArchiveState, Topic

    client = Client()
    rng = random.Random(7)
    published = ArchiveEntry.objects.filter(state=ArchiveState.PUBLISHED)
    agencies = list(published.values_list("agency_id", flat=True).distinct())
    years = sorted(set(published.values_list("year", flat=True).distinct()))

    def a_filter(i) -> dict:
        return [
            {"agency": rng.choice(agencies)},
            {"topic": rng.choice(Topic.values)},
            {"year": rng.choice(years)},
        ][i % 3]

    def get(url, params):
        r = client.get(url, params)
        assert r.status_code == 200, (url, params, r.status_code)

    def search_alone(i):
        get("/ppid/arsip/", {"q": SEARCHES[i % len(SEARCHES)], "halaman": rng.choice([1, 1, 2])})

    def search_filtered(i):
        get("/ppid/arsip/", {"q": SEARCHES[i % len(SEARCHES)], **a_filter(i)})

    def listing(i):
        get("/ppid/arsip/", a_filter(i) if i % 2 else {})

    def similar(i):
        get("/ppid/arsip/serupa/", {"information": QUESTIONS[i % len(QUESTIONS)]})

    def figures(i):
        get("/ppid/arsip/angka/", {})

    def bare(i):  # a page of the same site with two trivial queries: what any page costs here
        get("/ppid/dip/", {})

    search_alone(0)
    listing(0)
    similar(0)
    alone = timed(search_alone, n)
    filtered = timed(search_filtered, n)
    base = timed(listing, n)
    sim = timed(similar, n)
    fig = timed(figures, max(10, n // 10))
    bare_page = timed(bare, n)
    both = alone + filtered
    return {
        "p50": percentile(both, 50),
        "p95": percentile(both, 95),
        "alone_p95": percentile(alone, 95),
        "filtered_p95": percentile(filtered, 95),
        "list_p50": percentile(base, 50),
        "list_p95": percentile(base, 95),
        "similar_p50": percentile(sim, 50),
        "similar_p95": percentile(sim, 95),
        "figures_p95": percentile(fig, 95),
        "bare_p50": percentile(bare_page, 50),
        "bare_p95": percentile(bare_page, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="5,000 requests and fewer samples")
    parser.add_argument("--fresh", action="store_true", help="recreate the SQLite file")
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--fill-only", action="store_true", help="fill the database and stop")
    args = parser.parse_args()
    target = args.requests or (5_000 if args.quick else 100_000)
    setup(args.fresh)
    from django.db import connection

    from satupintu.ppid.models import ArchiveEntry, ArchiveState, InfoRequest

    print(f"Database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    filled = fill(target)
    print(
        f"Requests: {InfoRequest.objects.count():,}, published in the archive: "
        f"{ArchiveEntry.objects.filter(state=ArchiveState.PUBLISHED).count():,} "
        f"(inserted now: {filled['inserted']:,} in {filled['seconds']:.1f} s)"
    )
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that lets COUNT(*) of a
        # list page answer from the index alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) ppid_archiveentry")
            cursor.execute("VACUUM (ANALYZE) ppid_inforequest")
    else:
        from satupintu.core.db import refresh_planner_statistics

        refresh_planner_statistics()
    if args.fill_only:
        return
    r = measure(40 if args.quick else 200)
    ok = lambda cond: "OK" if cond else "MISSED"  # noqa: E731
    print()
    print(f"{'measure':<44}{'p50 / p95 (ms)':>16}  target")
    print("-" * 76)
    print(
        f"{'archive search (words, +filter, pages 1-2)':<44}{r['p50']:>7.1f} / {r['p95']:>6.1f}"
        f"  p95 < 50 ms {ok(r['p95'] < 50)}"
    )
    print(f"{'  words alone / with a filter p95':<44}{r['alone_p95']:>7.1f} / {r['filtered_p95']:>6.1f}")
    print(f"{'archive list without words (baseline)':<44}{r['list_p50']:>7.1f} / {r['list_p95']:>6.1f}")
    print(f"{'bare page of the site (/ppid/dip/, empty)':<44}{r['bare_p50']:>7.1f} / {r['bare_p95']:>6.1f}")
    print(
        f"{'  search p95 / list p95 / bare p95':<44}{r['p95'] / max(r['list_p95'], 0.001):>7.2f}x"
        f" / {r['p95'] / max(r['bare_p95'], 0.001):>5.2f}x"
    )
    print(f"{'similar answers while typing':<44}{r['similar_p50']:>7.1f} / {r['similar_p95']:>6.1f}")
    print(f"{'agencies figures page p95':<44}{r['figures_p95']:>16.1f}")


if __name__ == "__main__":
    main()
