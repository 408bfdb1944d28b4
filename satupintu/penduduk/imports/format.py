"""The file format: columns, accepted values, and reading CSV/XLSX into (line number, cells)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Education, FamilyRelation, MaritalStatus, Religion, Sex
from ..nik import normalize_nik

REQUIRED = ("NIK", "NAMA_LENGKAP", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "AGAMA", "STATUS_PERKAWINAN")
OPTIONAL = ("NO_KK", "PEKERJAAN", "PENDIDIKAN", "ALAMAT", "RT", "RW", "KODE_DESA", "HUBUNGAN_KELUARGA")
COLUMNS = REQUIRED + OPTIONAL
HEADER_ALIASES = {
    "NOMOR_KK": "NO_KK", "NKK": "NO_KK", "NO_KARTU_KELUARGA": "NO_KK", "KK": "NO_KK",
    "NAMA": "NAMA_LENGKAP", "JK": "JENIS_KELAMIN", "TGL_LAHIR": "TANGGAL_LAHIR", "STATUS_KAWIN": "STATUS_PERKAWINAN",
    "JENIS_PEKERJAAN": "PEKERJAAN", "PENDIDIKAN_AKHIR": "PENDIDIKAN", "PENDIDIKAN_DALAM_KK": "PENDIDIKAN",
    "SHDK": "HUBUNGAN_KELUARGA", "STATUS_HUBUNGAN_DALAM_KELUARGA": "HUBUNGAN_KELUARGA", "HUBUNGAN": "HUBUNGAN_KELUARGA",
    "KODE_WILAYAH": "KODE_DESA", "KODE_KELURAHAN": "KODE_DESA",
}

_NORMALISE = re.compile(r"[^A-Z0-9]+")
_NON_DIGIT = re.compile(r"[^0-9]")
_DATE_SEPARATORS = re.compile(r"[-/.]")


def _key(value: str) -> str:
    return _NORMALISE.sub(" ", value.upper()).strip()


def _choice_map(choices, aliases: dict[str, str]) -> dict[str, str]:
    mapping = {}
    for value, label in choices.choices:
        mapping[_key(value)] = value
        mapping[_key(str(label))] = value
    mapping.update({_key(alias): value for alias, value in aliases.items()})
    return mapping


SEX_MAP = _choice_map(Sex, {"LAKI LAKI": "L", "LAKI": "L", "PRIA": "L", "WANITA": "P", "PR": "P", "LK": "L"})
RELIGION_MAP = _choice_map(
    Religion,
    {"KATHOLIK": "katolik", "BUDHA": "buddha", "KHONGHUCU": "konghucu", "KONG HU CU": "konghucu",
     "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA": "kepercayaan", "KEPERCAYAAN TERHADAP TUHAN YME": "kepercayaan",
     "PROTESTAN": "kristen"},
)
MARITAL_MAP = _choice_map(
    MaritalStatus,
    {"KAWIN TERCATAT": "kawin", "KAWIN BELUM TERCATAT": "kawin", "KAWIN TIDAK TERCATAT": "kawin",
     "CERAI HIDUP TERCATAT": "cerai_hidup", "CERAI HIDUP BELUM TERCATAT": "cerai_hidup", "JANDA": "cerai_hidup",
     "DUDA": "cerai_hidup"},
)
EDUCATION_MAP = _choice_map(
    Education,
    {"TIDAK BELUM SEKOLAH": "tidak_sekolah", "TIDAK SEKOLAH": "tidak_sekolah", "BELUM SEKOLAH": "tidak_sekolah",
     "BELUM TAMAT SD SEDERAJAT": "belum_tamat_sd", "TAMAT SD SEDERAJAT": "sd", "SD": "sd",
     "SLTP SEDERAJAT": "smp", "SMP": "smp", "SLTA SEDERAJAT": "sma", "SMA": "sma", "SMK": "sma",
     "DIPLOMA I II": "d1_d2", "DIPLOMA I": "d1_d2", "DIPLOMA II": "d1_d2", "D1": "d1_d2", "D2": "d1_d2",
     "AKADEMI DIPLOMA III S MUDA": "d3", "AKADEMI DIPLOMA III SARJANA MUDA": "d3", "DIPLOMA III": "d3", "D3": "d3",
     "DIPLOMA IV STRATA I": "s1_d4", "STRATA I": "s1_d4", "S1": "s1_d4", "D4": "s1_d4",
     "STRATA II": "s2", "S2": "s2", "STRATA III": "s3", "S3": "s3"},
)
RELATION_MAP = _choice_map(
    FamilyRelation,
    {"KEPALA KELUARGA": "kepala", "ORANGTUA": "orang_tua", "FAMILI": "famili_lain", "PEMBANTU": "lainnya",
     "FAMILI LAINNYA": "famili_lain"},
)


def lookup(mapping: dict[str, str], raw: str) -> str | None:
    """The stored value for a cell: exact hit first (the common case, no normalising), then case/punctuation-blind."""
    return mapping.get(raw) or mapping.get(_key(raw))


# --- Reading --------------------------------------------------------------------------------------------------


def header_key(value: Any) -> str:
    key = _NORMALISE.sub("_", str(value or "").upper()).strip("_")
    return HEADER_ALIASES.get(key, key)


def _read_csv(stream: BinaryIO) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) for the header and every row. Excel in an Indonesian locale writes `;`, others `,`."""
    raw = getattr(stream, "file", stream)  # a Django upload wraps the real file object
    text_stream = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = text_stream.readline()
        delimiter = max(",;\t|", key=first.count)
        reader = csv.reader(itertools.chain([first], text_stream), delimiter=delimiter)
        for cells in reader:
            yield reader.line_num, cells
    finally:
        if not raw.closed:
            text_stream.detach()  # leave the caller's file open


