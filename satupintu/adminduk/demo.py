"""Demo civil registration: three health facilities of the demo village's district, the accounts `bidan` (a midwife's
practice), `capil_verifikator` and `capil_pencatat` (Disdukcapil), and two births of demo families — one waiting for
verification, one registered and handed over (its documents signed). Password `satupintu-demo`, as every demo
account. Idempotent; the births are skipped when the penduduk demo made no families."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone
from faker import Faker

from satupintu.akun.demo import DOMAIN, PASSWORD, first_desa
from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.organisasi.models import Agency
from satupintu.penduduk.models import Family, FamilyRelation, Resident, ResidentStatus
from satupintu.wilayah.models import Village

from . import services
from .models import BirthRegistration, FacilityKind, FacilityMembership, HealthFacility

ACCOUNTS = [
    ("bidan", Role.FACILITY_OFFICER),
    ("capil_verifikator", Role.CAPIL_VERIFIER),
    ("capil_pencatat", Role.CAPIL_REGISTRAR),
]


def _disdukcapil() -> Agency:
    """organisasi's demo makes it; a deployment without it gets one here (data only, no migration)."""
    agency = Agency.objects.filter(short_name="Disdukcapil").first()
    if agency is None:
        agency = Agency.objects.create(name="Dinas Kependudukan dan Pencatatan Sipil", short_name="Disdukcapil",
                                       slug="disdukcapil", kind=Agency.Kind.DINAS, head_title="Kepala Dinas")
    return agency


def _facilities(desa: Village) -> dict[str, HealthFacility]:
    kelurahan = (Village.objects.filter(district__regency_id=desa.district.regency_id, kind=Village.Kind.KELURAHAN)
                 .order_by("code").first()) or desa
    rows = [
        ("Praktik Mandiri Bidan Sri Rahayu", FacilityKind.MIDWIFE, desa, None),
        (f"Puskesmas {desa.district.name}", FacilityKind.PUSKESMAS, desa, Agency.objects.filter(slug="dinkes").first()),
        ("RSUD Sultan Sulaiman", FacilityKind.HOSPITAL, kelurahan, Agency.objects.filter(kind=Agency.Kind.RSUD).first()),
    ]
    out = {}
    for name, kind, village, agency in rows:
        out[kind] = HealthFacility.objects.get_or_create(
            name=name, defaults={"kind": kind, "village": village, "agency": agency, "address": f"{village.name}"})[0]
    return out


def seed(*, stdout, options) -> None:
    desa = first_desa()
    if desa is None:
        stdout.write("adminduk: wilayah demo belum ada; dilewati")
        return
    capil = _disdukcapil()
    facilities = _facilities(desa)
    fake = Faker("id_ID")
    fake.seed_instance(1515)
    users, created = {}, []
    for username, role in ACCOUNTS:
        first, last = fake.first_name(), fake.last_name()
        extra = {"agency": capil} if role != Role.FACILITY_OFFICER else {}
        user, was_created = User.objects.get_or_create(username=username, defaults={
            "role": role, "first_name": first, "last_name": last, "email": f"{username}@{DOMAIN}", **extra})
        if was_created:
            user.full_clean(exclude=["password"])
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
        users[username] = user
    FacilityMembership.objects.get_or_create(user=users["bidan"], facility=facilities[FacilityKind.MIDWIFE])
    if created:
        stdout.write(f"  akun demo dibuat: {', '.join(created)} (kata sandi: {PASSWORD})")
    if BirthRegistration.objects.exists():
        return
    _births(desa, facilities[FacilityKind.MIDWIFE], users, stdout)


def _couples(desa: Village, n: int) -> list[tuple[Family, Resident, Resident]]:
    """Families of the demo village with a wife of childbearing age and her husband as head."""
    found = []
    wives = (Resident.objects.filter(village=desa, family_relation=FamilyRelation.ISTRI, sex="P",
                                     status=ResidentStatus.ACTIVE, family__isnull=False)
             .select_related("family").order_by("nik"))
    today = timezone.localdate()
    for wife in wives:
        if not 18 <= wife.age(today) <= 42:
            continue
        head = Resident.objects.filter(family=wife.family, family_relation=FamilyRelation.KEPALA, sex="L",
                                       status=ResidentStatus.ACTIVE).first()
        if head is not None:
            found.append((wife.family, wife, head))
        if len(found) == n:
            break
    return found


def _births(desa, facility, users, stdout) -> None:
    couples = _couples(desa, 2)
    if len(couples) < 2:
        stdout.write("adminduk: keluarga demo belum ada; contoh kelahiran dilewati")
        return
    today = timezone.localdate()
    bidan, verifier, registrar = users["bidan"], users["capil_verifikator"], users["capil_pencatat"]
    made = []
    parents = {p.pk for c in couples for p in c[1:]}
    witnesses = list(Resident.objects.filter(village=desa, status=ResidentStatus.ACTIVE, birth_date__lte=today - dt.timedelta(
        days=21 * 366)).exclude(pk__in=parents).order_by("nik")[:2])  # two adult neighbours
    if len(witnesses) < 2:
        return
    for i, (family, mother, father) in enumerate(couples):
        data = {
            "mother_nik": mother.nik, "father_nik": father.nik, "kk_number": family.kk_number,
            "child_name": ["Aisyah Putri", "Muhammad Rizky"][i], "child_sex": "PL"[i],
            "birth_date": today - dt.timedelta(days=1), "birth_time": dt.time(6 + i, 20),
            "birth_place": desa.name, "weight_grams": 3150 + 100 * i, "length_cm": "49.0", "attendant": "bidan",
            "birth_order": 1, "marriage_book_number": f"{120 + i}/07/VI/2019", "witness1_name": witnesses[0].name,
            "witness1_nik": witnesses[0].nik, "witness2_name": witnesses[1].name, "witness2_nik": witnesses[1].nik,
            "contact_phone": "6281260001218",
        }
        made.append(services.birth_declare(by=bidan, data=data, facility=facility))
    ready = made[0]
    with override_settings(SURAT_SIGNER="manual"):
        services.registration_verify(registration=ready, by=verifier, checklist=list(services.CHECKLIST_KEYS))
        ready = services.birth_register(registration=ready, by=registrar)
        services.registration_hand_over(registration=ready, by=bidan, received_by=ready.mother_name)
    stdout.write(f"  adminduk: {len(made)} kelahiran contoh (satu sudah diserahkan: {ready.certificate_number})")
