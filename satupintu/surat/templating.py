"""Letter body templates: plain text with `{placeholder}` names that village staff edit without writing code.

Why not Django templates or `str.format`: staff text must never run code or reach attributes. `str.format` allows
`{0.__class__}` and Django templates allow tags and filters; here the only syntax is `{name}` (lower-case letters,
digits, underscores), `{{` and `}}` for literal braces, and nothing else. Unknown names are rejected when the text is
saved, so a template that would print a hole in a letter never reaches a resident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")

# Placeholders every letter knows, with a short description for the editor's help text.
RESIDENT_PLACEHOLDERS: dict[str, str] = {
    "nama": "nama lengkap pemohon",
    "nik": "NIK pemohon",
    "no_kk": "nomor KK pemohon",
    "jenis_kelamin": "jenis kelamin",
    "tempat_lahir": "tempat lahir",
    "tanggal_lahir": "tanggal lahir (contoh: 5 November 1990)",
    "umur": "umur dalam tahun",
    "agama": "agama",
    "status_kawin": "status perkawinan",
    "pekerjaan": "pekerjaan",
    "pendidikan": "pendidikan terakhir",
    "alamat": "alamat lengkap dengan RT/RW",
    "rt": "RT",
    "rw": "RW",
    "status_dtks": "keluarga dalam DTKS/DTSEN dan bantuan yang diterima (untuk SKTM)",
}
VILLAGE_PLACEHOLDERS: dict[str, str] = {
    "sebutan_desa": "Desa atau Kelurahan",
    "nama_desa": "nama desa/kelurahan",
    "kecamatan": "nama kecamatan",
    "kabupaten": "nama kabupaten/kota",
    "provinsi": "nama provinsi",
}
LETTER_PLACEHOLDERS: dict[str, str] = {
    "keperluan": "keperluan surat, diisi pemohon",
    "tanggal_surat": "tanggal surat ditandatangani",
    "berlaku_hingga": "tanggal akhir masa berlaku",
    "jenis_surat": "nama jenis surat",
}
COMMON_PLACEHOLDERS: frozenset[str] = frozenset(RESIDENT_PLACEHOLDERS) | frozenset(VILLAGE_PLACEHOLDERS) | frozenset(
    LETTER_PLACEHOLDERS
)


@dataclass(frozen=True, slots=True)
class _Literal:
    text: str


@dataclass(frozen=True, slots=True)
class _Placeholder:
    name: str


def _tokens(text: str) -> list[_Literal | _Placeholder]:
    """Split `text` into literals and placeholders. Raises ValidationError (Indonesian) on any malformed brace."""
    out: list[_Literal | _Placeholder] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            if text.startswith("{{", i):
                buf.append("{")
                i += 2
                continue
            end = text.find("}", i + 1)
            name = text[i + 1 : end] if end != -1 else ""
            if end == -1 or not _NAME.match(name):
                shown = text[i : (end + 1 if end != -1 else min(n, i + 20))]
                raise ValidationError(
                    _(
                        "Penulisan isian “%(text)s” tidak dikenali. Isian ditulis dengan huruf kecil di antara "
                        "kurung kurawal, misalnya {nama}; untuk menulis kurung kurawal biasa, ketik {{ atau }}."
                    ),
                    code="placeholder_syntax",
                    params={"text": shown},
                )
            if buf:
                out.append(_Literal("".join(buf)))
                buf = []
            out.append(_Placeholder(name))
            i = end + 1
        elif ch == "}":
            if text.startswith("}}", i):
                buf.append("}")
                i += 2
                continue
            raise ValidationError(
                _("Ada kurung kurawal tutup “}” tanpa pasangan. Untuk menulis kurung kurawal biasa, ketik }}."),
                code="placeholder_syntax",
            )
        else:
            buf.append(ch)
            i += 1
    if buf:
        out.append(_Literal("".join(buf)))
    return out


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in `text`, in order of first use."""
    seen: dict[str, None] = {}
    for token in _tokens(text):
        if isinstance(token, _Placeholder):
            seen.setdefault(token.name, None)
    return list(seen)


def allowed_placeholders(field_names: Iterable[str]) -> frozenset[str]:
    return COMMON_PLACEHOLDERS | frozenset(field_names)


def validate_template(text: str, *, allowed: Iterable[str]) -> None:
    """Raise ValidationError naming every unknown placeholder and listing the ones that may be used."""
    allowed = frozenset(allowed)
    if not (text or "").strip():
        raise ValidationError(_("Isi surat tidak boleh kosong."), code="empty")
    unknown = [name for name in placeholders_in(text) if name not in allowed]
    if unknown:
        raise ValidationError(
            _("Isian tidak dikenal: %(unknown)s. Isian yang dapat dipakai: %(allowed)s."),
            code="unknown_placeholder",
            params={
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "allowed": ", ".join("{" + name + "}" for name in sorted(allowed)),
            },
        )


def render_template(text: str, values: Mapping[str, object], *, empty: str = "-") -> str:
    """Substitute placeholders with `values` (converted with str()). A known-but-empty value prints `empty`, so a
    letter never shows a bare gap; a name missing from `values` is a programming error (templates are validated)."""
    parts: list[str] = []
    for token in _tokens(text):
        if isinstance(token, _Literal):
            parts.append(token.text)
        else:
            value = values[token.name]
            text_value = "" if value is None else str(value)
            parts.append(text_value if text_value.strip() else empty)
    return "".join(parts)
