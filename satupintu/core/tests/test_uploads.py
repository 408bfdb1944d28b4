"""Issue 12, findings 4 and 10: the shared image check and re-encode, the PDF check, the download response."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

from satupintu.core import files, images

from . import uploads


def test_pillow_refuses_bombs_app_wide():
    # Set in CoreConfig.ready from the same budget: any code that opens an image is covered, not only ours.
    assert Image.MAX_IMAGE_PIXELS == images.max_pixels() <= 50_000_000


def test_a_12000_pixel_square_png_is_refused_from_its_header():
    bomb = uploads.bomb_png()
    assert len(bomb) < 100_000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as exc:
        images.image_check(ContentFile(bomb, name="peta.png"))
    with pytest.raises(ValidationError):
        images.image_reencode(ContentFile(bomb, name="peta.png"))
    assert time.perf_counter() - started < 1.0  # nothing decoded
    assert exc.value.code == "too_many_pixels"
    assert "megapiksel" in exc.value.messages[0] and "peta.png" in exc.value.messages[0]


def test_the_budget_is_a_setting(settings):
    settings.SATUPINTU_IMAGE_MAX_PIXELS = 100
    with pytest.raises(ValidationError):
        images.image_check(ContentFile(uploads.png((20, 20)), name="kecil.png"))
    settings.SATUPINTU_IMAGE_MAX_PIXELS = 400
    assert images.image_check(ContentFile(uploads.png((20, 20)), name="kecil.png")) == "image/png"


def test_not_an_image_is_refused():
    with pytest.raises(ValidationError, match="tidak dapat dibaca sebagai gambar"):
        images.image_check(ContentFile(b"GIF89a but not really" * 5, name="x.gif"))


def test_large_photo_is_shrunk_and_loses_its_gps():
    original = uploads.jpeg_with_gps((4000, 3000))
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    upload = ContentFile(original, name="IMG_0001.jpg")
    out, mime = images.image_reencode(upload)
    assert mime == "image/jpeg" and out.name == "IMG_0001.jpg"
    data = out.read()
    result = Image.open(io.BytesIO(data))
    assert result.size == (2560, 1920)
    assert not result.getexif()  # no GPS, no owner's name
    assert b"Siti Pemilik Ponsel" not in data
    assert upload.tell() == 0 and not upload.closed  # the caller can still read the upload


def test_small_png_keeps_its_size_and_format():
    out, mime = images.image_reencode(ContentFile(uploads.png((30, 20)), name="denah.png"))
    assert mime == "image/png" and Image.open(out).size == (30, 20)


@pytest.mark.parametrize("pdf", [uploads.PDF_OPEN_ACTION_JS, uploads.PDF_OPEN_ACTION_ESCAPED, uploads.PDF_LAUNCH,
                                 uploads.PDF_EMBEDDED_FILE, uploads.PDF_PAGE_AA])
def test_pdf_with_active_content_is_refused(pdf):
    upload = ContentFile(pdf, name="surat.pdf")
    with pytest.raises(ValidationError) as exc:
        files.pdf_check(upload)
    assert exc.value.code == "pdf_active" and "surat.pdf" in exc.value.messages[0]
    assert upload.tell() == 0


def test_pdf_with_active_content_is_refused_even_when_pypdf_cannot_parse_it():
    broken = b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(x)>>>>endobj\n"
    with pytest.raises(ValidationError):
        files.pdf_check(ContentFile(broken, name="rusak.pdf"))


@pytest.mark.parametrize("pdf", [uploads.PDF_PLAIN, uploads.PDF_OPEN_ACTION_FIT,
                                 b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"])
def test_ordinary_pdfs_pass(pdf):
    files.pdf_check(ContentFile(pdf, name="surat.pdf"))


def test_safe_filename():
    assert files.safe_filename('../../etc/pass"wd\r\n.pdf') == "pass_wd.pdf"
    assert files.safe_filename("") == "berkas"
    assert files.safe_filename("laporan keuangan 2026.pdf") == "laporan keuangan 2026.pdf"
    assert len(files.safe_filename("a" * 500 + ".pdf")) <= 150


def test_private_file_response_downloads_and_sandboxes(tmp_path):
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path)
    pdf_name = storage.save("a.pdf", ContentFile(uploads.PDF_OPEN_ACTION_JS))
    png_name = storage.save("b.png", ContentFile(uploads.png()))
    # Even when asked for inline, a PDF downloads.
    response = files.private_file_response(storage.open(pdf_name), filename='jahat".pdf',
                                           content_type="application/pdf", inline=True)
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="jahat_.pdf"' in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    response.file_to_stream.close()  # (response.close() would signal request_finished)
    response = files.private_file_response(storage.open(png_name), filename="foto.png", content_type="image/png",
                                           inline=True)
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"] == "sandbox"
    response.file_to_stream.close()  # (response.close() would signal request_finished)


def test_behind_nginx_private_files_go_out_by_x_accel_redirect(tmp_path, settings):
    """With PRIVATE_FILES_ACCEL_PREFIX the app answers headers only; nginx sends the bytes from its internal
    location. The same safety headers; a file outside the private root is streamed by Python, a missing one is 404."""
    from types import SimpleNamespace

    from django.http import Http404

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_private/"
    (tmp_path / "lampiran" / "x y").mkdir(parents=True)
    stored = tmp_path / "lampiran" / "x y" / "surat.pdf"
    stored.write_bytes(b"%PDF-1.4")
    handle = SimpleNamespace(name="lampiran/x y/surat.pdf", path=str(stored))
    response = files.private_file_response(handle, filename="surat.pdf", content_type="application/pdf", inline=True)
    assert response["X-Accel-Redirect"] == "/_private/lampiran/x%20y/surat.pdf"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    with pytest.raises(Http404):
        files.private_file_response(SimpleNamespace(name="gone.pdf", path=str(tmp_path / "gone.pdf")),
                                    filename="gone.pdf")
    settings.PRIVATE_FILES_ACCEL_PREFIX = ""
    from django.core.files.storage import FileSystemStorage

    plain = files.private_file_response(FileSystemStorage(location=tmp_path).open("lampiran/x y/surat.pdf"),
                                        filename="surat.pdf", content_type="application/pdf")
    assert "X-Accel-Redirect" not in plain
    plain.file_to_stream.close()


def test_regency_logo_uses_the_shared_check():
    from satupintu.core import branding

    with pytest.raises(ValidationError, match="megapiksel"):
        branding._logo_png(ContentFile(uploads.bomb_png(), name="lambang.png"))


def _encrypted_pdf(user_password: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt(user_password=user_password, owner_password="pemilik", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_restrictions_only_passes_but_one_locked_with_a_password_is_refused():
    files.pdf_check(ContentFile(_encrypted_pdf(""), name="resmi.pdf"))  # opens without a password
    with pytest.raises(ValidationError) as exc:
        files.pdf_check(ContentFile(_encrypted_pdf("rahasia"), name="terkunci.pdf"))
    assert exc.value.code == "pdf_encrypted"
