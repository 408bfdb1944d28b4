"""Benchmark of issue 17: a regency year at the treasury (5,000 DPA lines, 60,000 SP2D).

    .venv/bin/python benchmarks/keuangan.py              # 5,000 DPA lines (60,000 cash-plan rows), 60,000 SP2D
    .venv/bin/python benchmarks/keuangan.py --quick      # 500 lines, 6,000 SP2D
    .venv/bin/python benchmarks/keuangan.py --fill-only  # fill and keep a snapshot; later runs start from it

Builds its own database (SQLite file var/bench/keuangan.sqlite3, or PostgreSQL when DATABASE_URL is set — give it a
database of its own; it is replaced) and fills it with bulk_create: 20 agencies with 250 DPA lines each (monthly
cash plan, released by SPD), 60,000 issued SP2Ds of one line each over the twelve months (with their clock minutes
and some returns). The filled database is kept as a snapshot (var/bench/keuangan-filled-<size>.sqlite3, or the
PostgreSQL database "<name>_filled" used as a template); a later run of the same size restores it instead of
filling again (seconds instead of minutes), since a run changes the data it measures. `--refill` forces a new fill.
Then, in-process (Django test Client for pages, no web server):

- verification and issue: SPMs drafted, checked and signed through the services (not timed), then the verifier's
  pass (`spm_verify`: locks and checks the line, commits) and the Kuasa BUD's signature (`sp2d_sign`: number, PDF
  with Typst, signing adapter "manual", audit, outbox) timed together per SPM — target median/p95 < 150 ms;
- the treasury queue page with 30 SPMs waiting — target p95 < 50 ms;
- the public realisation report for the whole year (per agency and programme by month) — target < 1 s: the page
  (kept a minute per process) and the computation from the database on its own;
- the statistics page (median minutes per month and agency over the year's SP2Ds), for information;
- baseline: the staff desk `/staf/` as the same user, a page of the same frame measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import (  # benchmarks/common.py (the script's folder is on sys.path)
    ensure_postgres_database,
    percentile,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "keuangan.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(BENCH_DIR / "keuangan-private"))

AGENCIES = 20
ACCOUNT_CODES = None  # filled after django.setup()


def _snapshot_sqlite(size: str) -> Path:
    return BENCH_DIR / f"keuangan-filled-{size}.sqlite3"


def _pg_admin(url: str):
    """A connection to the server's `postgres` database, and the benchmark database's name."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres", query="")), autocommit=True), \
        parts.path.lstrip("/")


def _pg_exists(conn, name: str) -> bool:
    return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def restore_snapshot(size: str) -> bool:
    """Put the filled snapshot of `size` in place of the benchmark database; False when there is none."""
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite"):
        snapshot = _snapshot_sqlite(size)
        if not snapshot.exists():
            return False
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(snapshot, SQLITE_PATH)
        return True
    from psycopg import sql

    conn, name = _pg_admin(url)
    with conn:
        template = f"{name}_filled_{size}"
        if not _pg_exists(conn, template):
            return False
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))
    return True


def save_snapshot(size: str) -> None:
    from django.db import connection

    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite"):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        shutil.copyfile(SQLITE_PATH, _snapshot_sqlite(size))
        return
    from psycopg import sql

    connection.close()
    conn, name = _pg_admin(url)
    with conn:
        template = f"{name}_filled_{size}"
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(template)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(template), sql.Identifier(name)))


def setup_database(*, fresh: bool) -> None:
    url = os.environ["DATABASE_URL"]
    if fresh:
        if url.startswith("sqlite"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        else:
            ensure_postgres_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a snapshot older than the code gets the newer migrations
    if fresh and not url.startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)


def load(lines_total: int) -> dict:
    """What `fill` returns, read back from a restored snapshot."""
    from django.db import connection
    from django.utils import timezone

    from satupintu.keuangan.models import BudgetLine
    from satupintu.organisasi.models import Agency

    year = timezone.localdate().year
    lines = list(BudgetLine.objects.filter(year=year))  # the order `fill` read them in
    if len(lines) != lines_total:
        raise SystemExit(f"the snapshot holds {len(lines)} DPA lines of {year}, not {lines_total}: run with --refill")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"year": year, "agencies": list(Agency.objects.filter(slug__startswith="opd-")), "lines": lines}


