"""Date formats for people, per language (FORMAT_MODULE_PATH): `{{ value|date }}` is "15 Desember 2026" and
`{{ value|date:"DATETIME_FORMAT" }}` "15 Desember 2026 pukul 09.30 WIB" ("15 December 2026, 09:30 WIB" in English).
Python code uses satupintu.core.formatting (tanggal, tanggal_waktu). Input formats stay Django's (ISO included)."""
