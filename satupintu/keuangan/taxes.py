"""Taxes withheld from a payment, computed line by line in whole Rupiah with integer arithmetic.

Rates and rules used (each line of an SPP is one invoice or one honorarium):

- Goods and services are priced *including* PPN. The price without PPN (DPP) is amount x 100/111, rounded down;
  PPN is the rest (amount - DPP): 11 % of the DPP. Since 2025 PPN is 12 % of a DPP "nilai lain" of 11/12 of the
  price (PMK 131/2024), which is the same 11 %. The treasurer collects PPN only above Rp2.000.000 including PPN
  per invoice (PMK 59/2022, Pasal 5).
- PPh 22 on purchases of goods by a government treasurer: 1,5 % of the DPP, only above Rp2.000.000 per invoice
  (PMK 34/2017, Pasal 2-3); 100 % higher (3 %) for a seller without an NPWP.
- PPh 23 on services: 2 % of the DPP, no threshold (UU PPh Pasal 23(1)(c)); 100 % higher (4 %) without an NPWP
  (Pasal 23(1a)).
- PPh 21 on honoraria from the APBD: civil servants final 5 % (golongan III) or 15 % (golongan IV) of the gross
  (PP 80/2010, PMK 262/2010); non-civil-servants ("bukan pegawai") 50 % of the gross x 5 % (first bracket of Pasal 17)
  = 2,5 % (PMK 168/2023). Golongan I/II pay 0 % and use "tanpa potongan".

- PPh 21 on salaries and allowances (LS gaji, tax class "salary"): monthly withholding by the average effective rate
  (tarif efektif rata-rata, TER) of PP 58/2023 on the employee's *monthly gross* (PMK 168/2023 Pasal 13-14): no
  biaya jabatan, no PTKP deducted, one rate of the employee's bracket applied to the whole gross. The table follows
  the PTKP status: A for TK/0, TK/1, K/0; B for TK/2, TK/3, K/1, K/2; C for K/3 (PP 58/2023 Pasal 3, Lampiran).
  An employee paid on several lines of one SPP (gaji pokok, tunjangan keluarga, tunjangan PPh ...) is taxed on the
  sum of his lines, identified by NIP/NIK. For civil servants the tax is borne by the government: the payroll pays
  it as "tunjangan PPh" (a line of the gross) and withholds it here (PMK 262/2010), which the TER computes the same
  way. Out of scope: the December (last tax period) reconciliation with the Pasal 17 rates over the year's income,
  which needs the employee's whole year and is done by the payroll application (bukti potong 1721-A2); and the
  20 % surcharge without an NPWP, void since the NIK serves as NPWP (PMK 136/2023).

Every tax is rounded down to the Rupiah (fractions of a Rupiah are never withheld).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from .models import PtkpStatus, TaxClass

THRESHOLD = 2_000_000  # Rupiah including PPN, per invoice (PMK 59/2022; PMK 34/2017)

# (numerator, denominator) of each rate: integer arithmetic only.
PPN_SHARE = (100, 111)  # DPP = price x 100/111
PPH22 = (15, 1000)
PPH23 = (2, 100)
PPH21 = {
    TaxClass.HONOR_NON_PNS: (25, 1000),
    TaxClass.HONOR_PNS_III: (5, 100),
    TaxClass.HONOR_PNS_IV: (15, 100),
}


# PP 58/2023 Lampiran, monthly TER: (upper bound of the monthly gross in Rupiah, inclusive; rate in 1/10,000), the
# last bracket has no upper bound. Rates are multiples of 0,25 % = 25/10,000, so gross x rate // 10,000 is exact.
_TOP = 10**18
TER_A = (
    (5_400_000, 0), (5_650_000, 25), (5_950_000, 50), (6_300_000, 75), (6_750_000, 100), (7_500_000, 125),
    (8_550_000, 150), (9_650_000, 175), (10_050_000, 200), (10_350_000, 225), (10_700_000, 250), (11_050_000, 300),
    (11_600_000, 350), (12_500_000, 400), (13_750_000, 500), (15_100_000, 600), (16_950_000, 700),
    (19_750_000, 800), (24_150_000, 900), (26_450_000, 1000), (28_000_000, 1100), (30_050_000, 1200),
    (32_400_000, 1300), (35_400_000, 1400), (39_100_000, 1500), (43_850_000, 1600), (47_800_000, 1700),
    (51_400_000, 1800), (56_300_000, 1900), (62_200_000, 2000), (68_600_000, 2100), (77_500_000, 2200),
    (89_000_000, 2300), (103_000_000, 2400), (125_000_000, 2500), (157_000_000, 2600), (206_000_000, 2700),
    (337_000_000, 2800), (454_000_000, 2900), (550_000_000, 3000), (695_000_000, 3100), (910_000_000, 3200),
    (1_400_000_000, 3300), (_TOP, 3400),
)
TER_B = (
    (6_200_000, 0), (6_500_000, 25), (6_850_000, 50), (7_300_000, 75), (9_200_000, 100), (10_750_000, 150),
    (11_250_000, 200), (11_600_000, 250), (12_600_000, 300), (13_600_000, 400), (14_950_000, 500),
    (16_400_000, 600), (18_450_000, 700), (21_850_000, 800), (26_000_000, 900), (27_700_000, 1000),
    (29_350_000, 1100), (31_450_000, 1200), (33_950_000, 1300), (37_100_000, 1400), (41_100_000, 1500),
    (45_800_000, 1600), (49_500_000, 1700), (53_800_000, 1800), (58_500_000, 1900), (64_000_000, 2000),
    (71_000_000, 2100), (80_000_000, 2200), (93_000_000, 2300), (109_000_000, 2400), (129_000_000, 2500),
    (163_000_000, 2600), (211_000_000, 2700), (374_000_000, 2800), (459_000_000, 2900), (555_000_000, 3000),
    (704_000_000, 3100), (957_000_000, 3200), (1_405_000_000, 3300), (_TOP, 3400),
)
TER_C = (
    (6_600_000, 0), (6_950_000, 25), (7_350_000, 50), (7_800_000, 75), (8_850_000, 100), (9_800_000, 125),
    (10_950_000, 150), (11_200_000, 175), (12_050_000, 200), (12_950_000, 300), (14_150_000, 400),
    (15_550_000, 500), (17_050_000, 600), (19_500_000, 700), (22_700_000, 800), (26_600_000, 900),
    (28_100_000, 1000), (30_100_000, 1100), (32_600_000, 1200), (35_400_000, 1300), (38_900_000, 1400),
    (43_000_000, 1500), (47_400_000, 1600), (51_200_000, 1700), (55_800_000, 1800), (60_400_000, 1900),
    (66_700_000, 2000), (74_500_000, 2100), (83_200_000, 2200), (95_600_000, 2300), (110_000_000, 2400),
    (134_000_000, 2500), (169_000_000, 2600), (221_000_000, 2700), (390_000_000, 2800), (463_000_000, 2900),
    (561_000_000, 3000), (709_000_000, 3100), (965_000_000, 3200), (1_419_000_000, 3300), (_TOP, 3400),
)
TER_TABLES = {"A": TER_A, "B": TER_B, "C": TER_C}
TER_CATEGORY = {
    PtkpStatus.TK0: "A", PtkpStatus.TK1: "A", PtkpStatus.K0: "A",
    PtkpStatus.TK2: "B", PtkpStatus.TK3: "B", PtkpStatus.K1: "B", PtkpStatus.K2: "B",
    PtkpStatus.K3: "C",
}
_BOUNDS = {name: [upper for upper, _rate in table] for name, table in TER_TABLES.items()}


def ter_rate(monthly_gross: int, ptkp_status: str) -> int:
    """The TER (in 1/10,000) of a monthly gross for a PTKP status; ValueError for an unknown status."""
    if not isinstance(monthly_gross, int) or isinstance(monthly_gross, bool):
        raise TypeError("amounts are whole Rupiah (int)")
    try:
        category = TER_CATEGORY[PtkpStatus(ptkp_status)]
    except ValueError:
        raise ValueError(f"unknown PTKP status {ptkp_status!r}") from None
    index = bisect_left(_BOUNDS[category], max(monthly_gross, 0))
    return TER_TABLES[category][index][1]


def salary_pph21(monthly_gross: int, ptkp_status: str) -> int:
    """PPh 21 withheld from one employee's monthly gross (PP 58/2023 TER), rounded down to the Rupiah."""
    if monthly_gross <= 0:
        return 0
    return monthly_gross * ter_rate(monthly_gross, ptkp_status) // 10_000


