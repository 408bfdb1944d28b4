"""Test data built through the services, as the pages would."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from satupintu.desa import services
from satupintu.desa.models import Article, Product, PublishState

# (code, description, budget, realisation) for leaves; groups are summed by `budget_rows`.
LEAVES = [
    ("4.1.1", "Hasil Usaha Desa", 25_000_000, 20_000_000),
    ("4.2.1", "Dana Desa", 1_000_000_000, 800_000_000),
    ("4.2.3", "Alokasi Dana Desa", 400_000_000, 300_000_000),
    ("5.1.1", "Penghasilan tetap dan tunjangan", 300_000_000, 280_000_000),
    ("5.2.1", "Pembangunan jalan desa", 700_000_000, 450_000_000),
    ("5.3.1", "Pembinaan PKK", 50_000_000, 40_000_000),
    ("5.4.1", "Pelatihan UMKM", 200_000_000, 150_000_000),
    ("5.5.1", "Belanja tak terduga", 175_000_000, 0),
    ("6.1.1", "SILPA tahun sebelumnya", 10_000_000, 10_000_000),
]
GROUP_NAMES = {
    "4": "Pendapatan", "4.1": "Pendapatan Asli Desa", "4.2": "Pendapatan Transfer",
    "5": "Belanja", "5.1": "Bidang Penyelenggaraan Pemerintahan Desa", "5.2": "Bidang Pembangunan",
    "5.3": "Bidang Pembinaan Kemasyarakatan", "5.4": "Bidang Pemberdayaan Masyarakat", "5.5": "Bidang Bencana",
    "6": "Pembiayaan", "6.1": "Penerimaan Pembiayaan",
}


def budget_rows(leaves=LEAVES) -> list[list]:
    totals: dict[str, list[int]] = {}
    for code, _d, b, r in leaves:
        parts = code.split(".")
        for i in range(1, len(parts)):
            key = ".".join(parts[:i])
            totals.setdefault(key, [0, 0])
            totals[key][0] += b
            totals[key][1] += r
    rows = [[code, GROUP_NAMES[code], b, r] for code, (b, r) in totals.items()]
    rows += [[c, d, b, r] for c, d, b, r in leaves]
    return sorted(rows, key=lambda row: [int(p) for p in row[0].split(".")])


def budget_csv(rows=None, *, dotted=True) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";")
    w.writerow(["APBDes Desa Sialtong 2026"])
    w.writerow(["kode", "uraian", "anggaran", "realisasi"])
    for code, desc, b, r in rows or budget_rows():
        fmt = (lambda v: f"Rp {v:,}".replace(",", ".")) if dotted else str
        w.writerow([code, desc, fmt(b), fmt(r)])
    return out.getvalue().encode()


def image_upload(name="foto.jpg", size=(2400, 1800), color=(200, 40, 40), exif=True) -> SimpleUploadedFile:
    img = Image.new("RGB", size, color)
    out = io.BytesIO()
    kwargs = {}
    if exif:
        ex = Image.Exif()
        ex[0x010F] = "KameraRahasia"  # Make
        ex[0x8825] = {2: (3.0, 30.0, 0.0), 1: "N"}  # GPS
        kwargs["exif"] = ex
    img.save(out, format="JPEG", **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def article(village, by, *, title="Gotong royong", status=PublishState.PUBLISHED, published_at=None,
            kind=Article.Kind.NEWS, body="<p>Isi berita.</p>", upload=None) -> Article:
    return services.content_save(village=village, by=by, model=Article, upload=upload, data={
        "kind": kind, "title": title, "summary": "", "body": body, "status": status, "published_at": published_at,
        "event_start": None, "location": "",
    })


def product(village, by, *, name="Keripik Pisang", price=Decimal("15000"), status=PublishState.PUBLISHED,
            category=Product.Category.FOOD, seller=None, upload=None) -> Product:
    from satupintu.desa.models import Seller

    seller = seller or services.content_save(village=village, by=by, model=Seller, data={
        "name": "UMKM Maju", "owner_name": "Bu Sri", "whatsapp": "6281234567890", "description": "", "is_active": True})
    return services.content_save(village=village, by=by, model=Product, upload=upload, data={
        "name": name, "seller": seller, "category": category, "description": "Renyah.", "price": price,
        "unit": "bungkus", "status": status, "published_at": None})
