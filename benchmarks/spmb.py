"""Benchmark of school admission (issue 16): 60,000 applicants with three choices over 500 schools.

    .venv/bin/python benchmarks/spmb.py            # 60,000 applicants, 500 schools
    .venv/bin/python benchmarks/spmb.py --quick    # 6,000 applicants, 50 schools (smoke run)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sp_bench_spmb .venv/bin/python benchmarks/spmb.py

    .venv/bin/python benchmarks/spmb.py --fill-only    # fill once (a minute or two) ...
    .venv/bin/python benchmarks/spmb.py --reuse        # ... then measure only, as often as wanted
    .venv/bin/python benchmarks/spmb.py --reuse --only selection   # one measurement (ranking, intake, selection)

Database: a fresh SQLite file var/bench/spmb.sqlite3 per run, or PostgreSQL via DATABASE_URL (created when missing;
its SPMB rows are emptied first). With --reuse the fill of an earlier run (--fill-only, or any run) is kept: a reset
deletes what the measurements added (the form's registrations, placements, cut-offs, the selection's audit records)
and puts the applicants back to verified, in seconds; the sizes are checked against var/bench/spmb-*.json. The fill writes a regency of 20 districts and 500 villages, 500 schools (300 SD,
200 SMP, capacity 60-140, each with its district's villages as domisili area), one child per applicant on the
register, and the applicants as verified registrations with three choices each (nearest schools of their level with
some randomness, track mix 75 % domisili, 15 % afirmasi, 5 % mutasi, 5 % prestasi), written with bulk_create.

Measured:
1. Selection: `services.selection_run` over every verified registration, end to end: read with values_list, deferred
   acceptance, seats moving to domisili, the placements and cut-offs (bulk_create), the states (one UPDATE per
   chunk) and the audit rows (INSERT ... SELECT). Target < 10 s.
2. Live ranking page /spmb/peringkat/<npsn>/<track>/ (test Client, full middleware and template) of random schools,
   tracks and pages 1-3: p50/p95 uncached (cache emptied before each request: the one indexed query every time) and
   cached. Target p95 < 50 ms.
3. Registrations through the real web form /spmb/daftar/ (failed-lookup limit checked, NIK + KK match against the
   register, validation, the three schools with their domisili area in one query, the registration with its audit
   record and three choices with distance and rank key, redirect) against a bare view in the same run that inserts
   one Registration row: requests/s and the ratio, interleaved rounds, twice as benchmarks/aduan.py does: through a
   real server (gunicorn, one sync worker, httpx with keep-alive and the CSRF cookie) and through Django's test Client
   in this process (the application's own time alone: a stricter ratio). Target: within 3x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from common import (  # benchmarks/common.py (the script's folder is on sys.path)
    ensure_postgres_database,
    percentile,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "spmb.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

urlpatterns: list = []
BARE_POOL: list[int] = []


def bare_insert(request):
    """One Registration row from the POST, nothing else (no lookup, no validation, no audit, no choices)."""
    from django.http import HttpResponse

    from satupintu.spmb.models import Registration

    Registration.objects.create(
        year_id=int(request.POST["year"]), child_id=int(request.POST["child"]), child_name="x",
        birth_date=dt.date(2013, 1, 1), level="smp", track="domisili", home_village_id=request.POST["village"],
        latitude=3.0, longitude=99.0, location_source="point", domicile_basis="kk",
        parent_name=request.POST.get("parent_name", ""), parent_phone=request.POST.get("parent_phone", ""),
        verifying_school_id=int(request.POST["school_1"]),
    )
    return HttpResponse("ok")


_wsgi = None


def application(environ, start_response):
    """WSGI entry for the gunicorn run: the same URLconf (bare view + the app) in the server process."""
    global _wsgi
    if _wsgi is None:
        setup(fresh=False)
        from django.core.wsgi import get_wsgi_application

        _wsgi = get_wsgi_application()
    return _wsgi(environ, start_response)


def setup(fresh: bool = True) -> None:
    url = os.environ["DATABASE_URL"]
    if url.startswith("sqlite:///") and fresh:
        target = url[len("sqlite:///"):]
        target = target if target.startswith("/") else str(ROOT / target)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    if url.startswith("postgres") and fresh:
        ensure_postgres_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.urls import include, path

    if fresh:
        call_command("migrate", verbosity=0)
    urlpatterns[:] = [path("bare/", bare_insert), path("", include("satupintu.config.urls"))]
    settings.ROOT_URLCONF = __name__
    settings.ALLOWED_HOSTS = ["*"]
    settings.SPMB_FAILED_LOOKUPS_PER_HOUR = 10**9  # one client address registers thousands of children here


def fill(n_children: int, n_schools: int, n_intake: int) -> dict:
    from django.db import connection

    from satupintu.akun.models import User
    from satupintu.akun.roles import Role
    from satupintu.organisasi.models import Agency
    from satupintu.penduduk.models import Family, Resident
    from satupintu.spmb import selection as sel
    from satupintu.spmb import services
    from satupintu.spmb.models import Choice, Cutoff, Placement, Registration, School, SchoolYear, Status
    from satupintu.wilayah.models import District, Province, Regency, Village

    rng = random.Random(16)
    t0 = time.perf_counter()
    for model in (Placement, Cutoff, Choice, Registration, School, SchoolYear):
        model.objects.all().delete()
    Province.objects.get_or_create(code="99", defaults={"name": "Provinsi Uji"})
    Regency.objects.get_or_create(code="99.01", defaults={"province_id": "99", "name": "Kabupaten Uji"})
    districts, villages = [], []
    for d in range(20):
        code = f"99.01.{d + 1:02d}"
        District.objects.get_or_create(code=code, defaults={"regency_id": "99.01", "name": f"Kecamatan {d + 1}"})
        districts.append(code)
        for v in range(25):
            vcode = f"{code}.{2001 + v}"
            villages.append((vcode, code, 3.0 + d // 5 * 0.1 + v // 5 * 0.02, 98.9 + d % 5 * 0.1 + v % 5 * 0.02))
    existing = set(Village.objects.filter(code__in=[v[0] for v in villages]).values_list("code", flat=True))
    Village.objects.bulk_create([Village(code=c, district_id=d, name=f"Desa {c}", slug=c.replace(".", "-"))
                                 for c, d, _la, _lo in villages if c not in existing])
    disdik, _ = Agency.objects.get_or_create(slug="disdik", defaults={"name": "Dinas Pendidikan",
                                                                      "short_name": "Disdik", "kind": "dinas"})
    office, _ = User.objects.get_or_create(username="bench_disdik",
                                           defaults={"role": Role.EDUCATION_OFFICER, "agency": disdik})
    now = dtnow()
    year = SchoolYear.objects.create(
        name="2026/2027", reference_date=dt.date(2026, 7, 1), registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=5), verification_closes=now + timedelta(days=6),
        announcement_at=now + timedelta(days=7), reregistration_closes=now + timedelta(days=9), is_active=True)

    schools = []
    for i in range(n_schools):
        vcode, dcode, lat, lon = villages[(i * 7) % len(villages)]
        level = "sd" if i % 5 < 3 else "smp"
        schools.append(School(npsn=f"{20000000 + i}", name=f"{level.upper()} Negeri {i + 1}", level=level,
                              village_id=vcode, latitude=lat + rng.uniform(-0.005, 0.005),
                              longitude=lon + rng.uniform(-0.005, 0.005), capacity=rng.randint(60, 140)))
    School.objects.bulk_create(schools)
    schools = list(School.objects.order_by("pk"))
    by_district: dict[str, list[str]] = {}
    for vcode, dcode, _la, _lo in villages:
        by_district.setdefault(dcode, []).append(vcode)
    Through = School.domicile_villages.through
    Through.objects.bulk_create([Through(school_id=s.pk, village_id=v) for s in schools
                                 for v in by_district[s.village_id[:8]]],
                                batch_size=5000)

    # Children on the register: the applicants, then the pools of the web form and of the bare view.
    total = n_children + 4 * n_intake
    start_nik = 9901000000000000 + rng.randint(0, 10**6) * 10**4
    Resident.objects.filter(nik__startswith="9901").delete()
    Family.objects.filter(kk_number__startswith="9902").delete()
    fams = [Family(kk_number=str(9902000000000000 + i), village_id=villages[i % len(villages)][0])
            for i in range(total)]
    Family.objects.bulk_create(fams, batch_size=5000)
    fam_ids = dict(Family.objects.filter(kk_number__startswith="9902").values_list("kk_number", "pk"))
    kids = []
    for i in range(total):
        level_age = 12 if i % 2 else 7
        birth = dt.date(2026 - level_age - 1, 1 + i % 12, 1 + i % 28)
        kids.append(Resident(nik=str(start_nik + i), name=f"Anak Uji {i}", sex="L" if i % 2 else "P",
                             birth_place="Uji", birth_date=birth, religion="islam", marital_status="belum_kawin",
                             village_id=villages[i % len(villages)][0],
                             family_id=fam_ids[str(9902000000000000 + i)], family_relation="anak"))
    Resident.objects.bulk_create(kids, batch_size=5000)
    kid_rows = list(Resident.objects.filter(nik__startswith="9901").order_by("nik")
                    .values_list("pk", "nik", "birth_date", "village_id", "family__kk_number"))
    point = {v[0]: (v[2], v[3]) for v in villages}
    levels = {"sd": [s for s in schools if s.level == "sd"], "smp": [s for s in schools if s.level == "smp"]}
    area = {s.pk: frozenset(by_district[s.village_id[:8]]) for s in schools}
    sel_school = {s.pk: sel.School(s.pk, s.level, s.latitude, s.longitude, area[s.pk]) for s in schools}
    rules = sel.Rules(year.reference_date)
    regs, plan = [], []
    tracks = ["domisili"] * 15 + ["afirmasi"] * 3 + ["mutasi", "prestasi"]
    for i, (pk, _nik, birth, village, _kk) in enumerate(kid_rows[:n_children]):
        level = "smp" if i % 2 else "sd"
        track = rng.choice(tracks)
        if level == "sd" and track == "prestasi":
            track = "domisili"
        lat, lon = point[village]
        lat, lon = lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01)
        options = sorted(levels[level], key=lambda s: (s.latitude - lat) ** 2 + (s.longitude - lon) ** 2)[:6]
        chosen = rng.sample(options, 3)
        regs.append(Registration(
            year=year, child_id=pk, child_name=f"Anak Uji {i}", birth_date=birth, level=level, track=track,
            home_village_id=village, latitude=lat, longitude=lon, location_source="point", domicile_basis="kk",
            kk_since=dt.date(2020, 1, 1), domicile_ok=rng.random() > 0.03,
            affirmation_basis="aid_card" if track == "afirmasi" else "",
            transfer_basis="parent_transfer" if track == "mutasi" else "",
            report_average=80 if track == "prestasi" else None,
            score=round(rng.uniform(70, 100), 2) if track == "prestasi" else 0,
            parent_name="Orang tua", parent_phone="6281200000000", status=Status.VERIFIED,
            verifying_school=chosen[0], submitted_at=now, verified_at=now))
        plan.append(chosen)
    Registration.objects.bulk_create(regs, batch_size=2000)
    choices = []
    for reg, chosen in zip(Registration.objects.filter(year=year).order_by("pk"), plan, strict=True):
        child = services.child_data(reg)
        for position, school in enumerate(chosen, start=1):
            s = sel_school[school.pk]
            d = sel.haversine_m(reg.latitude, reg.longitude, s.lat, s.lon)
            choices.append(Choice(registration_id=reg.pk, position=position, school_id=school.pk, track=reg.track,
                                  distance_m=round(d), active=True,
                                  eligible=sel.refusal_reason(child, s, reg.track, rules) is None,
                                  sort_key=services.sort_key(sel.rank_key(child, s, reg.track, rules, d))))
    Choice.objects.bulk_create(choices, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"fill: {n_children:,} applicants, {len(choices):,} choices, {len(schools)} schools "
          f"in {time.perf_counter() - t0:.1f} s")
    pools = [kid_rows[n_children + k * n_intake:n_children + (k + 1) * n_intake] for k in range(4)]
    return {"year": year, "office": office, "schools": schools, "intake": pools[0], "bare": pools[1],
            "intake_http": pools[2], "bare_http": pools[3]}


def dtnow():
    from django.utils import timezone

    return timezone.now()


def timed(fn, items) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append((time.perf_counter() - t) * 1000)
    return out


def bench_ranking(ctx: dict, n: int) -> dict:
    from django.core.cache import cache
    from django.test import Client

    rng = random.Random(7)
    client = Client()
    schools = ctx["schools"]

    def url():
        s = rng.choice(schools)
        return f"/spmb/peringkat/{s.npsn}/{rng.choice(['domisili', 'domisili', 'afirmasi'])}/?hal={rng.randint(1, 3)}"

    def get(u, clear):
        if clear:
            cache.clear()
        r = client.get(u)
        assert r.status_code == 200, r.status_code

    urls = [url() for _ in range(n)]
    get(urls[0], True)
    from django.db import connection

    queries = []  # counted by a wrapper: the request's start empties connection.queries

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get(urls[1], True)
    uncached = timed(lambda u: get(u, True), urls)
    for u in urls:
        get(u, False)  # warm
    cached = timed(lambda u: get(u, False), urls)
    return {"queries": len(queries), "uncached": (percentile(uncached, 50), percentile(uncached, 95)),
            "cached": (percentile(cached, 50), percentile(cached, 95))}


def bench_intake(ctx: dict, n: int) -> dict:
    from django.test import Client

    client = Client()

    def data(row):
        return _form_data(ctx, row)

    def form(row):
        r = client.post("/spmb/daftar/", data(row))
        assert r.status_code == 302, (r.status_code, r.content[-1500:])

    def bare(row):
        r = client.post("/bare/", data(row))
        assert r.status_code == 200, r.status_code

    intake, bare_pool = list(ctx["intake"]), list(ctx["bare"])
    form(intake.pop()), bare(bare_pool.pop())
    t_form, t_bare = [], []
    rounds = 5
    per = min(n, len(intake)) // rounds
    for r in range(rounds):
        t_bare += timed(bare, bare_pool[r * per:(r + 1) * per])
        t_form += timed(form, intake[r * per:(r + 1) * per])
    return {"form_rps": 1000 / statistics.mean(t_form), "bare_rps": 1000 / statistics.mean(t_bare),
            "ratio": statistics.mean(t_form) / statistics.mean(t_bare),
            "form_p50": percentile(t_form, 50), "form_p95": percentile(t_form, 95)}


def _form_data(ctx: dict, row) -> dict:
    year, schools = ctx["year"], ctx["schools"]
    pk, nik, birth, village, kk = row
    level = "smp" if birth.year < 2016 else "sd"
    chosen = random.Random(pk).sample([s for s in schools if s.level == level][:30], 3)
    return {"nik": nik, "kk_number": kk, "level": level, "track": "domisili", "school_1": chosen[0].pk,
            "school_2": chosen[1].pk, "school_3": chosen[2].pk, "domicile_basis": "kk", "kk_since": "2019-05-01",
            "latitude": "3.05", "longitude": "99.05", "parent_name": "Siti Aminah", "parent_phone": "0812 3456 7890",
            "year": year.pk, "child": pk, "village": village}


def bench_intake_http(ctx: dict, n: int) -> dict:
    """The same comparison through a real server: gunicorn (1 sync worker, as deployed) and httpx with keep-alive,
    CSRF token and cookie as a browser sends them."""
    import re
    import socket
    import subprocess

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--chdir", str(ROOT), "--pythonpath", str(ROOT / "benchmarks"),
         "-w", "1", "-b", f"127.0.0.1:{port}", "--log-level", "warning", "spmb:application"],
        env=env,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            for _ in range(300):
                try:
                    page = client.get("/spmb/daftar/")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

            def data(row):
                return {**_form_data(ctx, row), "csrfmiddlewaretoken": token}

            def form(row):
                r = client.post("/spmb/daftar/", data=data(row))
                assert r.status_code == 302, (r.status_code, r.text[-800:])

            def bare(row):
                r = client.post("/bare/", data=data(row))
                assert r.status_code == 200, r.status_code

            intake, bare_pool = list(ctx["intake_http"]), list(ctx["bare_http"])
            form(intake.pop()), bare(bare_pool.pop())
            t_form, t_bare = [], []
            rounds = 5
            per = min(n, len(intake)) // rounds
            for r in range(rounds):
                t_bare += timed(bare, bare_pool[r * per:(r + 1) * per])
                t_form += timed(form, intake[r * per:(r + 1) * per])
    finally:
        server.terminate()
        server.wait(10)
    return {"form_rps": 1000 / statistics.mean(t_form), "bare_rps": 1000 / statistics.mean(t_bare),
            "ratio": statistics.mean(t_form) / statistics.mean(t_bare),
            "form_p50": percentile(t_form, 50), "form_p95": percentile(t_form, 95)}


class _ServerCpu:
    """CPU seconds of this connection's PostgreSQL backend (a local server whose /proc we can read), else None: with
    the process's own CPU time, a figure of the run that a loaded machine does not inflate."""

    def __init__(self) -> None:
        from django.db import connection

        self.pid = None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
        self.start = self._ticks()

    def _ticks(self) -> int | None:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, TypeError, IndexError):
            return None
        return int(fields[11]) + int(fields[12])  # utime + stime

    def seconds(self) -> float | None:
        end = self._ticks()
        if self.start is None or end is None:
            return None
        return (end - self.start) / os.sysconf("SC_CLK_TCK")


