import io

import pytest
from django.core.files.base import ContentFile

from satupintu.aduan import services
from satupintu.aduan.models import Category, Kind


@pytest.fixture
def categories(agencies):
    infra = Category.objects.create(name="Infrastruktur", slug="infrastruktur", default_agency=agencies["pupr"])
    road = Category.objects.create(name="Jalan rusak", slug="jalan-rusak", parent=infra)
    health = Category.objects.create(name="Kesehatan", slug="kesehatan", default_agency=agencies["dinkes"])
    return {"infra": infra, "road": road, "health": health}


def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def png():
    return png_bytes


SECRET_NAME = "Siti Rahmawati Zulkarnain"
SECRET_PHONE = "081299887766"
SECRET_PHONE_NORMALIZED = "6281299887766"
SECRET_EMAIL = "siti.rahasia@example.org"


@pytest.fixture
def submit(users, village_a, categories):
    """File a report through the one intake, with sensible defaults."""

    def _submit(**kwargs):
        data = {
            "kind": Kind.PENGADUAN,
            "title": "Jalan berlubang di depan SD Negeri 1",
            "description": "Lubang besar di jalan desa sejak bulan lalu, sudah dua motor jatuh.",
            "category": categories["road"],
            "village": village_a,
            "reporter_name": "Budi Santoso",
            "reporter_phone": "081234567890",
            "reporter_email": "budi@example.org",
        }
        data.update(kwargs)
        return services.complaint_submit(**data)

    return _submit


@pytest.fixture
def photo(png):
    return ContentFile(png(), name="lubang.png")


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    # (The settings and choice memos are cleared for every test by the root conftest.)
    cache.clear()  # rate-limit counters and cached statistics
