"""Short tracking codes that people copy from paper or a phone screen: PREFIX-XXXX-XXXX.

Crockford base32 without I, L, O and U, so nothing can be misread when the code is typed; 8 random symbols (40 bits),
so a code says nothing about the one issued before it. What a person types ("adu 7kq4m9xz", "7KQ4-M9XZ",
"ADU-7KQ4-M9XO") is read back to the stored form, the left-out letters as the digits they look like.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


@dataclass(frozen=True)
class TrackingCode:
    prefix: str

    def new(self) -> str:
        body = "".join(secrets.choice(ALPHABET) for _ in range(8))
        return f"{self.prefix}-{body[:4]}-{body[4:]}"

    def normalize(self, value: str) -> str:
        """The stored form of what was typed, or "" if it cannot be a code of this kind."""
        raw = "".join(ch for ch in (value or "").upper() if ch.isalnum())
        if raw.startswith(self.prefix):
            raw = raw[len(self.prefix) :]
        raw = raw.translate(_LOOKALIKES)
        if len(raw) != 8 or any(ch not in ALPHABET for ch in raw):
            return ""
        return f"{self.prefix}-{raw[:4]}-{raw[4:]}"
