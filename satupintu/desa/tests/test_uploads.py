"""Issue 12, findings 4 and 10 for village sites: image bombs refused before decoding (photos, products, maps),
PDF downloads with JavaScript refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.core.tests import uploads
from satupintu.desa.images import process_image
from satupintu.desa.models import Download, GalleryPhoto

pytestmark = pytest.mark.django_db


def test_process_image_refuses_a_bomb_with_a_clear_message():
    with pytest.raises(ValidationError, match="megapiksel"):
        process_image(SimpleUploadedFile("produk.png", uploads.bomb_png()))


def test_gallery_bomb_and_scripted_pdf_are_refused(client, users, village_a):
    client.force_login(users["village_operator"])
    code = village_a.pk
    response = client.post(reverse("desa:staff_section_add", args=[code, "galeri"]), {
        "caption": "Bom", "status": "published",
        "upload": SimpleUploadedFile("bom.png", uploads.bomb_png(), content_type="image/png")})
    assert response.status_code == 200 and "megapiksel" in response.content.decode()
    assert not GalleryPhoto.objects.exists()
    response = client.post(reverse("desa:staff_section_add", args=[code, "unduhan"]), {
        "title": "Perdes", "description": "", "status": "published",
        "upload": SimpleUploadedFile("perdes.pdf", uploads.PDF_OPEN_ACTION_JS, content_type="application/pdf")})
    assert response.status_code == 200 and "berisi skrip" in response.content.decode()
    assert not Download.objects.exists()
