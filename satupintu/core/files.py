"""Handing out uploaded files, and refusing PDFs with active content.

Every view that streams an uploaded file (complaint, PPID and letter attachments, DIP documents, signed letters)
answers through `private_file_response`: a download (`Content-Disposition: attachment`) with a safe file name,
`Content-Security-Policy: sandbox` (a file opened in the browser anyway runs no script, submits no form and reaches
no cookie of this site) and `X-Content-Type-Options: nosniff` (the browser keeps the type we checked on upload).
Images may be shown inline — still sandboxed. PDFs that carry JavaScript, launch actions or embedded files are
refused at upload (`pdf_check`); the headers are the second line, for files stored before the check existed."""

from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}

# Keys whose presence means active content: scripts, embedded or attached files, multimedia, XFA forms.
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/RichMedia", "/XFA"}
# Action types (/S) a viewer would run: script, start a program, load or send data, go into an embedded file.
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/RichMediaExecute", "/GoToE", "/Rendition"}
_MAX_OBJECTS = 200_000


def safe_filename(name: str, *, default: str = "berkas") -> str:
    """A file name a browser can save anywhere: no path, no control or quote characters, at most 150 characters."""
    name = os.path.basename(str(name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'["<>:|?*;\x00]', "_", name).strip(" .")
    if not name:
        return default
    stem, ext = os.path.splitext(name)
    return stem[: 150 - len(ext[:20])] + ext[:20]


def private_file_response(field_file, *, filename: str, content_type: str = "", inline: bool = False) -> FileResponse:
    """Stream a stored upload. `inline=True` is honoured only for the image types in INLINE_TYPES: anything else
    (PDF, HTML, SVG, office documents) is always a download."""
    content_type = content_type or "application/octet-stream"
    base_type = content_type.split(";")[0].strip().lower()
    accel = _accel_path(field_file)
    if accel is not None:
        # Behind nginx (PRIVATE_FILES_ACCEL_PREFIX): the app checked the permission, nginx sends the bytes from an
        # `internal` location; the headers set here are the ones the visitor receives.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel
        response["Content-Disposition"] = content_disposition_header(
            not (inline and base_type in INLINE_TYPES), safe_filename(filename))
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404
    response = FileResponse(handle, as_attachment=not (inline and base_type in INLINE_TYPES),
                            filename=safe_filename(filename), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _accel_path(field_file) -> str | None:
    """The internal nginx address of a private file (PRIVATE_FILES_ACCEL_PREFIX + its path under PRIVATE_MEDIA_ROOT),
    or None to stream it from Python (no prefix set, another storage, or a file outside the root)."""
    prefix = getattr(settings, "PRIVATE_FILES_ACCEL_PREFIX", "")
    if not prefix or not getattr(field_file, "name", ""):
        return None
    try:
        path = os.path.realpath(field_file.path)
    except (NotImplementedError, ValueError, AttributeError):
        return None
    root = os.path.realpath(settings.PRIVATE_MEDIA_ROOT)
    if not path.startswith(root + os.sep):
        return None
    if not os.path.isfile(path):
        raise Http404
    return prefix.rstrip("/") + "/" + quote(os.path.relpath(path, root).replace(os.sep, "/"))


def _active_content(reader) -> bool:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        visited += 1
        if visited > _MAX_OBJECTS:
            return True  # a file built to exhaust the walk is not a document a citizen sends
        if isinstance(obj, DictionaryObject):
            if _ACTIVE_KEYS.intersection(obj.keys()):
                return True
            action = obj.get("/S")
            if isinstance(action, NameObject) and action in _ACTIVE_ACTIONS:
                return True
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False


_NAME_TOKEN = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_ACTIVE_NAMES = {name.encode() for name in _ACTIVE_KEYS | _ACTIVE_ACTIONS}


def _active_names_in_bytes(data: bytes) -> bool:
    """For a file pypdf cannot parse: any active name token in the raw bytes (with #xx escapes decoded)."""
    for token in _NAME_TOKEN.findall(data):
        if b"#" in token:
            token = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), token)
        if token in _ACTIVE_NAMES:
            return True
    return False


def pdf_check(upload, *, name: str = "") -> None:
    """Refuse a PDF that carries active content (JavaScript, launch/submit actions, embedded files, XFA) or is
    encrypted. Raises ValidationError in Indonesian; the file is left at its start. A file pypdf cannot parse is
    scanned for the same names in its raw bytes (viewers repair broken files; the names must not get through)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    label = name or os.path.basename(getattr(upload, "name", "") or "") or _("berkas")
    try:
        upload.seek(0)
        reader = PdfReader(upload, strict=False)
        # Restrictions without an opening password (common in official PDFs) open with an empty password.
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("PDF %(name)s dikunci dengan sandi. Kirim PDF tanpa sandi.") % {"name": label}, code="pdf_encrypted"
            )
        active = _active_content(reader)
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        upload.seek(0)
        active = _active_names_in_bytes(upload.read())
    finally:
        upload.seek(0)
    if active:
        raise ValidationError(
            _("PDF %(name)s berisi skrip, tindakan otomatis atau berkas sisipan, yang tidak kami terima demi keamanan. "
              "Cetak ulang ke PDF (Print > Save as PDF) lalu kirim hasilnya.") % {"name": label},
            code="pdf_active",
        )
