"""Checking one row: everything it needs (region and village codes) is loaded once, so no query runs per row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

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
    def __init__(self, *, columns: dict[str, int], allowed_villages: set[str] | None, default_village: str | None):
        self.columns = columns
        self.district_codes = frozenset(District.objects.values_list("code", flat=True))
        self.village_codes = frozenset(Village.objects.values_list("code", flat=True))
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

    def check(self, line: int, cells: list[Any]) -> Row | Rejection:
        if len(cells) < self._width:
            cells = [*cells, *([None] * (self._width - len(cells)))]
        cells.append(None)
        ix = self._index
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

        sex_raw = text(cells[ix["JENIS_KELAMIN"]])
        sex = lookup(SEX_MAP, sex_raw)
        if sex is None:
            reasons.append(_("JENIS_KELAMIN \"%(value)s\" tidak dikenal (isi L atau P).") % {"value": sex_raw})

        birth_place = text(cells[ix["TEMPAT_LAHIR"]])
        if not birth_place:
            reasons.append(_("TEMPAT_LAHIR kosong."))

        birth_raw = cells[ix["TANGGAL_LAHIR"]]
        birth_date = parse_date(birth_raw)
        if birth_date is None:
            reasons.append(
                _("TANGGAL_LAHIR \"%(value)s\" bukan tanggal yang sah (format dd-mm-yyyy atau yyyy-mm-dd).")
                % {"value": text(birth_raw)}
            )
        elif birth_date > self.today:
            reasons.append(_("TANGGAL_LAHIR %(value)s belum terjadi.") % {"value": birth_date.strftime("%d-%m-%Y")})

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

        religion = self._choice(cells[ix["AGAMA"]], "AGAMA", RELIGION_MAP, reasons, required=True)
        marital = self._choice(cells[ix["STATUS_PERKAWINAN"]], "STATUS_PERKAWINAN", MARITAL_MAP, reasons, required=True)
        education = self._choice(cells[ix["PENDIDIKAN"]], "PENDIDIKAN", EDUCATION_MAP, reasons)
        relation = self._choice(cells[ix["HUBUNGAN_KELUARGA"]], "HUBUNGAN_KELUARGA", RELATION_MAP, reasons)

        rt, rt_ok = rt_rw(cells[ix["RT"]])
        rw, rw_ok = rt_rw(cells[ix["RW"]])
        if not rt_ok:
            reasons.append(_("RT \"%(value)s\" harus berupa angka paling banyak 3 digit.") % {"value": rt})
        if not rw_ok:
            reasons.append(_("RW \"%(value)s\" harus berupa angka paling banyak 3 digit.") % {"value": rw})

        village = village_code(cells[ix["KODE_DESA"]]) or self.default_village
        if not village:
            reasons.append(_("KODE_DESA kosong."))
        elif village not in self.village_codes:
            reasons.append(_("KODE_DESA %(code)s tidak dikenal.") % {"code": village})
        elif self.allowed_villages is not None and village not in self.allowed_villages:
            reasons.append(_("Desa %(code)s di luar wewenang Anda untuk impor ini.") % {"code": village})

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
        return Row(
            line, nik, kk, village, relation or "", address, rt, rw,
            (name, sex, birth_place[:100], birth_date, religion, marital, text(cells[ix["PEKERJAAN"]])[:100],
             education or "", address, rt, rw, village, relation or ""),
        )

    def _check_kk(self, kk: str, village: str, relation: str | None, line: int, reasons: list[str]) -> None:
        if len(kk) != 16 or not kk.isdigit():
            reasons.append(_("NO_KK harus 16 digit angka."))
            return
        if f"{kk[:2]}.{kk[2:4]}.{kk[4:6]}" not in self.district_codes:
            reasons.append(_("Enam digit pertama NO_KK (%(code)s) bukan kode wilayah yang dikenal.") % {"code": kk[:6]})
            return
        key = int(kk)
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

    @staticmethod
    def _choice(cell: Any, column: str, mapping: dict[str, str], reasons: list[str], *, required: bool = False):
        raw = text(cell)
        if not raw:
            if required:
                reasons.append(_("%(column)s kosong.") % {"column": column})
            return None
        value = lookup(mapping, raw)
        if value is None:
            reasons.append(_("%(column)s \"%(value)s\" tidak dikenal.") % {"column": column, "value": raw})
        return value

