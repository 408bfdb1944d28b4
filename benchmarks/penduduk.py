"""Benchmark: import of a regency's population register and NIK look-up over it.

    .venv/bin/python benchmarks/penduduk.py            # 1,000,000 residents
    .venv/bin/python benchmarks/penduduk.py --quick    # 50,000 residents (smoke run)

Builds its own database (SQLite file var/bench/penduduk.sqlite3, or PostgreSQL when DATABASE_URL is set — give it a
database name of its own), loads the regions of Kabupaten Serdang Bedagai (12.18), writes a deterministic CSV in the
civil registry's format (valid NIKs: region = the village's district, birth date and sex encoded, unique serials;
families of 1-6 members under one KK number), imports it through the same service the `import_penduduk` command and
the upload page use (`residents_import`: checked row by row, one transaction), then looks up random NIKs through
`resident_get_by_nik_for_user` as a regency administrator (the staff path: permission check plus village, district and
family loaded with the resident).

Targets (issue 6): import under 2 minutes, NIK look-up p95 under 5 ms.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from common import percentile  # benchmarks/common.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "penduduk.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# DEBUG would keep every query in memory and time it: not what production runs.
os.environ["DEBUG"] = "0"

HEADER = [
    "NIK", "NO_KK", "NAMA_LENGKAP", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "AGAMA", "STATUS_PERKAWINAN",
    "PEKERJAAN", "PENDIDIKAN", "ALAMAT", "RT", "RW", "KODE_DESA", "HUBUNGAN_KELUARGA",
]
FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Sri", "Andi", "Rina", "Joko", "Nur", "Hendra", "Yanti", "Rizky",
         "Putri", "Fajar", "Indah", "Dedi", "Lestari", "Bayu", "Wulan"]
LAST = ["Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Simanjuntak", "Saragih", "Damanik", "Purba", "Tarigan",
        "Ginting", "Sembiring", "Santoso", "Wijaya", "Pratama", "Hidayat", "Saputra", "Rahmawati", "Utami", "Kurniawan"]
RELIGIONS = ["ISLAM"] * 7 + ["KRISTEN", "KRISTEN", "KATOLIK", "BUDDHA", "HINDU"]
JOBS = ["PETANI/PEKEBUN", "WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "MENGURUS RUMAH TANGGA", "PELAJAR/MAHASISWA",
        "NELAYAN/PERIKANAN", "BURUH HARIAN LEPAS", "GURU", "PEGAWAI NEGERI SIPIL"]
EDUCATION = ["TIDAK/BELUM SEKOLAH", "BELUM TAMAT SD/SEDERAJAT", "TAMAT SD/SEDERAJAT", "SLTP/SEDERAJAT",
             "SLTA/SEDERAJAT", "DIPLOMA I/II", "AKADEMI/DIPLOMA III/S. MUDA", "DIPLOMA IV/STRATA I", "STRATA II"]
PLACES = ["Sei Rampah", "Tebing Tinggi", "Medan", "Perbaungan", "Dolok Masihul", "Pematang Siantar", "Teluk Mengkudu"]


def write_csv(path: Path, rows: int, villages: list[str], seed: int = 2026) -> list[str]:
    """Write `rows` residents; returns a sample of their NIKs for the look-up test."""
    rng = random.Random(seed)
    serials: dict[tuple[str, str], int] = {}
    kk_counter: dict[str, int] = {}
    sample: list[str] = []
    written = 0
    start = dt.date(1940, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - start
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        while written < rows:
            village = villages[rng.randrange(len(villages))]
            district = village[:8].replace(".", "")
            kk_counter[district] = kk_counter.get(district, 0) + 1
            kk = f"{district}{kk_counter[district]:010d}"
            size = min(rng.randint(1, 6), rows - written)
            address, rt, rw = f"Dusun {rng.randint(1, 9)}", str(rng.randint(1, 20)), str(rng.randint(1, 8))
            family_name = rng.choice(LAST)
            for member in range(size):
                sex = "L" if (member == 0 or rng.random() < 0.5) and member != 1 else "P"
                born = dt.date.fromordinal(start + rng.randrange(span))
                key = (district, born.strftime("%d%m%y") + sex)
                serials[key] = serials.get(key, 0) + 1
                day = born.day + (40 if sex == "P" else 0)
                nik = f"{district}{day:02d}{born:%m%y}{serials[key]:04d}"
                relation = "KEPALA KELUARGA" if member == 0 else ("ISTRI" if member == 1 else "ANAK")
                date_text = born.strftime("%d-%m-%Y") if written % 2 else born.isoformat()
                out.writerow([
                    nik, kk, f"{rng.choice(FIRST)} {family_name}", sex, rng.choice(PLACES), date_text,
                    rng.choice(RELIGIONS), "KAWIN" if member < 2 else "BELUM KAWIN", rng.choice(JOBS),
                    rng.choice(EDUCATION), address, rt, rw, village, relation,
                ])
                if rng.random() < 0.01:
                    sample.append(nik)
                written += 1
    return sample


def max_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50,000 residents instead of 1,000,000")
    parser.add_argument("--rows", type=int, help="number of residents (overrides --quick)")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--regenerate", action="store_true", help="write the CSV again even if it exists")
    args = parser.parse_args()
    rows = args.rows or (50_000 if args.quick else 1_000_000)

    using_sqlite = os.environ["DATABASE_URL"].startswith("sqlite")
    if using_sqlite and SQLITE_PATH.exists() and os.environ["DATABASE_URL"].endswith(str(SQLITE_PATH)):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.penduduk.imports import residents_import_path
    from satupintu.penduduk.models import Family, Resident
    from satupintu.penduduk.selectors import resident_get_by_nik_for_user
    from satupintu.wilayah.loader import regions_load_from_lokal
    from satupintu.wilayah.models import Village

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    if not using_sqlite:
        Resident.objects.all().delete()
        Family.objects.all().delete()
    regions_load_from_lokal(prefix="12.18")
    villages = list(Village.objects.filter(code__startswith="12.18.").values_list("code", flat=True))

    csv_path = BENCH_DIR / f"penduduk-{rows}.csv"
    t0 = time.perf_counter()
    if csv_path.exists() and not args.regenerate:
        # The file is deterministic: reuse it, and sample NIKs from it the same way (about 1 in 100).
        with csv_path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            sample = [row[0] for index, row in enumerate(reader) if index % 100 == 7]
    else:
        sample = write_csv(csv_path, rows, villages)
    generate_s = time.perf_counter() - t0
    size_mb = csv_path.stat().st_size / 2**20

    rss_before = max_rss_mb()
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    result = residents_import_path(path=csv_path)
    import_s, import_cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_after = max_rss_mb()
    if result.rejections:
        for r in result.rejections[:10]:
            print(f"  rejected line {r.line}: {r.reason}")
        raise SystemExit(f"import rejected {len(result.rejections)} rows")
    assert Resident.objects.count() == rows, Resident.objects.count()

    # Second run: every NIK exists, so this is the "re-import updates by NIK" path.
    t0, c0 = time.perf_counter(), time.process_time()
    reimport = residents_import_path(path=csv_path)
    reimport_s, reimport_cpu = time.perf_counter() - t0, time.process_time() - c0
    load_after = os.getloadavg()[0]
    rss_reimport = max_rss_mb()
    assert reimport.updated == rows and not reimport.rejections

    admin = User(username="bench-admin", role=Role.REGENCY_ADMIN, is_active=True)
    rng = random.Random(7)
    niks = [rng.choice(sample) for _ in range(args.lookups)]
    for nik in niks[:50]:  # warm the connection and caches
        resident_get_by_nik_for_user(nik=nik, user=admin)
    timings, cpu_timings = [], []
    for nik in niks:
        t0, c0 = time.perf_counter(), time.thread_time()
        resident_get_by_nik_for_user(nik=nik, user=admin)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu_timings.append((time.thread_time() - c0) * 1000)
    orm_timings = []
    for nik in niks:
        t0 = time.perf_counter()
        Resident.objects.get(nik=nik)
        orm_timings.append((time.perf_counter() - t0) * 1000)

    print()
    print(f"{'measure':46} {'value':>14}  target")
    print(f"{'-' * 46} {'-' * 14}  {'-' * 12}")
    print(f"{'residents in file':46} {rows:>14,}")
    print(f"{'CSV size (MiB)':46} {size_mb:>14.1f}")
    print(f"{'CSV generation or sampling (s)':46} {generate_s:>14.1f}")
    print(f"{'machine load average before / after':46} {f'{load_before:.1f} / {load_after:.1f}':>14}  (2 cores)")
    print(f"{'import, new register (s)':46} {import_s:>14.1f}  < 120 s")
    print(f"{'  CPU time of this process (s)':46} {import_cpu:>14.1f}")
    print(f"{'  rows per second':46} {rows / import_s:>14,.0f}")
    print(f"{'  families created':46} {result.families_created:>14,}")
    print(f"{'re-import, update by NIK (s)':46} {reimport_s:>14.1f}")
    print(f"{'  CPU time of this process (s)':46} {reimport_cpu:>14.1f}")
    print(f"{'peak RSS before import (MiB)':46} {rss_before:>14.0f}")
    print(f"{'peak RSS after import (MiB)':46} {rss_after:>14.0f}")
    print(f"{'peak RSS after re-import (MiB)':46} {rss_reimport:>14.0f}")
    print(f"{'NIK look-ups (selector, regency admin)':46} {len(timings):>14,}")
    print(f"{'  p50 (ms)':46} {statistics.median(timings):>14.3f}")
    print(f"{'  p95 (ms)':46} {percentile(timings, 95):>14.3f}  < 5 ms")
    print(f"{'  p99 (ms)':46} {percentile(timings, 99):>14.3f}")
    print(f"{'  p95 CPU time of the look-up (ms)':46} {percentile(cpu_timings, 95):>14.3f}")
    print(f"{'NIK look-ups (plain ORM get by NIK)':46} {len(orm_timings):>14,}")
    print(f"{'  p50 (ms)':46} {statistics.median(orm_timings):>14.3f}")
    print(f"{'  p95 (ms)':46} {percentile(orm_timings, 95):>14.3f}  < 5 ms")
    print()
    print("Wall-clock times include waiting for a CPU: on a shared machine (load above the core count) compare the")
    print("CPU times, which is what the same run takes on an idle machine, give or take disk waits.")


if __name__ == "__main__":
    main()
