"""What the staff and the resident pages of letters share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from satupintu.core.files import private_file_response

from ..forms import AttachmentForm


def attachment_form(letter, data=None, files=None) -> AttachmentForm:
    """The upload form for one of the letter type's required attachments (unbound without `data`)."""
    return AttachmentForm(data, files, labels=letter.letter_type.required_attachments)


def errors_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def pdf_response(letter) -> FileResponse:
    if not letter.pdf:
        raise Http404
    filename = f"surat-{letter.number.replace('/', '-') or letter.pk}.pdf"
    return private_file_response(letter.pdf, filename=filename, content_type="application/pdf")
