"""Recipient banks and the length of their account numbers (digits), as the banks print them on a passbook.

The regency's cash account (RKUD) is at Bank Sumut; transfers to other banks go by SKN/RTGS/BI-FAST from it. A bank
that changes its format is changed here; an account number of another length is refused when the SPP is drafted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BANKS: dict[str, tuple[str, int]] = {
    "bank_sumut": ("Bank Sumut", 10),
    "bri": ("BRI", 15),
    "bni": ("BNI", 10),
    "mandiri": ("Bank Mandiri", 13),
    "bsi": ("Bank Syariah Indonesia", 10),
    "bca": ("BCA", 10),
    "btn": ("BTN", 16),
}
CHOICES = [(code, name) for code, (name, _length) in BANKS.items()]


def bank_name(code: str) -> str:
    return BANKS.get(code, (code, 0))[0]


def clean_account_number(bank: str, number: str) -> str:
    """Digits only (spaces, dots and dashes as printed are dropped); the bank's length or ValidationError."""
    if bank not in BANKS:
        raise ValidationError(_("Bank tidak dikenal."), code="bank")
    digits = "".join(ch for ch in (number or "") if ch not in " .-")
    name, length = BANKS[bank]
    if not digits.isdigit() or len(digits) != length:
        raise ValidationError(
            _("Nomor rekening %(bank)s harus %(length)s digit angka; yang diisi “%(number)s” (%(given)s karakter).")
            % {"bank": name, "length": length, "number": (number or "")[:30], "given": len(digits)},
            code="account_length",
        )
    return digits
