# Indonesian long dates (PUEBI): "15 Desember 2026", "15 Desember 2026 pukul 09.30 WIB". T is the zone (WIB).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \p\u\k\u\l H.i T"
TIME_FORMAT = "H.i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = r"j M Y H.i"
