"""What every benchmark here shares: the percentile they report and the PostgreSQL database they create."""

from __future__ import annotations


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (0-100) by nearest rank over the sorted values, no interpolation."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database that `url` names when it is missing (connecting to the `postgres` database)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres", query="")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
