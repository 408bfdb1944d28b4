"""The archive's full-text index, per vendor (the ORM cannot declare it; aduan/dbsql.py does the same for reports).

- PostgreSQL: a stored generated tsvector column `search_vector` on ppid_archiveentry (title weighted A, question B,
  answer C; the `simple` configuration: PostgreSQL has no Indonesian stemmer, `simple` lower-cases and keeps every
  word) with a GIN index.
- SQLite: an FTS5 table `ppid_archiveentry_fts` over title, question and answer with the entry's id as rowid
  (external content: the text is not stored twice), kept in sync by triggers.

Only the redacted copies are indexed: the request's own text (with the requester's name) never reaches the index.
SQLite drops a table's triggers when Django rebuilds it, so `ensure_objects()` also runs after every migrate.
"""

# ruff: noqa: S608 -- every statement here is built from this module's constants only.
from __future__ import annotations

TABLE = "ppid_archiveentry"
FTS_TABLE = "ppid_archiveentry_fts"
_COLS = "title, question, answer"

SQLITE_FTS_TABLE = f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
    {_COLS}, content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3'
)"""

SQLITE_FTS_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN
    INSERT INTO {FTS_TABLE}(rowid, {_COLS}) VALUES (new.id, new.title, new.question, new.answer);
END""",
    f"{FTS_TABLE}_ad": f"""
CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN
    INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLS}) VALUES ('delete', old.id, old.title, old.question, old.answer);
END""",
    f"{FTS_TABLE}_au": f"""
CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF {_COLS} ON {TABLE}
WHEN old.title IS NOT new.title OR old.question IS NOT new.question OR old.answer IS NOT new.answer BEGIN
    INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLS}) VALUES ('delete', old.id, old.title, old.question, old.answer);
    INSERT INTO {FTS_TABLE}(rowid, {_COLS}) VALUES (new.id, new.title, new.question, new.answer);
END""",
}

SQLITE_FTS_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"

PG_SEARCH_COLUMN = f"""
ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple'::regconfig, coalesce(question, '')), 'B')
    || setweight(to_tsvector('simple'::regconfig, coalesce(answer, '')), 'C')
) STORED"""
PG_SEARCH_INDEX = f"CREATE INDEX IF NOT EXISTS ppid_archiveentry_search ON {TABLE} USING GIN (search_vector)"


def ensure_objects(connection) -> list[str]:
    """Create whatever of the above is missing on `connection`; returns what was (re)made. Idempotent."""
    made: list[str] = []
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        return made
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if TABLE not in tables:
            return made  # migrations not applied this far yet
        if vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
            present = {row[0] for row in cursor.fetchall()}
            missing = FTS_TABLE not in tables
            cursor.execute(SQLITE_FTS_TABLE)
            triggers = [sql for name, sql in SQLITE_FTS_TRIGGERS.items() if name not in present]
            for sql in triggers:
                cursor.execute(sql)
            if missing or triggers:
                cursor.execute(SQLITE_FTS_REBUILD)
                made.append("fts")
        else:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                "AND column_name = 'search_vector'",
                [TABLE],
            )
            if cursor.fetchone() is None:
                cursor.execute(PG_SEARCH_COLUMN)
                made.append("fts")
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'ppid_archiveentry_search'")
            if cursor.fetchone() is None:
                cursor.execute(PG_SEARCH_INDEX)
                made.append("fts")
    return made


def drop_objects(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_FTS_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS ppid_archiveentry_search")
            cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")
