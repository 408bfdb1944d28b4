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

Every tax is rounded down to the Rupiah (fractions of a Rupiah are never withheld). Salaries (LS gaji) come with
their PPh 21 already computed by the payroll application and carried by the government; they are not recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import TaxClass

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


def order_taxes(lines: Iterable[tuple[int, str]], *, has_npwp: bool) -> Taxes:
    """The sum of every line's taxes; `lines` are (amount, tax class) pairs."""
    total = Taxes()
    for amount, tax_class in lines:
        total = total + line_taxes(amount, tax_class, has_npwp=has_npwp)
    return total