def bench_selection(ctx: dict) -> dict:
    from satupintu.spmb import services
    from satupintu.spmb.models import Registration, SchoolYear, Status

    year = ctx["year"]
    past = dtnow() - timedelta(minutes=5)
    SchoolYear.objects.filter(pk=year.pk).update(registration_closes=past - timedelta(minutes=5),
                                                 verification_closes=past)
    year.refresh_from_db()
    phases: dict[str, float] = {}
    server = _ServerCpu()
    t = time.perf_counter()
    result = services.selection_run(year=year, by=ctx["office"], timings=phases)
    elapsed = time.perf_counter() - t
    phases["server cpu"] = server.seconds()
    admitted = Registration.objects.filter(year=year, status=Status.ADMITTED).count()
    return {"seconds": elapsed, "children": len(result.outcomes), "admitted": admitted, "rounds": result.rounds,
            "digest": result.digest()[:16], "phases": phases}


def _meta_path() -> Path:
    import hashlib

    url = os.environ["DATABASE_URL"]
    return BENCH_DIR / f"spmb-{hashlib.sha256(url.encode()).hexdigest()[:12]}.json"


def save_meta(sizes: dict) -> None:
    import json

    _meta_path().write_text(json.dumps({**sizes, "database_url": os.environ["DATABASE_URL"]}))


