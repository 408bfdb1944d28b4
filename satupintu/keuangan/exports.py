"""The bank transfer file of an SP2D: CSV through `core/exports.py` (formula-safe cells), one row per transfer.

Columns (the bank's host-to-host upload for the regency's cash account, RKUD): sp2d_number, date (YYYY-MM-DD),
debit_account (RKUD), bank (our code), bank_name, credit_account, account_name, amount (net, whole Rupiah, no
separators), description. Taxes withheld stay in the RKUD and are deposited with their own billing codes; they are
not transfers to the recipient."""

from __future__ import annotations

import io

from django.utils import timezone

from satupintu.core.exports import csv_writer

from .banks import bank_name
from .conf import rkud_account

HEADER = ["sp2d_number", "date", "debit_account", "bank", "bank_name", "credit_account", "account_name", "amount",
          "description"]


def bank_transfer_csv(orders) -> str:
    stream = io.StringIO()
    writer = csv_writer(stream, lineterminator="\r\n")
    writer.writerow(HEADER)
    for order in orders:
        writer.writerow([
            order.sp2d_number, timezone.localtime(order.sp2d_at).date().isoformat(), rkud_account(), order.bank,
            bank_name(order.bank), order.account_number, order.account_name, order.net,
            f"{order.sp2d_number} {order.description}"[:140],
        ])
    return stream.getvalue()
