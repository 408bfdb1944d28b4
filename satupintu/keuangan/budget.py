"""Reading an agency's DPA from a spreadsheet (CSV or XLSX) and checking every line before anything is stored.

Columns (found by their header, any order; title rows above the header are skipped):
kode_program, program, kode_sub_kegiatan, sub_kegiatan, kode_rekening, uraian, pagu, and the cash plan either
monthly (jan, feb, mar, apr, mei, jun, jul, agu, sep, okt, nov, des) or quarterly (tw1, tw2, tw3, tw4; stored in the
quarter's first month). Amounts are whole Rupiah: `12500000`, `12.500.000`, `Rp 12.500.000`.

Every problem is reported with its line: a code not in the Permendagri 90/2019 format, an account code not in the
chart of accounts, an amount that is not a whole non-negative Rupiah, a cash plan that does not add up to the line's
pagu, a line twice. One problem rejects the whole file."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lokal import format_rupiah

from .models import ACCOUNT_CODE_RE, ACTIVITY_CODE_RE, PROGRAM_CODE_RE, Account

MAX_ROWS = 20000
MONTH_COLUMNS = ("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt", "nov", "des")
QUARTER_COLUMNS = ("tw1", "tw2", "tw3", "tw4")
HEADERS = {
    "program_code": {"kode_program", "kode program"},
    "program_name": {"program", "nama program"},
    "activity_code": {"kode_sub_kegiatan", "kode sub kegiatan"},
    "activity_name": {"sub_kegiatan", "sub kegiatan"},
    "account": {"kode_rekening", "kode rekening"},
    "description": {"uraian", "nama rekening"},
    "amount": {"pagu", "anggaran", "jumlah"},
    **{m: {m} for m in MONTH_COLUMNS},
    **{q: {q, q.replace("tw", "tw ")} for q in QUARTER_COLUMNS},
}
REQUIRED = ("program_code", "program_name", "activity_code", "activity_name", "account", "description", "amount")


class BudgetFileError(Exception):
    """The file is rejected; `errors` lists every problem found, each naming its line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__(errors[0] if errors else "")


@dataclass
class DpaRow:
    line: int
    program_code: str
    program_name: str
    activity_code: str
    activity_name: str
    account: Account
    description: str
    amount: int
    cash_plan: dict[int, int] = field(default_factory=dict)


