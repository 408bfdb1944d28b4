"""Text search over reports through the database's own full-text engine (dbsql.py builds the indexes).

`search(qs, text)` narrows any queryset of reports (the public list, a staff queue: its other filters stay) to the
ones matching every word of `text` (each word also as a prefix: "jemb" finds "jembatan"), annotated with
`search_rank` (higher is better) and ordered by it, newest first among equals. PostgreSQL: the GIN-indexed tsvector
(`simple` configuration, title weighted above description) and ts_rank; SQLite: FTS5 and bm25. Elsewhere (no such
index), a plain containment filter. A tracking code ("ADU-7KQ4", a prefix is enough) is looked up by code instead.
"""

# ruff: noqa: S608, S611 -- RawSQL here names only the model's table; the words are always query parameters.
from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .dbsql import FTS_TABLE

MAX_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
_CODE = re.compile(r"^\s*ADU-?([0-9A-Z]{1,4})(?:-?([0-9A-Z]{0,4}))?\s*$", re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_WORDS]


def _code_prefix(text: str) -> str | None:
    m = _CODE.match(text or "")
    if not m:
        return None
    head, tail = m.group(1).upper(), (m.group(2) or "").upper()
    return f"ADU-{head}" + (f"-{tail}" if tail and len(head) == 4 else "")


def search(qs: QuerySet, text: str) -> QuerySet:
    text = (text or "").strip()[:100]
    prefix = _code_prefix(text)
    if prefix is not None:
        # the code's index, as a range (a LIKE prefix would not use it under every collation)
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return (qs.filter(tracking_code__gte=prefix, tracking_code__lt=upper)
                .annotate(search_rank=Value(1.0, output_field=FloatField())).order_by("tracking_code"))
    found = words(text)
    if not found:
        return qs
    table = qs.model._meta.db_table
    vendor = connection.vendor
    if vendor == "postgresql":
        query = " & ".join(f"{w}:*" for w in found)
        return (
            qs.filter(RawSQL(f"{table}.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField()))
            .annotate(search_rank=RawSQL(f"ts_rank({table}.search_vector, to_tsquery('simple', %s))", [query],
                                         output_field=FloatField()))
            .order_by(F("search_rank").desc(), "-created_at", "-id")
        )
    if vendor == "sqlite":
        query = " ".join('"' + w.replace('"', "") + '"*' for w in found)
        return (
            qs.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [query]))
            .annotate(search_rank=RawSQL(
                f"(SELECT -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid = {table}.id)", [query], output_field=FloatField()))
            .order_by(F("search_rank").desc(), "-created_at", "-id")
        )
    condition = Q()
    for w in found:
        condition &= Q(title__icontains=w) | Q(description__icontains=w)
    return qs.filter(condition).annotate(search_rank=Value(1.0, output_field=FloatField()))
