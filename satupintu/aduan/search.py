"""Text search over reports through the database's own full-text engine (dbsql.py builds the indexes).

`search(qs, text)` narrows any queryset of reports (the public list, a staff queue: its other filters stay) to the
ones matching every word of `text` (with its common suffixes: "jembatan" finds "jembatannya"; a word of up to three
letters as a prefix: "jem" finds "jembatan"), annotated with
`search_rank` (higher is better) and ordered by it, newest first among equals.

What is ranked: the CANDIDATES newest matches under the other filters, found through the full-text index
without walking the reports: ranking every match of a common word (one report in six says "lampu") would read a
sixth of a million rows on each search, and so would an exact count of them; the newest few hundred are what a
citizen or an officer looks for, and the filters (district, OPD, period) reach further back.
- PostgreSQL: a stored tsvector column (`simple` configuration, title weighted A over description B) with a GIN
  index. The candidates are `vector @@ query` under the filters, newest id first, LIMIT CANDIDATES: the GIN index for
  rare words, the primary key walked backwards for common ones (it stops at CANDIDATES). Ranked by ts_rank over
  those few.
- SQLite: FTS5 (unicode61, prefix indexes). The index gives its matches newest first (ORDER BY rowid DESC LIMIT n
  stops early) in growing windows, each joined to the filters, until CANDIDATES pass (at most MAX_SCANNED matches
  are looked at). FTS5's bm25 would count each word's documents over the whole index on every query, so the
  candidates are ranked here: words in the title weigh four times those in the description.
- Elsewhere, a containment filter. A tracking code ("ADU-7KQ4", a prefix is enough) is looked up by code instead.
The list pages the result and counts it up to its cap; the count is over the candidates only.
"""

# ruff: noqa: S608, S611 -- the SQL here names only the model's table and the FTS table; words are always parameters.
from __future__ import annotations

import json
import re

from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .dbsql import FTS_TABLE

MAX_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)
_CODE = re.compile(r"^\s*ADU-([0-9A-Z]{1,4})(?:-([0-9A-Z]{0,4}))?\s*$", re.IGNORECASE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_WORDS]


# Indonesian-aware matching without a stemmer: a word of four letters or more matches itself and its forms with the
# common suffixes ("jembatan" finds "jembatannya"); a shorter one is taken as the start of a word ("ktp", "jem").
# Both read the index's own entries in order: a prefix of four letters or more would have FTS5 merge every term
# that starts with it before giving out the first match (a hundred milliseconds for "lampu*" on a million reports).
SUFFIXES = ("", "nya", "an", "kan", "lah", "i")
SHORT = 3


def forms(word: str) -> list[str]:
    return [word + suffix for suffix in SUFFIXES]


def fts5_query(found: list[str]) -> str:
    parts = []
    for w in found:
        w = w.replace('"', "")
        if len(w) <= SHORT:
            parts.append(f'"{w}"*')
        else:
            parts.append("(" + " OR ".join(f'"{f}"' for f in forms(w)) + ")")
    return " AND ".join(parts)


def tsquery(found: list[str]) -> str:
    parts = []
    for w in found:
        if len(w) <= SHORT:
            parts.append(f"{w}:*")
        else:
            parts.append("(" + " | ".join(forms(w)) + ")")
    return " & ".join(parts)


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
    vendor = connection.vendor
    if vendor == "postgresql":
        return _postgresql(qs, found)
    if vendor == "sqlite":
        return _sqlite(qs, found)
    condition = Q()
    for w in found:
        condition &= Q(title__icontains=w) | Q(description__icontains=w)
    return qs.filter(condition).annotate(search_rank=Value(1.0, output_field=FloatField()))


CANDIDATES = 200  # ten pages of the list (its pager counts up to 200 as well)
# SQLite: the index is read newest first in windows that grow (1,000, 4,000, 16,000 matches), each
# joined to the list's filters, until CANDIDATES reports pass them; never more than MAX_SCANNED matches in all. The
# window's ids go to the filter query as one JSON parameter (json_each): with the planner statistics the platform
# keeps (core.planner_statistics) each id is looked up by primary key, and no query is built with 16,000 parameters.
FIRST_WINDOW = 1_000
MAX_WINDOW = 16_000
MAX_SCANNED = 21_000


