"""Periodic jobs. django-tasks has no scheduler, so `manage.py run_scheduler` enqueues the registered tasks at their
interval; any number of `db_worker` processes run them. Apps register in their AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django_tasks Task
    every: timedelta


_registry: dict[str, PeriodicJob] = {}


def register(*, name: str, task, every: timedelta) -> None:
    _registry[name] = PeriodicJob(name=name, task=task, every=every)


def jobs() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda j: j.name)