def _read_xlsx(stream: BinaryIO) -> Iterator[tuple[int, list[Any]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


def read_table(stream: BinaryIO, filename: str) -> Iterator[tuple[int, list[Any]]]:
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(stream)
    if suffix in (".csv", ".txt"):
        return _read_csv(stream)
    raise ValidationError(_("Jenis berkas tidak didukung. Unggah berkas CSV atau XLSX (Excel)."), code="file_type")


# --- Cells ----------------------------------------------------------------------------------------------------


def text(value: Any) -> str:
    if value.__class__ is str:  # CSV cells: the hot path
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number16(value: Any, label: str) -> tuple[str, str | None]:
    """Digits of a NIK / KK cell, or an error. Excel keeps numbers as doubles: above 2^53 the last digits are lost."""
    if value.__class__ is str:
        if len(value) == 16 and value.isdigit():
            return value, None
        # A leading apostrophe is how spreadsheets are told to keep a long number as text.
        return normalize_nik(value.strip().lstrip("'")), None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value >= 2**53:
            return "", _(
                "%(label)s tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; format kolom sebagai "
                "teks lalu ketik ulang."
            ) % {"label": label}
        return str(int(value)), None
    return normalize_nik(text(value)), None


def parse_date(value: Any) -> dt.date | None:
    """dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy or yyyy-mm-dd; an XLSX date cell as it is."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parts = _DATE_SEPARATORS.split(text(value))
    if len(parts) != 3 or not "".join(parts).isdigit():
        return None
    try:
        if len(parts[0]) == 4:
            year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
        elif len(parts[2]) == 4:
            year, month, day = int(parts[2]), int(parts[1]), int(parts[0])
        else:
            return None
        return dt.date(year, month, day)
    except ValueError:  # no such day
        return None


def village_code(value: Any) -> str:
    """'1218012001' -> '12.18.01.2001'; dotted codes as they are."""
    code = text(value)
    if len(code) == 10 and code.isdigit():
        return f"{code[:2]}.{code[2:4]}.{code[4:6]}.{code[6:]}"
    return code


def rt_rw(value: Any) -> tuple[str, bool]:
    """('001', True) for '1' or '001'; (value, False) if it is not a number of at most three digits."""
    raw = text(value)
    if not raw:
        return "", True
    if raw.isdigit():
        significant = raw.lstrip("0") or "0"
        if len(significant) <= 3:
            return significant.zfill(3), True
    return raw, False
