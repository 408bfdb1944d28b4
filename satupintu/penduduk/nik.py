"""NIK (Nomor Induk Kependudukan): the one place that validates and parses it.

Structure ``PPKKCC DDMMYY SSSS`` (Permendagri on the NIK; no check digit):

* ``PPKKCC`` — province, regency/city and district where the number was first issued. It must be a district code in
  the ``wilayah.District`` table, *including* inactive (historical) codes: a NIK never changes, so a person registered
  in the old Papua (91.xx) districts keeps that code after the 2022 split into Papua Selatan/Tengah/Pegunungan.
* ``DDMMYY`` — birth date; women have 40 added to the day (a woman born on the 5th has ``45``).
* ``SSSS`` — serial from 0001.

The century is not written. Of the two candidates (19YY and 20YY) we take the most recent birth date that is not in
the future; that always puts the person under 100, which satisfies "in the past and under 125" for anyone alive.

Built on the structure checks of ``lokal.nik`` (lokal-id), but with the region checked against our own table (which
holds the historical codes) and the century chosen by the full date, not only the year: lokal-id puts a NIK with
``YY`` equal to this year in this century even when the month is still ahead. python-stdnum's module is not used: its
region list predates the 2022 splits and it guesses the century from the year alone.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Separators people type or that spreadsheets add: spaces (also non-breaking), dots, hyphens.
_SEPARATORS = re.compile(r"[\s.\-\u00a0]")
_DIGITS = re.compile(r"[0-9]+")

MESSAGES = {
    "nik_empty": _("NIK wajib diisi."),
    "nik_digits": _("NIK hanya boleh berisi angka (16 digit)."),
    "nik_length": _("NIK harus 16 digit; yang diisi %(count)s digit."),
    "nik_region": _(
        "Enam digit pertama NIK (%(digits)s) bukan kode kecamatan yang dikenal. Periksa kembali NIK pada KTP atau KK."
    ),
    "nik_birth_date": _("Digit ke-7 sampai ke-12 NIK (%(digits)s) bukan tanggal lahir yang sah."),
    "nik_serial": _("Empat digit terakhir NIK tidak boleh 0000."),
}


@dataclass(frozen=True, slots=True)
class NikInfo:
    nik: str  # the 16 digits
    region_code: str  # district, dotted: "12.18.01"
    province_code: str  # "12"
    regency_code: str  # "12.18"
    birth_date: date
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: str  # "0001"


def _error(kind: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[kind], code=kind, params=params or None)


def normalize_nik(value: object) -> str:
    """The input without spaces, dots and hyphens (no other check)."""
    return _SEPARATORS.sub("", str(value or ""))


def _birth_date(day: int, month: int, yy: int, today: date) -> date | None:
    """The most recent real date with this day, month and two-digit year that is not after `today`."""
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            # 29 February: 2000 is a leap year, 1900 is not; any other yy gives the same answer in both centuries.
            continue
        if candidate <= today:
            return candidate
    return None


def _district_exists(code: str, district_codes: Container[str] | None) -> bool:
    if district_codes is not None:
        return code in district_codes
    from satupintu.wilayah.models import District

    # Inactive (historical) districts count: a NIK keeps the code it was issued under.
    return District.objects.filter(code=code).exists()


def parse_nik(value: object, *, today: date | None = None, district_codes: Container[str] | None = None) -> NikInfo:
    """Validate a NIK and return what it encodes; raise ValidationError (Indonesian message, `code=nik_*`) if bad.

    `district_codes`: for bulk imports, a set of every District code (active or not) to check against instead of one
    query per NIK. `today`: the reference date for the century (default: today in Asia/Jakarta).
    """
    nik = normalize_nik(value)
    if not nik:
        raise _error("nik_empty")
    if not _DIGITS.fullmatch(nik):
        raise _error("nik_digits")
    if len(nik) != 16:
        raise _error("nik_length", count=len(nik))

    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    region_code = f"{province}.{regency}.{district}"
    if not _district_exists(region_code, district_codes):
        raise _error("nik_region", digits=nik[:6])

    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    if sex == "P":
        day -= 40
    today = today or timezone.localdate()
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise _error("nik_birth_date", digits=nik[6:12])
    birth = _birth_date(day, month, yy, today)
    if birth is None:
        # Either no such day (31 April, 29 February of a common year) or, for a date that exists, none in the past:
        # impossible with two centuries to choose from, so this is a non-existent date.
        raise _error("nik_birth_date", digits=nik[6:12])

    serial = nik[12:]
    if serial == "0000":
        raise _error("nik_serial")
    return NikInfo(
        nik=nik,
        region_code=region_code,
        province_code=province,
        regency_code=f"{province}.{regency}",
        birth_date=birth,
        sex=sex,
        serial=serial,
    )


def validate_nik(value: object) -> None:
    """Django field validator: ``models.CharField(validators=[validate_nik])`` or a form field's validators."""
    parse_nik(value)


def is_valid_nik(value: object, *, today: date | None = None) -> bool:
    try:
        parse_nik(value, today=today)
    except ValidationError:
        return False
    return True


def build_nik(*, region_code: str, birth_date: date, sex: str, serial: int) -> str:
    """The NIK that encodes these facts (for demo data and tests; real NIKs are issued by Dukcapil)."""
    if sex not in ("L", "P"):
        raise ValueError("sex must be 'L' or 'P'")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be between 1 and 9999")
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{region_code.replace('.', '')}{day:02d}{birth_date:%m%y}{serial:04d}"


class NikField(forms.CharField):
    """Form field for a NIK: accepts "1218 0115 0895 0001" or "12.18.01...", cleans to the 16 digits, validates.

    Use it instead of a CharField with `validate_nik`, which would validate but keep the spaces in the stored value."""

    default_validators = [validate_nik]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("NIK"))
        kwargs.setdefault("max_length", 32)  # room for separators; the cleaned value is 16 digits
        kwargs.setdefault("help_text", _("16 digit angka seperti di KTP atau Kartu Keluarga."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"})

    def to_python(self, value):
        return normalize_nik(super().to_python(value))
