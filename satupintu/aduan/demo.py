"""Demo data of the complaint service: a LAPOR!-like topic tree routed to the demo OPD, and about forty believable
reports in every state. Idempotent: categories by slug, reports by their demo reference (external_ref "demo-N")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from faker import Faker

from satupintu.kalender.services import next_working_day
from satupintu.organisasi.models import Agency
from satupintu.wilayah.models import Village

from . import services
from .models import Category, Channel, Complaint, ComplaintEvent, Kind

# (slug, name, parent slug, default agency short name)
CATEGORIES = [
    ("infrastruktur", "Infrastruktur", None, "Dinas PUPR"),
    ("jalan-jembatan", "Jalan dan jembatan", "infrastruktur", "Dinas PUPR"),
    ("drainase", "Drainase dan banjir", "infrastruktur", "Dinas PUPR"),
    ("lampu-jalan", "Lampu penerangan jalan", "infrastruktur", "Dishub"),
    ("kesehatan", "Kesehatan", None, "Dinkes"),
    ("puskesmas", "Layanan puskesmas", "kesehatan", "Dinkes"),
    ("bpjs", "Jaminan kesehatan (BPJS)", "kesehatan", "Dinkes"),
    ("kependudukan", "Kependudukan dan pencatatan sipil", None, "Disdukcapil"),
    ("ktp-kk", "KTP-el dan Kartu Keluarga", "kependudukan", "Disdukcapil"),
    ("akta", "Akta kelahiran dan kematian", "kependudukan", "Disdukcapil"),
    ("pendidikan", "Pendidikan", None, "Disdik"),
    ("lingkungan", "Lingkungan hidup dan sampah", None, "DLH"),
    ("dana-desa", "Dana desa dan pemerintahan desa", None, "Dinas PMD"),
    ("bansos", "Bantuan sosial", None, "Dinsos"),
    ("perizinan", "Perizinan", None, "DPMPTSP"),
    ("ketertiban", "Ketertiban umum", None, "Satpol PP"),
]

# (category slug, title, description)
REPORTS = [
    ("jalan-jembatan", "Jalan berlubang di depan SD Negeri 1", "Lubang besar di badan jalan sejak musim hujan, sudah dua pengendara motor jatuh minggu ini."),
    ("jalan-jembatan", "Jembatan gantung papannya lapuk", "Papan jembatan gantung penghubung dusun II dan III banyak yang lapuk dan patah, anak sekolah takut lewat."),
    ("drainase", "Parit tersumbat, air meluap ke rumah warga", "Parit di sepanjang jalan pasar tersumbat sampah dan lumpur, setiap hujan air masuk ke rumah."),
    ("lampu-jalan", "Lampu jalan mati sepanjang 500 meter", "Lampu penerangan jalan di jalan lintas mati sudah sebulan, rawan begal pada malam hari."),
    ("puskesmas", "Puskesmas pembantu sering tutup siang", "Pustu di desa kami sering tutup pukul 11 siang, padahal jadwal sampai pukul 14."),
    ("bpjs", "Kartu BPJS PBI tidak aktif", "Kartu BPJS penerima bantuan iuran ibu saya tiba-tiba tidak aktif saat berobat."),
    ("ktp-kk", "KTP-el belum jadi setelah tiga bulan", "Rekam KTP-el bulan Agustus, sampai sekarang belum dicetak, katanya blangko habis."),
    ("akta", "Akta kelahiran anak salah tulis nama", "Nama anak di akta kelahiran salah satu huruf, mohon petunjuk perbaikannya."),
    ("pendidikan", "Atap ruang kelas SD bocor", "Atap dua ruang kelas SD bocor parah, murid dipindahkan ke musala saat hujan."),
    ("lingkungan", "Tumpukan sampah di pinggir sungai", "Warga membuang sampah ke pinggir sungai dekat jembatan, bau dan mengundang lalat."),
    ("dana-desa", "Papan informasi APBDes tidak dipasang", "Kantor desa tidak memasang papan informasi APBDes tahun ini, warga ingin tahu penggunaannya."),
    ("bansos", "Bantuan sembako tidak tepat sasaran", "Beberapa keluarga mampu menerima bantuan sembako, sementara tetangga yang lansia tidak."),
    ("perizinan", "Izin usaha mikro lama diproses", "Pengajuan NIB dan izin usaha mikro sudah dua minggu belum ada kabar."),
    ("ketertiban", "Pedagang berjualan di badan jalan", "Pedagang pasar pagi berjualan sampai ke badan jalan, lalu lintas macet setiap pagi."),
]

# How far each demo report gets: (state, days ago, channel, anonymous, confidential)
PLAN = [
    ("received", 1, Channel.WEB, False, False), ("received", 2, Channel.WHATSAPP, True, False),
    ("received", 6, Channel.WEB, False, False), ("received", 9, Channel.EMAIL, False, True),
    ("verified", 3, Channel.WEB, False, False), ("rejected", 12, Channel.FACEBOOK, False, False),
    ("duplicate", 5, Channel.WEB, False, False), ("assigned", 2, Channel.WEB, False, False),
    ("assigned", 4, Channel.WHATSAPP, True, False), ("assigned", 15, Channel.WEB, False, False),
    ("assigned", 21, Channel.INSTAGRAM, False, False), ("in_progress", 3, Channel.WEB, False, False),
    ("in_progress", 11, Channel.MANUAL, False, False), ("in_progress", 25, Channel.WEB, True, False),
    ("delegated", 6, Channel.WEB, False, False), ("pending_approval", 4, Channel.WHATSAPP, False, False),
    ("pending_approval", 8, Channel.WEB, False, True), ("returned", 7, Channel.WEB, False, False),
    ("answered", 5, Channel.WEB, False, False), ("answered", 9, Channel.WHATSAPP, True, False),
    ("answered", 30, Channel.EMAIL, False, False), ("closed", 14, Channel.WEB, False, False),
    ("closed", 20, Channel.WHATSAPP, False, False), ("closed", 35, Channel.WEB, True, False),
    ("closed", 40, Channel.FACEBOOK, False, False), ("closed", 45, Channel.WEB, False, False),
    ("closed", 50, Channel.MANUAL, False, False), ("closed", 60, Channel.WEB, False, False),
    ("reopened", 18, Channel.WEB, False, False), ("closed", 70, Channel.WHATSAPP, False, False),
    ("assigned", 12, Channel.WEB, False, False), ("in_progress", 16, Channel.EMAIL, False, False),
    ("received", 4, Channel.WEB, False, False), ("answered", 6, Channel.WEB, False, False),
    ("closed", 28, Channel.WEB, False, False), ("assigned", 30, Channel.WHATSAPP, False, False),
    ("closed", 33, Channel.EMAIL, False, False), ("in_progress", 5, Channel.WEB, False, False),
    ("verified", 1, Channel.WEB, True, False), ("closed", 90, Channel.WEB, False, False),
]

ANSWERS = [
    "Terima kasih atas laporannya. Tim lapangan sudah meninjau lokasi dan perbaikan dijadwalkan minggu ini.",
    "Sudah kami tindak lanjuti bersama pemerintah desa; pekerjaan selesai pada hari Kamis.",
    "Laporan sudah kami verifikasi di lapangan dan petugas sudah menangani sesuai prosedur.",
]


def seed_categories(*, stdout) -> dict[str, Category]:
    found: dict[str, Category] = {}
    for order, (slug, name, parent, agency_name) in enumerate(CATEGORIES):
        agency = Agency.objects.filter(short_name=agency_name).first()
        if agency is None:
            stdout.write(f"aduan: OPD {agency_name} tidak ada; kategori {name} tanpa OPD bawaan.")
        category, created = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": found.get(parent), "default_agency": agency, "order": order}
        )
        found[slug] = category
    return found


def _backdate(complaint: Complaint, days: int) -> None:
    """Move a demo report and its story `days` back, so the lists look like real weeks of work."""
    delta = timedelta(days=days)
    c = Complaint.objects.get(pk=complaint.pk)
    updates = {}
    for field in ("created_at", "verified_at", "assigned_at", "answered_at", "closed_at"):
        if getattr(c, field):
            updates[field] = getattr(c, field) - delta
    for field in ("deadline", "answer_due"):
        if getattr(c, field):
            updates[field] = next_working_day(getattr(c, field) - delta)
    Complaint.objects.filter(pk=c.pk).update(**updates)
    for event in ComplaintEvent.objects.filter(complaint=c):
        ComplaintEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - delta)


def seed(*, stdout, options) -> None:
    from satupintu.akun.models import User

    categories = seed_categories(stdout=stdout)
    admin = User.objects.filter(username="admin").first()
    opd_admin = User.objects.filter(username="admin_opd").first()
    opd_head = User.objects.filter(username="kepala_opd").first()
    regent = User.objects.filter(username="bupati").first()
    pupr = Agency.objects.filter(short_name="Dinas PUPR").first()
    if not (admin and opd_admin and opd_head and pupr):
        stdout.write("aduan: akun demo atau Dinas PUPR tidak ada; laporan demo dilewati.")
        return
    villages = list(Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).order_by("code")[:12])
    operator = User.objects.filter(username="operator_desa").first()
    if operator and operator.village_id:
        villages.insert(0, operator.village)
    if not villages:
        stdout.write("aduan: belum ada desa; laporan demo dilewati.")
        return
    fake = Faker("id_ID")
    fake.seed_instance(303)
    unit = Agency.objects.filter(parent=pupr).first()
    created = 0
    for i, (state, days, channel, anonymous, confidential) in enumerate(PLAN):
        ref = f"demo-{i + 1}"
        name, phone = fake.name(), f"08{fake.random_number(digits=10, fix_len=True)}"
        if Complaint.objects.filter(external_ref=ref).exists():
            continue
        slug, title, description = REPORTS[i % len(REPORTS)]
        # Reports OPD staff can work on in the demo go to Dinas PUPR (the OPD with demo accounts).
        progressed = state not in {"received", "verified", "rejected", "duplicate"}
        if progressed:
            slug, title, description = REPORTS[i % 4]
        with transaction.atomic():
            c = services.complaint_submit(
                kind=Kind.ASPIRASI if i % 7 == 3 else Kind.PENGADUAN, title=title, description=description,
                channel=channel, category=categories.get(slug), village=villages[i % len(villages)],
                address=f"Dusun {1 + i % 5}", reporter_name=name, reporter_phone=phone,
                reporter_email=f"{fake.user_name()}@example.org" if i % 3 == 0 else "",
                is_anonymous=anonymous, is_confidential=confidential, external_ref=ref,
                # two in three placed on the map around the regency (the public map); the rest by village only
                latitude=_demo_point(i)[0] if i % 3 != 2 else None,
                longitude=_demo_point(i)[1] if i % 3 != 2 else None,
            )
            _advance(c, state, admin=admin, opd_admin=opd_admin, opd_head=opd_head, regent=regent, pupr=pupr,
                     unit=unit, index=i)
            _backdate(c, days)
        created += 1
    stdout.write(f"aduan: {len(categories)} kategori, {created} laporan demo baru.")


def _demo_point(i: int) -> tuple[Decimal, Decimal]:
    """A fixed spot within ~30 km of the map's default centre (settings.ADUAN_MAP_CENTRE)."""
    lat, lon = settings.ADUAN_MAP_CENTRE
    return (Decimal(str(round(lat + ((i * 37) % 61 - 30) / 120, 6))),
            Decimal(str(round(lon + ((i * 53) % 67 - 33) / 120, 6))))


