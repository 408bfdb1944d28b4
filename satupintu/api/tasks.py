"""Thin tasks: call a service."""

from __future__ import annotations

from django_tasks import task


@task()
def lapor_sync_task() -> dict:
    from .lapor.services import lapor_sync

    return lapor_sync()


@task()
def events_catch_up_task() -> int:
    from .dispatch import events_catch_up

    return events_catch_up()
