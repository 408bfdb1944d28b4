"""The APBDes account structure (Permendagri 20/2018): 4 revenue, 5 spending by bidang, 6 financing.

Codes are dotted numbers ("5.2.1.01"). The first two levels are fixed by regulation and checked; below them
villages name their own activities and lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

CODE_RE = re.compile(r"^\d{1,3}(\.\d{1,4})*$")

TOP_LEVEL = {
    "4": _("Pendapatan"),
    "5": _("Belanja"),
    "6": _("Pembiayaan"),
}
SECOND_LEVEL = {
    "4.1": _("Pendapatan Asli Desa"),
    "4.2": _("Pendapatan Transfer"),
    "4.3": _("Pendapatan Lain-lain"),
    "5.1": _("Bidang Penyelenggaraan Pemerintahan Desa"),
    "5.2": _("Bidang Pelaksanaan Pembangunan Desa"),
    "5.3": _("Bidang Pembinaan Kemasyarakatan"),
    "5.4": _("Bidang Pemberdayaan Masyarakat"),
    "5.5": _("Bidang Penanggulangan Bencana, Darurat dan Mendesak Desa"),
    "6.1": _("Penerimaan Pembiayaan"),
    "6.2": _("Pengeluaran Pembiayaan"),
}
# Named third-level accounts; others are allowed (villages add their own), these get standard names in charts.
KNOWN_ACCOUNTS = {
    "4.1.1": _("Hasil Usaha Desa"),
    "4.1.2": _("Hasil Aset Desa"),
    "4.1.3": _("Swadaya, Partisipasi dan Gotong Royong"),
    "4.1.4": _("Lain-lain Pendapatan Asli Desa"),
    "4.2.1": _("Dana Desa"),
    "4.2.2": _("Bagian dari Hasil Pajak dan Retribusi Daerah"),
    "4.2.3": _("Alokasi Dana Desa"),
    "4.2.4": _("Bantuan Keuangan Provinsi"),
    "4.2.5": _("Bantuan Keuangan Kabupaten/Kota"),
    "6.1.1": _("Sisa Lebih Perhitungan Anggaran (SILPA) Tahun Sebelumnya"),
}
BIDANG_CODES = ["5.1", "5.2", "5.3", "5.4", "5.5"]
# Short names for chart labels on narrow screens (the tables keep the full names).
SHORT_NAMES = {
    "4.1": _("Pendapatan asli desa"),
    "4.2": _("Transfer"),
    "4.3": _("Lain-lain"),
    "4.2.2": _("Bagi hasil pajak dan retribusi"),
    "4.2.4": _("Bantuan provinsi"),
    "4.2.5": _("Bantuan kabupaten"),
    "5.1": _("1. Pemerintahan desa"),
    "5.2": _("2. Pembangunan"),
    "5.3": _("3. Pembinaan kemasyarakatan"),
    "5.4": _("4. Pemberdayaan masyarakat"),
    "5.5": _("5. Bencana dan darurat"),
}


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def depth(code: str) -> int:
    return code.count(".") + 1


def sort_key(code: str) -> str:
    return ".".join(part.zfill(4) for part in code.split("."))


@dataclass
class Row:
    """One parsed row of a budget, with the spreadsheet line it came from (for error messages)."""

    line: int
    code: str
    description: str
    budget: Decimal | None
    realisation: Decimal | None
    children: list[Row] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return bool(self.children)
