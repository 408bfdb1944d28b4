"""Taxes withheld, against cases computed by hand (see the rules in taxes.py)."""

import pytest

from ..models import TaxClass
from ..taxes import line_taxes, order_taxes

T = TaxClass


@pytest.mark.parametrize(("amount", "tax_class", "npwp", "expected"), [
    # Goods of Rp11.100.000 incl. PPN: DPP 10.000.000, PPN 1.100.000, PPh 22 1,5 % = 150.000.
    (11_100_000, T.GOODS, True, {"ppn": 1_100_000, "pph22": 150_000}),
    # Without an NPWP PPh 22 is 100 % higher: 3 % = 300.000.
    (11_100_000, T.GOODS, False, {"ppn": 1_100_000, "pph22": 300_000}),
    # Rp2.000.000 is not above the threshold: nothing withheld.
    (2_000_000, T.GOODS, True, {}),
    # Rp2.000.001: DPP = floor(200.000.100 / 111) = 1.801.802, PPN = 198.199, PPh 22 = floor(27.027,03) = 27.027.
    (2_000_001, T.GOODS, True, {"ppn": 198_199, "pph22": 27_027}),
    # Services Rp5.550.000: DPP 5.000.000, PPN 550.000, PPh 23 2 % = 100.000; without NPWP 4 % = 200.000.
    (5_550_000, T.SERVICES, True, {"ppn": 550_000, "pph23": 100_000}),
    (5_550_000, T.SERVICES, False, {"ppn": 550_000, "pph23": 200_000}),
    # Services Rp1.500.000: no PPN (threshold) but PPh 23 on DPP 1.351.351: floor(27.027,02) = 27.027.
    (1_500_000, T.SERVICES, True, {"pph23": 27_027}),
    # Honoraria: non-PNS 2,5 %, PNS III 5 %, PNS IV 15 % (floor(185.185,05) = 185.185).
    (1_000_000, T.HONOR_NON_PNS, False, {"pph21": 25_000}),
    (750_000, T.HONOR_PNS_III, True, {"pph21": 37_500}),
    (1_234_567, T.HONOR_PNS_IV, True, {"pph21": 185_185}),
    (9_999_999, T.NONE, True, {}),
])
def test_line_taxes_by_hand(amount, tax_class, npwp, expected):
    taxes = line_taxes(amount, tax_class, has_npwp=npwp)
    got = {k: v for k, v in {"pph21": taxes.pph21, "pph22": taxes.pph22, "pph23": taxes.pph23,
                              "ppn": taxes.ppn}.items() if v}
    assert got == expected


def test_order_taxes_add_up_line_by_line():
    taxes = order_taxes([(11_100_000, T.GOODS), (5_550_000, T.SERVICES), (1_000_000, T.HONOR_NON_PNS)],
                        has_npwp=True)
    assert (taxes.ppn, taxes.pph22, taxes.pph23, taxes.pph21) == (1_650_000, 150_000, 100_000, 25_000)
    assert taxes.total == 1_925_000


def test_amounts_must_be_whole_rupiah():
    with pytest.raises(TypeError):
        line_taxes(1000.5, T.GOODS, has_npwp=True)
