"""Reading the APBDes from a Siskeudes export: the tables of the village's Siskeudes database (BPKP's village finance
application) saved as CSV files in one ZIP archive, each file named after its table — the layout Siskeudes'
data export produces and OpenSID's "impor data Siskeudes" reads.

Tables read (header row with Siskeudes' column names; comma or semicolon separated; other files are ignored):

- ``Ta_RAB.csv`` (required): Tahun, Kd_Desa, Kd_Keg, Kd_Rincian, Anggaran, AnggaranPAK, AnggaranStlhPAK — one budget
  line per activity and account (Kd_Rincian is the account's object code, e.g. ``5.2.1.01.``).
- ``Ta_RABRinci.csv`` (required): Kd_Keg, Kd_Rincian, Uraian, JmlSatuan, HrgSatuan, Anggaran, AnggaranStlhPAK — the
  detail lines of each budget line.
- ``Ta_Kegiatan.csv`` (required when there is spending): Kd_Keg, Nama_Kegiatan, Pagu, PaguPAK — the activities.
- ``Ta_Bidang.csv``, ``Ta_SubBidang.csv``, ``Ref_Rek1.csv`` … ``Ref_Rek4.csv`` (optional): names of the fields,
  sub-fields and accounts.
- ``Ta_TBPRinci.csv`` and ``Ta_SPJRinci.csv`` (optional): Kd_Keg, Kd_Rincian, Nilai — revenue received and spending
  accounted for, summed as the realisation.

The same all-or-nothing rule as the spreadsheet import: every stated total is checked — a budget line against the
sum of its detail lines, an activity's ceiling (Pagu) against the sum of its budget lines — and one mistake rejects
the whole file, each error naming the file and line. The lines then become the platform's account tree (4 revenue
and 6 financing by account; 5 spending by field, sub-field and activity, Permendagri 20/2018) and go through the same
structure checks as a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from .importer import BudgetFileError, build_tree, parse_amount, rupiah
from .structure import SECOND_LEVEL, TOP_LEVEL, Row

MAX_UNPACKED = 50 * 1024 * 1024
MAX_LINES = 20000
ZERO = Decimal("0")


def _table(
    archive: zipfile.ZipFile, name: str, *, required: bool = False
) -> list[tuple[int, dict[str, str]]]:
    """(line number, row by column name) of `name`.csv in the archive, found in any folder and any letter case."""
    wanted = f"{name}.csv".lower()
    member = next(
        (m for m in archive.infolist() if m.filename.replace("\\", "/").rsplit("/", 1)[-1].lower() == wanted),
        None,
    )
    if member is None:
        if required:
            raise BudgetFileError(
                [_("Berkas %(file)s tidak ada di arsip ekspor Siskeudes.") % {"file": f"{name}.csv"}]
            )
        return []
    raw = archive.read(member)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = [h.strip().lower() for h in next(reader, [])]
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        rows.append((line, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}))
        if len(rows) > MAX_LINES:
            raise BudgetFileError([_("Berkas %(file)s terlalu panjang.") % {"file": f"{name}.csv"}])
    return rows


def _code(value: str) -> str:
    """Siskeudes writes codes with a trailing dot ("5.2.1.01."); the platform without."""
    return value.strip().rstrip(".")


class _Reader:
    def __init__(self, errors: list[str]):
        self.errors = errors

    def amount(self, file: str, line: int, row: dict, column: str) -> Decimal:
        raw = row.get(column.lower(), "")
        try:
            value = parse_amount(raw)
        except ValueError:
            self.errors.append(
                _("%(file)s baris %(line)s: %(column)s “%(value)s” bukan angka.")
                % {"file": file, "line": line, "column": column, "value": raw[:40]}
            )
            return ZERO
        return value if value is not None else ZERO


def _activity_path(kd_keg: str, kd_desa: str) -> list[int]:
    """The field, (sub-field,) activity numbers of an activity code: "1218012001.01.02.03." -> [1, 2, 3]; the village
    code in front is dropped (older Siskeudes: field and activity only)."""
    rest = kd_keg.strip()
    if kd_desa and rest.startswith(kd_desa):
        rest = rest[len(kd_desa) :]
    return [int(p) for p in re.findall(r"\d+", rest)]


def parse_siskeudes_zip(data: bytes, *, year: int, amended: bool = False) -> list[Row]:
    """Parse and check a Siskeudes export; return the budget's rows (as `parse_budget_file`) or raise
    BudgetFileError listing every problem. `amended` takes the amounts after the budget change (PAK)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BudgetFileError([_("Berkas ZIP tidak dapat dibaca. Unggah arsip ekspor Siskeudes apa adanya.")])
    if sum(m.file_size for m in archive.infolist()) > MAX_UNPACKED:
        raise BudgetFileError([_("Arsip terlalu besar setelah dibuka (lebih dari 50 MB).")])
    with archive:
        rab = _table(archive, "Ta_RAB", required=True)
        details = _table(archive, "Ta_RABRinci", required=True)
        activities = _table(archive, "Ta_Kegiatan")
        fields = _table(archive, "Ta_Bidang")
        subfields = _table(archive, "Ta_SubBidang")
        accounts = {}
        for table, code_col, name_col in (
            ("Ref_Rek1", "akun", "nama_akun"),
            ("Ref_Rek2", "kelompok", "nama_kelompok"),
            ("Ref_Rek3", "jenis", "nama_jenis"),
            ("Ref_Rek4", "obyek", "nama_obyek"),
        ):
            for _line, row in _table(archive, table):
                accounts[_code(row.get(code_col, ""))] = row.get(name_col, "")
        realised_rows = [("Ta_TBPRinci.csv", r) for r in _table(archive, "Ta_TBPRinci")]
        realised_rows += [("Ta_SPJRinci.csv", r) for r in _table(archive, "Ta_SPJRinci")]

    errors: list[str] = []
    read = _Reader(errors)
    column = "AnggaranStlhPAK" if amended else "Anggaran"
    villages = {row.get("kd_desa", "") for _line, row in rab if row.get("kd_desa")}
    if len(villages) > 1:
        errors.append(
            _("Ta_RAB.csv berisi lebih dari satu desa (%(codes)s); ekspor satu desa saja.")
            % {"codes": ", ".join(sorted(villages))}
        )
    kd_desa = next(iter(villages), "")
    for line, row in rab:
        if row.get("tahun") and row["tahun"] != str(year):
            errors.append(
                _("Ta_RAB.csv baris %(line)s: tahun %(found)s, bukan tahun anggaran %(year)s.")
                % {"line": line, "found": row["tahun"], "year": year}
            )
            break

    detail_sum: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for line, row in details:
        detail_sum[(row.get("kd_keg", ""), _code(row.get("kd_rincian", "")))] += read.amount(
            "Ta_RABRinci.csv", line, row, column
        )
    realised: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for file, (line, row) in realised_rows:
        realised[(row.get("kd_keg", ""), _code(row.get("kd_rincian", "")))] += read.amount(
            file, line, row, "Nilai"
        )

    activity_by_code = {row.get("kd_keg", ""): (line, row) for line, row in activities}
    activity_sum: dict[str, Decimal] = defaultdict(lambda: ZERO)
    # Revenue and financing: one line per account (summed over the pseudo-activities they sit in).
    by_account: dict[str, list] = {}
    spending: dict[str, list[tuple[int, str, Decimal, Decimal]]] = defaultdict(list)
    for line, row in rab:
        kd_keg, account = row.get("kd_keg", ""), _code(row.get("kd_rincian", ""))
        if not re.fullmatch(r"[456](\.\d{1,4}){1,4}", account):
            errors.append(
                _("Ta_RAB.csv baris %(line)s: kode rekening “%(code)s” tidak sah.")
                % {"line": line, "code": account[:40]}
            )
            continue
        stated = read.amount("Ta_RAB.csv", line, row, column)
        total = detail_sum.get((kd_keg, account), ZERO)
        if stated != total:
            errors.append(
                _(
                    "Ta_RAB.csv baris %(line)s (kegiatan %(activity)s, rekening %(code)s): anggaran "
                    "%(stated)s tidak sama dengan jumlah rinciannya di Ta_RABRinci.csv %(total)s."
                )
                % {
                    "line": line,
                    "activity": kd_keg,
                    "code": account,
                    "stated": rupiah(stated),
                    "total": rupiah(total),
                }
            )
        done = realised.get((kd_keg, account), ZERO)
        if account.startswith("5"):
            if kd_keg not in activity_by_code:
                errors.append(
                    _("Ta_RAB.csv baris %(line)s: kegiatan %(activity)s tidak ada di Ta_Kegiatan.csv.")
                    % {"line": line, "activity": kd_keg}
                )
                continue
            activity_sum[kd_keg] += stated
            spending[kd_keg].append((line, account, stated, done))
        else:
            entry = by_account.setdefault(account, [line, ZERO, ZERO])
            entry[1] += stated
            entry[2] += done

    pagu_column = "PaguPAK" if amended else "Pagu"
    for kd_keg, (line, row) in activity_by_code.items():
        if not row.get(pagu_column.lower()):
            continue
        pagu = read.amount("Ta_Kegiatan.csv", line, row, pagu_column)
        if pagu != activity_sum.get(kd_keg, ZERO):
            errors.append(
                _(
                    "Ta_Kegiatan.csv baris %(line)s (%(activity)s %(name)s): pagu %(stated)s tidak sama "
                    "dengan jumlah anggarannya di Ta_RAB.csv %(total)s."
                )
                % {
                    "line": line,
                    "activity": kd_keg,
                    "name": row.get("nama_kegiatan", ""),
                    "stated": rupiah(pagu),
                    "total": rupiah(activity_sum.get(kd_keg, ZERO)),
                }
            )
    if errors:
        raise BudgetFileError(errors)

    def name_of(code: str) -> str:
        return str(accounts.get(code) or SECOND_LEVEL.get(code) or TOP_LEVEL.get(code) or code)

    rows: dict[str, Row] = {}

    def group(code: str, description: str, line: int = 0) -> None:
        if code not in rows:
            rows[code] = Row(line, code, description[:255], None, None)

    for account, (line, stated, done) in sorted(by_account.items()):
        parts = account.split(".")
        for depth in range(1, len(parts)):
            group(".".join(parts[:depth]), name_of(".".join(parts[:depth])), line)
        rows[account] = Row(line, account, name_of(account)[:255], stated, done)
    field_names = {
        int(m.group(1)): r.get("nama_bidang", "")
        for _l, r in fields
        if (m := re.search(r"(\d+)\D*$", r.get("kd_bid", "").rstrip(".")))
    }
    subfield_names = {
        tuple(_activity_path(r.get("kd_sub", ""), kd_desa)): r.get("nama_subbidang", "")
        for _l, r in subfields
    }
    for kd_keg in sorted(spending, key=lambda k: _activity_path(k, kd_desa)):
        line, row = activity_by_code[kd_keg]
        path = _activity_path(kd_keg, kd_desa)
        if not path or path[0] < 1 or path[0] > 5:
            errors.append(
                _("Ta_Kegiatan.csv baris %(line)s: kode kegiatan %(activity)s tidak menunjuk bidang 1–5.")
                % {"line": line, "activity": kd_keg}
            )
            continue
        group("5", name_of("5"), line)
        field_code = f"5.{path[0]}"
        group(field_code, field_names.get(path[0]) or name_of(field_code), line)
        code = field_code
        for depth, number in enumerate(path[1:], start=2):
            code = f"{code}.{number}"
            name = (
                row.get("nama_kegiatan", "")
                if depth == len(path)
                else subfield_names.get(tuple(path[:depth]), "")
            )
            group(code, name or code, line)
        for n, (rab_line, account, stated, done) in enumerate(spending[kd_keg], start=1):
            description = f"{name_of(account)} ({account})" if name_of(account) != account else account
            rows[f"{code}.{n}"] = Row(rab_line, f"{code}.{n}", description[:255], stated, done)
    if errors:
        raise BudgetFileError(errors)
    if not rows:
        raise BudgetFileError([_("Ta_RAB.csv tidak berisi baris anggaran.")])
    return build_tree(list(rows.values()))
