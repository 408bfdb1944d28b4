"""Uploaded images: refuse decompression bombs from the header alone, then decode, shrink and re-encode.

A PNG of 12,000 x 12,000 pixels compresses to a few hundred KB but decodes to 432 MB and seconds of CPU. Pillow's
`Image.open` reads only the header, so the pixel count is checked there, before anything is decoded; the app-wide
`Image.MAX_IMAGE_PIXELS` (set from the same budget in CoreConfig.ready) stops any other code path that opens an
image, Django's ImageField included. Re-encoding writes no EXIF/XMP block: a phone photo can carry the GPS position
of a citizen's house, the camera serial or the owner's name. Where a place matters (a complaint), the reporter gives
it in the report's own location fields, which the workflow shows only to those allowed to see it."""

from __future__ import annotations

import io
import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# 40 megapixels: above what phones save by default (12-24 MP) and a 300 dpi A3 scan (~17 MP); a 40 MP RGB image
# decodes to 120 MB, bounded and done in about a second.
DEFAULT_MAX_PIXELS = 40_000_000
# Longest side kept for a photo: sharp on any screen and printable at A4, a tenth of a raw phone photo's bytes.
DEFAULT_MAX_SIDE = 2560

FORMAT_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def max_pixels() -> int:
    return int(getattr(settings, "SATUPINTU_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def configure_pillow() -> None:
    """App-wide guard: Pillow warns above MAX_IMAGE_PIXELS and refuses (DecompressionBombError) above twice it."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


class _Unclosable:
    """The upload as Pillow reads it: Pillow 13 closes the file object it was given when the image is closed, and
    the caller still needs the upload (to store it, or to read it again)."""

    def __init__(self, upload):
        self._upload = upload

    def __getattr__(self, name):
        return getattr(self._upload, name)

    def close(self) -> None:
        pass


def _label(upload, name: str) -> str:
    return name or os.path.basename(getattr(upload, "name", "") or "") or _("gambar")


def image_open(upload, *, name: str = "") -> Image.Image:
    """Open an uploaded image and check its dimensions from the header; nothing is decoded yet.

    Raises ValidationError (in Indonesian) for a file that is not an image or has more pixels than the budget."""
    label = _label(upload, name)
    try:
        upload.seek(0)
        img = Image.open(_Unclosable(upload))
    except Image.DecompressionBombError:
        img = None
        too_large = True
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ValidationError(_("Berkas %(name)s tidak dapat dibaca sebagai gambar.") % {"name": label},
                              code="bad_image")
    else:
        width, height = img.size
        too_large = width * height > max_pixels() or width <= 0 or height <= 0
    if too_large:
        if img is not None:
            img.close()
        raise ValidationError(
            _("Gambar %(name)s terlalu besar ukuran pikselnya (paling banyak %(max)d megapiksel). Perkecil gambar "
              "atau kirim foto biasa dari kamera ponsel.") % {"name": label, "max": max_pixels() // 1_000_000},
            code="too_many_pixels",
        )
    return img


def image_check(upload, *, name: str = "") -> str:
    """Check an uploaded image's header only (see image_open) and return its MIME type; the file is not changed."""
    img = image_open(upload, name=name)
    try:
        return FORMAT_MIME.get(img.format or "", "")
    finally:
        img.close()
        upload.seek(0)


def image_reencode(upload, *, name: str = "", max_side: int = DEFAULT_MAX_SIDE) -> tuple[ContentFile, str]:
    """Decode a checked image, apply its EXIF orientation, shrink it so its longest side is at most `max_side`
    and encode it again in its own format (GIF becomes PNG) without metadata. Returns (file, mime)."""
    label = _label(upload, name)
    img = image_open(upload, name=name)
    fmt = img.format if img.format in ("JPEG", "PNG", "WEBP") else "PNG"
    try:
        with img:
            if fmt == "JPEG":
                # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the photo is much larger than we keep.
                img.draft(img.mode, (max_side, max_side))
            img.load()
            out_img = ImageOps.exif_transpose(img)
            if max(out_img.size) > max_side:
                out_img.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            if fmt == "JPEG" and out_img.mode not in ("RGB", "L"):
                out_img = out_img.convert("RGB")
            elif fmt == "WEBP" and out_img.mode not in ("RGB", "RGBA"):
                out_img = out_img.convert("RGBA")
            elif fmt == "PNG" and out_img.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
                out_img = out_img.convert("RGBA")
            buffer = io.BytesIO()
            # Saving without exif=/xmp= writes neither block.
            out_img.save(buffer, format=fmt, **({"optimize": True} if fmt == "PNG" else {"quality": 85}))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas %(name)s tidak dapat dibaca sebagai gambar.") % {"name": label},
                              code="bad_image")
    finally:
        upload.seek(0)
    base = os.path.splitext(os.path.basename(getattr(upload, "name", "") or name or "gambar"))[0][:80] or "gambar"
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]
    data = buffer.getvalue()
    return ContentFile(data, name=f"{base}.{extension}"), FORMAT_MIME[fmt]


class SafeImageField(forms.ImageField):
    """Django's ImageField with the pixel budget checked first, from the header, with our message (Django's own
    check would fail on Pillow's DecompressionBombError with a generic "upload a valid image")."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            image_check(data)
        return super().to_python(data)
