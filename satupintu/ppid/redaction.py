"""Removing personal data from what the public archive shows (UU 14/2008 Pasal 17 huruf h: private data is exempt).

Text: `redact_text` replaces every occurrence of the marked words (the officer's, and always the requester's own
name, name parts, identity number, address and contact) with a block, case-insensitively and on word boundaries,
and masks what looks like an NIK, a phone number or an e-mail address wherever it appears. The result is stored;
the archive never redacts at view time, so a change to these rules cannot expose an older entry.

Files (Froide's approach): each page of a PDF is rendered to an image (pypdfium2), the marked areas are painted
black, and the pages are written back as an image-only PDF. Nothing under a box survives: no text layer, no hidden
objects, no metadata. Images are handled the same way. Areas are fractions of the page (0-1, from the top left), so
they do not depend on the resolution the officer saw.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MASK = "█████"
MIN_PART = 3  # name parts shorter than this ("M.", "Hj") are not masked on their own
RENDER_SCALE = 150 / 72  # 150 dpi: readable, and small enough for a phone

_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+62|62|0)[ -]?8[\d\- .]{7,14}\d(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def identity_terms(info_request) -> list[str]:
    """What must never appear in public, whatever the officer marked: the requester's name (whole and each part),
    identity number, address (whole and each comma-separated part) and contact."""
    terms = [
        info_request.requester_name,
        info_request.id_number,
        info_request.phone,
        info_request.email,
        info_request.address,
    ]
    terms += [part for part in re.split(r"\s+", info_request.requester_name or "") if len(part) >= MIN_PART]
    terms += [
        part.strip() for part in re.split(r"[,\n]", info_request.address or "") if len(part.strip()) >= 6
    ]
    return [t.strip() for t in terms if t and t.strip()]


def clean_terms(raw: str | list[str]) -> list[str]:
    """The officer's words to mask: one per line (or a list), trimmed, without duplicates, longest first."""
    items = raw.splitlines() if isinstance(raw, str) else list(raw)
    seen: dict[str, str] = {}
    for item in items:
        item = " ".join(item.split())
        if item and item.lower() not in seen:
            seen[item.lower()] = item
    return sorted(seen.values(), key=lambda t: (-len(t), t.lower()))


def redact_text(text: str, terms: list[str]) -> str:
    """`text` with every term and every NIK-, phone- or e-mail-like string masked."""
    text = text or ""
    ordered = clean_terms(terms)
    if ordered:
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in ordered), re.IGNORECASE)
        text = pattern.sub(MASK, text)
    for rule in (_EMAIL, _NIK, _PHONE):
        text = rule.sub(MASK, text)
    return text


def leaks(text: str, info_request) -> list[str]:
    """The requester's identity strings still present in `text` (case-insensitive): must be empty to publish."""
    lowered = (text or "").lower()
    found = []
    for term in identity_terms(info_request):
        if re.search(rf"(?<!\w){re.escape(term.lower())}(?!\w)", lowered):
            found.append(term)
    return found


@dataclass(frozen=True)
class Area:
    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float

    def as_dict(self) -> dict:
        return {"page": self.page, "x0": self.x0, "y0": self.y0, "x1": self.x1, "y1": self.y1}


_AREA = re.compile(r"^\s*(\d+)\s*:\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*$")


def parse_areas(raw: str) -> list[Area]:
    """One area per line: "page: left,top,right,bottom" in percent of the page (e.g. "1: 10,5,60,12")."""
    areas = []
    for n, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = _AREA.match(line)
        if not m:
            raise ValidationError(
                _(
                    "Baris %(n)s: tulis area sebagai “halaman: kiri,atas,kanan,bawah” dalam persen, "
                    "mis. “1: 10,5,60,12”."
                )
                % {"n": n}
            )
        page = int(m.group(1))
        x0, y0, x1, y1 = (float(m.group(i)) / 100 for i in range(2, 6))
        if page < 1 or not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1):
            raise ValidationError(
                _("Baris %(n)s: area di luar halaman (0-100 persen, kiri < kanan, atas < bawah).") % {"n": n}
            )
        areas.append(Area(page, x0, y0, x1, y1))
    return areas


def _paint(image, areas: list[Area]):
    from PIL import ImageDraw

    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    w, h = image.size
    for a in areas:
        draw.rectangle([a.x0 * w, a.y0 * h, a.x1 * w, a.y1 * h], fill="black")
    return image


def redact_pdf(data: bytes, areas: list[Area]) -> bytes:
    """Every page re-drawn as an image with `areas` blacked out; the original's text and objects are gone."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ValidationError(_("Berkas PDF tidak dapat dibaca untuk disamarkan.")) from exc
    try:
        pages = len(pdf)
        if any(a.page > pages for a in areas):
            raise ValidationError(_("Berkas hanya memiliki %(n)s halaman.") % {"n": pages})
        images = []
        for index in range(pages):
            bitmap = pdf[index].render(scale=RENDER_SCALE)
            images.append(_paint(bitmap.to_pil(), [a for a in areas if a.page == index + 1]))
    finally:
        pdf.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=150.0)
    return out.getvalue()


def redact_image(data: bytes, areas: list[Area], *, fmt: str) -> bytes:
    """A JPG or PNG re-encoded with `areas` (page 1) blacked out; the re-encoding drops EXIF (GPS, camera owner)."""
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    painted = _paint(image, [a for a in areas if a.page == 1])
    out = io.BytesIO()
    painted.save(out, format=fmt)
    return out.getvalue()
