"""Demo of the portal: accounts of the new roles, a site for every demo OPD (profile, tasks, a service with its full
standard, a news item), Media Center press releases, an announcement, an agenda, a video, and e-mall businesses
registered by the cooperatives office. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from satupintu.akun.demo import DOMAIN, PASSWORD, first_desa
from satupintu.akun.models import User
from satupintu.akun.roles import Role
from satupintu.desa import services as site_services
from satupintu.desa.models import AgencySite, Article, GalleryVideo, Product, Seller
from satupintu.desa.sites import SiteOwner
from satupintu.organisasi.models import Agency

from . import services
from .models import ServiceStandard

ACCOUNTS = [  # username, role, agency short name (None: Diskominfo, the PPID Utama)
    ("media_center", Role.MEDIA_EDITOR, None),
    ("editor_opd", Role.AGENCY_EDITOR, "Dinas PUPR"),
    ("petugas_umkm", Role.UMKM_OFFICER, None),
]

PRESS = [
    ("Bupati resmikan jembatan gantung Sialtong", Article.Kind.PRESS,
     "Jembatan sepanjang 60 meter menghubungkan dua dusun yang selama ini terputus saat musim hujan."),
    ("Vaksinasi anak gratis di seluruh puskesmas", Article.Kind.PRESS,
     "Dinas Kesehatan membuka layanan imunisasi gratis setiap Selasa dan Kamis."),
    ("Pemkab raih opini WTP ketujuh kali berturut-turut", Article.Kind.NEWS,
     "BPK memberikan opini Wajar Tanpa Pengecualian atas laporan keuangan pemerintah kabupaten."),
]


def _agency_for(short_name):
    qs = Agency.objects.filter(is_active=True)
    if short_name:
        found = qs.filter(short_name=short_name).first()
        if found:
            return found
    return qs.filter(is_ppid_utama=True).first() or qs.order_by("pk").first()


def _accounts(stdout) -> dict[str, User]:
    users, created = {}, []
    for username, role, agency_name in ACCOUNTS:
        user, was_created = User.objects.get_or_create(username=username, defaults={
            "role": role, "first_name": username.replace("_", " ").title(), "email": f"{username}@{DOMAIN}",
            "agency": _agency_for(agency_name)})
        if was_created:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
        users[username] = user
    if created:
        stdout.write(f"  akun demo dibuat: {', '.join(created)} (kata sandi: {PASSWORD})")
    return users


def _agency_sites(admin) -> None:
    for agency in Agency.objects.filter(is_active=True, parent__isnull=True).order_by("pk"):
        if not AgencySite.objects.filter(agency=agency).exists():
            services.agency_site_update(agency=agency, by=admin, data={
                "tagline": f"Melayani dengan sepenuh hati — {agency.short_name}",
                "profile": f"{agency.name} adalah perangkat daerah Kabupaten Serdang Bedagai.",
                "tasks_functions": (f"Tugas: membantu Bupati melaksanakan urusan pemerintahan bidang {agency.short_name}."
                                    "\n\nFungsi: perumusan kebijakan teknis, pelaksanaan kebijakan, evaluasi dan "
                                    "pelaporan, administrasi dinas."),
                "structure": "Kepala\nSekretaris\nKepala Bidang\nKelompok Jabatan Fungsional",
                "office_hours": "Senin–Jumat 08.00–16.00",
            })
        if not ServiceStandard.objects.filter(agency=agency).exists():
            services.service_standard_save(agency=agency, by=admin, data={
                "name": f"Pengaduan dan konsultasi {agency.short_name}",
                "legal_basis": "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
                "requirements": "Identitas pemohon (KTP)\nUraian permohonan atau pengaduan",
                "procedure": "1. Pemohon datang atau mengisi formulir daring\n2. Petugas memeriksa\n3. Jawaban "
                             "disampaikan",
                "service_time": "5 hari kerja", "cost": "Gratis", "product": "Jawaban tertulis",
                "complaint_channel": "Aduan Satu Pintu (menu Sampaikan aduan), kotak saran di kantor",
                "is_published": True, "order": 1,
            })
        owner = SiteOwner(agency=agency)
        if not Article.objects.owned_by(owner).exists():
            site_services.site_content_save(owner=owner, by=admin, model=Article, data={
                "kind": Article.Kind.NEWS, "title": f"{agency.short_name} membuka layanan konsultasi daring",
                "body": "Warga kini dapat berkonsultasi tanpa datang ke kantor.", "status": "published"})


def _media_center(editor) -> None:
    owner = SiteOwner.regency()
    if Article.objects.owned_by(owner).exists():
        return
    now = timezone.now()
    for i, (title, kind, body) in enumerate(PRESS):
        site_services.site_content_save(owner=owner, by=editor, model=Article, data={
            "kind": kind, "title": title, "body": body, "status": "published",
            "published_at": now - dt.timedelta(days=len(PRESS) - i)})
    site_services.site_content_save(owner=owner, by=editor, model=Article, data={
        "kind": Article.Kind.ANNOUNCEMENT, "title": "Pelayanan tutup pada cuti bersama akhir tahun",
        "body": "Layanan tatap muka tutup 24–26 Desember; layanan daring tetap buka.", "status": "published",
        "expires_at": now + dt.timedelta(days=30)})
    site_services.site_content_save(owner=owner, by=editor, model=Article, data={
        "kind": Article.Kind.AGENDA, "title": "Musrenbang kabupaten", "body": "Musyawarah perencanaan pembangunan.",
        "event_start": now + dt.timedelta(days=7), "location": "Aula kantor bupati", "status": "published"})
    site_services.site_content_save(owner=owner, by=editor, model=Article, data={
        "kind": Article.Kind.PRESS, "title": "Jadwal siaran pers pekan depan (draf)", "body": "Draf.",
        "status": "draft"})
    site_services.site_content_save(owner=owner, by=editor, model=GalleryVideo, data={
        "title": "Profil Kabupaten Serdang Bedagai", "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "status": "published"})


def _emall(officer) -> None:
    desa = first_desa()
    if desa is None or Seller.objects.filter(origin=Seller.Origin.OFFICE).exists():
        return
    owner = SiteOwner(village=desa)
    seller = site_services.site_content_save(owner=owner, by=officer, model=Seller, data={
        "name": "Tenun Songket Bedagai", "owner_name": "Ibu Rosmawati", "whatsapp": "6281260001111",
        "description": "Binaan Dinas Koperasi dan UMKM.", "is_active": True})
    for name, category, price, stock in [("Kain songket motif pucuk rebung", Product.Category.FASHION,
                                          Decimal("750000"), 5),
                                         ("Selendang songket", Product.Category.FASHION, Decimal("250000"), 12),
                                         ("Dodol durian Bedagai", Product.Category.FOOD, Decimal("35000"), None)]:
        site_services.site_content_save(owner=owner, by=officer, model=Product, data={
            "name": name, "category": category, "price": price, "stock": stock, "seller": seller,
            "unit": "buah", "description": f"{name}, buatan tangan pengrajin desa.", "status": "published"})


def seed(*, stdout, options) -> None:
    users = _accounts(stdout)
    admin = User.objects.filter(role=Role.REGENCY_ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        stdout.write("portal: admin kabupaten demo belum ada; situs OPD dilewati")
    else:
        _agency_sites(admin)
    _media_center(users["media_center"])
    _emall(users["petugas_umkm"])
