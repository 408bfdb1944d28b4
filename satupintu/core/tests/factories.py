"""The walk every service's factories share, and a factory for audit rows.

A factory that builds "a case in state X" files the case through the service's intake and then calls the service's
public functions one after another, as staff and citizens would: the timeline, the audit trail and the outbox end up
as they are in life. Each app declares its table of steps (step name -> the call) and its paths (state -> the steps
that lead there from intake); `walk_to` runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import factory
from django.contrib.contenttypes.models import ContentType

from satupintu.core.models import AuditEvent

T = TypeVar("T")


def walk_to(
    obj: T,
    state: str,
    *,
    paths: Mapping[str, Sequence[str]],
    steps: Mapping[str, Callable[[Any], Any]],
    current: str | None = None,
) -> T:
    """Run the steps that lead from intake to `state`, each a real service call.

    `current` names the state `obj` is in (a key of `paths`); the walk then starts after the steps that led there, so
    `walk_to(case, "closed")` on an answered case only confirms it. A state off the path to `state` is an error: the
    factory does not guess how to go back. Each step returns the object as the service left it."""
    if state not in paths:
        raise ValueError(f"unknown state {state!r}; a factory can reach: {', '.join(paths)}")
    path = list(paths[state])
    done = list(paths.get(current, ())) if current else []
    if done != path[: len(done)]:
        raise ValueError(f"{current!r} is not on the way to {state!r} ({' -> '.join(path) or 'intake'})")
    for name in path[len(done):]:
        result = steps[name](obj)
        if result is not None:
            obj = result
    return obj


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An audit row about `target` (by default a fresh user), written through `audit_record` like every other."""

    class Meta:
        model = AuditEvent

    target = factory.SubFactory("satupintu.akun.tests.factories.UserFactory")
    action = "test.recorded"
    actor = None
    from_state = ""
    to_state = ""
    note = ""
    data = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class, *args, target=None, **kwargs):
        from satupintu.core.audit import audit_record

        return audit_record(obj=target, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, target=None, **kwargs):
        return model_class(content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk), **kwargs)
