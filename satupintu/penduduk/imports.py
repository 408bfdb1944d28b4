"""Import of the population register from the civil registry's CSV or XLSX exports.

File format (first row: headers; header case, spaces and hyphens do not matter; the first sheet of an XLSX):

=====================  ========  ===========================================================================
column                 required  values
=====================  ========  ===========================================================================
NIK                    yes       16 digits (spaces, dots and hyphens are ignored); checked like every NIK
NO_KK                  no        16-digit family card number, starting with a known region code
NAMA_LENGKAP           yes       full name (NAMA also accepted)
JENIS_KELAMIN          yes       L / P / LAKI-LAKI / PEREMPUAN (JK also accepted)
TEMPAT_LAHIR           yes       place of birth
TANGGAL_LAHIR          yes       dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd (or a date cell in XLSX)
AGAMA                  yes       ISLAM, KRISTEN, KATOLIK/KATHOLIK, HINDU, BUDDHA/BUDHA, KONGHUCU/KHONGHUCU, KEPERCAYAAN
STATUS_PERKAWINAN      yes       BELUM KAWIN, KAWIN (also KAWIN TERCATAT / BELUM TERCATAT), CERAI HIDUP, CERAI MATI
PEKERJAAN              no        free text (e.g. PETANI/PEKEBUN)
PENDIDIKAN             no        Dukcapil's KK levels: TIDAK/BELUM SEKOLAH ... STRATA III (or the short codes)
ALAMAT, RT, RW         no        address; RT/RW up to 3 digits (stored zero-padded: 001)
KODE_DESA              yes*      Kemendagri village code, 12.18.01.2001 or 1218012001 (*optional with --village)
HUBUNGAN_KELUARGA      no        KEPALA KELUARGA, ISTRI, SUAMI, ANAK, MENANTU, CUCU, ORANG TUA, MERTUA, FAMILI LAIN,
                                 LAINNYA (SHDK also accepted)
=====================  ========  ===========================================================================

Rules:
- Every row is checked and EVERY rejected row is reported with its line number and all its reasons.
- The file is applied whole or not at all: it runs in one transaction that is rolled back if any row is rejected.
- Re-importing updates residents by NIK (their register status, e.g. moved or deceased, is left as it is).
- An importer limited to a village (a village operator, or `--village`) cannot touch another village's residents.
- Built for volume (a regency's register, ~1,000,000 rows, in under two minutes on SQLite): rows are streamed,
  checked in Python against region codes loaded once, and written with bulk upserts in batches; existing NIKs and
  KK numbers are fetched once per batch, never per row.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.akun.permissions import is_regency_wide
from satupintu.akun.roles import VILLAGE_ROLES
from satupintu.core.audit import audit_record
from satupintu.wilayah.models import District, Village

from .models import (
    Education,
    Family,
    FamilyRelation,
    ImportRun,
    MaritalStatus,
    Religion,
    Resident,
    Sex,
)
from .nik import normalize_nik, parse_nik

BATCH_SIZE = 2000
# Rejections kept on the ImportRun (the management command and the result object always have them all).
MAX_STORED_REJECTIONS = int(getattr(settings, "PENDUDUK_IMPORT_MAX_STORED_REJECTIONS", 20_000))

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

# Resident fields written on create and on re-import (status is the register's own and is not overwritten).
DATA_FIELDS = (
    "name", "sex", "birth_place", "birth_date", "religion", "marital_status", "occupation", "education", "address",
    "rt", "rw", "village_id", "family_id", "family_relation",
)

_NORMALISE = re.compile(r"[^A-Z0-9]+")
_NON_DIGIT = re.compile(r"[^0-9]")


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
    {"KEPALA KELUARGA": "kepala", "KK": "kepala", "ORANGTUA": "orang_tua", "FAMILI": "famili_lain",
     "PEMBANTU": "lainnya", "FAMILI LAINNYA": "famili_lain"},
)


@dataclass
class Rejection:
    line: int
    nik: str
    reasons: list[str]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "nik": self.nik, "reason": self.reason}


@dataclass
class ImportResult:
    filename: str
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    families_created: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    duration: float = 0.0
    run: ImportRun | None = None

    @property
    def applied(self) -> bool:
        return not self.rejections and not self.dry_run


class _Rollback(Exception):
    """Raised inside the import transaction to undo it (a rejected row, or a dry run)."""


# --- Reading --------------------------------------------------------------------------------------------------


def _header_key(value: Any) -> str:
    key = _NORMALISE.sub("_", str(value or "").upper()).strip("_")
    return HEADER_ALIASES.get(key, key)


def _read_csv(stream: BinaryIO) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) for the header and every row. Excel in an Indonesian locale writes `;`, others `,`."""
    text = codecs.getreader("utf-8-sig")(stream, errors="strict")
    first = text.readline()
    delimiter = max(",;\t|", key=first.count)
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter)
    for cells in reader:
        yield reader.line_num, cells


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