def load_meta() -> dict | None:
    import json

    path = _meta_path()
    return json.loads(path.read_text()) if path.exists() else None


def context(n_children: int, n_intake: int) -> dict:
    """The context of an earlier fill, read back (what `fill` returns)."""
    from satupintu.akun.models import User
    from satupintu.penduduk.models import Resident
    from satupintu.spmb.models import School, SchoolYear

    kid_rows = list(Resident.objects.filter(nik__startswith="9901").order_by("nik")
                    .values_list("pk", "nik", "birth_date", "village_id", "family__kk_number"))
    pools = [kid_rows[n_children + k * n_intake:n_children + (k + 1) * n_intake] for k in range(4)]
    return {"year": SchoolYear.objects.get(name="2026/2027"), "office": User.objects.get(username="bench_disdik"),
            "schools": list(School.objects.order_by("pk")), "intake": pools[0], "bare": pools[1],
            "intake_http": pools[2], "bare_http": pools[3]}


def reset(ctx: dict) -> None:
    """Undo what a measured run changed, so the next run measures the same data: the registrations the form and the
    bare view made, the selection's placements, cut-offs, states and audit records; registration open again."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from satupintu.core.models import AuditEvent
    from satupintu.spmb.models import Cutoff, Placement, Registration, SchoolYear, Status

    t0 = time.perf_counter()
    year = ctx["year"]
    pool_children = [row[0] for key in ("intake", "bare", "intake_http", "bare_http") for row in ctx[key]]
    with transaction.atomic():
        # The fill's year is the only one here: a plain DELETE (a join would be planned on the statistics of an empty
        # table, taken by the last reset, and scan the 60,000 placements once per placement).
        Placement.objects.all().delete()
        Cutoff.objects.all().delete()
        Registration.objects.filter(year=year, child_id__in=pool_children).delete()
        Registration.objects.filter(year=year).exclude(status=Status.VERIFIED).update(
            status=Status.VERIFIED, round=1, reregistered_at=None)
        AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Registration)).delete()
        AuditEvent.objects.filter(action="spmb.selection_run").delete()
        now = dtnow()
        SchoolYear.objects.filter(pk=year.pk).update(
            selected_at=None, selection_digest="", announced_at=None, registration_opens=now - timedelta(days=1),
            registration_closes=now + timedelta(days=5), verification_closes=now + timedelta(days=6),
            announcement_at=now + timedelta(days=7), reregistration_closes=now + timedelta(days=9), is_active=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # autocommit here: the dead rows of the reset go before measuring
    year.refresh_from_db()
    print(f"reset of the earlier fill in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="6,000 applicants over 50 schools")
    parser.add_argument("--requests", type=int, default=0, help="requests per measured page (default 500/200)")
    parser.add_argument("--fill-only", action="store_true", help="fill the database and stop (for --reuse)")
    parser.add_argument("--reuse", action="store_true", help="measure on the fill of an earlier run")
    parser.add_argument("--only", action="append", choices=["ranking", "intake", "selection"],
                        help="measure only this (repeatable; default all)")
    args = parser.parse_args()
    n_children, n_schools = (6_000, 50) if args.quick else (60_000, 500)
    n_req = args.requests or (200 if args.quick else 500)
    sizes = {"children": n_children, "schools": n_schools, "intake": n_req + 10}
    only = set(args.only or ["ranking", "intake", "selection"])
    if args.reuse:
        meta = load_meta()
        if meta is None or {k: meta.get(k) for k in sizes} != sizes:
            sys.exit(f"no fill of {sizes} for {os.environ['DATABASE_URL']} to reuse ({_meta_path()}): run with "
                     "--fill-only first (with the same --quick/--requests)")
        setup(fresh=False)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        ctx = context(n_children, n_req + 10)
        reset(ctx)
    else:
        setup()
        ctx = fill(n_children, n_schools, n_req + 10)
        save_meta(sizes)
    from django.db import connection

    print(f"database: {connection.vendor}")
    if args.fill_only:
        print(f"filled; measure with --reuse{' --quick' if args.quick else ''}")
        return
    if "ranking" in only:
        ranking = bench_ranking(ctx, n_req)
        print(f"live ranking p50/p95: uncached {ranking['uncached'][0]:.1f} / {ranking['uncached'][1]:.1f} ms, "
              f"cached {ranking['cached'][0]:.1f} / {ranking['cached'][1]:.1f} ms, {ranking['queries']} queries "
              f"per uncached page (target p95 < 50 ms)")
    if "intake" in only:
        for label, bench in (("gunicorn, 1 sync worker", bench_intake_http),
                             ("in-process test client", bench_intake)):
            intake = bench(ctx, n_req)
            print(f"registration web form ({label}): {intake['form_rps']:.0f} req/s (p50 "
                  f"{intake['form_p50']:.1f} ms, p95 {intake['form_p95']:.1f} ms) vs bare insert "
                  f"{intake['bare_rps']:.0f} req/s: {intake['ratio']:.2f}x (target <= 3x)")
    if "selection" in only:
        selection = bench_selection(ctx)
        p = selection["phases"]
        phases = ", ".join(f"{k} {p[k]:.2f} s (cpu {p[k + ' cpu']:.2f})" for k in ("read", "compute", "store"))
        server = p["server cpu"]
        server = f", PostgreSQL backend cpu {server:.2f} s" if server is not None else ""
        print(f"selection of {selection['children']:,} applicants: {selection['seconds']:.2f} s ({phases}; cpu of "
              f"this process{server}), "
              f"{selection['admitted']:,} admitted, {selection['rounds']} run(s) with seats moved, digest "
              f"{selection['digest']} (target < 10 s)")


if __name__ == "__main__":
    main()
