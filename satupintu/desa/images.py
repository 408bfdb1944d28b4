"""Uploaded photos are re-encoded: at most 1600 px wide plus a 400 px thumbnail, orientation applied, EXIF
(GPS positions, camera serials) dropped. Cheap phones on slow networks download the small file."""

from __future__ import annotations

import io
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from satupintu.core.images import image_open

MAX_WIDTH = 1600
THUMB_WIDTH = 400


def _encode(img: Image.Image, width: int) -> bytes:
    if img.width > width:
        img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Saving without exif= writes no EXIF block at all.
    img.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def process_image(upload) -> tuple[ContentFile, ContentFile]:
    """Return (full, thumbnail) as JPEG files named after the upload. Raises ValidationError for non-images."""
    # The pixel budget is checked from the header before anything is decoded (core.images).
    opened = image_open(upload)
    try:
        with opened as src:
            if src.format == "JPEG":
                src.draft(src.mode, (MAX_WIDTH, MAX_WIDTH))  # decode a large photo at a fraction of its size
            src.load()
            img = ImageOps.exif_transpose(src)
            if img.mode != "RGB":
                background = Image.new("RGB", img.size, (255, 255, 255))
                rgba = img.convert("RGBA")
                background.paste(rgba, mask=rgba.split()[-1])
                img = background
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas bukan gambar yang dapat dibaca (gunakan JPG atau PNG)."))
    base = os.path.splitext(os.path.basename(getattr(upload, "name", "") or "gambar"))[0][:60] or "gambar"
    return ContentFile(_encode(img, MAX_WIDTH), name=f"{base}.jpg"), ContentFile(
        _encode(img, THUMB_WIDTH), name=f"{base}-400.jpg"
    )


def attach_image(instance, field: str, thumb_field: str | None, upload) -> None:
    """Resize `upload` into instance.<field> (and its thumbnail). Does not save the instance."""
    full, thumb = process_image(upload)
    getattr(instance, field).save(full.name, full, save=False)
    if thumb_field:
        getattr(instance, thumb_field).save(thumb.name, thumb, save=False)
