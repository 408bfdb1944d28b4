"""Imports of a programme's recipient list and of the national poverty data (DTKS/DTSEN), CSV or XLSX.

Like the register import (penduduk.imports) and the DPA import (keuangan.budget): every row is checked and reported
with its line number; the file is applied whole or not at all (one transaction, rolled back when any row is
rejected, or on a dry run). Rows that the register contradicts — a deceased or moved recipient, a number the
register does not know, a family recorded twice or receiving programmes that exclude each other — are stored and
FLAGGED in the row report: the list comes from the programme's owner and is corrected there, so the village keeps it
as received and sees what to report back.

Recipient list columns (first row: headers; case, spaces and hyphens do not matter):
  NIK                  the recipient's NIK (programmes for persons; for households, a member's NIK may stand in)
  NO_KK                the family card number (programmes for families; a NIK alone finds the family too)
  NO_RUMAH_TANGGA      the household's number in the village (programmes for households)
  NAMA                 the name on the list (required)
  NILAI                amount in rupiah (optional), KETERANGAN a note (optional)

Poverty data columns: NO_KK (required), NIK_KEPALA, NAMA_KEPALA (required), DESIL (1-10, optional).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record
from satupintu.penduduk.imports.format import header_key, number16, read_table, text

from .checks import Resolver, double_flag, exclusive_holdings
from .models import ImportRun, PovertyEntry, PovertySource, Programme, Recipient, TargetKind
from .permissions import can_manage_village_aid

MAX_ROWS = 20_000
HEADER_ALIASES = {
    "NOMOR_KK": "NO_KK",
    "NKK": "NO_KK",
    "KK": "NO_KK",
    "NAMA_LENGKAP": "NAMA",
    "NAMA_PENERIMA": "NAMA",
    "NOMOR_RUMAH_TANGGA": "NO_RUMAH_TANGGA",
    "NO_RT_TANGGA": "NO_RUMAH_TANGGA",
    "RUMAH_TANGGA": "NO_RUMAH_TANGGA",
    "NIK_KRT": "NIK_KEPALA",
    "NIK_KEPALA_KELUARGA": "NIK_KEPALA",
    "NAMA_KRT": "NAMA_KEPALA",
    "NAMA_KEPALA_KELUARGA": "NAMA_KEPALA",
    "DESIL_KESEJAHTERAAN": "DESIL",
    "NOMINAL": "NILAI",
}


class _Rollback(Exception):
    pass


@dataclass
class RowReport:
    line: int
    name: str
    status: str  # "ok", "flagged", "rejected"
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"line": self.line, "name": self.name, "status": self.status, "reasons": self.reasons}


def _rows(
    stream: BinaryIO, filename: str, required: tuple[str, ...]
) -> tuple[list[tuple[int, dict[str, Any]]], int]:
    table = read_table(stream, filename)
    try:
        _line, header = next(table)
    except StopIteration:
        raise ValidationError(_("Berkas kosong."), code="empty") from None
    except UnicodeDecodeError:
        raise ValidationError(_("Berkas CSV harus berkode UTF-8."), code="encoding") from None
    keys = [HEADER_ALIASES.get(header_key(h), header_key(h)) for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise ValidationError(
            _("Kolom wajib tidak ada: %(columns)s.") % {"columns": ", ".join(missing)}, code="columns"
        )
    rows = []
    for line, cells in table:
        if not any(text(c) for c in cells):
            continue
        rows.append((line, dict(zip(keys, cells, strict=False))))
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("Berkas berisi lebih dari %(max)s baris.") % {"max": MAX_ROWS}, code="too_big"
            )
    if not rows:
        raise ValidationError(_("Berkas tidak berisi baris data."), code="empty")
    return rows, len(rows)


def _number(row: dict, column: str, label: str, errors: list[str]) -> str:
    raw = row.get(column)
    if raw is None or text(raw) == "":
        return ""
    value, problem = number16(raw, label)
    if problem:
        errors.append(problem)
    elif not (len(value) == 16 and value.isdigit()):
        errors.append(_("%(label)s harus 16 digit angka.") % {"label": label})
    return value


def _finish(run: ImportRun, reports: list[RowReport], *, by, action: str, data: dict) -> ImportRun:
    run.total_rows = len(reports)
    run.rejected_count = sum(r.status == "rejected" for r in reports)
    run.flagged_count = sum(r.status == "flagged" for r in reports)
    run.report = [r.as_dict() for r in reports]
    run.status = ImportRun.Status.REJECTED if run.rejected_count else ImportRun.Status.APPLIED
    if run.status == ImportRun.Status.REJECTED:
        run.stored_count = 0
    run.save()
    audit_record(
        obj=run,
        action=action,
        actor=by,
        to_state=run.status,
        data={
            **data,
            "rows": run.total_rows,
            "stored": run.stored_count,
            "rejected": run.rejected_count,
            "flagged": run.flagged_count,
        },
    )
    return run


def recipients_import(
    *, stream: BinaryIO, filename: str, programme: Programme, village, by, dry_run: bool = False
) -> ImportRun:
    """Import a recipient list of `programme` for `village`. Returns the saved run with its row report (a dry run
    is not saved: its run has no primary key)."""
    require(can_manage_village_aid(by, village))
    if programme.village_id not in (None, village.pk):
        raise ValidationError(_("Program ini milik desa lain."), code="programme_village")
    key_column = {
        TargetKind.RESIDENT: "NIK",
        TargetKind.FAMILY: "NO_KK",
        TargetKind.HOUSEHOLD: "NO_RUMAH_TANGGA",
    }[programme.target]
    rows, _count = _rows(stream, filename, ("NAMA",))
    # First pass: read every row, collect the numbers to look up.
    parsed = []
    niks, kks, numbers = set(), set(), set()
    for line, row in rows:
        errors: list[str] = []
        name = text(row.get("NAMA"))[:150]
        nik = _number(row, "NIK", _("NIK"), errors)
        kk = _number(row, "NO_KK", _("Nomor KK"), errors)
        hh = text(row.get("NO_RUMAH_TANGGA"))
        amount = None
        raw_amount = text(row.get("NILAI")).replace(".", "").replace(",", "").replace("Rp", "").strip()
        if raw_amount:
            if raw_amount.isdigit():
                amount = int(raw_amount)
            else:
                errors.append(_("NILAI harus angka rupiah, contoh 300000."))
        if not name:
            errors.append(_("NAMA wajib diisi."))
        has_key = {"NIK": nik, "NO_KK": kk or nik, "NO_RUMAH_TANGGA": hh or nik}[key_column]
        if not has_key and not errors:
            errors.append(_("Kolom %(column)s wajib diisi untuk program ini.") % {"column": key_column})
        niks.add(nik)
        kks.add(kk)
        numbers.add(hh)
        parsed.append((line, name, nik, kk, hh, amount, text(row.get("KETERANGAN"))[:255], errors))
    resolver = Resolver(village)
    resolver.load(niks=niks - {""}, kks=kks - {""}, household_numbers=numbers - {""})
    holdings = exclusive_holdings(village, programme)
    reports: list[RowReport] = []
    to_store: dict[str, dict] = {}
    seen_line: dict[str, int] = {}
    family_line: dict[int, int] = {}
    for line, name, nik, kk, hh, amount, note, errors in parsed:
        if errors:
            reports.append(RowReport(line, name, "rejected", errors))
            continue
        target = programme.target
        key = {TargetKind.RESIDENT: nik, TargetKind.FAMILY: kk, TargetKind.HOUSEHOLD: hh}[target]
        flags: list[str] = []
        if not key:  # a family or household found through a member's NIK
            person = resolver.residents.get(nik)
            if target == TargetKind.FAMILY and person is not None and person.family_id:
                key = person.family.kk_number
                resolver.families.setdefault(key, person.family)
            elif target == TargetKind.HOUSEHOLD and person is not None and person.household_id:
                household = resolver.households_by_pk[person.household_id]
                key = household.number
                resolver.households.setdefault(key, household)
            else:
                reports.append(
                    RowReport(
                        line,
                        name,
                        "rejected",
                        [
                            _("NIK %(nik)s tidak menunjuk ke %(what)s yang terdaftar; isi kolom %(column)s.")
                            % {"nik": nik, "what": TargetKind(target).label.lower(), "column": key_column}
                        ],
                    )
                )
                continue
        if key in seen_line:
            flags.append(
                _("Ganda dalam berkas: sama dengan baris %(line)s (disimpan sekali).")
                % {"line": seen_line[key]}
            )
        else:
            seen_line[key] = line
        found = resolver.resolve(target, key)
        flags += found.flags
        family_id = found.family_id
        if family_id and key not in to_store and target != TargetKind.RESIDENT:
            if family_id in family_line:
                flags.append(
                    _("Ganda: keluarga yang sama sudah ada di baris %(line)s.")
                    % {"line": family_line[family_id]}
                )
            else:
                family_line[family_id] = line
        if family_id and holdings.get(family_id):
            flags.append(double_flag(holdings[family_id]))
        reports.append(RowReport(line, name, "flagged" if flags else "ok", flags))
        to_store.setdefault(
            key,
            {
                "name": name,
                "amount": amount,
                "note": note,
                "target": target,
                "resident": found.resident,
                "family": found.family,
                "household": found.household,
            },
        )
    run = ImportRun(
        kind=ImportRun.Kind.RECIPIENTS,
        programme=programme,
        village=village,
        filename=filename[:255],
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    rejected = any(r.status == "rejected" for r in reports)
    if not rejected:
        try:
            with transaction.atomic():
                existing = {
                    r.key: r
                    for r in Recipient.objects.filter(
                        programme=programme, target=programme.target, key__in=list(to_store)
                    )
                }
                foreign = [k for k, r in existing.items() if r.village_id != village.pk]
                if foreign:
                    raise ValidationError(
                        _("Nomor berikut sudah tercatat sebagai penerima program ini di desa lain: %(keys)s.")
                        % {"keys": ", ".join(foreign[:20])},
                        code="foreign",
                    )
                new = []
                for key, values in to_store.items():
                    if key in existing:
                        r = existing[key]
                        for name, value in values.items():
                            setattr(r, name, value)
                        r.save()
                    else:
                        new.append(
                            Recipient(
                                programme=programme,
                                village=village,
                                key=key,
                                added_by=run.uploaded_by,
                                **values,
                            )
                        )
                Recipient.objects.bulk_create(new)
                run.stored_count = len(to_store)
                if dry_run:
                    raise _Rollback
        except _Rollback:
            pass
    if dry_run:
        run.total_rows = len(reports)
        run.rejected_count = sum(r.status == "rejected" for r in reports)
        run.flagged_count = sum(r.status == "flagged" for r in reports)
        run.report = [r.as_dict() for r in reports]
        run.status = ImportRun.Status.REJECTED if run.rejected_count else ImportRun.Status.APPLIED
        return run
    return _finish(
        run,
        reports,
        by=by,
        action="bansos.recipients_imported",
        data={"programme": programme.pk, "village": village.pk},
    )


def poverty_import(
    *, stream: BinaryIO, filename: str, village, by, source: str, data_date: dt.date, dry_run: bool = False
) -> ImportRun:
    """Replace `village`'s slice of the national poverty data with the file's. Families are matched to the register
    by KK number; a KK the register does not know, or whose head has died or moved, is flagged."""
    require(can_manage_village_aid(by, village))
    if source not in PovertySource.values:
        raise ValidationError(_("Sumber data tidak dikenal."), code="source")
    rows, _count = _rows(stream, filename, ("NO_KK", "NAMA_KEPALA"))
    parsed = []
    kks = set()
    for line, row in rows:
        errors: list[str] = []
        kk = _number(row, "NO_KK", _("Nomor KK"), errors)
        nik = _number(row, "NIK_KEPALA", _("NIK kepala keluarga"), errors)
        name = text(row.get("NAMA_KEPALA"))[:150]
        if not kk and not errors:
            errors.append(_("NO_KK wajib diisi."))
        if not name:
            errors.append(_("NAMA_KEPALA wajib diisi."))
        decile = None
        raw = text(row.get("DESIL"))
        if raw:
            if raw.isdigit() and 1 <= int(raw) <= 10:
                decile = int(raw)
            else:
                errors.append(_("DESIL harus angka 1 sampai 10."))
        kks.add(kk)
        parsed.append((line, kk, nik, name, decile, errors))
    resolver = Resolver(village)
    resolver.load(kks=kks - {""})
    reports: list[RowReport] = []
    entries: dict[str, PovertyEntry] = {}
    first_line: dict[str, int] = {}
    for line, kk, nik, name, decile, errors in parsed:
        if errors:
            reports.append(RowReport(line, name, "rejected", errors))
            continue
        flags = []
        if kk in first_line:
            flags.append(
                _("Ganda dalam berkas: sama dengan baris %(line)s (disimpan sekali).")
                % {"line": first_line[kk]}
            )
        else:
            first_line[kk] = line
        found = resolver.resolve(TargetKind.FAMILY, kk)
        flags += found.flags
        reports.append(RowReport(line, name, "flagged" if flags else "ok", flags))
        entries.setdefault(
            kk,
            PovertyEntry(
                village=village,
                source=source,
                kk_number=kk,
                head_nik=nik,
                head_name=name,
                decile=decile,
                family=found.family
                if found.family is not None and found.family.village_id == village.pk
                else None,
                data_date=data_date,
            ),
        )
    run = ImportRun(
        kind=ImportRun.Kind.POVERTY,
        village=village,
        filename=filename[:255],
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if not any(r.status == "rejected" for r in reports) and not dry_run:
        with transaction.atomic():
            PovertyEntry.objects.filter(village=village).delete()
            PovertyEntry.objects.bulk_create(entries.values())
            run.stored_count = len(entries)
            return _finish(
                run,
                reports,
                by=by,
                action="bansos.poverty_imported",
                data={"village": village.pk, "source": source},
            )
    if dry_run:
        run.total_rows = len(reports)
        run.rejected_count = sum(r.status == "rejected" for r in reports)
        run.flagged_count = sum(r.status == "flagged" for r in reports)
        run.report = [r.as_dict() for r in reports]
        run.status = ImportRun.Status.REJECTED if run.rejected_count else ImportRun.Status.APPLIED
        return run
    return _finish(
        run, reports, by=by, action="bansos.poverty_imported", data={"village": village.pk, "source": source}
    )
