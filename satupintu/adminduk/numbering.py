"""Numbers Disdukcapil gives out at registration: certificate numbers and the newborn's NIK.

Both come from a counter row read under SELECT ... FOR UPDATE inside the registration's transaction: two registrars
registering at the same moment wait for each other on that row, never take the same number, and a registration that
fails rolls its number back with it (no gaps, no duplicates).

Certificate numbers follow `ADMINDUK_NUMBER_FORMAT` (default "{regency}-{code}-{date:%d%m%Y}-{serial:04d}", giving
`1218-LU-27112026-0001`) with the codes of `ADMINDUK_NUMBER_CODES`: LU (lahir umum) for a birth reported within
`ADMINDUK_BIRTH_REPORT_DAYS` (60, UU 24/2013 Pasal 27) days, LT (lahir terlambat) after, KM for a death. The serial
runs per number without its serial: in the default pattern, per code and day.

A NIK is `PPKKCC DDMMYY SSSS` (penduduk/nik.py): the district of the family's address, the birth date (day + 40 for a
girl) and the next serial for that district and date. The counter skips serials whose NIK is already in the register
(NIKs imported from the national registry were not drawn here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from satupintu.penduduk.models import Resident
from satupintu.penduduk.nik import build_nik

from .models import NikCounter, NumberCounter

DEFAULT_FORMAT = "{regency}-{code}-{date:%d%m%Y}-{serial:04d}"
DEFAULT_CODES = {"birth": "LU", "birth_late": "LT", "death": "KM", "death_late": "KM"}
SERIAL_MARK = "#"


def birth_report_days() -> int:
    return int(getattr(settings, "ADMINDUK_BIRTH_REPORT_DAYS", 60))


def death_report_days() -> int:
    return int(getattr(settings, "ADMINDUK_DEATH_REPORT_DAYS", 30))


def is_late(event_date: dt.date, registered_on: dt.date, *, days: int) -> bool:
    """Registered more than `days` days after the event (the 60th day itself is still on time)."""
    return (registered_on - event_date).days > days


@dataclass(frozen=True)
class _Serial:
    """Stands for the serial while the key is built: any format spec gives the same mark."""

    def __format__(self, spec: str) -> str:
        return SERIAL_MARK


def _render(pattern: str, *, code: str, on: dt.date, serial) -> str:
    regency = str(settings.SATUPINTU_REGENCY_CODE).replace(".", "")
    try:
        return pattern.format(regency=regency, code=code, date=on, serial=serial)
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(f"ADMINDUK_NUMBER_FORMAT {pattern!r}: {exc}") from exc


def _locked_counter(model, **lookup):
    """The counter row under FOR UPDATE, created at 0 if it is new (two first registrations of a key race on the
    unique index: the loser waits for the winner's commit and reads its row)."""
    qs = model.objects.select_for_update()
    try:
        return qs.get(**lookup)
    except model.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            model.objects.create(**lookup)
    except IntegrityError:
        pass
    return qs.get(**lookup)


def certificate_number(kind: str, *, late: bool, on: dt.date) -> str:
    """The next certificate number for `kind` ("birth" or "death") registered `on` a day; late: the late code."""
    codes = {**DEFAULT_CODES, **getattr(settings, "ADMINDUK_NUMBER_CODES", {})}
    code = codes[f"{kind}_late" if late else kind]
    pattern = getattr(settings, "ADMINDUK_NUMBER_FORMAT", DEFAULT_FORMAT)
    if "{serial" not in pattern:
        raise ImproperlyConfigured("ADMINDUK_NUMBER_FORMAT must contain {serial}")
    key = _render(pattern, code=code, on=on, serial=_Serial())
    counter = _locked_counter(NumberCounter, key=key[:80])
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return _render(pattern, code=code, on=on, serial=counter.last_serial)


def next_nik(*, district_code: str, birth_date: dt.date, sex: str) -> str:
    """The next free NIK for a baby of `sex` born on `birth_date` whose family lives in `district_code` ("12.18.01")."""
    counter = _locked_counter(NikCounter, district=district_code, birth_date=birth_date)
    serial = counter.last_serial
    # Serials already used in the register for this district and date (both sexes share the serial space).
    taken = set()
    prefix_l = build_nik(region_code=district_code, birth_date=birth_date, sex="L", serial=1)[:12]
    prefix_p = build_nik(region_code=district_code, birth_date=birth_date, sex="P", serial=1)[:12]
    # A range, not LIKE 'prefix%': the unique index on nik serves it under any collation.
    for prefix in (prefix_l, prefix_p):
        for nik in Resident.objects.filter(nik__gte=prefix + "0000", nik__lte=prefix + "9999").values_list("nik", flat=True):
            taken.add(int(nik[12:]))
    while True:
        serial += 1
        if serial > 9999:
            raise ValidationError(_("Nomor urut NIK untuk kecamatan dan tanggal lahir ini sudah habis (9999)."))
        if serial not in taken:
            break
    counter.last_serial = serial
    counter.save(update_fields=["last_serial"])
    return build_nik(region_code=district_code, birth_date=birth_date, sex=sex, serial=serial)