# --- Checking one row -----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number16(value: Any, label: str) -> tuple[str, str | None]:
    """Digits of a NIK / KK cell, or an error. Excel keeps numbers as doubles: above 2^53 the last digits are lost."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value >= 2**53:
            return "", _(
                "%(label)s tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; format kolom sebagai "
                "teks lalu ketik ulang."
            ) % {"label": label}
        return str(int(value)), None
    return normalize_nik(_text(value)), None


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    parts = re.split(r"[-/.]", text)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    try:
        if len(parts[0]) == 4:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts[2]) == 4:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return None
    return None


def _village_code(value: Any) -> str:
    text = _text(value)
    digits = _NON_DIGIT.sub("", text)
    if len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return text


def _rt_rw(value: Any) -> tuple[str, bool]:
    text = _text(value)
    if not text:
        return "", True
    if text.isdigit() and len(text.lstrip("0") or "0") <= 3:
        return text.lstrip("0").zfill(3)[-3:], True
    return text, False


@dataclass
class _Row:
    line: int
    nik: str
    kk: str
    values: dict[str, Any]


class _Checker:
    """Checks rows with everything it needs loaded once (region and village codes), no query per row."""

    def __init__(self, *, columns: dict[str, int], allowed_villages: set[str] | None, default_village: str | None):
        self.columns = columns
        self.district_codes = set(District.objects.values_list("code", flat=True))
        self.village_codes = set(Village.objects.values_list("code", flat=True))
        self.allowed_villages = allowed_villages
        self.default_village = default_village
        self.today = timezone.localdate()
        self.seen_nik: dict[int, int] = {}
        self.kk_village: dict[int, str] = {}
        self.kk_head_line: dict[int, int] = {}

    def _cell(self, cells: list[Any], name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def check(self, line: int, cells: list[Any]) -> tuple[_Row | None, Rejection | None]:
        cell = self._cell
        reasons: list[str] = []

        nik, problem = _number16(cell(cells, "NIK"), "NIK")
        info = None
        if problem:
            reasons.append(problem)
        else:
            try:
                info = parse_nik(nik, today=self.today, district_codes=self.district_codes)
                nik = info.nik
            except ValidationError as exc:
                reasons.append(_("NIK tidak sah: %(error)s") % {"error": exc.messages[0]})
        if info is not None:
            first = self.seen_nik.setdefault(int(nik), line)
            if first != line:
                reasons.append(_("NIK ganda dalam berkas: sama dengan baris %(line)s.") % {"line": first})

        name = " ".join(_text(cell(cells, "NAMA_LENGKAP")).split())
        if not name:
            reasons.append(_("NAMA_LENGKAP kosong."))
        elif len(name) > 150:
            reasons.append(_("NAMA_LENGKAP lebih dari 150 karakter."))

        sex_raw = _text(cell(cells, "JENIS_KELAMIN"))
        sex = SEX_MAP.get(sex_raw) or SEX_MAP.get(_key(sex_raw))
        if sex is None:
            reasons.append(_("JENIS_KELAMIN \"%(value)s\" tidak dikenal (isi L atau P).") % {"value": sex_raw})

        birth_place = _text(cell(cells, "TEMPAT_LAHIR"))
        if not birth_place:
            reasons.append(_("TEMPAT_LAHIR kosong."))

        birth_raw = cell(cells, "TANGGAL_LAHIR")
        birth_date = _parse_date(birth_raw)
        if birth_date is None:
            reasons.append(
                _("TANGGAL_LAHIR \"%(value)s\" bukan tanggal yang sah (format dd-mm-yyyy atau yyyy-mm-dd).")
                % {"value": _text(birth_raw)}
            )
        elif birth_date > self.today:
            reasons.append(_("TANGGAL_LAHIR %(value)s belum terjadi.") % {"value": birth_date.strftime("%d-%m-%Y")})

        if info is not None:
            if sex is not None and info.sex != sex:
                reasons.append(
                    _("NIK tidak cocok dengan JENIS_KELAMIN: NIK ini milik penduduk %(sex)s.")
                    % {"sex": Sex(info.sex).label.lower()}
                )
            if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (
                info.birth_date.day, info.birth_date.month, info.birth_date.year % 100
            ):
                reasons.append(
                    _("NIK tidak cocok dengan TANGGAL_LAHIR: NIK ini mencatat %(date)s.")
                    % {"date": info.birth_date.strftime("%d-%m-%y")}
                )

        religion = self._choice(cells, "AGAMA", RELIGION_MAP, reasons, required=True)
        marital = self._choice(cells, "STATUS_PERKAWINAN", MARITAL_MAP, reasons, required=True)
        education = self._choice(cells, "PENDIDIKAN", EDUCATION_MAP, reasons)
        relation = self._choice(cells, "HUBUNGAN_KELUARGA", RELATION_MAP, reasons)

        rt, rt_ok = _rt_rw(cell(cells, "RT"))
        rw, rw_ok = _rt_rw(cell(cells, "RW"))
        if not rt_ok:
            reasons.append(_("RT \"%(value)s\" harus berupa angka paling banyak 3 digit.") % {"value": rt})
        if not rw_ok:
            reasons.append(_("RW \"%(value)s\" harus berupa angka paling banyak 3 digit.") % {"value": rw})

        village = _village_code(cell(cells, "KODE_DESA")) or (self.default_village or "")
        if not village:
            reasons.append(_("KODE_DESA kosong."))
        elif village not in self.village_codes:
            reasons.append(_("KODE_DESA %(code)s tidak dikenal.") % {"code": village})
        elif self.allowed_villages is not None and village not in self.allowed_villages:
            reasons.append(_("Desa %(code)s di luar wewenang Anda untuk impor ini.") % {"code": village})

        kk, problem = _number16(cell(cells, "NO_KK"), "NO_KK")
        if problem:
            reasons.append(problem)
        elif kk:
            if len(kk) != 16 or not kk.isdigit():
                reasons.append(_("NO_KK harus 16 digit angka."))
            elif f"{kk[:2]}.{kk[2:4]}.{kk[4:6]}" not in self.district_codes:
                reasons.append(_("Enam digit pertama NO_KK (%(code)s) bukan kode wilayah yang dikenal.") % {"code": kk[:6]})
            else:
                kk_village = self.kk_village.setdefault(int(kk), village)
                if kk_village != village:
                    reasons.append(
                        _("NO_KK ini sudah dipakai untuk desa %(code)s di baris lain; satu KK hanya di satu desa.")
                        % {"code": kk_village}
                    )
                if relation == FamilyRelation.KEPALA:
                    head_line = self.kk_head_line.setdefault(int(kk), line)
                    if head_line != line:
                        reasons.append(
                            _("KK ini sudah punya kepala keluarga di baris %(line)s.") % {"line": head_line}
                        )
        elif relation:
            reasons.append(_("HUBUNGAN_KELUARGA diisi tetapi NO_KK kosong."))

        if reasons:
            return None, Rejection(line=line, nik=nik, reasons=reasons)
        return _Row(
            line=line,
            nik=nik,
            kk=kk,
            values={
                "name": name, "sex": sex, "birth_place": birth_place[:100], "birth_date": birth_date,
                "religion": religion, "marital_status": marital, "occupation": _text(cell(cells, "PEKERJAAN"))[:100],
                "education": education or "", "address": _text(cell(cells, "ALAMAT"))[:255], "rt": rt, "rw": rw,
                "village_id": village, "family_relation": relation or "",
            },
        ), None

    def _choice(self, cells, column: str, mapping: dict[str, str], reasons: list[str], *, required: bool = False):
        raw = _text(self._cell(cells, column))
        if not raw:
            if required:
                reasons.append(_("%(column)s kosong.") % {"column": column})
            return None
        value = mapping.get(raw) or mapping.get(_key(raw))
        if value is None:
            reasons.append(_("%(column)s \"%(value)s\" tidak dikenal.") % {"column": column, "value": raw})
        return value


# --- Writing --------------------------------------------------------------------------------------------------


class _Writer:
    """Writes checked rows in batches: families first (fetched or created per batch), then residents by NIK upsert."""

    def __init__(self, *, allowed_villages: set[str] | None):
        self.allowed_villages = allowed_villages
        self.created = 0
        self.updated = 0
        self.families_created = 0

    def _in_scope(self, village_id: str) -> bool:
        return self.allowed_villages is None or village_id in self.allowed_villages

    def write(self, rows: list[_Row]) -> list[Rejection]:
        rejections: list[Rejection] = []
        existing = dict(Resident.objects.filter(nik__in=[r.nik for r in rows]).values_list("nik", "village_id"))
        if self.allowed_villages is not None:
            for row in rows:
                village_id = existing.get(row.nik)
                if village_id is not None and not self._in_scope(village_id):
                    rejections.append(Rejection(row.line, row.nik, [
                        _("NIK ini terdaftar di desa %(code)s, di luar wewenang Anda; pindah domisili diurus oleh "
                          "desa asal atau admin kabupaten.") % {"code": village_id}
                    ]))

        families = self._families(rows, rejections)
        if rejections:
            return rejections

        now = timezone.now()
        objs = []
        for row in rows:
            values = row.values
            objs.append(Resident(nik=row.nik, family_id=families.get(row.kk), **values))
        Resident.objects.bulk_create(
            objs, update_conflicts=True, unique_fields=["nik"], update_fields=[*DATA_FIELDS, "updated_at"]
        )
        self.updated += len(existing)
        self.created += len(rows) - len(existing)

        # Heads of the families this batch names a head for (the row with HUBUNGAN_KELUARGA = kepala).
        head_families = {families[r.kk] for r in rows if r.kk and r.values["family_relation"] == FamilyRelation.KEPALA}
        if head_families:
            head = Resident.objects.filter(family=OuterRef("pk"), family_relation=FamilyRelation.KEPALA).order_by("pk")
            Family.objects.filter(pk__in=head_families).update(head=Subquery(head.values("pk")[:1]), updated_at=now)
        return rejections

    def _families(self, rows: list[_Row], rejections: list[Rejection]) -> dict[str, int]:
        """KK number -> family id for the batch, creating missing families; address and RT/RW from the head's row."""
        wanted: dict[str, _Row] = {}
        for row in rows:
            if row.kk and (row.kk not in wanted or row.values["family_relation"] == FamilyRelation.KEPALA):
                wanted[row.kk] = row
        if not wanted:
            return {}
        found = {
            f.kk_number: f for f in Family.objects.filter(kk_number__in=list(wanted)).only(
                "pk", "kk_number", "village_id", "address", "rt", "rw"
            )
        }
        to_update = []
        for kk, family in found.items():
            source = wanted[kk]
            if not self._in_scope(family.village_id):
                rejections.append(Rejection(source.line, source.nik, [
                    _("NO_KK ini terdaftar di desa %(code)s, di luar wewenang Anda.") % {"code": family.village_id}
                ]))
                continue
            values = source.values
            if source.values["family_relation"] == FamilyRelation.KEPALA or family.village_id != values["village_id"]:
                new = (values["village_id"], values["address"], values["rt"], values["rw"])
                if (family.village_id, family.address, family.rt, family.rw) != new:
                    family.village_id, family.address, family.rt, family.rw = new
                    to_update.append(family)
        if rejections:
            return {}
        if to_update:
            Family.objects.bulk_update(to_update, ["village_id", "address", "rt", "rw", "updated_at"])
        new_families = [
            Family(kk_number=kk, village_id=row.values["village_id"], address=row.values["address"],
                   rt=row.values["rt"], rw=row.values["rw"])
            for kk, row in wanted.items() if kk not in found
        ]
        if new_families:
            Family.objects.bulk_create(new_families)
            self.families_created += len(new_families)
        ids = {kk: f.pk for kk, f in found.items()}
        ids.update({f.kk_number: f.pk for f in new_families})
        return ids


