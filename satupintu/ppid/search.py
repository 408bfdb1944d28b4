"""Text search of the public archive through the database's own full-text engine (dbsql.py builds the index), in
the manner of aduan/search.py.

`search(qs, text)` narrows a queryset of archive entries (with its filters: agency, topic, year) to those matching
every word of `text` (each also as a prefix), annotated with `search_rank` and ordered by it, newest first among
equals. `similar(text)` finds the entries sharing the most words with a question being typed (any word matches,
common words ignored), for the request form.

What is ranked: the CANDIDATES newest matches under the other filters, so a common word does not make every search
rank a large part of the archive.
- PostgreSQL: tsvector column with a GIN index, `to_tsquery('simple')`, ranked by ts_rank (title A > question B >
  answer C).
- SQLite: FTS5. The matches are walked newest first (highest id) from the index itself and joined to the entries
  under the filters; the candidates are scored here (title x4, question x2, answer x1).
"""

# ruff: noqa: S608, S611 -- the SQL names only the archive's table and its FTS table; words are always parameters.
from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

from .dbsql import FTS_TABLE

MAX_WORDS = 8
CANDIDATES = 200
_WORD = re.compile(r"\w+", re.UNICODE)

# Words every request uses: they would make every entry "similar".
STOPWORDS = frozenset(
    """
yang dan atau di ke dari untuk pada dengan dalam atas oleh ini itu adalah akan ada tidak bisa dapat mohon saya kami
kita anda minta meminta permohonan informasi data salinan dokumen terkait tentang mengenai serta juga sudah belum
tahun bulan berapa apa apakah bagaimana kapan siapa mana para sebagai agar supaya tersebut hal nomor mohon tolong
""".split()
)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")][:MAX_WORDS]


def key_words(text: str, limit: int = MAX_WORDS) -> list[str]:
    """The telling words of a question: no stopwords, no short words, no numbers alone; the longest first."""
    found = []
    for w in _WORD.findall((text or "").lower()):
        if len(w) >= 4 and w not in STOPWORDS and not w.isdigit() and w not in found:
            found.append(w)
    return sorted(found, key=len, reverse=True)[:limit]


def search(qs: QuerySet, text: str) -> QuerySet:
    found = words((text or "").strip()[:100])
    if not found:
        return qs
    return _ranked(qs, found, any_word=False)


def similar(qs: QuerySet, text: str, limit: int = 5) -> list:
    found = key_words(text)
    if not found:
        return []
    return list(_ranked(qs, found, any_word=True)[:limit])


def _newest(qs: QuerySet) -> QuerySet:
    return qs.order_by("-published_at", "-id")


def _ranked(qs: QuerySet, found: list[str], *, any_word: bool) -> QuerySet:
    vendor = connection.vendor
    if vendor == "postgresql":
        return _postgresql(qs, found, any_word)
    if vendor == "sqlite":
        return _sqlite(qs, found, any_word)
    condition = Q()
    for w in found:
        match = Q(title__icontains=w) | Q(question__icontains=w) | Q(answer__icontains=w)
        condition = (condition | match) if any_word else (condition & match)
    return qs.filter(condition).annotate(search_rank=Value(1.0, output_field=FloatField()))


class _TsExpression(Expression):
    """`template` over the archive table's search_vector column under whatever alias the query gives the table."""

    def __init__(self, template: str, query: str, output_field):
        super().__init__(output_field=output_field)
        self.template, self.query = template, query

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.template % {"vector": f"{alias}.search_vector"}, [self.query]


def _postgresql(qs: QuerySet, found: list[str], any_word: bool) -> QuerySet:
    query = (" | " if any_word else " & ").join(f"{w}:*" for w in found)
    match = _TsExpression("%(vector)s @@ to_tsquery('simple', %%s)", query, BooleanField())
    candidates = _newest(qs.filter(match)).values("pk")[:CANDIDATES]
    return (
        qs.filter(pk__in=candidates)
        .annotate(
            search_rank=_TsExpression("ts_rank(%(vector)s, to_tsquery('simple', %%s))", query, FloatField())
        )
        .order_by(F("search_rank").desc(), "-published_at", "-id")
    )


def _sqlite(qs: QuerySet, found: list[str], any_word: bool) -> QuerySet:
    """The newest CANDIDATES matches, walked from the FTS index itself (rowid descending, which FTS5 streams without a
    sort) and joined to the entries by primary key under the queryset's filters. Asking the index about each entry
    instead (EXISTS ... AND rowid = id) re-runs a prefix query per row: seconds for a common word at 100,000.
    The queryset's filters are compiled into this statement, so they must be on the entry's own columns (as
    `selectors.archive_public` builds them): a filter through a join would name a table missing from FROM."""
    table = qs.model._meta.db_table
    query = (" OR " if any_word else " ").join('"' + w.replace('"', "") + '"*' for w in found)
    compiler = qs.query.get_compiler(using=qs.db)
    where, params = compiler.compile(qs.query.where) if qs.query.where else ("1", [])
    with connection.cursor() as cursor:
        # CROSS JOIN keeps the index as the outer loop (SQLite does not reorder it).
        cursor.execute(
            f"SELECT {table}.id, {table}.title, {table}.question, {table}.answer FROM {FTS_TABLE} CROSS JOIN {table} "
            f"WHERE {FTS_TABLE} MATCH %s AND {table}.id = {FTS_TABLE}.rowid AND ({where or '1'}) "
            f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT {CANDIDATES}",
            [query, *params],
        )
        rows = cursor.fetchall()
    if not rows:
        return qs.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    ranked = sorted(enumerate(rows), key=lambda item: (-_score(found, *item[1][1:]), item[0]))
    # The order travels to the database as one string ("|7|3|9|": position = rank): the caller can still page.
    order = "|" + "|".join(str(row[0]) for _i, row in ranked) + "|"
    position = RawSQL(f"-instr(%s, '|' || {table}.id || '|')", [order], output_field=FloatField())
    return (
        qs.filter(pk__in=[row[0] for row in rows])
        .annotate(search_rank=position)
        .order_by(F("search_rank").desc(), "-id")
    )


def _score(found: list[str], title: str, question: str, answer: str) -> float:
    """Words shared first (for `similar`), then title hits x4, question x2, answer x1 (each word as a word start),
    damped by the text's length. Counted by the regex engine, not word by word in Python."""
    score = 0.0
    texts = ((title or "").lower(), (question or "").lower(), (answer or "").lower())
    weights = (4.0 / 1, 2.0 / (1 + len(texts[1]) / 800), 1.0 / (1 + len(texts[2]) / 800))
    for w in found:
        start = re.compile(r"\b" + re.escape(w))
        counts = [len(start.findall(text)) for text in texts]
        if any(counts):
            score += 10 + sum(c * k for c, k in zip(counts, weights, strict=True))
    return round(score, 4)
