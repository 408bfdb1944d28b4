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

import csv
import io
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from satupintu.core.audit import audit_record
from satupintu.core.exports import csv_writer
from satupintu.wilayah.models import Village

from ..models import ImportRun
from ..permissions import import_villages_for
from .format import COLUMNS, REQUIRED, header_key, read_table, text
from .rows import Checker, Rejection, Row
from .writer import Writer

__all__ = [
    "COLUMNS", "REQUIRED", "ImportResult", "Rejection", "rejections_csv", "residents_import",
    "residents_import_path",
]

BATCH_SIZE = 2000
# Rejections kept on the ImportRun (the management command and the result object always have them all).
MAX_STORED_REJECTIONS = int(getattr(settings, "PENDUDUK_IMPORT_MAX_STORED_REJECTIONS", 20_000))
SQLITE_IMPORT_CACHE_KIB = int(getattr(settings, "PENDUDUK_IMPORT_SQLITE_CACHE_KIB", 128 * 1024))


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


def residents_import(
    *, stream: BinaryIO, filename: str, by=None, village: Village | None = None, dry_run: bool = False
) -> ImportResult:
    """Import a register file (see the package docs for the format and rules). Returns the result with every
    rejection; records an ImportRun and one audit event with the counts (not one per row). Raises ValidationError
    for a file type other than CSV/XLSX and PermissionDenied for a user who may not import (into `village`)."""
    allowed = import_villages_for(by, village)
    result = ImportResult(filename=filename, dry_run=dry_run)
    started = time.monotonic()
    table = read_table(stream, filename)
    try:
        with _bulk_friendly_connection(), transaction.atomic():
            _run(table, result, allowed=allowed, default_village=village.pk if village else None)
            if result.rejections or dry_run:
                raise _Rollback
            result.duration = time.monotonic() - started
            result.run = _record(result, by=by, village=village)
    except (_Rollback, IntegrityError) as exc:
        if isinstance(exc, IntegrityError):
            # Another import wrote the same KK number or NIK after this one read them (two uploads at once).
            result.rejections.append(Rejection(0, "", [
                _("Data berubah oleh impor lain yang berjalan bersamaan; tidak ada yang disimpan. Unggah ulang berkas.")
            ]))
        result.duration = time.monotonic() - started
        if not dry_run:
            with transaction.atomic():
                result.run = _record(result, by=by, village=village)
    return result


@contextmanager
def _bulk_friendly_connection():
    """SQLite settings for the duration of an import (PostgreSQL needs none):

    - a larger page cache: a regency's NIK index (a million rows, ~40 MB) does not fit in the default 2 MB, and every
      random insert would re-read index pages. Memory is taken only as used.
    - foreign-key checks off, as `loaddata` does (only when not already inside a transaction, where SQLite cannot
      change it): each resident row would otherwise look up its village and family, a third of the insert time.
      Nothing unchecked gets in: village codes are checked against the village table and family ids are the ones
      this import just read or created, in the same transaction."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-int(SQLITE_IMPORT_CACHE_KIB)}")
    try:
        with connection.constraint_checks_disabled():
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def residents_import_path(*, path: str | Path, by=None, village: Village | None = None, dry_run: bool = False):
    path = Path(path)
    with path.open("rb") as stream:
        return residents_import(stream=stream, filename=path.name, by=by, village=village, dry_run=dry_run)


def _columns(header: list[Any]) -> tuple[dict[str, int], list[str]]:
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        key = header_key(value)
        if key in COLUMNS and key not in columns:
            columns[key] = index
    return columns, [c for c in REQUIRED if c not in columns]


def _run(table: Iterator, result: ImportResult, *, allowed: set[str] | None, default_village: str | None) -> None:
    header_line, header = 1, None
    try:
        for line_no, cells in table:
            if any(text(v) for v in cells):  # skip blank lines above the header
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

    checker = Checker(columns=columns, allowed_villages=allowed, default_village=default_village)
    writer = Writer(allowed_villages=allowed)
    rejections = result.rejections
    batch: list[Row] = []
    line = header_line
    total = 0
    try:
        for line, cells in table:
            if not any(cells):
                continue  # blank rows between blocks are common in spreadsheets
            total += 1
            row = checker.check(line, cells)
            if row.__class__ is Rejection:
                rejections.append(row)
                batch = []  # nothing more will be written: only keep checking, to report every row
            elif not rejections:
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    rejections.extend(writer.write(batch))
                    batch = []
        if batch and not rejections:
            rejections.extend(writer.write(batch))
        if not rejections:
            writer.finish()
    except (UnicodeDecodeError, csv.Error) as exc:
        rejections.append(Rejection(line + 1, "", [_file_problem(exc)]))
    rejections.sort(key=lambda r: r.line)
    result.total_rows = total
    result.created, result.updated, result.families_created = writer.created, writer.updated, writer.families_created


def _file_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return _("Berkas tidak dapat dibaca sebagai teks UTF-8. Simpan ulang dari Excel sebagai \"CSV UTF-8\".")
    return _("Berkas tidak dapat dibaca (rusak atau bukan CSV/XLSX): %(error)s") % {"error": str(exc)}


def _record(result: ImportResult, *, by, village: Village | None) -> ImportRun:
    if result.rejections:
        result.created = result.updated = result.families_created = 0
    run = ImportRun.objects.create(
        filename=result.filename[:255],
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        village=village,
        status=ImportRun.Status.REJECTED if result.rejections else ImportRun.Status.APPLIED,
        total_rows=result.total_rows,
        created_count=result.created,
        updated_count=result.updated,
        family_count=result.families_created,
        rejected_count=len(result.rejections),
        rejections=[r.as_dict() for r in result.rejections[:MAX_STORED_REJECTIONS]],
        duration_ms=int(result.duration * 1000),
    )
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


def rejections_csv(rejections: Iterable[dict[str, Any] | Rejection]) -> str:
    """The rejection report as CSV text (line, NIK, reason) for download."""
    out = io.StringIO()
    writer = csv_writer(out)  # the NIK cell is whatever the uploaded file held: never a formula
    writer.writerow([_("Baris"), "NIK", _("Alasan")])
    for r in rejections:
        item = r.as_dict() if isinstance(r, Rejection) else r
        writer.writerow([item["line"], item["nik"], item["reason"]])
    return out.getvalue()
