"""Checking one row: everything it needs (region and village codes) is loaded once, so no query runs per row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from satupintu.core.formatting import tanggal
from satupintu.wilayah.models import District, Village

from ..models import FamilyRelation, Sex
from ..nik import parse_nik
from .format import (
    EDUCATION_MAP,
    MARITAL_MAP,
    RELATION_MAP,
    RELIGION_MAP,
    SEX_MAP,
    lookup,
    number16,
    parse_date,
    rt_rw,
    text,
    village_code,
)

KEPALA = FamilyRelation.KEPALA.value


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


class Row:
    """A checked row. `values` follow `writer.RESIDENT_VALUE_FIELDS`."""

    __slots__ = ("line", "nik", "kk", "village", "relation", "address", "rt", "rw", "values")

    def __init__(self, line, nik, kk, village, relation, address, rt, rw, values):
        self.line, self.nik, self.kk, self.village, self.relation = line, nik, kk, village, relation
        self.address, self.rt, self.rw, self.values = address, rt, rw, values


class Checker:
    """Checks rows with everything loaded once. Columns with few distinct values (sex, religion, dates, RT, village
    ...) are parsed once per distinct cell text and remembered: at a million rows that halves the checking time."""

    def __init__(self, *, columns: dict[str, int], allowed_villages: set[str] | None, default_village: str | None):
        self.district_codes = frozenset(District.objects.values_list("code", flat=True))
        # The register is the deployment's regency: villages of other regencies (if loaded) are not in it.
        self.village_codes = frozenset(
            Village.objects.filter(district__regency_id=settings.SATUPINTU_REGENCY_CODE).values_list("code", flat=True)
        )
        self.allowed_villages = allowed_villages
        self.default_village = default_village or ""
        self.today = timezone.localdate()
        # Kept as ints: a million 16-digit strings would take twice the memory.
        self.seen_nik: dict[int, int] = {}
        self.kk_village: dict[int, str] = {}
        self.kk_head_line: dict[int, int] = {}
        # A column the file lacks reads cells[-1], the None appended to every row in `check`.
        self._index = {name: columns.get(name, -1) for name in (
            "NIK", "NO_KK", "NAMA_LENGKAP", "JENIS_KELAMIN", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "AGAMA",
            "STATUS_PERKAWINAN", "PEKERJAAN", "PENDIDIKAN", "ALAMAT", "RT", "RW", "KODE_DESA", "HUBUNGAN_KELUARGA",
        )}
        self._width = max(columns.values()) + 1
        # cell value -> (parsed value, error message or None)
        self._memo: dict[str, dict[Any, tuple[Any, str | None]]] = {
            name: {} for name in (
                "JENIS_KELAMIN", "TANGGAL_LAHIR", "AGAMA", "STATUS_PERKAWINAN", "PENDIDIKAN", "HUBUNGAN_KELUARGA",
                "RT", "RW", "KODE_DESA",
            )
        }
        self._parsers = {
            "JENIS_KELAMIN": self._parse_sex,
            "TANGGAL_LAHIR": self._parse_birth_date,
            "AGAMA": lambda cell: self._parse_choice(cell, "AGAMA", RELIGION_MAP, required=True),
            "STATUS_PERKAWINAN": lambda cell: self._parse_choice(cell, "STATUS_PERKAWINAN", MARITAL_MAP, required=True),
            "PENDIDIKAN": lambda cell: self._parse_choice(cell, "PENDIDIKAN", EDUCATION_MAP),
            "HUBUNGAN_KELUARGA": lambda cell: self._parse_choice(cell, "HUBUNGAN_KELUARGA", RELATION_MAP),
            "RT": lambda cell: self._parse_rt_rw(cell, "RT"),
            "RW": lambda cell: self._parse_rt_rw(cell, "RW"),
            "KODE_DESA": self._parse_village,
        }

    def _value(self, name: str, cell: Any, reasons: list[str]) -> Any:
        memo = self._memo[name]
        try:
            value, error = memo[cell]
        except KeyError:
            value, error = memo[cell] = self._parsers[name](cell)
        except TypeError:  # an unhashable cell cannot come from CSV or openpyxl, but never crash on one
            value, error = self._parsers[name](cell)
        if error is not None:
            reasons.append(error)
        return value

    # --- parsers of one cell: (value, error) ---

    @staticmethod
    def _parse_sex(cell: Any):
        raw = text(cell)
        sex = lookup(SEX_MAP, raw)
        if sex is None:
            return None, _("JENIS_KELAMIN \"%(value)s\" tidak dikenal (isi L atau P).") % {"value": raw}
        return sex, None

    def _parse_birth_date(self, cell: Any):
        birth_date = parse_date(cell)
        if birth_date is None:
            return None, _(
                "TANGGAL_LAHIR \"%(value)s\" bukan tanggal yang sah (format dd-mm-yyyy atau yyyy-mm-dd)."
            ) % {"value": text(cell)}
        if birth_date > self.today:
            return None, _("TANGGAL_LAHIR %(value)s belum terjadi.") % {"value": tanggal(birth_date)}
        return birth_date, None

    @staticmethod
    def _parse_choice(cell: Any, column: str, mapping: dict[str, str], *, required: bool = False):
        raw = text(cell)
        if not raw:
            return None, (_("%(column)s kosong.") % {"column": column}) if required else None
        value = lookup(mapping, raw)
        if value is None:
            return None, _("%(column)s \"%(value)s\" tidak dikenal.") % {"column": column, "value": raw}
        return value, None

    @staticmethod
    def _parse_rt_rw(cell: Any, column: str):
        value, ok = rt_rw(cell)
        if not ok:
            return None, _("%(column)s \"%(value)s\" harus berupa angka paling banyak 3 digit.") % {
                "column": column, "value": value,
            }
        return value, None

    def _parse_village(self, cell: Any):
        village = village_code(cell) or self.default_village
        if not village:
            return None, _("KODE_DESA kosong.")
        if village not in self.village_codes:
            return None, _("KODE_DESA %(code)s tidak dikenal di kabupaten ini.") % {"code": village}
        if self.allowed_villages is not None and village not in self.allowed_villages:
            return None, _("Desa %(code)s di luar wewenang Anda untuk impor ini.") % {"code": village}
        return village, None

    # --- one row ---

    def check(self, line: int, cells: list[Any]) -> Row | Rejection:
        if len(cells) < self._width:
            cells = [*cells, *([None] * (self._width - len(cells)))]
        cells.append(None)
        ix = self._index
        value = self._value
        reasons: list[str] = []

        nik, problem = number16(cells[ix["NIK"]], "NIK")
        info = None
        if problem:
            reasons.append(problem)
        else:
            try:
                info = parse_nik(nik, today=self.today, district_codes=self.district_codes)
            except ValidationError as exc:
                reasons.append(_("NIK tidak sah: %(error)s") % {"error": exc.messages[0]})
            else:
                first = self.seen_nik.setdefault(int(nik), line)
                if first != line:
                    reasons.append(_("NIK ganda dalam berkas: sama dengan baris %(line)s.") % {"line": first})

        name = " ".join(text(cells[ix["NAMA_LENGKAP"]]).split())
        if not name:
            reasons.append(_("NAMA_LENGKAP kosong."))
        elif len(name) > 150:
            reasons.append(_("NAMA_LENGKAP lebih dari 150 karakter."))

        sex = value("JENIS_KELAMIN", cells[ix["JENIS_KELAMIN"]], reasons)
        birth_place = text(cells[ix["TEMPAT_LAHIR"]])
        if not birth_place:
            reasons.append(_("TEMPAT_LAHIR kosong."))
        birth_date = value("TANGGAL_LAHIR", cells[ix["TANGGAL_LAHIR"]], reasons)

        if info is not None:
            if sex is not None and info.sex != sex:
                reasons.append(
                    _("NIK tidak cocok dengan JENIS_KELAMIN: NIK ini milik penduduk %(sex)s.")
                    % {"sex": Sex(info.sex).label.lower()}
                )
            if birth_date is not None and (
                birth_date.day != info.birth_date.day or birth_date.month != info.birth_date.month
                or birth_date.year % 100 != info.birth_date.year % 100
            ):
                reasons.append(
                    _("NIK tidak cocok dengan TANGGAL_LAHIR: NIK ini mencatat %(date)s.")
                    % {"date": info.birth_date.strftime("%d-%m-%y")}
                )

        religion = value("AGAMA", cells[ix["AGAMA"]], reasons)
        marital = value("STATUS_PERKAWINAN", cells[ix["STATUS_PERKAWINAN"]], reasons)
        education = value("PENDIDIKAN", cells[ix["PENDIDIKAN"]], reasons)
        relation = value("HUBUNGAN_KELUARGA", cells[ix["HUBUNGAN_KELUARGA"]], reasons)
        rt = value("RT", cells[ix["RT"]], reasons)
        rw = value("RW", cells[ix["RW"]], reasons)
        village = value("KODE_DESA", cells[ix["KODE_DESA"]], reasons)

        kk, problem = number16(cells[ix["NO_KK"]], "NO_KK")
        if problem:
            reasons.append(problem)
        elif kk:
            self._check_kk(kk, village, relation, line, reasons)
        elif relation:
            reasons.append(_("HUBUNGAN_KELUARGA diisi tetapi NO_KK kosong."))

        if reasons:
            return Rejection(line=line, nik=nik, reasons=reasons)
        address = text(cells[ix["ALAMAT"]])[:255]
        relation = relation or ""
        return Row(
            line, nik, kk, village, relation, address, rt, rw,
            (name, sex, birth_place[:100], birth_date, religion, marital, text(cells[ix["PEKERJAAN"]])[:100],
             education or "", address, rt, rw, village, relation),
        )

    def _check_kk(self, kk: str, village: str | None, relation: str | None, line: int, reasons: list[str]) -> None:
        if len(kk) != 16 or not kk.isdigit():
            reasons.append(_("NO_KK harus 16 digit angka."))
            return
        if f"{kk[:2]}.{kk[2:4]}.{kk[4:6]}" not in self.district_codes:
            reasons.append(_("Enam digit pertama NO_KK (%(code)s) bukan kode wilayah yang dikenal.") % {"code": kk[:6]})
            return
        key = int(kk)
        if village is not None:
            kk_village = self.kk_village.setdefault(key, village)
            if kk_village != village:
                reasons.append(
                    _("NO_KK ini sudah dipakai untuk desa %(code)s di baris lain; satu KK hanya di satu desa.")
                    % {"code": kk_village}
                )
        if relation == KEPALA:
            head_line = self.kk_head_line.setdefault(key, line)
            if head_line != line:
                reasons.append(_("KK ini sudah punya kepala keluarga di baris %(line)s.") % {"line": head_line})
