"""Demo queues: RSUD Sultan Sulaiman (registration, three clinics with doctors, the pharmacy) and the Mal Pelayanan
Publik (civil registry, licences, local taxes at four counters), with their weekly sessions and quotas; the accounts
`pengelola_rsud`, `pengelola_mpp` (queue managers), `petugas_pendaftaran`, `petugas_poli_anak`, `petugas_farmasi`
and `petugas_mpp` (counter officers); and, on an open day, a few of today's tickets (one called at each of two
counters, so the board shows numbers). Password `satupintu-demo`. Idempotent: made once, found by name after."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from satupintu.akun.demo import DOMAIN, PASSWORD, first_desa
from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.organisasi.models import Agency
from satupintu.penduduk.nik import build_nik

from . import services
from .models import (
    Counter,
    CounterMembership,
    Doctor,
    PointKind,
    Service,
    ServiceKind,
    ServicePoint,
    Session,
    Ticket,
)

T = dt.time

# (name, kind, letter, minutes, bookable, walk-in, doctors, sessions per weekday: [(start, end, quota)], weekdays)
RSUD_SERVICES = [
    ("Pendaftaran", ServiceKind.REGISTRATION, "A", 4, False, True, [], [], ()),
    ("Poli Anak", ServiceKind.CLINIC, "B", 12, True, True, ["dr. Rina Hutagalung, Sp.A"],
     [(T(8), T(11), 30), (T(11), T(14), 20)], range(6)),
    ("Poli Penyakit Dalam", ServiceKind.CLINIC, "C", 15, True, True, ["dr. Ahmad Siregar, Sp.PD",
                                                                     "dr. Maya Lubis, Sp.PD"],
     [(T(8), T(12), 25)], range(6)),
    ("Poli Gigi", ServiceKind.CLINIC, "D", 20, True, False, ["drg. Fitri Nasution"], [(T(8), T(12), 12)], range(5)),
    ("Farmasi", ServiceKind.PHARMACY, "F", 5, False, False, [], [], ()),
]
MPP_SERVICES = [
    ("Administrasi kependudukan (KTP-el, KK, akta)", ServiceKind.COUNTER, "A", 10, True, True, [],
     [(T(8), T(12), 40), (T(13), T(15), 20)], range(5)),
    ("Perizinan usaha dan bangunan", ServiceKind.COUNTER, "B", 15, True, True, [], [(T(8), T(12), 20)], range(5)),
    ("Pajak daerah dan PBB", ServiceKind.COUNTER, "C", 8, True, True, [], [(T(8), T(15), 40)], range(5)),
]
RSUD_COUNTERS = [("Loket Pendaftaran 1", ["Pendaftaran"]), ("Loket Pendaftaran 2", ["Pendaftaran"]),
                 ("Poli Anak", ["Poli Anak"]), ("Poli Penyakit Dalam", ["Poli Penyakit Dalam"]),
                 ("Poli Gigi", ["Poli Gigi"]), ("Farmasi", ["Farmasi"])]
MPP_COUNTERS = [("Loket 1", ["A"]), ("Loket 2", ["A"]), ("Loket 3", ["B"]), ("Loket 4", ["C"])]
# username -> (role, agency slug, counters "point slug:counter name")
ACCOUNTS = {
    "pengelola_rsud": (Role.QUEUE_MANAGER, "rsud-sultan-sulaiman", []),
    "pengelola_mpp": (Role.QUEUE_MANAGER, "dpmptsp", []),
    "petugas_pendaftaran": (Role.QUEUE_OFFICER, None, ["rsud:Loket Pendaftaran 1", "rsud:Loket Pendaftaran 2"]),
    "petugas_poli_anak": (Role.QUEUE_OFFICER, None, ["rsud:Poli Anak"]),
    "petugas_farmasi": (Role.QUEUE_OFFICER, None, ["rsud:Farmasi"]),
    "petugas_mpp": (Role.QUEUE_OFFICER, None, ["mpp:Loket 1", "mpp:Loket 2"]),
}


def _agency(slug: str, name: str, short: str, kind: str) -> Agency:
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        agency = Agency.objects.create(slug=slug, name=name, short_name=short, kind=kind, head_title="Kepala")
    return agency


def _point(slug, name, kind, agency, address, rows, counters) -> ServicePoint:
    point, created = ServicePoint.objects.get_or_create(slug=slug, defaults={
        "name": name, "kind": kind, "agency": agency, "address": address, "booking_days_ahead": 14,
        "nik_daily_limit": 1})
    if not created:
        return point
    by_name: dict[str, Service] = {}
    for order, (sname, skind, letter, minutes, bookable, walk_in, doctors, sessions, weekdays) in enumerate(rows):
        service = Service.objects.create(point=point, name=sname, kind=skind, letter=letter, minutes_per_visit=minutes,
                                         bookable=bookable, walk_in=walk_in, order=order)
        by_name[sname] = by_name[letter] = service
        docs = [Doctor.objects.create(service=service, name=d) for d in doctors] or [None]
        for weekday in weekdays:
            for i, (start, end, quota) in enumerate(sessions):
                if weekday == 5 and start >= T(11):
                    continue  # Saturday: mornings only
                doctor = docs[(weekday + i) % len(docs)]
                Session.objects.create(service=service, doctor=doctor, weekday=weekday, starts=start, ends=end,
                                       quota=quota)
    if kind == PointKind.HOSPITAL:
        pharmacy = by_name["Farmasi"]
        for sname in ("Poli Anak", "Poli Penyakit Dalam", "Poli Gigi"):
            Service.objects.filter(pk=by_name[sname].pk).update(next_service=pharmacy)
        Service.objects.filter(pk=by_name["Pendaftaran"].pk).update(next_service=by_name["Poli Anak"])
    for order, (cname, handled) in enumerate(counters):
        counter = Counter.objects.create(point=point, name=cname, spoken_name=cname.lower(), order=order)
        counter.services.set([by_name[h] for h in handled])
    return point


def _accounts(points: dict[str, ServicePoint], stdout) -> dict[str, User]:
    users, created = {}, []
    for username, (role, agency_slug, counters) in ACCOUNTS.items():
        extra = {"agency": Agency.objects.get(slug=agency_slug)} if agency_slug else {}
        user, was_created = User.objects.get_or_create(username=username, defaults={
            "role": role, "first_name": username.split("_", 1)[1].replace("_", " ").title(), "last_name": "Demo",
            "email": f"{username}@{DOMAIN}", **extra})
        if was_created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
        for ref in counters:
            key, name = ref.split(":", 1)
            counter = Counter.objects.get(point=points[key], name=name)
            CounterMembership.objects.get_or_create(user=user, counter=counter)
        users[username] = user
    if created:
        stdout.write(f"  antrean: akun demo dibuat: {', '.join(created)} (kata sandi: {PASSWORD})")
    return users


def _today(points, users, region: str, stdout) -> None:
    rsud = points["rsud"]
    today = timezone.localdate()
    if Ticket.objects.filter(point=rsud).exists():
        return
    anak = Service.objects.get(point=rsud, letter="B")
    made = 0
    for day in (today, today + dt.timedelta(days=1)):
        sessions = list(Session.objects.filter(service=anak, weekday=day.weekday()).order_by("starts"))
        for i in range(4 if sessions else 0):
            nik = build_nik(region_code=region, birth_date=dt.date(1985 + i, 3, 4 + i), sex="LP"[i % 2],
                            serial=7100 + i + (10 if day != today else 0))
            try:
                services.booking_create(service=anak, session=sessions[-1], day=day, nik=nik,
                                        phone=f"0812600{day.day:02d}{i:03d}")
                made += 1
            except ValidationError:
                break  # a closed day or a session already over: nothing booked for it
    try:
        kiosk = services.kiosk_access(rsud)
        for letter in ("A", "A", "A", "B"):
            services.walk_in(service=Service.objects.get(point=rsud, letter=letter), by=kiosk)
        services.call_next(counter=Counter.objects.get(point=rsud, name="Loket Pendaftaran 1"),
                           by=users["petugas_pendaftaran"])
        services.call_next(counter=Counter.objects.get(point=rsud, name="Poli Anak"), by=users["petugas_poli_anak"])
        mpp = points["mpp"]
        services.walk_in(service=Service.objects.get(point=mpp, letter="A"), by=services.kiosk_access(mpp))
    except ValidationError as exc:
        stdout.write(f"  antrean: nomor hari ini dilewati ({' '.join(exc.messages)})")
    stdout.write(f"  antrean: {made} pesanan contoh dan nomor ambil di tempat hari ini")


def seed(*, stdout, options) -> None:
    rsud_agency = _agency("rsud-sultan-sulaiman", "RSUD Sultan Sulaiman", "RSUD Sultan Sulaiman", Agency.Kind.RSUD)
    mpp_agency = _agency("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP",
                         Agency.Kind.DINAS)
    points = {
        "rsud": _point("rsud-sultan-sulaiman", "RSUD Sultan Sulaiman", PointKind.HOSPITAL, rsud_agency,
                       "Jl. Negara, Sei Rampah", RSUD_SERVICES, RSUD_COUNTERS),
        "mpp": _point("mal-pelayanan-publik", "Mal Pelayanan Publik", PointKind.HALL, mpp_agency,
                      "Kompleks Kantor Bupati, Sei Rampah", MPP_SERVICES, MPP_COUNTERS),
    }
    users = _accounts(points, stdout)
    desa = first_desa()
    if desa is None:
        stdout.write("antrean: wilayah demo belum ada; tiket contoh dilewati")
        return
    _today(points, users, desa.district.code, stdout)
