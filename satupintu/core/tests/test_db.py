"""The time budget stops a slow statement on both engines and leaves the connection as it found it."""

import pytest
from django.db import connection

from satupintu.core.db import TimeBudgetExceeded, count_up_to, time_budget
from satupintu.wilayah.models import Province

pytestmark = pytest.mark.django_db


def slow_statement() -> str:
    if connection.vendor == "postgresql":
        return "SELECT pg_sleep(2)"
    # about a second of work for SQLite's virtual machine
    return ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000000) "
            "SELECT count(*) FROM c")


def test_a_slow_statement_is_stopped_and_the_connection_stays_usable():
    with pytest.raises(TimeBudgetExceeded), time_budget(50):
        with connection.cursor() as cursor:
            cursor.execute(slow_statement())
    with connection.cursor() as cursor:  # no budget any more: a statement of a few tens of ms runs to the end
        cursor.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) "
                       "SELECT count(*) FROM c")
        assert cursor.fetchone()[0] == 100000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
def test_postgresql_statement_timeout_is_restored():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    with time_budget(5000):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "5s"
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


def test_count_up_to_counts_within_the_cap():
    for code in ("91", "92", "93"):
        Province.objects.get_or_create(code=code, defaults={"name": f"Provinsi {code}"})
    three = Province.objects.filter(code__in=["91", "92", "93"])
    assert count_up_to(three, 10, budget_ms=1000) == 3
    assert count_up_to(three, 1, budget_ms=1000) == 2  # cap + 1: "more than 1"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps its own statistics")
def test_planner_statistics_cover_every_index_and_run_daily():
    from satupintu.core import periodic
    from satupintu.core.db import refresh_planner_statistics

    assert "core.planner_statistics" in {job.name for job in periodic.jobs()}
    for code in ("91", "92", "93"):  # ANALYZE records nothing for an empty table
        Province.objects.get_or_create(code=code, defaults={"name": f"Provinsi {code}"})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")  # creates sqlite_stat1 when missing
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'wilayah_province'")
        assert refresh_planner_statistics() is True
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'wilayah_province'")
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'wilayah_province'")
        analysed = {row[0] for row in cursor.fetchall()}
    assert indexes and indexes <= analysed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="statement_timeout is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_postgresql_budget_outside_a_transaction_ends_with_it():
    with time_budget(5000):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "5s"
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
