"""Database helpers that know the two engines the platform runs on (SQLite embedded, PostgreSQL at scale)."""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.db import OperationalError, connections, transaction
from django.db.models import QuerySet


class TimeBudgetExceeded(Exception):
    """The query was stopped because it ran longer than its budget."""


@contextmanager
def time_budget(milliseconds: int, using: str = "default"):
    """Stop the queries run inside after `milliseconds` and raise TimeBudgetExceeded instead of waiting.

    For work a page can do without (a total under a list whose filters make it expensive to count), not for work
    that must finish. SQLite: a progress handler interrupts the statement (a read; nothing to roll back).
    PostgreSQL: `statement_timeout` for the statements inside a savepoint, restored afterwards."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        raw = connection.connection
        deadline = time.perf_counter() + milliseconds / 1000
        raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
        try:
            yield
        except OperationalError as exc:
            if "interrupted" in str(exc):
                raise TimeBudgetExceeded from exc
            raise
        finally:
            raw.set_progress_handler(None, 0)
    elif connection.vendor == "postgresql":
        # set_config(..., true) lasts until the end of the transaction: the one opened here, or, inside an outer
        # transaction, the outer one, so then the previous value is read and put back.
        nested = connection.in_atomic_block
        try:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    if nested:
                        cursor.execute("SHOW statement_timeout")
                        previous = cursor.fetchone()[0]
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(milliseconds)}ms"])
                yield
                if nested:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
        except OperationalError as exc:
            if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled
                raise TimeBudgetExceeded from exc
            raise
    else:
        yield


def count_up_to(qs: QuerySet, cap: int, *, budget_ms: int) -> int | None:
    """How many rows `qs` has, counting no further than cap + 1 and for no longer than `budget_ms`.

    None when the budget ran out: the caller shows the page without a total."""
    try:
        with time_budget(budget_ms, using=qs.db):
            return qs.order_by()[: cap + 1].count()
    except TimeBudgetExceeded:
        return None


def refresh_planner_statistics(using: str = "default") -> bool:
    """SQLite's query planner chooses indexes from the statistics ANALYZE leaves in sqlite_stat1; nothing refreshes
    them by itself, and an index created after the last ANALYZE has none, so the planner may prefer it blindly (one
    such index made a filtered list page 10x slower on a million reports). Run after migrations and once a day.
    PostgreSQL keeps its own statistics (autovacuum), so there it does nothing. Returns whether it ran."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