class _TsExpression(Expression):
    """`template` over the report table's search_vector column, under whatever alias the query gives that table (U0
    inside a subquery: a RawSQL naming the table would silently refer to the outer query there)."""

    def __init__(self, template: str, query: str, output_field):
        super().__init__(output_field=output_field)
        self.template, self.query = template, query

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template % {"vector": f"{alias}.search_vector"}, [self.query]


def _ranked_by_score(qs: QuerySet, found: list[str], rows: list[tuple[int, str, str]]) -> QuerySet:
    """`qs` narrowed to `rows` (pk, title, description; newest first), ranked here (_score): the order travels to the
    database as one string ("|7|3|9|": position = rank), so the caller can still page and count the queryset."""
    table = qs.model._meta.db_table
    if not rows:
        return qs.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    ranked = sorted(enumerate(rows), key=lambda item: (-_score(found, item[1][1], item[1][2]), item[0]))
    order = "|" + "|".join(str(row[0]) for _i, row in ranked) + "|"
    position = RawSQL(f"-instr(%s, '|' || {table}.id || '|')", [order], output_field=FloatField())
    return qs.filter(pk__in=[row[0] for row in rows]).annotate(search_rank=position).order_by(
        F("search_rank").desc(), "-id")


def _postgresql(qs: QuerySet, found: list[str]) -> QuerySet:
    """The newest CANDIDATES matches under the list's filters (the GIN index finds rare words; for common ones the
    planner walks the primary key backwards and checks the stored vector, stopping at CANDIDATES), then ts_rank over
    those few only. The ids are read first, so the page and its capped count work on at most CANDIDATES rows."""
    query = tsquery(found)
    match = _TsExpression("%(vector)s @@ to_tsquery('simple', %%s)", query, BooleanField())
    ids = list(qs.filter(match).order_by("-id").values_list("pk", flat=True)[:CANDIDATES])
    return (
        qs.filter(pk__in=ids)
        .annotate(search_rank=_TsExpression("ts_rank(%(vector)s, to_tsquery('simple', %%s))", query, FloatField()))
        .order_by(F("search_rank").desc(), "-id")
    )


def _sqlite(qs: QuerySet, found: list[str]) -> QuerySet:
    """FTS5 hands out the newest matches (ORDER BY rowid DESC stops early: no per-row probing, no count of a common
    word's hundred thousand matches); each window is joined to the list's filters until CANDIDATES pass."""
    query = fts5_query(found)
    rows: list[tuple[int, str, str]] = []
    below, window, scanned = None, FIRST_WINDOW, 0
    while len(rows) < CANDIDATES and scanned < MAX_SCANNED:
        bound = "" if below is None else f"AND rowid < {int(below)}"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s {bound} "
                           f"ORDER BY rowid DESC LIMIT {int(window)}", [query])
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            break
        scanned += len(ids)
        rows += list(
            qs.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)]))
            .order_by("-id").values_list("pk", "title", "description")[: CANDIDATES - len(rows)]
        )
        if len(ids) < window:
            break  # the index has no more
        below, window = ids[-1], min(window * 4, MAX_WINDOW, MAX_SCANNED - scanned)
    return _ranked_by_score(qs, found, rows)


def _score(found: list[str], title: str, description: str) -> float:
    """Title hits x4 + description hits (each word as search matches it), damped by the description's length."""
    title_words = words_all(title)
    body_words = words_all(description)
    hits_title = sum(1 for t in title_words for w in found if _hit(w, t))
    hits_body = sum(1 for t in body_words for w in found if _hit(w, t))
    return round(4.0 * hits_title + hits_body / (1.0 + len(body_words) / 100.0), 4)


def _hit(word: str, token: str) -> bool:
    return token.startswith(word) if len(word) <= SHORT else token in forms(word)


def words_all(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]
