"""Database objects the ORM cannot declare, per vendor: the full-text index of reports and the map's cell counts.

- Full text. PostgreSQL: a stored generated tsvector column `search_vector` (title weighted A, description B, the
  `simple` configuration: Indonesian has no stemmer in PostgreSQL, and `simple` lower-cases and keeps every word) and
  a GIN index on it. SQLite: an FTS5 table `aduan_complaint_fts` over title and description with the report's id as
  rowid (external content: the text is not stored twice), kept in sync by triggers.
- Map cells (`aduan_mapcell`, model MapCell): per grid level, cell, district and topic, how many public reports lie
  there and the sum of their coordinates (for the cluster's centre). Level 0 is one row per district and topic with
  every public report, located or not (the heat view by district). Kept by triggers on aduan_complaint, so a report
  becoming public, withdrawn, moved or re-categorised is counted at once, including bulk updates (the sweep).

SQLite drops a table's triggers when Django rebuilds the table (an ALTER it cannot do in place), so
`ensure_objects()` runs after every migrate (apps.py, post_migrate) and puts back whatever is missing, rebuilding the
FTS index and the cell counts when a trigger had to be recreated.
"""

# ruff: noqa: S608 -- every statement here is built from this module's constants only; no input reaches them.
from __future__ import annotations

# Grid levels stored in aduan_mapcell: a cell of level L is 1/2**L degree on each side (3: ~14 km, 5: ~3.5 km,
# 7: ~870 m). Closer zooms are counted live from the reports in view (maps.py).
LEVELS = (3, 5, 7)

FTS_TABLE = "aduan_complaint_fts"

# --- SQLite -----------------------------------------------------------------------------------------------------

SQLITE_FTS_TABLE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
    title, description, content='aduan_complaint', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
)"""

SQLITE_FTS_TRIGGERS = {
    "aduan_complaint_fts_ai": f"""
CREATE TRIGGER IF NOT EXISTS aduan_complaint_fts_ai AFTER INSERT ON aduan_complaint BEGIN
    INSERT INTO {FTS_TABLE}(rowid, title, description) VALUES (new.id, new.title, new.description);
END""",
    "aduan_complaint_fts_ad": f"""
CREATE TRIGGER IF NOT EXISTS aduan_complaint_fts_ad AFTER DELETE ON aduan_complaint BEGIN
    INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
END""",
    "aduan_complaint_fts_au": f"""
CREATE TRIGGER IF NOT EXISTS aduan_complaint_fts_au AFTER UPDATE OF title, description ON aduan_complaint
WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
    INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    INSERT INTO {FTS_TABLE}(rowid, title, description) VALUES (new.id, new.title, new.description);
END""",
}

SQLITE_FTS_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"

_LEVELS_SQLITE = " UNION ALL ".join(f"SELECT {lv} AS level, {2 ** lv}.0 AS f" for lv in LEVELS)


def _sqlite_add(row: str) -> str:
    """Statements adding report `row` (new/old) to the cells, or, with sign -1, taking it out."""
    located = f"{row}.latitude IS NOT NULL AND {row}.longitude IS NOT NULL"
    return f"""
    INSERT INTO aduan_mapcell(level, cx, cy, district, topic, n, located, sum_lat, sum_lon)
        SELECT 0, 0, 0, coalesce({row}.district_id, ''), coalesce({row}.topic_id, 0), 1, ({located}),
               coalesce({row}.latitude, 0), coalesce({row}.longitude, 0)
        WHERE {row}.is_public
        ON CONFLICT(level, cx, cy, district, topic) DO UPDATE SET n = n + 1, located = located + excluded.located,
            sum_lat = sum_lat + excluded.sum_lat, sum_lon = sum_lon + excluded.sum_lon;
    INSERT INTO aduan_mapcell(level, cx, cy, district, topic, n, located, sum_lat, sum_lon)
        SELECT l.level, floor({row}.longitude * l.f), floor({row}.latitude * l.f), coalesce({row}.district_id, ''),
               coalesce({row}.topic_id, 0), 1, 1, {row}.latitude, {row}.longitude
        FROM ({_LEVELS_SQLITE}) AS l
        WHERE {row}.is_public AND {located}
        ON CONFLICT(level, cx, cy, district, topic) DO UPDATE SET n = n + 1, located = located + 1,
            sum_lat = sum_lat + excluded.sum_lat, sum_lon = sum_lon + excluded.sum_lon;"""


def _sqlite_remove(row: str) -> str:
    located = f"{row}.latitude IS NOT NULL AND {row}.longitude IS NOT NULL"
    return f"""
    UPDATE aduan_mapcell SET n = n - 1, located = located - ({located}),
            sum_lat = sum_lat - coalesce({row}.latitude, 0), sum_lon = sum_lon - coalesce({row}.longitude, 0)
        WHERE {row}.is_public AND level = 0 AND cx = 0 AND cy = 0 AND district = coalesce({row}.district_id, '')
            AND topic = coalesce({row}.topic_id, 0);
