"""Demo register: 500 residents (`--residents` to change) in families, spread over the first ten villages of the
regency (the demo operator's village first), with valid NIKs (region = the village's district, birth date and sex
encoded, unique serials) and Indonesian names from Faker `id_ID` with a fixed seed, so every run builds the same
people. Idempotent: existing NIKs and KK numbers are left as they are.

The first resident (head of the first family in the operator's village) gets the self-service PIN `123456` (a PIN
staff could never issue: it is refused as too easy to guess; fine for a demo), and its NIK is printed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from faker import Faker

from satupintu.wilayah.models import Village

from .models import (
    Education,
    Family,
    FamilyRelation,
    MaritalStatus,
    Religion,
    Resident,
    ResidentCredential,
    Sex,
)
from .nik import build_nik

SEED = 1218
DEMO_PIN = "123456"
VILLAGE_COUNT = 10
TODAY = dt.date(2026, 1, 1)  # ages are computed from a fixed day, so reruns in another year build the same people

OCCUPATIONS = [
    "PETANI/PEKEBUN", "PETANI/PEKEBUN", "WIRASWASTA", "PEDAGANG", "KARYAWAN SWASTA", "BURUH HARIAN LEPAS",
    "NELAYAN/PERIKANAN", "GURU", "PEGAWAI NEGERI SIPIL", "SOPIR", "TUKANG BANGUNAN", "PERANGKAT DESA",
]
PLACES = ["Sei Rampah", "Tebing Tinggi", "Perbaungan", "Dolok Masihul", "Medan", "Pematang Siantar", "Tanjung Beringin"]
RELIGIONS = [Religion.ISLAM] * 14 + [Religion.KRISTEN] * 3 + [Religion.KATOLIK, Religion.BUDDHA, Religion.HINDU]


def demo_villages() -> list[Village]:
    villages = list(
        Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).order_by("code")[:VILLAGE_COUNT]
    )
    first_desa = (
        Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE, kind=Village.Kind.DESA)
        .order_by("code")
        .first()
    )
    if first_desa is not None:
        villages = [first_desa] + [v for v in villages if v.pk != first_desa.pk][: VILLAGE_COUNT - 1]
    return villages


def _birth(rng: random.Random, min_age: int, max_age: int) -> dt.date:
    age_days = rng.randint(min_age * 365, max_age * 365 + 364)
    return TODAY - dt.timedelta(days=age_days)


def _education(rng: random.Random, birth: dt.date) -> str:
    age = (TODAY - birth).days // 365
    if age < 7:
        return Education.TIDAK_SEKOLAH
    if age < 13:
        return Education.BELUM_TAMAT_SD
    if age < 16:
        return Education.SD
    if age < 19:
        return Education.SMP
    return rng.choice([Education.SD, Education.SMP, Education.SMA, Education.SMA, Education.SMA, Education.D3,
                       Education.S1_D4])


def build_people(count: int, villages: list[Village]) -> list[dict]:
    """The demo families as plain data (deterministic for a given count and village list)."""
    fake = Faker("id_ID")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)
    serials: dict[str, int] = {}
    people: list[dict] = []
    family_no = 0

    def nik_for(region: str, birth: dt.date, sex: str) -> str:
        prefix = build_nik(region_code=region, birth_date=birth, sex=sex, serial=1)[:12]
        serials[prefix] = serials.get(prefix, 0) + 1
        return build_nik(region_code=region, birth_date=birth, sex=sex, serial=serials[prefix])

    while len(people) < count:
        village = villages[family_no % len(villages)]
        region = village.district_id
        family_no += 1
        issued = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3600))
        kk = f"{region.replace('.', '')}{issued:%d%m%y}{family_no:04d}"
        address = f"Dusun {rng.choice(['I', 'II', 'III', 'IV', 'V'])}, {fake.street_name()}"
        rt, rw = f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 5):03d}"
        surname = fake.last_name()
        members: list[tuple[str, str, dt.date, str]] = []
        head_birth = _birth(rng, 28, 70)
        members.append((FamilyRelation.KEPALA, Sex.LAKI_LAKI, head_birth, MaritalStatus.KAWIN))
        if rng.random() < 0.85:
            members.append((FamilyRelation.ISTRI, Sex.PEREMPUAN, _birth(rng, 24, 65), MaritalStatus.KAWIN))
        else:
            members[0] = (FamilyRelation.KEPALA, rng.choice([Sex.LAKI_LAKI, Sex.PEREMPUAN]), head_birth,
                          rng.choice([MaritalStatus.CERAI_MATI, MaritalStatus.CERAI_HIDUP, MaritalStatus.BELUM_KAWIN]))
        head_age = (TODAY - head_birth).days // 365
        for _ in range(rng.choice([0, 1, 2, 2, 3, 3, 4])):
            sex = rng.choice([Sex.LAKI_LAKI, Sex.PEREMPUAN])
            max_age = max(0, min(30, head_age - 20))
            members.append((FamilyRelation.ANAK, sex, _birth(rng, 0, max_age), MaritalStatus.BELUM_KAWIN))
        if rng.random() < 0.08:
            members.append((FamilyRelation.ORANG_TUA, Sex.PEREMPUAN, _birth(rng, 70, 88), MaritalStatus.CERAI_MATI))
        for relation, sex, birth, marital in members[: count - len(people)]:
            first = fake.first_name_male() if sex == Sex.LAKI_LAKI else fake.first_name_female()
            adult = (TODAY - birth).days // 365 >= 17
            people.append({
                "kk": kk, "village": village, "address": address, "rt": rt, "rw": rw,
                "nik": nik_for(region, birth, sex),
                "name": f"{first} {surname}" if relation != FamilyRelation.ORANG_TUA else f"{first} {fake.last_name()}",
                "sex": sex, "birth_place": rng.choice(PLACES), "birth_date": birth, "religion": rng.choice(RELIGIONS),
                "marital_status": marital, "family_relation": relation,
                "occupation": (rng.choice(OCCUPATIONS) if adult else "PELAJAR/MAHASISWA")
                if relation != FamilyRelation.ISTRI or rng.random() < 0.4 else "MENGURUS RUMAH TANGGA",
                "education": _education(rng, birth),
            })
    return people


def seed(*, stdout, options) -> None:
    villages = demo_villages()
    if not villages:
        stdout.write("penduduk: wilayah kabupaten belum dimuat; data penduduk demo dilewati")
        return
    people = build_people(int(options.get("residents") or 500), villages)
    families: dict[str, Family] = {}
    created = 0
    for person in people:
        family = families.get(person["kk"])
        if family is None:
            family, _ = Family.objects.get_or_create(
                kk_number=person["kk"],
                defaults={"village": person["village"], "address": person["address"], "rt": person["rt"],
                          "rw": person["rw"]},
            )
            families[person["kk"]] = family
        resident, was_created = Resident.objects.get_or_create(
            nik=person["nik"],
            defaults={
                "name": person["name"], "sex": person["sex"], "birth_place": person["birth_place"],
                "birth_date": person["birth_date"], "religion": person["religion"],
                "marital_status": person["marital_status"], "occupation": person["occupation"],
                "education": person["education"], "address": person["address"], "rt": person["rt"],
                "rw": person["rw"], "village": person["village"], "family": family,
                "family_relation": person["family_relation"],
            },
        )
        created += was_created
        if person["family_relation"] == FamilyRelation.KEPALA and family.head_id is None and resident.family_id == family.pk:
            family.head = resident
            family.save(update_fields=["head"])

    first = Resident.objects.get(nik=people[0]["nik"])
    credential = ResidentCredential.objects.filter(resident=first).first()
    if credential is None:
        ResidentCredential.objects.create(resident=first, pin_hash=make_password(DEMO_PIN))
    elif not check_password(DEMO_PIN, credential.pin_hash):
        credential.pin_hash = make_password(DEMO_PIN)
        credential.failed_attempts, credential.locked_until = 0, None
        credential.save(update_fields=["pin_hash", "failed_attempts", "locked_until"])
    stdout.write(
        f"penduduk: {len(people)} penduduk demo di {len(villages)} desa ({created} baru, {len(families)} KK). "
        f"Layanan mandiri: NIK {first.nik} ({first.name}, {first.village}), PIN {DEMO_PIN}."
    )
    seed_events(villages[0], stdout=stdout)
    seed_households(villages[0], stdout=stdout)


def seed_events(village, *, stdout) -> None:
    """A birth and a move away in the operator's village this month, recorded through the event services as the
    demo operator, so the monthly report has something to show. Once only (skipped when the village has events)."""
    from django.utils import timezone

    from satupintu.akun.models import User

    from . import events
    from .models import PopulationEvent

    operator = User.objects.filter(username="operator_desa", village=village).first()
    if operator is None or PopulationEvent.objects.filter(village=village).exists():
        return
    today = timezone.localdate()
    families = list(Family.objects.filter(village=village, head__isnull=False).order_by("kk_number")[:3])
    if len(families) < 3:
        return
    region = village.district_id
    nik = build_nik(region_code=region, birth_date=today, sex=Sex.PEREMPUAN, serial=9000)
    if not Resident.objects.filter(nik=nik).exists():
        events.event_birth(by=operator, village=village, kk_number=families[1].kk_number, nik=nik,
                           name="Aisyah Putri", sex=Sex.PEREMPUAN, birth_place="Sei Rampah", birth_date=today,
                           document_number="474.1/001/demo")
    mover = Resident.objects.filter(family=families[2], status="active").exclude(pk=families[2].head_id).first()
    if mover is not None:
        events.event_move_out(by=operator, village=village, nik=mover.nik, date=today, destination="Kota Medan",
                              document_number="475/002/demo")
    stdout.write(f"penduduk: mutasi demo di {village}: satu kelahiran dan satu pindah keluar hari ini.")


BLOOD_TYPES = ["O", "O", "O", "A", "A", "B", "B", "AB", "tidak_tahu"]
INSURANCE = ["bpjs_pbi", "bpjs_pbi", "bpjs_pbi", "bpjs_mandiri", "bpjs_pekerja", "tidak_ada", "jamkesda"]
HOUSES = [  # floor, wall, water, electricity, sanitation, welfare stage
    ("tanah", "bambu", "sumur_tak_terlindung", "pln_numpang", "tidak_ada", "pra_sejahtera"),
    ("semen", "kayu", "sumur", "pln_meter", "bersama", "sejahtera_1"),
    ("keramik", "tembok", "ledeng", "pln_meter", "sendiri", "sejahtera_2"),
    ("keramik", "tembok", "kemasan", "pln_meter", "sendiri", "sejahtera_3"),
    ("ubin", "tembok", "sumur_bor", "pln_meter", "sendiri", "sejahtera_3_plus"),
]


def seed_households(village, *, stdout) -> None:
    """The operator's village: blood type, health insurance and disability on its residents, and one household per
    family with its house, recorded through the household service as the demo operator. Once only (skipped when the
    village has households)."""
    from satupintu.akun.models import User

    from . import services
    from .models import Household

    operator = User.objects.filter(username="operator_desa", village=village).first()
    if operator is None or Household.objects.filter(village=village).exists():
        return
    rng = random.Random(SEED + 7)
    residents = list(Resident.objects.filter(village=village).order_by("nik"))
    for i, resident in enumerate(residents):
        resident.blood_type = rng.choice(BLOOD_TYPES)
        resident.health_insurance = rng.choice(INSURANCE)
        resident.disability = "fisik" if i % 29 == 7 else ("netra" if i % 31 == 11 else "tidak_ada")
    Resident.objects.bulk_update(residents, ["blood_type", "health_insurance", "disability"])
    families = Family.objects.filter(village=village, head__isnull=False).select_related("head").order_by("kk_number")
    for i, family in enumerate(families):
        members = list(family.members.filter(status="active").order_by("pk").values_list("nik", flat=True))
        if not members or family.head.nik not in members:
            continue
        floor, wall, water, electricity, sanitation, welfare = HOUSES[rng.randrange(len(HOUSES))]
        services.household_save(
            by=operator, village=village, member_niks=members, head_nik=family.head.nik, address=family.address,
            rt=family.rt, rw=family.rw, latitude=Decimal("3.5800") + Decimal(i) / 1000,
            longitude=Decimal("98.9800") + Decimal(i % 7) / 1000, floor=floor, wall=wall, water=water,
            electricity=electricity, sanitation=sanitation, welfare=welfare, floor_area=rng.randint(18, 120),
        )
    stdout.write(f"penduduk: rumah tangga demo di {village}: {Household.objects.filter(village=village).count()}.")
