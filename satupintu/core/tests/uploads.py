"""Hostile and ordinary upload files for tests, built here (nothing checked in)."""

from __future__ import annotations

import functools
import io

from PIL import Image

BOMB_SIDE = 12_000


@functools.cache
def bomb_png() -> bytes:
    """A real PNG of 12,000 x 12,000 pixels (144 megapixels) in about 17 KB: one colour, 1 bit per pixel, so
    building it costs ~1 s. Decoding it as RGB, as photo code does, needs 432 MB."""
    buffer = io.BytesIO()
    Image.new("1", (BOMB_SIDE, BOMB_SIDE)).save(buffer, format="PNG")
    return buffer.getvalue()


def png(size=(8, 8), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 0).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_with_gps(size=(4000, 3000)) -> bytes:
    """A phone-sized photo carrying a GPS position (the citizen's house) and the owner's name in its EXIF."""
    img = Image.new("RGB", size, (90, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "Siti Pemilik Ponsel"  # Artist
    exif[0x8825] = {1: "N", 2: (2.0, 58.0, 12.0), 3: "E", 4: (99.0, 4.0, 30.0)}  # GPSInfo
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", exif=exif, quality=70)
    return buffer.getvalue()


def make_pdf(catalog_extra: bytes = b"") -> bytes:
    """A small valid one-page PDF (with a correct xref table); `catalog_extra` goes into the document catalog."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R" + catalog_extra + b">>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# The finding's sample: JavaScript run when the document opens.
PDF_OPEN_ACTION_JS = make_pdf(b"/OpenAction<</S/JavaScript/JS(app.alert\\(document.cookie\\))>>")
# The same with the names hex-escaped, as malware does to slip past naive scanners.
PDF_OPEN_ACTION_ESCAPED = make_pdf(b"/OpenAction<</S/J#61vaScript/J#53(app.alert\\(1\\))>>")
# A harmless /OpenAction (open at page 1, fit to window), as office programs write.
PDF_OPEN_ACTION_FIT = make_pdf(b"/OpenAction[3 0 R/Fit]")
PDF_LAUNCH = make_pdf(b"/OpenAction<</S/Launch/F(cmd.exe)>>")
PDF_EMBEDDED_FILE = make_pdf(b"/Names<</EmbeddedFiles<</Names[(a.exe)<</Type/Filespec/F(a.exe)>>]>>>>")
PDF_PAGE_AA = make_pdf(b"/AA<</WC<</S/JavaScript/JS(app.alert\\(2\\))>>>>")
PDF_PLAIN = make_pdf()
