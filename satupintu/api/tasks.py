"""Thin tasks: call a service."""

from __future__ import annotations

from django_tasks import task


@task()
def lapor_sync_task() -> dict:
    from .lapor.services import lapor_sync

    return lapor_sync()