def _advance(c, state, *, admin, opd_admin, opd_head, regent, pupr, unit, index) -> None:
    me = services.reporter_access(c)
    if state == "received":
        return
    if state == "rejected":
        services.complaint_reject(complaint=c, by=admin, reason="Laporan berisi promosi, bukan pengaduan layanan publik.")
        return
    if state == "duplicate":
        original = Complaint.objects.exclude(pk=c.pk).filter(external_ref__startswith="demo-").order_by("id").first()
        if original is not None:
            services.complaint_mark_duplicate(complaint=c, by=admin, original=original)
        return
    services.complaint_verify(complaint=c, by=admin)
    if state == "verified":
        return
    services.complaint_assign(complaint=c, by=admin, agency=pupr)
    if state == "returned":
        services.complaint_hand_back(complaint=c, by=opd_admin, reason="Lampu jalan kewenangan Dinas Perhubungan.")
        return
    if state == "assigned":
        if index % 2 and regent is not None:
            services.complaint_instruct(complaint=c, by=regent, instruction="Mohon segera ditangani dan dilaporkan.")
        return
    services.complaint_accept(complaint=c, by=opd_admin)
    if state == "delegated" and unit is not None:
        services.complaint_delegate(complaint=c, by=opd_admin, unit=unit)
    if state in {"in_progress", "delegated"}:
        return
    services.answer_submit(complaint=c, by=opd_admin, body=ANSWERS[index % len(ANSWERS)])
    if state == "pending_approval":
        return
    services.answer_approve(complaint=c, by=opd_head)
    if state == "answered":
        return
    if state == "reopened":
        services.complaint_reopen(complaint=c, by=me, reason="Setelah hujan kemarin kerusakannya muncul lagi.")
        return
    services.complaint_confirm(complaint=c, by=me, rating=3 + index % 3)
