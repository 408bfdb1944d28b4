import pytest

from satupintu.core.audit import audit_trail
from satupintu.core.tests.factories import AuditEventFactory, walk_to

PATHS = {"new": [], "half": ["a"], "done": ["a", "b"], "other": ["c"]}


def _steps(log):
    return {name: (lambda obj, name=name: log.append(name)) for name in "abc"}


def test_walk_runs_the_missing_steps_only():
    log = []
    walk_to(object(), "done", paths=PATHS, steps=_steps(log))
    walk_to(object(), "done", paths=PATHS, steps=_steps(log), current="half")
    assert log == ["a", "b", "b"]


def test_walk_refuses_unknown_states_and_going_back():
    with pytest.raises(ValueError, match="unknown state"):
        walk_to(object(), "lost", paths=PATHS, steps=_steps([]))
    with pytest.raises(ValueError, match="not on the way"):
        walk_to(object(), "done", paths=PATHS, steps=_steps([]), current="other")


@pytest.mark.django_db
def test_audit_event_is_written_through_audit_record():
    event = AuditEventFactory(action="test.checked", to_state="ok")

    assert list(audit_trail(event.target)) == [event]