def fill(lines_total: int, sp2d_total: int) -> dict:
    from django.db import connection
    from django.utils import timezone

    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.keuangan.accounts import seed_accounts
    from satupintu.keuangan.models import (
        Account,
        BudgetLine,
        CashPlan,
        FiscalYear,
        NumberCounter,
        OrderReturn,
        OrderStatus,
        PaymentLine,
        PaymentOrder,
        ReturnReason,
    )
    from satupintu.organisasi.models import Agency

    rnd = random.Random(17)
    seed_accounts(Account)
    accounts = list(Account.objects.filter(code__startswith="5."))
    year = timezone.localdate().year
    FiscalYear.objects.create(year=year)
    bpkad = Agency.objects.create(slug="bpkad", name="Badan Pengelolaan Keuangan dan Aset Daerah", short_name="BPKAD",
                                  kind=Agency.Kind.BADAN)
    agencies = Agency.objects.bulk_create([
        Agency(slug=f"opd-{i}", name=f"Dinas Uji {i}", short_name=f"Dinas {i}", kind=Agency.Kind.DINAS)
        for i in range(AGENCIES)])

    def user(username, role, agency):
        u = User(username=username, role=role, agency=agency, first_name=username, email=f"{username}@example.id")
        u.set_unusable_password()
        return u

    people = [user("verifikator", Role.TREASURY_VERIFIER, bpkad), user("kuasa_bud", Role.KUASA_BUD, bpkad)]
    for a in agencies:
        people += [user(f"bendahara_{a.slug}", Role.TREASURER, a), user(f"ppk_{a.slug}", Role.PPK_SKPD, a),
                   user(f"kepala_{a.slug}", Role.OPD_HEAD, a)]
    User.objects.bulk_create(people)

    per_agency = lines_total // AGENCIES
    amount = 1_200_000_000
    lines = []
    for a in agencies:
        for n in range(per_agency):
            program = f"1.{a.pk % 10:02d}.{n % 5 + 1:02d}"
            activity = f"{program}.2.01.{n // len(accounts) + 1:04d}"
            lines.append(BudgetLine(
                agency=a, year=year, program_code=program, program_name=f"Program {program}",
                activity_code=activity, activity_name=f"Sub kegiatan {activity}", account=accounts[n % len(accounts)],
                description=f"Belanja {n}", amount=amount, spd_released=amount))
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    lines = list(BudgetLine.objects.all())
    CashPlan.objects.bulk_create(
        [CashPlan(line=line, month=m, amount=amount // 12) for line in lines for m in range(1, 13)], batch_size=5000)

    tz = timezone.get_default_timezone()
    orders, committed = [], {}
    per_agency_seq: dict[int, int] = {}
    for i in range(sp2d_total):
        line = lines[i % len(lines)]
        month = i % 12 + 1
        at = datetime(year, month, rnd.randint(1, 28), rnd.randint(8, 15), rnd.randint(0, 59), tzinfo=tz)
        gross = rnd.randrange(1, 50) * 1_000_000
        seq = per_agency_seq[line.agency_id] = per_agency_seq.get(line.agency_id, 0) + 1
        orders.append(PaymentOrder(
            agency_id=line.agency_id, year=year, kind="ls_barang", status=OrderStatus.ISSUED if i % 3 else
            OrderStatus.SENT, description=f"Pembayaran {i}", recipient_name=f"CV Penerima {i}",
            bank="bank_sumut", account_number=f"{i:010d}", account_name=f"CV Penerima {i}", gross=gross, net=gross,
            spp_number=f"{seq:05d}/SPP/X/{year}", spm_number=f"{seq:05d}/SPM/X/{year}",
            sp2d_number=f"{i + 1:05d}/SP2D/BPKAD/{year}", submitted_at=at - timedelta(minutes=50), sp2d_at=at,
            sp2d_month=month,
            clock_seconds=rnd.choice([rnd.randint(600, 3600), rnd.randint(600, 3600), rnd.randint(3600, 9000)]),
            verification_token=f"bench{i}"))
        committed[line.pk] = committed.get(line.pk, 0) + gross
    PaymentOrder.objects.bulk_create(orders, batch_size=2000)
    ids = list(PaymentOrder.objects.order_by("pk").values_list("pk", "gross"))
    PaymentLine.objects.bulk_create([
        PaymentLine(order_id=pk, budget_line=lines[i % len(lines)], description="Rincian", amount=gross)
        for i, (pk, gross) in enumerate(ids)], batch_size=5000)
    reasons = list(ReturnReason.values)
    OrderReturn.objects.bulk_create([
        OrderReturn(order_id=pk, reason=reasons[i % len(reasons)], note="Perbaiki", returned_at=timezone.now())
        for i, (pk, _g) in enumerate(ids[::20])], batch_size=5000)
    for line in lines:
        line.committed = committed.get(line.pk, 0)
    BudgetLine.objects.bulk_update(lines, ["committed"], batch_size=2000)
    NumberCounter.objects.create(agency=bpkad, doc_type="SP2D", year=year, last_number=sp2d_total)
    for a in agencies:
        for doc in ("SPP", "SPM"):
            NumberCounter.objects.create(agency=a, doc_type=doc, year=year, last_number=per_agency_seq.get(a.pk, 0))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"year": year, "agencies": agencies, "lines": lines}


def prepare_spms(n: int, data: dict) -> list:
    """SPMs at the treasury, drafted, checked and signed through the services (not timed)."""
    from satupintu.akun.models import User
    from satupintu.keuangan import services
    from satupintu.keuangan.models import OrderKind, TaxClass

    out = []
    rnd = random.Random(3)
    for i in range(n):
        line = data["lines"][rnd.randrange(len(data["lines"]))]
        slug = next(a.slug for a in data["agencies"] if a.pk == line.agency_id)
        treasurer = User.objects.get(username=f"bendahara_{slug}")
        order = services.order_create(
            by=treasurer, kind=OrderKind.UP, description=f"Uang persediaan {i}", recipient_name="Bendahara Pengeluaran",
            recipient_npwp="012345678901000", bank="bank_sumut", account_number="1020304050",
            account_name="Bendahara Pengeluaran", year=data["year"])
        services.order_line_add(order=order, by=treasurer, budget_line=line, description="UP", amount=5_550_000,
                                tax_class=TaxClass.SERVICES)
        services.spp_submit(order=order, by=treasurer)
        services.spp_check(order=order, by=User.objects.get(username=f"ppk_{slug}"))
        services.spm_sign(order=order, by=User.objects.get(username=f"kepala_{slug}"))
        out.append(order)
    return out


def time_verify_and_issue(orders) -> tuple[list[float], list[float], list[float]]:
    from satupintu.akun.models import User
    from satupintu.keuangan import services

    verifier, kuasa = User.objects.get(username="verifikator"), User.objects.get(username="kuasa_bud")
    ticked = {k: True for k in services.CHECKLIST}
    both, verify_ms, sign_ms = [], [], []
    for order in orders:
        start = time.perf_counter()
        services.spm_verify(order=order, by=verifier, checklist=ticked)
        middle = time.perf_counter()
        services.sp2d_sign(order=order, by=kuasa)
        end = time.perf_counter()
        both.append((end - start) * 1000)
        verify_ms.append((middle - start) * 1000)
        sign_ms.append((end - middle) * 1000)
    return both, verify_ms, sign_ms


def time_page(client, url: str, n: int) -> list[float]:
    client.get(url)  # warm
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def row(label: str, times: list[float], target: str = "") -> None:
    print(f"{label:48} {statistics.median(times):9.1f} {percentile(times, 95):9.1f} {max(times):9.1f}   {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="500 DPA lines, 6,000 SP2D")
    parser.add_argument("--fill-only", action="store_true", help="fill, keep the snapshot and stop (measure later)")
    parser.add_argument("--refill", action="store_true", help="fill again even when a snapshot exists")
    args = parser.parse_args()
    lines_total, sp2d_total = (500, 6_000) if args.quick else (5_000, 60_000)
    issue_n, page_n = (20, 40) if args.quick else (60, 200)
    size = "quick" if args.quick else "full"
    started = time.perf_counter()
    restored = not args.refill and not args.fill_only and restore_snapshot(size)
    setup_database(fresh=not restored)
    from django.db import connection
    from django.test import Client

    from satupintu.akun.models import User

    if restored:
        data = load(lines_total)
        how = f"restored from the snapshot in {time.perf_counter() - started:.1f} s"
    else:
        data = fill(lines_total, sp2d_total)
        how = f"filled in {time.perf_counter() - started:.1f} s"
        save_snapshot(size)
        print(f"Snapshot kept ({how}); later runs of this size start from it.")
        if args.fill_only:
            return
    spms = prepare_spms(issue_n + 30, data)
    both, verify_ms, sign_ms = time_verify_and_issue(spms[:issue_n])
    client = Client()
    client.force_login(User.objects.get(username="verifikator"))
    baseline = time_page(client, "/staf/", page_n)
    queue = time_page(client, "/keuangan/antrean/", page_n)
    board = time_page(client, "/keuangan/papan/", page_n // 4)
    stats = time_page(client, f"/keuangan/statistik/?tahun={data['year']}", 10)
    client.logout()
    realisation = time_page(client, f"/keuangan/realisasi/?tahun={data['year']}", 10)
    from satupintu.keuangan.selectors import realisation_compute

    computed = []
    for _ in range(5):
        start = time.perf_counter()
        realisation_compute(year=data["year"])
        computed.append((time.perf_counter() - start) * 1000)
    print()
    print(f"Keuangan benchmark — {connection.vendor}, {lines_total:,} DPA lines, {sp2d_total:,} SP2D "
          f"({how}); 30 SPMs waiting in the queue")
    print(f"{'step':48} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}   target")
    row(f"verify + issue SP2D incl. PDF ({issue_n} SPMs)", both, "< 150 ms")
    row("  of which verification (lock, check, commit)", verify_ms)
    row("  of which SP2D signing (number, PDF, audit)", sign_ms)
    row(f"baseline: the staff desk /staf/ ({page_n} requests)", baseline)
    row(f"treasury queue page ({page_n} requests)", queue, "p95 < 50 ms")
    row("board page", board)
    row("statistics page, whole year", stats)
    row("public realisation page, whole year (memo 60 s)", realisation, "< 1000 ms")
    row("  realisation computed from the database", computed, "< 1000 ms")


if __name__ == "__main__":
    main()
