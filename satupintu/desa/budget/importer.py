"""Reading an APBDes spreadsheet (CSV or XLSX) and checking that it adds up before anything is stored.

Columns: kode, uraian, anggaran, realisasi (found by their header, in any order; title rows above the header are
skipped). Group rows carry their stated totals; every stated total must equal the sum of the group's children, for
both the budget and the realisation. One mistake rejects the whole file: a half-imported budget would publish
wrong totals."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lokal import format_rupiah

from .structure import CODE_RE, SECOND_LEVEL, TOP_LEVEL, Row, parent_code

MAX_ROWS = 5000
HEADERS = {
    "kode": {"kode", "kode rekening", "kode rek", "kode rek."},
    "uraian": {"uraian", "nama", "keterangan"},
    "anggaran": {"anggaran", "anggaran (rp)", "pagu", "jumlah anggaran"},
    "realisasi": {"realisasi", "realisasi (rp)", "jumlah realisasi"},
}


class BudgetFileError(Exception):
    """The file is rejected; `errors` lists every problem found, each naming its line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(errors[0] if errors else "")


def rupiah(value: Decimal) -> str:
    return format_rupiah(value, decimals=value != value.to_integral_value())


def parse_amount(raw) -> Decimal | None:
    """Amounts as written in Indonesian spreadsheets: `Rp 1.250.000`, `1.250.000,50`, `1250000`, or a number cell."""
    if raw is None:
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw)).quantize(Decimal("0.01"))
    text = str(raw).strip()
    if not text or text in {"-", "–"}:
        return None
    text = re.sub(r"(?i)^rp\.?\s*", "", text).replace(" ", "")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", text) or re.fullmatch(r"\d+,\d{1,2}", text):
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", text):
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text)
    if not value.is_finite():
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def _read_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise BudgetFileError([_("Berkas XLSX tidak dapat dibaca. Simpan ulang dari aplikasi lembar kerja.")])
        ws = wb.worksheets[0]
        rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
        wb.close()
        return rows
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise BudgetFileError([_("Berkas CSV tidak dapat dibaca (gunakan UTF-8).")])
        # Indonesian spreadsheet programs write ";" (the comma is the decimal mark); pick the separator that the
        # header line (the one naming "kode") uses most.
        header = next((ln for ln in text.splitlines()[:20] if "kode" in ln.lower()), text[:1000])
        delimiter = max(",;\t", key=header.count)
        return [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    raise BudgetFileError([_("Format berkas tidak dikenal. Gunakan CSV atau XLSX.")])


def _find_header(rows: list[tuple[int, list]]) -> tuple[int, dict[str, int]]:
    for index, (_line, cells) in enumerate(rows[:20]):
        names = [str(c).strip().lower() if c is not None else "" for c in cells]
        columns = {}
        for key, accepted in HEADERS.items():
            for col, name in enumerate(names):
                if name in accepted:
                    columns[key] = col
                    break
        if {"kode", "uraian", "anggaran"} <= columns.keys():
            return index, columns
    raise BudgetFileError([_("Baris judul kolom tidak ditemukan. Kolom yang diperlukan: kode, uraian, anggaran, realisasi.")])


def parse_budget_file(data: bytes, filename: str) -> list[Row]:
    """Parse and check a file; return its rows (top-level rows with children attached) or raise BudgetFileError."""
    rows = _read_rows(data, filename)
    header_index, cols = _find_header(rows)
    parsed: list[Row] = []
    errors: list[str] = []

    def cell(cells: list, key: str):
        col = cols.get(key)
        return cells[col] if col is not None and col < len(cells) else None

    for line, cells in rows[header_index + 1:]:
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue
        code = str(cell(cells, "kode") or "").strip().rstrip(".")
        description = str(cell(cells, "uraian") or "").strip()
        if not code:
            errors.append(_("Baris %(line)s: kode rekening kosong.") % {"line": line})
            continue
        if not CODE_RE.match(code):
            errors.append(_("Baris %(line)s: kode rekening “%(code)s” tidak sah; gunakan angka bertitik seperti 5.2.1.")
                          % {"line": line, "code": code[:40]})
            continue
        if not description:
            errors.append(_("Baris %(line)s (%(code)s): uraian kosong.") % {"line": line, "code": code})
        amounts = {}
        for key, label in (("anggaran", _("anggaran")), ("realisasi", _("realisasi"))):
            try:
                amounts[key] = parse_amount(cell(cells, key))
            except ValueError:
                errors.append(_("Baris %(line)s (%(code)s): %(column)s “%(value)s” bukan angka.")
                              % {"line": line, "code": code, "column": label, "value": str(cell(cells, key))[:40]})
                amounts[key] = None
            else:
                if amounts[key] is not None and amounts[key] < 0:
                    errors.append(_("Baris %(line)s (%(code)s): %(column)s tidak boleh negatif.")
                                  % {"line": line, "code": code, "column": label})
        parsed.append(Row(line, code, description[:255], amounts["anggaran"], amounts["realisasi"]))
        if len(parsed) > MAX_ROWS:
            raise BudgetFileError([_("Berkas terlalu panjang (lebih dari %(n)s baris).") % {"n": MAX_ROWS}])
    if not parsed and not errors:
        errors.append(_("Berkas tidak berisi baris anggaran."))
    if errors:
        raise BudgetFileError(errors)
    return build_tree(parsed)


def build_tree(rows: list[Row]) -> list[Row]:
    """Link rows to their parents and check structure and totals; raise BudgetFileError listing every problem."""
    errors: list[str] = []
    by_code: dict[str, Row] = {}
    for row in rows:
        if row.code in by_code:
            errors.append(_("Baris %(line)s: kode %(code)s sudah ada di baris %(first)s.")
                          % {"line": row.line, "code": row.code, "first": by_code[row.code].line})
            continue
        by_code[row.code] = row
    tops: list[Row] = []
    for row in by_code.values():
        parent = parent_code(row.code)
        if parent is None:
            if row.code not in TOP_LEVEL:
                errors.append(_("Baris %(line)s: kode %(code)s bukan akun APBDes (hanya 4 Pendapatan, 5 Belanja, 6 Pembiayaan).")
                              % {"line": row.line, "code": row.code})
            tops.append(row)
            continue
        if parent.count(".") == 0 and row.code not in SECOND_LEVEL:
            errors.append(_("Baris %(line)s: kode %(code)s tidak ada dalam struktur APBDes (mis. 4.1–4.3, 5.1–5.5, 6.1–6.2).")
                          % {"line": row.line, "code": row.code})
        if parent not in by_code:
            errors.append(_("Baris %(line)s (%(code)s): kelompok induk %(parent)s tidak ada di berkas.")
                          % {"line": row.line, "code": row.code, "parent": parent})
            continue
        by_code[parent].children.append(row)
    for required in ("4", "5"):
        if required not in by_code:
            errors.append(_("Akun %(code)s %(name)s tidak ada di berkas.") % {"code": required, "name": TOP_LEVEL[required]})
    if errors:
        raise BudgetFileError(errors)
    for row in sorted(by_code.values(), key=lambda r: r.line):
        errors.extend(_check_totals(row))
    if errors:
        raise BudgetFileError(errors)
    return tops


def _check_totals(row: Row) -> list[str]:
    if not row.children:
        return []
    errors = []
    for attr, label in (("budget", _("anggaran")), ("realisation", _("realisasi"))):
        # Compare with the sum of the leaf lines beneath, not the children's stated totals: a wrong subtotal is
        # reported on its own line and does not make every group above it look wrong too.
        total = _leaf_sum(row, attr)
        stated = getattr(row, attr)
        if stated is not None and stated != total:
            errors.append(
                _("Baris %(line)s (%(code)s %(name)s): jumlah %(column)s %(stated)s tidak sama dengan total rinciannya %(total)s.")
                % {"line": row.line, "code": row.code, "name": row.description, "column": label,
                   "stated": rupiah(stated), "total": rupiah(total)}
            )
    return errors


def _leaf_sum(row: Row, attr: str) -> Decimal:
    if not row.children:
        return getattr(row, attr) or Decimal("0")
    return sum((_leaf_sum(child, attr) for child in row.children), Decimal("0"))


def _total(row: Row, attr: str) -> Decimal:
    """A row's amount: stated if given, else the sum of its children (a group may leave its total blank)."""
    stated = getattr(row, attr)
    if stated is not None:
        return stated
    return sum((_total(child, attr) for child in row.children), Decimal("0"))


def flatten(tops: list[Row]) -> list[tuple[Row, Decimal, Decimal]]:
    """Every row with its (budget, realisation), groups computed from their children, in account order."""
    out: list[tuple[Row, Decimal, Decimal]] = []

    def walk(row: Row) -> None:
        out.append((row, _total(row, "budget"), _total(row, "realisation")))
        for child in row.children:
            walk(child)

    for top in tops:
        walk(top)
    return out