def parse_rupiah(raw) -> int | None:
    """A whole Rupiah amount; None for an empty cell; ValueError for anything else (fractions, text, floats that are
    not whole)."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(raw)
        return int(raw)
    text = str(raw).strip()
    if not text or text in {"-", "–"}:
        return None
    text = re.sub(r"(?i)^rp\.?\s*", "", text).replace(" ", "")
    negative = text.startswith("-")
    digits = text.lstrip("-")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
        digits = digits.replace(".", "")
    elif re.fullmatch(r"\d+,00", digits):
        digits = digits[:-3]
    if not digits.isdigit():
        raise ValueError(text)
    return -int(digits) if negative else int(digits)


def _read_rows(data: bytes, filename: str) -> list[tuple[int, list]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise BudgetFileError([_("Berkas XLSX tidak dapat dibaca. Simpan ulang dari aplikasi lembar kerja.")])
        rows = [(i, list(r)) for i, r in enumerate(wb.worksheets[0].iter_rows(values_only=True), start=1)]
        wb.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BudgetFileError([_("Berkas CSV tidak dapat dibaca (gunakan UTF-8).")]) from None
        header = next((ln for ln in text.splitlines()[:20] if "rekening" in ln.lower()), text[:1000])
        delimiter = max(",;\t", key=header.count)
        return [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
    raise BudgetFileError([_("Format berkas tidak dikenal. Gunakan CSV atau XLSX.")])


def _find_header(rows) -> tuple[int, dict[str, int]]:
    for index, (_line, cells) in enumerate(rows[:20]):
        names = [str(c).strip().lower() if c is not None else "" for c in cells]
        columns = {}
        for key, accepted in HEADERS.items():
            for col, name in enumerate(names):
                if name in accepted:
                    columns[key] = col
                    break
        if set(REQUIRED) <= columns.keys():
            return index, columns
    raise BudgetFileError([_("Baris judul kolom tidak ditemukan. Kolom yang diperlukan: kode_program, program, "
                             "kode_sub_kegiatan, sub_kegiatan, kode_rekening, uraian, pagu, dan anggaran kas jan..des "
                             "atau tw1..tw4.")])


def parse_dpa(data: bytes, filename: str) -> list[DpaRow]:
    """Every line of the file, checked; BudgetFileError with every problem otherwise."""
    rows = _read_rows(data, filename)
    header_index, cols = _find_header(rows)
    monthly = all(m in cols for m in MONTH_COLUMNS)
    quarterly = all(q in cols for q in QUARTER_COLUMNS)
    if not (monthly or quarterly):
        raise BudgetFileError([_("Kolom anggaran kas tidak lengkap: jan sampai des (bulanan) atau tw1 sampai tw4 "
                                 "(triwulanan).")])
    plan_columns = ({m: MONTH_COLUMNS[m - 1] for m in range(1, 13)} if monthly
                    else {1 + 3 * i: QUARTER_COLUMNS[i] for i in range(4)})
    accounts = {a.code: a for a in Account.objects.all()}
    errors: list[str] = []
    parsed: list[DpaRow] = []
    seen: dict[tuple[str, str], int] = {}

    def cell(cells, key):
        col = cols.get(key)
        return cells[col] if col is not None and col < len(cells) else None

    def text(cells, key) -> str:
        value = cell(cells, key)
        return "" if value is None else str(value).strip()

    body = [(line, cells) for line, cells in rows[header_index + 1:]
            if any(c not in (None, "") and str(c).strip() for c in cells)]
    if len(body) > MAX_ROWS:
        raise BudgetFileError([_("Berkas terlalu panjang (lebih dari %(n)s baris).") % {"n": MAX_ROWS}])
    for line, cells in body:
        before = len(errors)
        program_code, activity_code, code = text(cells, "program_code"), text(cells, "activity_code"), \
            text(cells, "account")
        where = {"line": line, "code": code[:40]}
        if not PROGRAM_CODE_RE.match(program_code):
            errors.append(_("Baris %(line)s: kode program “%(value)s” tidak sah (contoh 1.03.02).")
                          % {**where, "value": program_code[:40]})
        if not ACTIVITY_CODE_RE.match(activity_code):
            errors.append(_("Baris %(line)s: kode sub kegiatan “%(value)s” tidak sah (contoh 1.03.02.2.01.0001).")
                          % {**where, "value": activity_code[:40]})
        elif not activity_code.startswith(program_code + "."):
            errors.append(_("Baris %(line)s: sub kegiatan %(value)s bukan bagian dari program %(program)s.")
                          % {**where, "value": activity_code, "program": program_code})
        account = None
        if not ACCOUNT_CODE_RE.match(code):
            errors.append(_("Baris %(line)s: kode rekening “%(code)s” tidak sesuai format Permendagri 90/2019 "
                            "(contoh 5.1.02.01.01.0024).") % where)
        elif code not in accounts:
            errors.append(_("Baris %(line)s: kode rekening %(code)s tidak ada dalam bagan akun.") % where)
        elif not code.startswith("5."):
            errors.append(_("Baris %(line)s: kode rekening %(code)s bukan akun belanja (5).") % where)
        else:
            account = accounts[code]
        for key, label in (("program_name", _("nama program")), ("activity_name", _("nama sub kegiatan")),
                           ("description", _("uraian"))):
            if not text(cells, key):
                errors.append(_("Baris %(line)s (%(code)s): %(column)s kosong.") % {**where, "column": label})
        amounts: dict[str, int] = {}
        for key in ("amount", *plan_columns.values()):
            column = "pagu" if key == "amount" else key
            try:
                value = parse_rupiah(cell(cells, key))
            except ValueError:
                errors.append(_("Baris %(line)s (%(code)s): kolom %(column)s “%(value)s” bukan jumlah Rupiah bulat.")
                              % {**where, "column": column, "value": str(cell(cells, key))[:40]})
                continue
            if value is not None and value < 0:
                errors.append(_("Baris %(line)s (%(code)s): kolom %(column)s tidak boleh negatif.")
                              % {**where, "column": column})
                continue
            amounts[key] = value or 0
        if "amount" in amounts and len(amounts) == 1 + len(plan_columns):
            plan_total = sum(amounts[c] for c in plan_columns.values())
            if plan_total != amounts["amount"]:
                errors.append(_("Baris %(line)s (%(code)s): jumlah anggaran kas %(plan)s tidak sama dengan pagu "
                                "%(amount)s.") % {**where, "plan": format_rupiah(plan_total),
                                                  "amount": format_rupiah(amounts["amount"])})
        key = (activity_code, code)
        if key in seen:
            errors.append(_("Baris %(line)s: rekening %(code)s pada sub kegiatan %(activity)s sudah ada di baris "
                            "%(first)s.") % {**where, "activity": activity_code, "first": seen[key]})
        seen.setdefault(key, line)
        if len(errors) == before and account is not None:
            parsed.append(DpaRow(
                line=line, program_code=program_code, program_name=text(cells, "program_name")[:255],
                activity_code=activity_code, activity_name=text(cells, "activity_name")[:255], account=account,
                description=text(cells, "description")[:255], amount=amounts["amount"],
                cash_plan={month: amounts[column] for month, column in plan_columns.items()},
            ))
    if not body and not errors:
        errors.append(_("Berkas tidak berisi baris DPA."))
    if errors:
        raise BudgetFileError(errors)
    return parsed