""" + "".join(f"""
    UPDATE aduan_mapcell SET n = n - 1, located = located - 1, sum_lat = sum_lat - {row}.latitude,
            sum_lon = sum_lon - {row}.longitude
        WHERE {row}.is_public AND {located} AND level = {lv}
            AND cx = floor({row}.longitude * {2 ** lv}.0) AND cy = floor({row}.latitude * {2 ** lv}.0)
            AND district = coalesce({row}.district_id, '') AND topic = coalesce({row}.topic_id, 0);""" for lv in LEVELS)


_CHANGED = " OR ".join(f"old.{c} IS NOT new.{c}" for c in ("is_public", "latitude", "longitude", "district_id",
                                                             "topic_id"))

SQLITE_MAP_TRIGGERS = {
    "aduan_mapcell_ai": f"""
CREATE TRIGGER IF NOT EXISTS aduan_mapcell_ai AFTER INSERT ON aduan_complaint WHEN new.is_public BEGIN
{_sqlite_add("new")}
END""",
    "aduan_mapcell_ad": f"""
CREATE TRIGGER IF NOT EXISTS aduan_mapcell_ad AFTER DELETE ON aduan_complaint WHEN old.is_public BEGIN
{_sqlite_remove("old")}
END""",
    "aduan_mapcell_au": f"""
CREATE TRIGGER IF NOT EXISTS aduan_mapcell_au AFTER UPDATE OF is_public, latitude, longitude, district_id, topic_id
ON aduan_complaint WHEN {_CHANGED} BEGIN
{_sqlite_remove("old")}
{_sqlite_add("new")}
END""",
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------

PG_SEARCH_COLUMN = """
ALTER TABLE aduan_complaint ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig, coalesce(description, '')), 'B')
) STORED"""
PG_SEARCH_INDEX = "CREATE INDEX IF NOT EXISTS aduan_complaint_search ON aduan_complaint USING GIN (search_vector)"

_LEVELS_PG = ", ".join(f"({lv}, {2 ** lv})" for lv in LEVELS)

PG_MAP_FUNCTION = """
CREATE OR REPLACE FUNCTION aduan_mapcell_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.is_public THEN
        UPDATE aduan_mapcell SET n = n - 1,
                located = located - (OLD.latitude IS NOT NULL AND OLD.longitude IS NOT NULL)::int,
                sum_lat = sum_lat - coalesce(OLD.latitude, 0), sum_lon = sum_lon - coalesce(OLD.longitude, 0)
            WHERE level = 0 AND cx = 0 AND cy = 0 AND district = coalesce(OLD.district_id, '')
                AND topic = coalesce(OLD.topic_id, 0);
        IF OLD.latitude IS NOT NULL AND OLD.longitude IS NOT NULL THEN""" + "".join(f"""
            UPDATE aduan_mapcell SET n = n - 1, located = located - 1, sum_lat = sum_lat - OLD.latitude,
                    sum_lon = sum_lon - OLD.longitude
                WHERE level = {lv} AND cx = floor(OLD.longitude * {2 ** lv})::int
                    AND cy = floor(OLD.latitude * {2 ** lv})::int
                    AND district = coalesce(OLD.district_id, '') AND topic = coalesce(OLD.topic_id, 0);"""
                                                                    for lv in LEVELS) + f"""
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.is_public THEN
        INSERT INTO aduan_mapcell(level, cx, cy, district, topic, n, located, sum_lat, sum_lon)
            VALUES (0, 0, 0, coalesce(NEW.district_id, ''), coalesce(NEW.topic_id, 0), 1,
                    (NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL)::int,
                    coalesce(NEW.latitude, 0), coalesce(NEW.longitude, 0))
            ON CONFLICT(level, cx, cy, district, topic) DO UPDATE SET n = aduan_mapcell.n + 1,
                located = aduan_mapcell.located + excluded.located, sum_lat = aduan_mapcell.sum_lat + excluded.sum_lat,
                sum_lon = aduan_mapcell.sum_lon + excluded.sum_lon;
        IF NEW.latitude IS NOT NULL AND NEW.longitude IS NOT NULL THEN
            INSERT INTO aduan_mapcell(level, cx, cy, district, topic, n, located, sum_lat, sum_lon)
                SELECT l.level, floor(NEW.longitude * l.f)::int, floor(NEW.latitude * l.f)::int, coalesce(NEW.district_id, ''),
                       coalesce(NEW.topic_id, 0), 1, 1, NEW.latitude, NEW.longitude
                FROM (VALUES {_LEVELS_PG}) AS l(level, f)
                ON CONFLICT(level, cx, cy, district, topic) DO UPDATE SET n = aduan_mapcell.n + 1,
                    located = aduan_mapcell.located + 1, sum_lat = aduan_mapcell.sum_lat + excluded.sum_lat,
                    sum_lon = aduan_mapcell.sum_lon + excluded.sum_lon;
        END IF;
    END IF;
    RETURN NULL;
