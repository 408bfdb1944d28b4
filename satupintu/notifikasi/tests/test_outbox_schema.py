"""The outbox table carries only the indexes its queries need: every send updates its row twice and PostgreSQL
writes each index again for every update (benchmarks/outbox.py, issue 23)."""

import pytest
from django.db import connection

from satupintu.notifikasi.models import OutboxMessage


@pytest.mark.django_db
def test_the_outbox_has_only_the_indexes_its_queries_need():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, OutboxMessage._meta.db_table)
    indexed = sorted(tuple(c["columns"]) for c in constraints.values()
                     if (c["index"] or c["unique"]) and not c["primary_key"])
    assert indexed == [("event",), ("idempotency_key",), ("provider_message_id",), ("source_key",),
                       ("status", "next_attempt_at"), ("user_id",)]
    assert any(c["unique"] and c["columns"] == ["idempotency_key"] for c in constraints.values())
