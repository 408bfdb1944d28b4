# English long dates: "15 December 2026", "15 December 2026, 09:30 WIB" (the regency's time zone, as in Indonesian).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i T"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
