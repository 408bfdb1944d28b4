"""Uploads of answer attachments and DIP documents: the type is checked by content (magic bytes), not by name."""

from __future__ import annotations

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from satupintu.core.files import pdf_check
from satupintu.core.images import image_check

# Documents a public body hands out: PDFs, images of scanned pages, office documents.
ALLOWED = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def max_bytes() -> int:
    return int(getattr(settings, "PPID_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def check_upload(upload) -> str:
    """Return the detected content type of `upload`, or raise ValidationError (in Indonesian)."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Berkas %(name)s terlalu besar (%(size)s). Batas ukuran %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas %(name)s kosong.") % {"name": upload.name}, code="empty")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED:
        raise ValidationError(
            _("Jenis berkas %(name)s tidak diterima. Unggah PDF, JPG, PNG, DOCX, XLSX, ODT atau ODS.")
            % {"name": upload.name},
            code="bad_type",
        )
    mime = ALLOWED[kind.extension]
    if mime.startswith("image/"):
        image_check(upload, name=upload.name)  # the header only: a decompression bomb is refused before decoding
    elif mime == "application/pdf":
        pdf_check(upload, name=upload.name)
    return mime
