"""Issue 12, findings 4 and 10 for letter attachments: bombs and PDFs with JavaScript refused, photos shrunk and
stripped of GPS, attachments served as sandboxed downloads."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from satupintu.core.tests import uploads
from satupintu.surat import services

from .conftest import counter_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(users, letter_types, resident_a):
    return counter_request(users=users, resident=resident_a, letter_types=letter_types)


def test_bomb_and_active_pdf_are_refused(letter, users):
    with pytest.raises(ValidationError, match="megapiksel"):
        services.letter_attachment_add(letter=letter, label="KK", uploaded=SimpleUploadedFile("kk.png", uploads.bomb_png()),
                                       by=users["village_operator"])
    with pytest.raises(ValidationError, match="berisi skrip"):
        services.letter_attachment_add(letter=letter, label="KK",
                                       uploaded=SimpleUploadedFile("kk.pdf", uploads.PDF_OPEN_ACTION_JS),
                                       by=users["village_operator"])
    assert not letter.attachments.exists()


def test_photo_is_shrunk_and_stripped(letter, users):
    attachment = services.letter_attachment_add(
        letter=letter, label="KTP", uploaded=SimpleUploadedFile("ktp.jpg", uploads.jpeg_with_gps((4000, 3000))),
        by=users["village_operator"])
    stored = attachment.file.read()
    img = Image.open(io.BytesIO(stored))
    assert max(img.size) == 2560 and not img.getexif()
    assert attachment.size == len(stored) and attachment.original_name == "ktp.jpg"


def test_attachment_is_a_sandboxed_download(client, letter, users):
    attachment = services.letter_attachment_add(
        letter=letter, label="KTP", uploaded=SimpleUploadedFile("ktp.pdf", uploads.PDF_PLAIN),
        by=users["village_operator"])
    client.force_login(users["village_operator"])
    response = client.get(reverse("surat:staff_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox" and response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)


def test_letterhead_logo_bomb_is_refused_with_a_clear_message(village_a):
    from satupintu.surat.forms import ProfileForm

    form = ProfileForm(data={}, files={"logo": SimpleUploadedFile("logo.png", uploads.bomb_png())})
    assert not form.is_valid()
    assert "megapiksel" in " ".join(form.errors["logo"])


def test_letterhead_logo_is_shrunk_when_uploaded(users, village_a):
    from satupintu.surat import services as surat_services
    from satupintu.surat.forms import ProfileForm

    profile = surat_services.letter_profile_get(village_a)
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 2000), (0, 90, 0)).save(buffer, format="PNG")
    from django.forms.models import model_to_dict

    data = {k: v for k, v in model_to_dict(profile).items() if v is not None and k != "logo"}
    form = ProfileForm(data=data, files={"logo": SimpleUploadedFile("logo.png", buffer.getvalue())}, instance=profile)
    assert form.is_valid(), form.errors
    surat_services.letter_profile_update(profile=form.save(commit=False), by=users["village_operator"],
                                         changed=["logo"])
    profile.refresh_from_db()
    with profile.logo.open("rb") as handle:
        assert Image.open(handle).size == (1024, 683)
