"""Demo village sites: the first five desa of the regency get a profile, officials, articles, products and a full
APBDes for the current year that adds up. Idempotent: what exists (matched by title/name/year) is left alone.
Photos are generated placeholders (Pillow), so the demo needs no network."""

from __future__ import annotations

import io
import math
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from satupintu.akun.models import User
from satupintu.wilayah.models import Village

from . import services
from .models import Article, GalleryPhoto, Product, PublishState, Seller, VillageBudget, VillageOfficial

COLORS = [(11, 83, 148), (30, 107, 47), (138, 75, 0), (106, 27, 154), (161, 22, 44), (0, 105, 92)]
OFFICIALS = [("Kepala Desa", "Ahmad Syahputra"), ("Sekretaris Desa", "Rina Marpaung"),
             ("Kaur Keuangan", "Dedi Siregar"), ("Kasi Pemerintahan", "Sri Wahyuni")]
ARTICLES = [
    (Article.Kind.NEWS, "Gotong royong membersihkan saluran irigasi",
     "<p>Warga dari tiga dusun bergotong royong membersihkan saluran irigasi menjelang musim tanam.</p>"
     "<p>Kegiatan ini didukung <strong>Dana Desa</strong> untuk pengadaan alat.</p>"),
    (Article.Kind.NEWS, "Penyaluran BLT Dana Desa tahap IV",
     "<p>Pemerintah desa menyalurkan Bantuan Langsung Tunai Dana Desa kepada keluarga penerima manfaat.</p>"),
    (Article.Kind.ANNOUNCEMENT, "Jadwal pelayanan surat selama libur nasional",
     "<p>Pelayanan surat tutup pada hari libur nasional dan cuti bersama. Surat mendesak dapat diajukan lewat layanan mandiri.</p>"),
    (Article.Kind.AGENDA, "Musyawarah desa penyusunan RKPDes",
     "<p>Seluruh warga diundang hadir dalam musyawarah desa penyusunan Rencana Kerja Pemerintah Desa.</p>"),
    (Article.Kind.TOURISM, "Wisata sungai dan pemandian alam",
     "<p>Pemandian alam dengan air jernih, cocok untuk wisata keluarga di akhir pekan.</p>"),
    (Article.Kind.POTENTIAL, "Sentra kelapa sawit dan karet rakyat",
     "<p>Sebagian besar warga bekerja sebagai pekebun kelapa sawit dan karet.</p>"),
]
PRODUCTS = [
    ("Keripik Pisang", Product.Category.FOOD, Decimal("15000"), "bungkus"),
    ("Gula Aren", Product.Category.FARM, Decimal("28000"), "kg"),
    ("Tikar Pandan", Product.Category.CRAFT, Decimal("85000"), "lembar"),
]


