"""Benchmark: letter PDFs with Typst.

    .venv/bin/python benchmarks/surat.py            # 200 letters
    .venv/bin/python benchmarks/surat.py --quick    # 20 letters (smoke run)
    .venv/bin/python benchmarks/surat.py --pdf-only # letters only, without the register part

First runs benchmarks/penduduk.py (import of 1,000,000 residents — 50,000 with --quick — with time and peak memory,
and NIK look-up p50/p95) in a child process, then the letters:

Builds its own database (SQLite file var/bench/surat.sqlite3, recreated each run, or PostgreSQL when DATABASE_URL is
set — give it a database name of its own), one village with its staff and N residents, records N SKU requests at the
counter and checks them, then measures:

1. render: `pdf.render_pdf(letter_document(...))` per letter — the Typst compilation alone, each letter with its
   own data (name, number, QR of its own verification URL);
2. sign: `services.letter_sign(...)` per letter — the whole approval: counter row lock and number, body template,
   PDF, file write, audit event, one transaction.

Target (issue 6): PDF median under 50 ms. WeasyPrint is not installed here, so only Typst is measured (on this machine
a one-page A4 document took about 15 ms with typst and about 500 ms with WeasyPrint, per the issue).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
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
SQLITE_PATH = BENCH_DIR / "surat.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
USER_DATABASE_URL = os.environ.get("DATABASE_URL")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("MEDIA_ROOT", str(BENCH_DIR / "surat-media"))
os.environ["DEBUG"] = "0"
os.environ["SURAT_SIGNER"] = "manual"




def setup_django():
    if os.environ["DATABASE_URL"].startswith("sqlite") and SQLITE_PATH.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    elif not os.environ["DATABASE_URL"].startswith("sqlite"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(n: int):
    import datetime as dt

    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.penduduk.models import Family, Resident
    from satupintu.surat import services
    from satupintu.surat.models import Channel, LetterType
    from satupintu.wilayah.models import District, Province, Regency, Village

    province, _ = Province.objects.get_or_create(code="12", defaults={"name": "Sumatera Utara"})
    regency, _ = Regency.objects.get_or_create(code="12.18", defaults={"province": province, "name": "Serdang Bedagai"})
    district, _ = District.objects.get_or_create(code="12.18.01", defaults={"regency": regency, "name": "Kotarih"})
    village, _ = Village.objects.get_or_create(
        code="12.18.01.2001", defaults={"district": district, "name": "Sialtong", "postal_code": "20991"}
    )
    operator, _ = User.objects.get_or_create(
        username="bench_operator", defaults={"role": Role.VILLAGE_OPERATOR, "village": village}
    )
    head, _ = User.objects.get_or_create(
        username="bench_kades", defaults={"role": Role.VILLAGE_HEAD, "village": village, "first_name": "Ahmad",
                                          "last_name": "Siregar"}
    )
    services.letter_types_seed()
    sku = LetterType.objects.get(code="500")
    profile = services.letter_profile_get(village)
    profile.office_address = "Jl. Besar Sialtong No. 1, Kotarih 20991"
    profile.save()

    first = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Sri", "Andi", "Rina", "Joko", "Nur"]
    last = ["Siregar", "Nasution", "Lubis", "Harahap", "Sinaga", "Saragih", "Damanik", "Purba", "Tarigan", "Ginting"]
    start = Resident.objects.count()
    families, residents = [], []
    for i in range(start, start + n):
        nik = f"121801150590{i + 1:04d}"
        families.append(Family(kk_number=f"1218010101{i + 1:06d}", village=village, address="Dusun I", rt="001", rw="002"))
        residents.append(Resident(
            nik=nik, name=f"{first[i % 10]} {last[(i // 10) % 10]} {i}", sex="L", birth_place="Sei Rampah",
            birth_date=dt.date(1990, 5, 15), religion="islam", marital_status="kawin", occupation="Pedagang",
            education="sma", address=f"Dusun {i % 5 + 1}", rt=f"{i % 9 + 1:03d}", rw="002", village=village,
        ))
    Family.objects.bulk_create(families)
    Resident.objects.bulk_create(residents)
    letters = []
    for i, resident in enumerate(Resident.objects.filter(nik__in=[r.nik for r in residents]).select_related("village")):
        letter = services.letter_request_create(
            village=village, letter_type=sku, resident=resident, purpose="Pengajuan kredit usaha rakyat",
            field_values={"nama_usaha": f"Warung #{i} [Berkah] *Jaya*", "jenis_usaha": "Kedai kopi",
                          "alamat_usaha": f"Dusun {i % 5 + 1}", "mulai_usaha": "2019-03-01"},
            channel=Channel.COUNTER, by=operator,
        )
        services.letter_request_verify(letter=letter, by=operator)
        letters.append(letter)
    return letters, head


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 letters instead of 200")
    parser.add_argument("--letters", type=int, default=None)
    parser.add_argument("--pdf-only", action="store_true",
                        help="skip the register part (import of the residents and NIK look-ups)")
    args = parser.parse_args()
    n = args.letters or (20 if args.quick else 200)

    if not args.pdf_only:
        # Part 1 of issue 6's benchmark, the population register that letters are requested from: import of
        # 1,000,000 residents (time, peak memory) and NIK look-up p95. It lives in benchmarks/penduduk.py (the
        # register is its own app) and runs here in a child process of its own, so its peak memory is its own.
        print("== Register: import and NIK look-up (benchmarks/penduduk.py)", flush=True)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "penduduk.py"), *(["--quick"] if args.quick else [])],
                       check=True, env=_register_env())
        print("\n== Letters: PDF rendering and signing", flush=True)

    setup_django()
    from django.db import connection

    from satupintu.surat import pdf, services

    letters, head = build(n)

    pdf.render_pdf(services.letter_document(_signed_copy(letters[0], head), profile=services.letter_profile_get(
        letters[0].village), electronic=False))  # warm-up: fonts loaded once per process

    sign_ms: list[float] = []
    signed = []
    for letter in letters:
        t0 = time.perf_counter()
        signed.append(services.letter_sign(letter=letter, by=head))
        sign_ms.append((time.perf_counter() - t0) * 1000)

    profile = services.letter_profile_get(letters[0].village)
    render_ms: list[float] = []
    sizes: list[int] = []
    for letter in signed:
        document = services.letter_document(letter, profile=profile, electronic=False)
        t0 = time.perf_counter()
        data = pdf.render_pdf(document)
        render_ms.append((time.perf_counter() - t0) * 1000)
        assert data.startswith(b"%PDF")
        sizes.append(len(data))

    numbers = [s.number for s in signed]
    assert len(set(numbers)) == len(numbers), "duplicate letter numbers"

    print(f"\nSurat benchmark — {n} letters, database: {connection.vendor}, engine: typst")
    print(f"{'measure':<44}{'median ms':>11}{'p95 ms':>10}{'max ms':>10}")
    for label, values in (("PDF render (typst, per letter)", render_ms),
                          ("Sign: number + PDF + store + audit", sign_ms)):
        print(f"{label:<44}{statistics.median(values):>11.1f}{percentile(values, 95):>10.1f}{max(values):>10.1f}")
    print(f"{'PDF size (KB, median)':<44}{statistics.median(sizes) / 1024:>11.1f}")
    print(f"Numbers: {numbers[0]} … {numbers[-1]} (all distinct)")
    verdict = "met" if statistics.median(render_ms) < 50 else "NOT met"
    print(f"Target PDF median < 50 ms: {verdict}.")
    print("WeasyPrint: not installed, not compared.")




def _register_env() -> dict[str, str]:
    """The child's environment: its own database, never this run's (it replaces the residents it finds there).
    SQLite: penduduk.py's default file. PostgreSQL: this database's name + "_penduduk", created when missing."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if USER_DATABASE_URL and not USER_DATABASE_URL.startswith("sqlite"):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(USER_DATABASE_URL)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_penduduk"))
        ensure_postgres_database(env["DATABASE_URL"])
    return env


def _signed_copy(letter, head):
    """An unsaved copy of `letter` with signature fields filled, for the warm-up render."""
    import copy

    from django.utils import timezone

    warm = copy.copy(letter)
    warm.number = "500/000/2001/I/2026"
    warm.body_text = warm.letter_type.default_body
    warm.signed_at = timezone.now()
    warm.signer_title = "Kepala Desa"
    warm.signer_name = head.get_full_name()
    warm.verification_url = "http://127.0.0.1:8000/surat/v/warmup/"
    return warm


if __name__ == "__main__":
    main()
