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


# --- PPh 21 on salaries: TER of PP 58/2023 (Lampiran), on the monthly gross --------------------------------------
@pytest.mark.parametrize(("gross", "ptkp", "expected"), [
    # Table A (TK/0, TK/1, K/0). Up to Rp5.400.000: 0 %; one Rupiah more: 0,25 % -> floor(13.500,0025) = 13.500.
    (5_400_000, "TK/0", 0),
    (5_400_001, "TK/0", 13_500),
    # Rp7.654.321 is in 7.500.001-8.550.000: 1,5 % -> floor(114.814,815) = 114.814.
    (7_654_321, "TK/1", 114_814),
    # Rp10.000.000 in 9.650.001-10.050.000: 2 % = 200.000; Rp15.000.000 (K/0) in 13.750.001-15.100.000: 6 % = 900.000.
    (10_000_000, "TK/0", 200_000),
    (15_000_000, "K/0", 900_000),
    # Above Rp1.400.000.000: 34 % -> floor(476.000.000,34).
    (1_400_000_001, "K/0", 476_000_000),
    # Table B (TK/2, TK/3, K/1, K/2). Rp6.200.000: 0 %; Rp6.500.000 in 6.200.001-6.500.000: 0,25 % = 16.250.
    (6_200_000, "K/1", 0),
    (6_500_000, "TK/2", 16_250),
    # Rp10.000.000 (K/1) in 9.200.001-10.750.000: 1,5 % = 150.000; Rp10.454.000 the same bracket: 156.810.
    (10_000_000, "K/1", 150_000),
    (10_454_000, "K/1", 156_810),
    # Rp12.600.001 (K/2) in 12.600.001-13.600.000: 4 % -> floor(504.000,04) = 504.000.
    (12_600_001, "K/2", 504_000),
    # Table C (K/3). Rp6.600.000: 0 %; Rp12.000.000 in 11.200.001-12.050.000: 2 % = 240.000;
    # Rp12.050.001 in 12.050.001-12.950.000: 3 % -> floor(361.500,03) = 361.500.
    (6_600_000, "K/3", 0),
    (12_000_000, "K/3", 240_000),
    (12_050_001, "K/3", 361_500),
    # The same Rp12.000.000 under A is 4 % (11.600.001-12.500.000) = 480.000, under B 3 % (11.600.001-12.600.000).
    (12_000_000, "TK/0", 480_000),
    (12_000_000, "K/2", 360_000),
])
def test_salary_pph21_by_hand_from_the_ter_tables(gross, ptkp, expected):
    from ..taxes import salary_pph21

    assert salary_pph21(gross, ptkp) == expected


def test_ter_tables_are_the_published_ones():
    from ..taxes import TER_A, TER_B, TER_C, TER_CATEGORY

    # PP 58/2023 Lampiran: 44 brackets in A, 40 in B, 41 in C, from 0 % to 34 %.
    assert (len(TER_A), len(TER_B), len(TER_C)) == (44, 40, 41)
    for table in (TER_A, TER_B, TER_C):
        bounds = [upper for upper, _rate in table]
        rates = [rate for _upper, rate in table]
        assert bounds == sorted(set(bounds)) and rates == sorted(rates)
        assert rates[0] == 0 and rates[-1] == 3400 and all(rate % 25 == 0 for rate in rates)
    assert {k.value: v for k, v in TER_CATEGORY.items()} == {
        "TK/0": "A", "TK/1": "A", "K/0": "A", "TK/2": "B", "TK/3": "B", "K/1": "B", "K/2": "B", "K/3": "C"}


def test_salary_lines_of_one_employee_are_taxed_on_their_sum():
    # K/1: gaji pokok Rp4.000.000 and tunjangan Rp3.500.000 are each under 6.200.000 (0 %), but the monthly gross is
    # Rp7.500.000, in 7.300.001-9.200.000 of table B: 1 % = 75.000. A second employee (TK/0, Rp5.650.000: 0,25 %)
    # adds floor(14.125) = 14.125.
    lines = [
        (4_000_000, T.SALARY, "198001012005011001", "K/1"),
        (3_500_000, T.SALARY, "198001012005011001", "K/1"),
        (5_650_000, T.SALARY, "199002022015022002", "TK/0"),
    ]
    assert order_taxes(lines, has_npwp=True).pph21 == 75_000 + 14_125


def test_an_unknown_ptkp_status_is_refused():
    from ..taxes import salary_pph21

    with pytest.raises(ValueError):
        salary_pph21(8_000_000, "K/4")
