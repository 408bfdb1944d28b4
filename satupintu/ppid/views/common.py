from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse

from satupintu.core.files import private_file_response


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def file_response(field_file, *, filename: str, content_type: str = "", inline: bool = False) -> FileResponse:
    return private_file_response(field_file, filename=filename, content_type=content_type, inline=inline)
