"""Thin tasks: call a service."""

from __future__ import annotations

from django_tasks import task


@task()
def planner_statistics_task() -> bool:
    from .db import refresh_planner_statistics

    return refresh_planner_statistics()