# --- The service ----------------------------------------------------------------------------------------------


def allowed_villages_for(user, village: Village | None = None) -> set[str] | None:
    """Villages an import by `user` may write to (None: any). A village role is held to its own village; regency-wide
    roles and the system (no user, e.g. the management command) to `village` if given."""
    from django.core.exceptions import PermissionDenied

    if user is not None:
        if is_regency_wide(user):
            pass
        elif getattr(user, "is_authenticated", False) and user.role in VILLAGE_ROLES and user.village_id:
            if village is not None and village.pk != user.village_id:
                raise PermissionDenied
            return {user.village_id}
        else:
            raise PermissionDenied
    return {village.pk} if village is not None else None


def _columns(header: list[Any]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = _header_key(value)
        if key in COLUMNS and key not in columns:
            columns[key] = index
    missing = [c for c in REQUIRED if c not in columns]
    return columns, missing


def residents_import(
    *, stream: BinaryIO, filename: str, by=None, village: Village | None = None, dry_run: bool = False,
    rows: Iterable[tuple[int, list[Any]]] | None = None,
) -> ImportResult:
    """Import a register file (see the module docs for the format and rules). Returns the result with every
    rejection; records an ImportRun and one audit event with the counts (not one per row)."""
    allowed = allowed_villages_for(by, village)
    result = ImportResult(filename=filename, dry_run=dry_run)
    started = time.monotonic()
    table = iter(rows) if rows is not None else read_table(stream, filename)

    try:
        with transaction.atomic():
            _run_import(table, result, allowed=allowed, default_village=village.pk if village else None)
            if result.rejections or dry_run:
                raise _Rollback
            result.duration = time.monotonic() - started
            result.run = _record(result, by=by, village=village)
    except _Rollback:
        result.duration = time.monotonic() - started
        if not dry_run:
            with transaction.atomic():
                result.run = _record(result, by=by, village=village)
    return result


def _run_import(table: Iterator, result: ImportResult, *, allowed: set[str] | None, default_village: str | None):
    header_line, header = 1, None
    try:
        for line_no, cells in table:
            if any(_text(v) for v in cells):  # skip blank lines above the header
                header_line, header = line_no, cells
                break
    except Exception as exc:  # noqa: BLE001 - an unreadable or corrupt file (CSV encoding, broken XLSX zip)
        result.rejections.append(Rejection(1, "", [_file_problem(exc)]))
        return
    if not header:
        result.rejections.append(Rejection(1, "", [_("Berkas kosong: tidak ada baris judul kolom.")]))
        return
    columns, missing = _columns(header)
    if "KODE_DESA" not in columns and default_village is None:
        missing.append("KODE_DESA")
    if missing:
        result.rejections.append(Rejection(header_line, "", [
            _("Kolom wajib tidak ada: %(columns)s. Baris pertama harus berisi judul kolom.")
            % {"columns": ", ".join(missing)}
        ]))
        return

    checker = _Checker(columns=columns, allowed_villages=allowed, default_village=default_village)
    writer = _Writer(allowed_villages=allowed)
    batch: list[_Row] = []
    line = header_line
    try:
        for line, cells in table:
            if not any(v is not None and _text(v) for v in cells):
                continue  # blank rows between blocks are common in spreadsheets
            result.total_rows += 1
            row, rejection = checker.check(line, cells)
            if rejection is not None:
                result.rejections.append(rejection)
                batch = []  # nothing more will be written: only keep checking, to report every row
            elif not result.rejections:
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    result.rejections.extend(writer.write(batch))
                    batch = []
        if batch and not result.rejections:
            result.rejections.extend(writer.write(batch))
    except (UnicodeDecodeError, csv.Error) as exc:
        result.rejections.append(Rejection(line + 1, "", [_file_problem(exc)]))
    result.rejections.sort(key=lambda r: r.line)
    result.created, result.updated, result.families_created = writer.created, writer.updated, writer.families_created


def _file_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return _("Berkas tidak dapat dibaca sebagai teks UTF-8. Simpan ulang dari Excel sebagai \"CSV UTF-8\".")
    return _("Berkas tidak dapat dibaca: %(error)s") % {"error": str(exc)}


def _record(result: ImportResult, *, by, village: Village | None) -> ImportRun:
    run = ImportRun.objects.create(
        filename=result.filename[:255],
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        village=village,
        status=ImportRun.Status.REJECTED if result.rejections else ImportRun.Status.APPLIED,
        total_rows=result.total_rows,
        created_count=0 if result.rejections else result.created,
        updated_count=0 if result.rejections else result.updated,
        family_count=0 if result.rejections else result.families_created,
        rejected_count=len(result.rejections),
        rejections=[r.as_dict() for r in result.rejections[:MAX_STORED_REJECTIONS]],
        duration_ms=int(result.duration * 1000),
    )
    if result.rejections:
        result.created = result.updated = result.families_created = 0
    audit_record(
        obj=run,
        action="import_applied" if run.status == ImportRun.Status.APPLIED else "import_rejected",
        actor=by,
        to_state=run.status,
        data={
            "filename": run.filename, "village": village.pk if village else None, "rows": run.total_rows,
            "created": run.created_count, "updated": run.updated_count, "families_created": run.family_count,
            "rejected": run.rejected_count,
        },
    )
    return run


def residents_import_path(*, path: str | Path, by=None, village: Village | None = None, dry_run: bool = False):
    path = Path(path)
    with path.open("rb") as stream:
        return residents_import(stream=stream, filename=path.name, by=by, village=village, dry_run=dry_run)


def rejections_csv(rejections: Iterable[dict[str, Any] | Rejection]) -> str:
    """The rejection report as CSV text (line, NIK, reason) for download."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Baris"), "NIK", _("Alasan")])
    for r in rejections:
        item = r.as_dict() if isinstance(r, Rejection) else r
        writer.writerow([item["line"], item["nik"], item["reason"]])
    return out.getvalue()