def placeholder(text: str, color: tuple[int, int, int], size=(1200, 800)) -> SimpleUploadedFile:
    img = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(img)
    draw.rectangle([40, 40, size[0] - 40, size[1] - 40], outline=(255, 255, 255), width=6)
    draw.text((80, size[1] // 2 - 20), text[:60], fill=(255, 255, 255), font_size=48)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def demo_budget_rows(index: int) -> list[list]:
    """A complete APBDes (code, description, budget, realisation) whose groups add up exactly."""
    dd = 1_000_000_000 + index * 37_500_000
    add = 400_000_000 + index * 12_000_000
    revenue = [
        ("4.1.1", "Hasil Usaha Desa (BUMDes)", 15_000_000), ("4.1.2", "Hasil Aset Desa", 5_000_000),
        ("4.2.1", "Dana Desa", dd), ("4.2.2", "Bagian dari Hasil Pajak dan Retribusi Daerah", 45_000_000),
        ("4.2.3", "Alokasi Dana Desa", add), ("4.2.4", "Bantuan Keuangan Provinsi", 50_000_000),
        ("4.2.5", "Bantuan Keuangan Kabupaten", 25_000_000), ("4.3.1", "Bunga Bank", 1_500_000),
    ]
    silpa = 30_000_000
    total = sum(v for _c, _d, v in revenue) + silpa
    shares = [
        ("5.1.1", "Penghasilan tetap dan tunjangan kepala desa dan perangkat", 0.26),
        ("5.1.2", "Operasional kantor desa", 0.05),
        ("5.2.1.01", "Pembangunan jalan rabat beton Dusun I", 0.18),
        ("5.2.1.02", "Pembangunan drainase Dusun III", 0.10),
        ("5.2.2", "Posyandu dan penanganan stunting", 0.07),
        ("5.3.1", "Pembinaan PKK dan karang taruna", 0.04),
        ("5.4.1", "Pelatihan usaha mikro dan BUMDes", 0.06),
        ("5.4.2", "Penyertaan modal BUMDes", 0.05),
        ("5.5.1", "Bantuan Langsung Tunai Dana Desa", 0.12),
    ]
    spending = [(c, d, round(total * s / 1000) * 1000) for c, d, s in shares]
    spending.append(("5.5.2", "Belanja tak terduga", total - sum(v for _c, _d, v in spending)))
    leaves = revenue + spending + [("6.1.1", "SILPA tahun sebelumnya", silpa)]
    realised = {"4.2.1": 0.8, "4.2.3": 0.75, "6.1.1": 1.0, "5.5.2": 0.0, "5.2.1.02": 0.35}
    names = {"4": "Pendapatan", "4.1": "Pendapatan Asli Desa", "4.2": "Pendapatan Transfer",
             "4.3": "Pendapatan Lain-lain", "5": "Belanja", "5.1": "Bidang Penyelenggaraan Pemerintahan Desa",
             "5.2": "Bidang Pelaksanaan Pembangunan Desa", "5.2.1": "Sub bidang pekerjaan umum",
             "5.3": "Bidang Pembinaan Kemasyarakatan", "5.4": "Bidang Pemberdayaan Masyarakat",
             "5.5": "Bidang Penanggulangan Bencana, Darurat dan Mendesak Desa", "6": "Pembiayaan",
             "6.1": "Penerimaan Pembiayaan"}
    rows: dict[str, list] = {}
    for code, desc, value in leaves:
        real = round(value * realised.get(code, 0.7 - (index % 3) * 0.05) / 1000) * 1000
        rows[code] = [code, desc, value, real]
        parts = code.split(".")
        for i in range(1, len(parts)):
            group = ".".join(parts[:i])
            rows.setdefault(group, [group, names[group], 0, 0])
            rows[group][2] += value
            rows[group][3] += real
    return sorted(rows.values(), key=lambda r: [int(p) for p in r[0].split(".")])


def budget_csv_bytes(rows: list[list]) -> bytes:
    lines = ["kode;uraian;anggaran;realisasi"] + [f"{c};{d};{b};{r}" for c, d, b, r in rows]
    return "\n".join(lines).encode()


def boundary(index: int) -> dict:
    lat, lon = 3.25 + index * 0.03, 99.0 + index * 0.04
    ring = [[round(lon + 0.012 * math.cos(a) * (1 + 0.25 * math.sin(3 * a + index)), 5),
             round(lat + 0.01 * math.sin(a) * (1 + 0.2 * math.cos(2 * a)), 5)]
            for a in [k * math.pi / 8 for k in range(16)]]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def seed(*, stdout, options) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        stdout.write("desa: akun admin demo tidak ada; dilewati")
        return
    villages = list(Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE,
                                           kind=Village.Kind.DESA, slug__isnull=False).order_by("code")[:5])
    year = timezone.localdate().year
    for index, village in enumerate(villages):
        _seed_village(village, index, admin, year)
    stdout.write(f"desa: situs demo untuk {len(villages)} desa")


def _seed_village(village: Village, index: int, by, year: int) -> None:
    color = COLORS[index % len(COLORS)]
    profile = getattr(village, "profile", None)
    if profile is None:
        bounds = boundary(index)
        lon, lat = bounds["coordinates"][0][0]
        services.profile_update(village=village, by=by, data={
            "history": f"{village} dibuka oleh para perintis pada awal abad ke-20 di tepi sungai. Nama desa "
                       "berasal dari bahasa setempat.",
            "vision": f"Terwujudnya {village} yang maju, mandiri dan sejahtera.",
            "mission": "1. Pelayanan publik yang cepat dan terbuka.\n2. Pembangunan infrastruktur yang merata.\n"
                       "3. Pemberdayaan UMKM dan BUMDes.",
            "area_km2": Decimal("12.50") + index, "latitude": Decimal(str(lat)), "longitude": Decimal(str(lon - 0.004)),
            "boundary_geojson": bounds, "address": f"Jl. Kantor Desa No. 1, {village.name}",
            "phone": "0621-441234", "whatsapp": "081234567890", "email": f"{village.slug}@desa.example.id",
            "office_hours": "Senin–Jumat 08.00–16.00 WIB",
        })
        services.site_update(village=village, by=by, tagline=f"Situs resmi Pemerintah {village}")
    for order, (position, name) in enumerate(OFFICIALS):
        if not VillageOfficial.objects.filter(village=village, position=position).exists():
            services.content_save(village=village, by=by, model=VillageOfficial,
                                  data={"name": name, "position": position, "order": order},
                                  upload=placeholder(name, COLORS[(index + order) % len(COLORS)], (600, 600)))
    now = timezone.now()
    for n, (kind, title, body) in enumerate(ARTICLES):
        if Article.objects.filter(village=village, title=title).exists():
            continue
        services.content_save(village=village, by=by, model=Article, upload=placeholder(title, color), data={
            "kind": kind, "title": title, "summary": "", "body": body, "status": PublishState.PUBLISHED,
            "published_at": now - timedelta(days=2 * n + index),
            "event_start": now + timedelta(days=10 + n) if kind == Article.Kind.AGENDA else None,
            "location": "Balai desa" if kind == Article.Kind.AGENDA else "",
        })
    if not GalleryPhoto.objects.filter(village=village).exists():
        for n in range(3):
            services.content_save(village=village, by=by, model=GalleryPhoto,
                                  upload=placeholder(f"Galeri {n + 1}", COLORS[(index + n) % len(COLORS)]),
                                  data={"caption": f"Kegiatan warga {n + 1}", "status": PublishState.PUBLISHED,
                                        "published_at": None})
    seller = Seller.objects.filter(village=village, name=f"BUMDes {village.name}").first()
    if seller is None:
        seller = services.content_save(village=village, by=by, model=Seller, data={
            "name": f"BUMDes {village.name}", "owner_name": "Pengelola BUMDes", "whatsapp": f"6281234567{index:03d}",
            "description": "Badan usaha milik desa.", "is_active": True})
    for name, category, price, unit in PRODUCTS:
        full = f"{name} {village.name}"
        if Product.objects.filter(village=village, name=full).exists():
            continue
        services.content_save(village=village, by=by, model=Product, upload=placeholder(full, color), data={
            "name": full, "seller": seller, "category": category, "description": f"{name} buatan warga {village}.",
            "price": price + index * 1000, "unit": unit, "status": PublishState.PUBLISHED, "published_at": None})
    budget = VillageBudget.objects.filter(village=village, year=year).first()
    if budget is None:
        budget = services.budget_create(village=village, by=by, year=year)
        services.budget_import(budget=budget, by=by, data=budget_csv_bytes(demo_budget_rows(index)),
                               filename="apbdes-demo.csv")
        services.budget_publish(budget=budget, by=by, status=PublishState.PUBLISHED)
