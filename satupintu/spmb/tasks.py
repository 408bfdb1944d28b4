"""Thin tasks: load, call a service."""

from __future__ import annotations

from django_tasks import task


@task()
def announce_results_task(year_id: int, round: int = 1) -> int:
    from .services import announce_results

    return announce_results(year_id=year_id, round=round)
