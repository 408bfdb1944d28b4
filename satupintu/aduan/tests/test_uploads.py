"""Issue 12, findings 4, 6 and 10 at the complaint intake: image bombs, long texts, PDFs with JavaScript."""

import io
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from satupintu.aduan import services
from satupintu.aduan.models import Attachment, Complaint
from satupintu.aduan.tests.test_views import form_data
from satupintu.core.tests import uploads

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_decompression_bomb_is_refused_without_signing_in_and_quickly(client, village_a, categories):
    bomb = SimpleUploadedFile("foto.png", uploads.bomb_png(), content_type="image/png")
    started = time.perf_counter()
    response = client.post(reverse("aduan:submit"), {**form_data(village_a, categories["road"]), "attachments": [bomb]})
    elapsed = time.perf_counter() - started
    assert response.status_code == 400
    html = response.content.decode()
    assert "terlalu besar ukuran pikselnya" in html and "megapiksel" in html
    assert Complaint.objects.count() == 0
    assert elapsed < 3.0  # the finding: 13.8 s of one worker; the header is read, nothing is decoded


def test_decompression_bomb_is_refused_by_the_service_too(submit):
    with pytest.raises(ValidationError, match="megapiksel"):
        submit(attachments=[ContentFile(uploads.bomb_png(), name="peta.png")])
    assert Complaint.objects.count() == 0


def test_large_photo_is_shrunk_and_its_gps_removed(submit):
    c = submit(attachments=[ContentFile(uploads.jpeg_with_gps((4000, 3000)), name="IMG_0001.jpg")])
    att = c.attachments.get()
    stored = att.file.read()
    img = Image.open(io.BytesIO(stored))
    assert max(img.size) == 2560 and not img.getexif()
    assert att.size == len(stored) and att.content_type == "image/jpeg"


def test_pdf_with_open_action_javascript_is_refused(client, village_a, categories):
    pdf = SimpleUploadedFile("surat.pdf", uploads.PDF_OPEN_ACTION_JS, content_type="application/pdf")
    response = client.post(reverse("aduan:submit"), {**form_data(village_a, categories["road"]), "attachments": [pdf]})
    assert response.status_code == 400
    assert "berisi skrip" in response.content.decode()
    assert Complaint.objects.count() == 0
    ordinary = SimpleUploadedFile("surat.pdf", uploads.PDF_OPEN_ACTION_FIT, content_type="application/pdf")
    response = client.post(reverse("aduan:submit"), {**form_data(village_a, categories["road"]),
                                                      "attachments": [ordinary]})
    assert response.status_code == 302 and Complaint.objects.get().attachments.count() == 1


def test_attachments_are_served_sandboxed_and_pdfs_as_downloads(client, submit):
    c = submit(attachments=[ContentFile(uploads.png(), name="bukti.png")])
    # A PDF stored before the upload check existed: the response is the second line of defence.
    old = Attachment(complaint=c, original_name='laporan"\r\n.pdf', content_type="application/pdf",
                     size=len(uploads.PDF_OPEN_ACTION_JS))
    old.file.save("lama.pdf", ContentFile(uploads.PDF_OPEN_ACTION_JS), save=True)
    photo = c.attachments.exclude(pk=old.pk).get()
    for att, disposition in ((old, "attachment;"), (photo, "inline;")):
        response = client.get(reverse("aduan:attachment", args=[att.pk]), {"t": c.follow_token})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(disposition)
        assert response["Content-Security-Policy"] == "sandbox"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]
        b"".join(response.streaming_content)


def test_text_longer_than_the_web_form_is_cut_and_kept_whole_as_an_attachment(submit, client):
    long_text = "Jalan rusak parah di dusun dua. " * 400 + "AKHIR-TEKS"
    assert len(long_text) > services.DESCRIPTION_MAX_LENGTH
    c = submit(description=long_text, channel="email")
    assert len(c.description) <= services.DESCRIPTION_MAX_LENGTH
    assert c.description.startswith("Jalan rusak parah di dusun dua.")
    assert "[Teks dipotong" in c.description and services.FULL_TEXT_NAME in c.description
    full = c.attachments.get(original_name=services.FULL_TEXT_NAME)
    assert full.file.read().decode() == long_text.strip()
    assert full.content_type.startswith("text/plain")
    response = client.get(reverse("aduan:attachment", args=[full.pk]), {"t": c.follow_token})
    assert response["Content-Disposition"].startswith("attachment;")
    b"".join(response.streaming_content)
    # A text within the limit is left alone and gets no extra file.
    short = submit(description="Lampu jalan mati tiga minggu.", title="Lampu")
    assert short.description == "Lampu jalan mati tiga minggu." and not short.attachments.exists()
