"""Issue 12, findings 4 and 10 for PPID documents: bombs and PDFs with JavaScript refused, downloads sandboxed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from satupintu.core.tests import uploads
from satupintu.ppid.files import check_upload
from satupintu.ppid.models import InfoCategory, PublicInfoItem

pytestmark = pytest.mark.django_db


def test_check_upload_refuses_bombs_and_active_pdfs():
    with pytest.raises(ValidationError, match="megapiksel"):
        check_upload(SimpleUploadedFile("pindaian.png", uploads.bomb_png()))
    with pytest.raises(ValidationError, match="berisi skrip"):
        check_upload(SimpleUploadedFile("kontrak.pdf", uploads.PDF_OPEN_ACTION_JS))
    assert check_upload(SimpleUploadedFile("kontrak.pdf", uploads.PDF_PLAIN)) == "application/pdf"


def test_dip_document_with_javascript_is_refused_and_documents_download_sandboxed(client, users, agencies):
    client.force_login(users["ppid_pupr"])
    data = {"agency": agencies["pupr"].pk, "category": InfoCategory.PERIODIC, "form": "elektronik",
            "is_published": "on"}
    bad = SimpleUploadedFile("laporan.pdf", uploads.PDF_OPEN_ACTION_JS, content_type="application/pdf")
    response = client.post(reverse("ppid:dip_create"), {**data, "title": "Berskrip", "document": bad})
    assert response.status_code == 200 and "berisi skrip" in response.content.decode()
    assert not PublicInfoItem.objects.filter(title="Berskrip").exists()
    good = SimpleUploadedFile("laporan keuangan.pdf", uploads.PDF_PLAIN, content_type="application/pdf")
    response = client.post(reverse("ppid:dip_create"), {**data, "title": "Laporan", "document": good})
    assert response.status_code == 302
    item = PublicInfoItem.objects.get(title="Laporan")
    download = client.get(reverse("ppid:dip_document", args=[item.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Security-Policy"] == "sandbox" and download["X-Content-Type-Options"] == "nosniff"
    b"".join(download.streaming_content)
