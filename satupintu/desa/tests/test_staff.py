from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from satupintu.desa import services
from satupintu.desa.models import Product, Seller, VillageBudget

from .helpers import image_upload, product


def test_hostname_must_be_unique(users, village_a, village_b):
    admin = users["regency_admin"]
    services.site_update(village=village_a, by=admin, tagline="", hostname="sialtong.desa.id")
    with pytest.raises(ValidationError):
        services.site_update(village=village_b, by=admin, tagline="", hostname="sialtong.desa.id")


def test_product_seller_must_be_from_the_same_village(users, village_a, village_b):
    seller_b = Seller.objects.create(village=village_b, name="UMKM B", whatsapp="6281111111111")
    with pytest.raises(ValidationError):
        product(village_a, users["village_operator"], seller=seller_b)
    assert not Product.objects.exists()


def test_staff_pages_work_for_the_operator(client, users, village_a):
    client.force_login(users["village_operator"])
    code = village_a.pk
    for section in ("artikel", "aparat", "galeri", "unduhan", "penjual", "produk"):
        assert client.get(reverse("desa:staff_section", args=[code, section])).status_code == 200
        assert client.get(reverse("desa:staff_section_add", args=[code, section])).status_code == 200
    assert client.get(reverse("desa:staff_section", args=[code, "tidak-ada"])).status_code == 404
    response = client.post(reverse("desa:staff_section_add", args=[code, "penjual"]), {
        "name": "Kopi Sialtong", "owner_name": "Pak Budi", "whatsapp": "0812-3456-7890", "description": "", "is_active": "on"})
    assert response.status_code == 302
    seller = Seller.objects.get(name="Kopi Sialtong")
    assert seller.whatsapp == "6281234567890"
    response = client.post(reverse("desa:staff_section_add", args=[code, "produk"]), {
        "name": "Kopi Robusta", "seller": seller.pk, "category": "kuliner", "description": "Bubuk kopi.",
        "price": "45000", "unit": "250 g", "status": "published", "published_at": "",
        "upload": image_upload(size=(800, 600)),
    })
    assert response.status_code == 302, response.context["form"].errors
    item = Product.objects.get(name="Kopi Robusta")
    assert item.image_thumb and item.is_public
    html = client.get(reverse("desa:staff_section", args=[code, "produk"])).content.decode()
    assert "Kopi Robusta" in html and "Rp45.000" in html and "Terbit" in html
    html = client.get(reverse("desa:staff_section", args=[code, "penjual"])).content.decode()
    assert "6281234567890" in html
    response = client.post(reverse("desa:staff_profile", args=[code]), {
        "history": "Sejarah desa.", "vision": "Maju", "mission": "", "site-tagline": "Desa kopi",
        "site-hostname": "coba.desa.id", "boundary_geojson": "",
    })
    assert response.status_code == 302
    village_a.refresh_from_db()
    assert village_a.profile.history == "Sejarah desa." and village_a.site.tagline == "Desa kopi"
    assert village_a.site.hostname is None  # an operator cannot set the host name


def test_budget_pages(client, users, village_a):
    client.force_login(users["village_operator"])
    code = village_a.pk
    assert client.post(reverse("desa:staff_budgets", args=[code]), {"year": "2026"}).status_code == 302
    assert client.post(reverse("desa:staff_budgets", args=[code]), {"year": "2026"}).status_code == 200  # exists
    url = reverse("desa:staff_budget_line", args=[code, 2026])
    response = client.post(url, {"code": "5.2.1", "description": "Jalan", "budget_amount": "1000000",
                                 "realisation_amount": "250000"})
    assert response.status_code == 302
    budget = VillageBudget.objects.get(village=village_a, year=2026)
    assert budget.lines.get(code="5").budget_amount == Decimal("1000000")
    response = client.post(url, {"code": "x.1", "description": "", "budget_amount": "-1", "realisation_amount": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Gunakan angka bertitik" in html
    response = client.post(reverse("desa:staff_budget_publish", args=[code, 2026]), {"status": "published"})
    assert response.status_code == 302
    assert client.get(reverse("desa:staff_budget", args=[code, 2026])).status_code == 200
    client.logout()
    assert "Rp1.000.000" in client.get(reverse("desa:budget", args=[village_a.slug, 2026])).content.decode()


def test_gallery_and_download_uploads(client, users, village_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from satupintu.desa.models import Download, GalleryPhoto

    client.force_login(users["village_operator"])
    code = village_a.pk
    response = client.post(reverse("desa:staff_section_add", args=[code, "galeri"]), {
        "caption": "Lomba 17 Agustus", "status": "published", "upload": image_upload(size=(500, 400))})
    assert response.status_code == 302
    assert GalleryPhoto.objects.get(caption="Lomba 17 Agustus").image_thumb
    pdf = SimpleUploadedFile("perdes.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF",
                             content_type="application/pdf")
    response = client.post(reverse("desa:staff_section_add", args=[code, "unduhan"]), {
        "title": "Perdes APBDes 2026", "description": "", "status": "published", "upload": pdf})
    assert response.status_code == 302, response.context["form"].errors
    exe = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = client.post(reverse("desa:staff_section_add", args=[code, "unduhan"]), {
        "title": "Bukan PDF", "description": "", "status": "published", "upload": exe})
    assert response.status_code == 200 and "Jenis berkas tidak diizinkan" in response.content.decode()
    client.logout()
    html = client.get(reverse("desa:downloads", args=[village_a.slug])).content.decode()
    assert "Perdes APBDes 2026" in html and "Bukan PDF" not in html
    assert Download.objects.count() == 1
    assert "Lomba 17 Agustus" in client.get(reverse("desa:gallery", args=[village_a.slug])).content.decode()
    # Public files keep their name for the visitor but sit in a random folder: a draft's URL cannot be guessed.
    name = Download.objects.get().file.name
    folder, random_part, filename = name.rsplit("/", 2)
    assert folder == "desa/unduhan" and filename == "perdes.pdf" and len(random_part) == 16
    photo = GalleryPhoto.objects.get(caption="Lomba 17 Agustus")
    assert photo.image.name.split("/")[2] != photo.image_thumb.name.split("/")[3]