def _part(amount: int, rate: tuple[int, int]) -> int:
    """amount x rate, rounded down to the Rupiah."""
    numerator, denominator = rate
    return amount * numerator // denominator


@dataclass(frozen=True)
class Taxes:
    pph21: int = 0
    pph22: int = 0
    pph23: int = 0
    ppn: int = 0

    @property
    def total(self) -> int:
        return self.pph21 + self.pph22 + self.pph23 + self.ppn

    def __add__(self, other: Taxes) -> Taxes:
        return Taxes(self.pph21 + other.pph21, self.pph22 + other.pph22, self.pph23 + other.pph23,
                     self.ppn + other.ppn)


def line_taxes(amount: int, tax_class: str, *, has_npwp: bool) -> Taxes:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("amounts are whole Rupiah (int)")
    if tax_class in PPH21:
        return Taxes(pph21=_part(amount, PPH21[tax_class]))
    if tax_class not in (TaxClass.GOODS, TaxClass.SERVICES):
        return Taxes()
    dpp = _part(amount, PPN_SHARE)
    above = amount > THRESHOLD
    ppn = amount - dpp if above else 0
    surcharge = 1 if has_npwp else 2  # 100 % higher without an NPWP: the rate doubled, then rounded once
    if tax_class == TaxClass.GOODS:
        numerator, denominator = PPH22
        return Taxes(pph22=_part(dpp, (numerator * surcharge, denominator)) if above else 0, ppn=ppn)
    numerator, denominator = PPH23
    return Taxes(pph23=_part(dpp, (numerator * surcharge, denominator)), ppn=ppn)


def order_taxes(lines: Iterable[tuple], *, has_npwp: bool) -> Taxes:
    """The sum of every line's taxes; `lines` are (amount, tax class) or (amount, tax class, employee number, PTKP
    status) tuples. Salary lines are summed per employee first (TER applies to the employee's monthly gross); a
    salary line without an employee number counts as an employee of its own."""
    total = Taxes()
    salaries: dict[object, list] = {}
    for index, (amount, tax_class, *employee) in enumerate(lines):
        if tax_class == TaxClass.SALARY:
            if not isinstance(amount, int) or isinstance(amount, bool):
                raise TypeError("amounts are whole Rupiah (int)")
            number, ptkp = (employee + ["", ""])[:2]
            entry = salaries.setdefault(number or ("line", index), [0, ptkp])
            entry[0] += amount
            if ptkp and entry[1] and ptkp != entry[1]:
                raise ValueError(f"employee {number} has two PTKP statuses")
            entry[1] = entry[1] or ptkp
        else:
            total = total + line_taxes(amount, tax_class, has_npwp=has_npwp)
    pph21 = sum(salary_pph21(gross, ptkp) for gross, ptkp in salaries.values())
    return total + Taxes(pph21=pph21)
