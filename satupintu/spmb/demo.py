"""Demo of SPMB: the coming school year (registration open), schools in two districts with their domisili areas,
village centre points, the prestasi table, a dozen registrations in every state before the selection, and the
accounts `disdik` (education office) and `operator_sekolah` (SMP Negeri 1's operator). Idempotent.

Village centre points and school locations are demo approximations laid out on a grid over the regency, not survey
data: the education office enters real ones."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from satupintu.akun.demo import DOMAIN, PASSWORD
from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.organisasi.models import Agency
from satupintu.penduduk.models import Resident, ResidentStatus
from satupintu.wilayah.models import District, Village

from . import services
from .models import (
    Level,
    Registration,
    School,
    SchoolOperator,
    SchoolYear,
    Status,
    VillageCentre,
)
from .workflow import ParentAccess

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PRESTASI = [("Juara 1 lomba tingkat nasional", "15"), ("Juara 1 lomba tingkat provinsi", "10"),
            ("Juara 1 lomba tingkat kabupaten", "5"), ("Juara 2/3 lomba tingkat kabupaten", "3")]


def _grid(districts: list[District]) -> dict[str, tuple[float, float]]:
    """A point per village: districts on a grid over the regency, villages around their district's point."""
    points = {}
    for i, district in enumerate(districts):
        lat0, lon0 = 3.25 + (i % 5) * 0.07, 98.95 + (i // 5) * 0.09
        for j, code in enumerate(Village.objects.filter(district=district).order_by("code")
                                 .values_list("code", flat=True)):
            points[code] = (round(lat0 + (j % 4) * 0.012, 6), round(lon0 + (j // 4) * 0.012, 6))
    return points


def _year() -> SchoolYear:
    today = timezone.localdate()
    start = today.year if today.month < 7 else today.year + 1
    name = f"{start}/{start + 1}"
    year = SchoolYear.objects.filter(name=name).first()
    if year is not None:
        return year
    now = timezone.now()
    return SchoolYear.objects.create(
        name=name, reference_date=dt.date(start, 7, 1), registration_opens=now - timedelta(days=1),
        registration_closes=now + timedelta(days=14), verification_closes=now + timedelta(days=16),
        announcement_at=now + timedelta(days=17), reregistration_closes=now + timedelta(days=21),
        second_round_opens=now + timedelta(days=22), second_round_closes=now + timedelta(days=25), is_active=True)


def _account(username: str, role: str, **extra) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={
        "role": role, "first_name": username.replace("_", " ").title(), "email": f"{username}@{DOMAIN}", **extra})
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(*, stdout, options) -> None:
    regency = settings.SATUPINTU_REGENCY_CODE
    districts = list(District.objects.filter(regency_id=regency).order_by("code"))
    disdik = Agency.objects.filter(slug="disdik").first()
    if len(districts) < 2 or disdik is None:
        stdout.write("spmb: wilayah atau Dinas Pendidikan demo belum ada; dilewati")
        return
    services.objection_category()
    points = _grid(districts)
    for code, (lat, lon) in points.items():
        VillageCentre.objects.get_or_create(village_id=code, defaults={"latitude": lat, "longitude": lon})
    year = _year()
    office = _account("disdik", Role.EDUCATION_OFFICER, agency=disdik)
    if not year.prestasi_rules.exists():
        for label, points_ in PRESTASI:
            services.prestasi_rule_add(year=year, by=office, label=label, points=Decimal(points_))

    schools = []
    for n, (district, level, capacity) in enumerate([
            (districts[0], Level.SMP, 32), (districts[0], Level.SD, 28), (districts[1], Level.SMP, 32),
            (districts[1], Level.SD, 28), (districts[0], Level.SMP, 24), (districts[1], Level.SD, 20)]):
        villages = list(Village.objects.filter(district=district).order_by("code"))
        home = villages[n % len(villages)]
        npsn = f"10{regency.replace('.', '')[-2:]}{n + 1:04d}"
        school = School.objects.filter(npsn=npsn).first()
        if school is None:
            lat, lon = points[home.code]
            number = 1 + n // 2 if n < 4 else 3
            school = School(npsn=npsn, name=f"{Level(level).label} Negeri {number} {district.name.title()}",
                            level=level, village=home, latitude=lat + 0.003, longitude=lon + 0.003,
                            capacity=capacity, address=f"Jl. Pendidikan No. {n + 1}")
            services.school_save(school=school, by=office, villages=villages)
        schools.append(school)
    operator = _account("operator_sekolah", Role.SCHOOL_OPERATOR)
    SchoolOperator.objects.get_or_create(user=operator, defaults={"school": schools[0]})

    if Registration.objects.filter(year=year).exists():
        return
    ref = year.reference_date
    district_codes = [d.code for d in districts[:2]]
    smp_kids = list(Resident.objects.filter(
        status=ResidentStatus.ACTIVE, village__district_id__in=district_codes, family__isnull=False,
        birth_date__gt=ref.replace(year=ref.year - 15), birth_date__lte=ref.replace(year=ref.year - 12),
    ).select_related("family").order_by("nik")[:10])
    sd_kids = list(Resident.objects.filter(
        status=ResidentStatus.ACTIVE, village__district_id__in=district_codes, family__isnull=False,
        birth_date__gt=ref.replace(year=ref.year - 8), birth_date__lte=ref.replace(year=ref.year - 6),
    ).select_related("family").order_by("nik")[:6])
    smp = [s for s in schools if s.level == Level.SMP]
    sd = [s for s in schools if s.level == Level.SD]
    states = [Status.VERIFIED, Status.VERIFIED, Status.SUBMITTED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT]
    made = 0
    for i, kid in enumerate(smp_kids + sd_kids):
        level = Level.SMP if kid in smp_kids else Level.SD
        options = smp if level == Level.SMP else sd
        district = kid.village.district_id
        ordered = sorted(options, key=lambda s: (s.village.district_id != district, s.pk))
        track = "domisili" if i % 4 else ("afirmasi" if i % 8 == 0 else ("prestasi" if level == Level.SMP
                                                                            else "domisili"))
        data = services.RegistrationInput(
            level=level, track=track, schools=ordered[:3], parent_name=f"Orang tua {kid.name.split()[-1]}",
            parent_phone=f"0812600{i:05d}", kk_since=dt.date(2019, 1, 15), latitude=None, longitude=None,
            affirmation_basis="aid_card" if track == "afirmasi" else "",
            report_average=Decimal("85.50") + i if track == "prestasi" else None,
            prestasi_rule=year.prestasi_rules.first() if track == "prestasi" else None)
        try:
            reg = services.registration_create(year=year, child=kid, data=data)
        except Exception as exc:  # noqa: BLE001 - a demo child that does not fit is skipped, with the reason
            stdout.write(f"spmb: anak demo dilewati: {exc}")
            continue
        made += 1
        state = states[i % len(states)]
        if state == Status.DRAFT:
            continue
        parent = ParentAccess(reg.pk)
        for kind in services.required_documents(reg):
            services.document_add(registration=reg, by=parent, kind=kind,
                                  upload=SimpleUploadedFile(f"{kind}.png", PNG, content_type="image/png"))
        services.registration_submit(registration=reg, by=parent)
        if state == Status.RETURNED:
            services.registration_return(registration=reg, by=office, reason="Foto KK tidak terbaca; unggah ulang.")
        elif state == Status.VERIFIED:
            services.registration_verify(registration=reg, by=office)
    stdout.write(f"  spmb: tahun {year.name}, {len(schools)} sekolah, {made} pendaftaran; akun disdik dan "
                 f"operator_sekolah (kata sandi: {PASSWORD})")