END $$"""

PG_MAP_TRIGGERS = {
    "aduan_mapcell_ins": """CREATE TRIGGER aduan_mapcell_ins AFTER INSERT ON aduan_complaint
        FOR EACH ROW WHEN (NEW.is_public) EXECUTE FUNCTION aduan_mapcell_sync()""",
    "aduan_mapcell_del": """CREATE TRIGGER aduan_mapcell_del AFTER DELETE ON aduan_complaint
        FOR EACH ROW WHEN (OLD.is_public) EXECUTE FUNCTION aduan_mapcell_sync()""",
    "aduan_mapcell_upd": f"""CREATE TRIGGER aduan_mapcell_upd AFTER UPDATE ON aduan_complaint
        FOR EACH ROW WHEN ({_CHANGED.replace("old.", "OLD.").replace("new.", "NEW.").replace(" IS NOT ", " IS DISTINCT FROM ")})
        EXECUTE FUNCTION aduan_mapcell_sync()""",
}

# --- Both -------------------------------------------------------------------------------------------------------


def mapcell_rebuild_sql(vendor: str) -> list[str]:
    """Recount every cell from the reports (after the table was created, or a trigger had been lost)."""
    floor_ = "floor"
    levels = _LEVELS_SQLITE if vendor == "sqlite" else f"SELECT * FROM (VALUES {_LEVELS_PG}) AS v(level, f)"
    located = "(latitude IS NOT NULL AND longitude IS NOT NULL)"
    located_n = f"CASE WHEN {located} THEN 1 ELSE 0 END"
    return [
        "DELETE FROM aduan_mapcell",
        f"""INSERT INTO aduan_mapcell(level, cx, cy, district, topic, n, located, sum_lat, sum_lon)
            SELECT 0, 0, 0, coalesce(district_id, ''), coalesce(topic_id, 0), count(*), sum({located_n}),
                   coalesce(sum(latitude), 0), coalesce(sum(longitude), 0)
            FROM aduan_complaint WHERE is_public GROUP BY coalesce(district_id, ''), coalesce(topic_id, 0)""",
        f"""INSERT INTO aduan_mapcell(level, cx, cy, district, topic, n, located, sum_lat, sum_lon)
            SELECT l.level, {floor_}(c.longitude * l.f), {floor_}(c.latitude * l.f), coalesce(c.district_id, ''),
                   coalesce(c.topic_id, 0), count(*), count(*), sum(c.latitude), sum(c.longitude)
            FROM aduan_complaint c CROSS JOIN ({levels}) AS l
            WHERE c.is_public AND c.latitude IS NOT NULL AND c.longitude IS NOT NULL
            GROUP BY l.level, {floor_}(c.longitude * l.f), {floor_}(c.latitude * l.f), coalesce(c.district_id, ''),
                     coalesce(c.topic_id, 0)""",
    ]


def _existing_triggers(cursor, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'aduan_complaint'")
    else:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'aduan_complaint'::regclass AND NOT tgisinternal")
    return {row[0] for row in cursor.fetchall()}


def ensure_objects(connection) -> list[str]:
    """Create whatever of the above is missing on `connection`; returns what was (re)made. Idempotent."""
    made: list[str] = []
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return made
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if "aduan_complaint" not in tables or "aduan_mapcell" not in tables:
            return made  # migrations not applied this far yet
        present = _existing_triggers(cursor, vendor)
        if vendor == "sqlite":
            fts_missing = FTS_TABLE not in tables
            cursor.execute(SQLITE_FTS_TABLE)
            fts_triggers = [sql for name, sql in SQLITE_FTS_TRIGGERS.items() if name not in present]
            for sql in fts_triggers:
                cursor.execute(sql)
            if fts_missing or fts_triggers:
                cursor.execute(SQLITE_FTS_REBUILD)
                made.append("fts")
            map_triggers = [sql for name, sql in SQLITE_MAP_TRIGGERS.items() if name not in present]
        else:
            cursor.execute("SELECT 1 FROM information_schema.columns WHERE table_name = 'aduan_complaint' "
                           "AND column_name = 'search_vector'")
            if cursor.fetchone() is None:
                cursor.execute(PG_SEARCH_COLUMN)
                made.append("fts")
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'aduan_complaint_search'")
            if cursor.fetchone() is None:
                cursor.execute(PG_SEARCH_INDEX)
                made.append("fts")
            cursor.execute(PG_MAP_FUNCTION)
            map_triggers = [sql for name, sql in PG_MAP_TRIGGERS.items() if name not in present]
        for sql in map_triggers:
            cursor.execute(sql)
        if map_triggers:
            for sql in mapcell_rebuild_sql(vendor):
                cursor.execute(sql)
            made.append("mapcell")
    return made
