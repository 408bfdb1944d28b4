"""The regency's name, logo and colours (core/branding.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from satupintu.core import branding
from satupintu.core.audit import audit_trail
from satupintu.core.models import RegencyLogo


def png(size=(800, 600), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def test_regency_name_carries_its_kind_once(settings):
    settings.SATUPINTU_REGENCY_CODE = "12.18"
    settings.SATUPINTU_REGENCY_NAME = ""
    assert branding.regency_name() == "Kabupaten Serdang Bedagai"
    settings.SATUPINTU_REGENCY_CODE = "12.71"
    assert branding.regency_name() == "Kota Medan"
    settings.SATUPINTU_REGENCY_NAME = "Kabupaten Contoh"
    assert branding.brand().government_name == "Pemerintah Kabupaten Contoh"


def test_colours_from_settings_and_malformed_ones_fall_back(settings):
    settings.SATUPINTU_BRAND_COLOR = "#1B5E20"
    settings.SATUPINTU_ACCENT_COLOR = "red;} body{display:none"
    palette = branding.colors()
    assert palette["brand"] == "#1b5e20"
    assert palette["accent"] == branding.DEFAULT_COLORS["accent"]


def test_default_palette_is_readable():
    """White on the brand colours, the brand colour on white, body and muted text: all at least WCAG AA (4.5:1)."""
    palette = branding.DEFAULT_COLORS
    assert branding.contrast(palette["brand"], "#ffffff") >= 4.5
    assert branding.contrast(palette["brand_dark"], "#ffffff") >= 4.5
    # the accent is the focus ring and a band on the dark header: it must stand out from it (3:1, non-text)
    assert branding.contrast(palette["accent"], palette["brand_dark"]) >= 3
    assert branding.contrast("#000000", "#ffffff") == pytest.approx(21)


def test_contrast_check_warns_for_a_light_brand_colour(settings):
    settings.SATUPINTU_BRAND_COLOR = "#f1c232"
    ids = [w.id for w in branding.check_brand_contrast()]
    assert ids == ["satupintu.W101"]
    settings.SATUPINTU_BRAND_COLOR = "#0b5394"
    assert branding.check_brand_contrast() == []


def test_default_logo_is_shipped_as_svg_and_png():
    assert branding.regency_logo_path() == branding.DEFAULT_LOGO_PNG
    with Image.open(branding.DEFAULT_LOGO_PNG) as img:
        assert img.format == "PNG"
    assert branding.logo_url().endswith("img/lambang.svg")


def test_uploaded_logo_is_reencoded_audited_and_used(db, users):
    admin = users["regency_admin"]
    logo = branding.regency_logo_set(upload=SimpleUploadedFile("logo.png", png((1600, 1200))), by=admin)
    path = branding.regency_logo_path()
    assert path is not None and path != branding.DEFAULT_LOGO_PNG
    with Image.open(path) as img:
        assert img.format == "PNG" and max(img.size) == branding.LOGO_MAX_SIDE
    assert "/media/branding/lambang-kabupaten.png?v=" in branding.logo_url()
    assert [e.action for e in audit_trail(logo)] == ["regency_logo_set"]
    assert audit_trail(logo).get().actor == admin

    branding.regency_logo_clear(by=admin)
    assert branding.regency_logo_path() == branding.DEFAULT_LOGO_PNG
    assert RegencyLogo.objects.get().image.name == ""
    assert [e.action for e in audit_trail(logo)] == ["regency_logo_set", "regency_logo_clear"]


def test_a_logo_that_is_not_an_image_is_refused(db, users):
    with pytest.raises(ValidationError):
        branding.regency_logo_set(upload=SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>"),
                                  by=users["regency_admin"])
    assert branding.regency_logo_path() == branding.DEFAULT_LOGO_PNG


def test_admin_uploads_the_logo(client, users):
    admin = users["regency_admin"]
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post("/admin/core/regencylogo/add/", {"upload": SimpleUploadedFile("l.png", png((64, 64)))})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert branding.regency_logo_path() != branding.DEFAULT_LOGO_PNG
    assert client.get("/admin/core/regencylogo/1/change/").status_code == 200
