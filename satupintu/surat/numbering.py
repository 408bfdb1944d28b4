"""Letter number formats: a pattern with `[placeholders]` chosen by the village, as in OpenSID.

Default `[kode_surat]/[nomor:3]/[kode_desa]/[bulan_romawi]/[tahun]` -> `S-41/007/2001/XI/2026`.

The counter behind `[nomor]` is kept by the services (one row per village, year and scope, locked while it is
incremented); this module only checks and fills the pattern."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formatting import roman_month

DEFAULT_FORMAT = "[kode_surat]/[nomor:3]/[kode_desa]/[bulan_romawi]/[tahun]"
KNOWN = {"kode_surat", "nomor", "kode_desa", "bulan_romawi", "bulan", "tahun"}
_TOKEN = re.compile(r"\[([a-z_]+)(?::(\d+))?\]")
MAX_PADDING = 6


@dataclass(frozen=True, slots=True)
class NumberParts:
    letter_code: str
    sequence: int
    village_short_code: str
    date: dt.date


def validate_number_format(pattern: str, *, per_type: bool) -> None:
    """A format must contain the sequence and the year (the counter restarts each year, so without the year two
    letters would share a number), and the letter code when the counter runs per letter type."""
    pattern = (pattern or "").strip()
    if not pattern:
        raise ValidationError(_("Format nomor surat wajib diisi."), code="empty")
    names: list[str] = []
    for match in _TOKEN.finditer(pattern):
        name, width = match.group(1), match.group(2)
        if name not in KNOWN:
            raise ValidationError(
                _("Bagian “[%(name)s]” tidak dikenal. Yang dapat dipakai: %(known)s."),
                code="unknown_part",
                params={"name": name, "known": ", ".join(f"[{k}]" for k in sorted(KNOWN))},
            )
        if width is not None and (name != "nomor" or not 1 <= int(width) <= MAX_PADDING):
            raise ValidationError(
                _("Hanya [nomor] yang boleh diberi panjang digit, dari 1 sampai %(max)s, misalnya [nomor:3]."),
                code="bad_width",
                params={"max": MAX_PADDING},
            )
        names.append(name)
    leftover = _TOKEN.sub("", pattern)
    if "[" in leftover or "]" in leftover:
        raise ValidationError(
            _("Ada kurung siku yang tidak membentuk bagian yang dikenal. Contoh yang benar: %(example)s."),
            code="syntax",
            params={"example": DEFAULT_FORMAT},
        )
    if names.count("nomor") != 1:
        raise ValidationError(_("Format nomor harus memuat [nomor] tepat satu kali."), code="sequence")
    if "tahun" not in names:
        raise ValidationError(
            _("Format nomor harus memuat [tahun], karena nomor urut dimulai lagi dari 1 setiap tahun."), code="year"
        )
    if per_type and "kode_surat" not in names:
        raise ValidationError(
            _("Bila nomor dihitung per jenis surat, format harus memuat [kode_surat] agar nomor tidak kembar."),
            code="letter_code",
        )


def format_number(pattern: str, parts: NumberParts) -> str:
    def replace(match: re.Match) -> str:
        name, width = match.group(1), match.group(2)
        if name == "nomor":
            return str(parts.sequence).zfill(int(width or 1))
        if name == "kode_surat":
            return parts.letter_code
        if name == "kode_desa":
            return parts.village_short_code
        if name == "bulan_romawi":
            return roman_month(parts.date.month)
        if name == "bulan":
            return f"{parts.date.month:02d}"
        return str(parts.date.year)

    return _TOKEN.sub(replace, pattern)
