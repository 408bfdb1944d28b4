"""Masks for showing identity numbers and names to people who must not see them in full.

Rules (the public never sees a NIK, KK number or full name of a resident):
- NIK: keep the first 6 digits (the region where it was first issued), hide the other 10. The 6 birth-date digits
  would reveal the birth date and sex, and the serial would narrow the person down, so unlike `lokal.samaran`'s
  "3201********0001" (which keeps the last four) nothing after the region code stays readable.
- KK number: same rule, region code only.
- Name: the first letter of each word, then one star per remaining letter ("Budi Santoso" -> "B*** S******"), so a
  resident can recognise their own masked name on a verification page while strangers cannot read it.

`lokal.samaran` is built to scrub free text before it reaches logs or an LLM; its fixed-width masks do not match
these rules, so the masks here are plain functions over known fields.
"""

from __future__ import annotations

import re

_NON_DIGIT = re.compile(r"[^0-9]")
REGION_DIGITS = 6


def _mask_number(value: str | None) -> str:
    digits = _NON_DIGIT.sub("", value or "")
    if not digits:
        return ""
    if len(digits) <= REGION_DIGITS:
        return "*" * len(digits)
    return digits[:REGION_DIGITS] + "*" * (len(digits) - REGION_DIGITS)


def mask_nik(nik: str | None) -> str:
    """"1218014501900001" -> "121801**********"."""
    return _mask_number(nik)


def mask_kk(kk_number: str | None) -> str:
    """"1218010101200001" -> "121801**********"."""
    return _mask_number(kk_number)


def _mask_word(word: str) -> str:
    letters = [i for i, ch in enumerate(word) if ch.isalnum()]
    if len(letters) <= 1:
        return word
    keep = letters[0]
    return "".join(ch if (i == keep or not ch.isalnum()) else "*" for i, ch in enumerate(word))


def mask_name(name: str | None) -> str:
    """"Budi Santoso" -> "B*** S******". Punctuation stays ("Siti Nur'aini" -> "S*** N**'****")."""
    return " ".join(_mask_word(word) for word in (name or "").split())
