"""The engine's steps with several targets (`branch`): the target follows the source, or the caller's choice among
those the table allows from it."""

import pytest

from satupintu.core.workflow import SYSTEM, TransitionError, branch, step


def test_a_branch_leads_where_its_source_allows():
    back = branch({"checking": {"incomplete"}, "signing": {"checking"}}, {SYSTEM}, "back")
    assert back.sources == frozenset({"checking", "signing"}) and back.target is None
    assert back.target_from("checking") == "incomplete"
    assert back.target_from("signing") == "checking"
    with pytest.raises(TransitionError):
        back.target_from("signing", "incomplete")  # not from there


def test_a_branch_with_a_choice_needs_one_of_its_targets():
    change = branch({"active": {"moved", "deceased"}, "moved": {"active", "deceased"}}, {SYSTEM}, "change")
    assert change.target_from("active", "deceased") == "deceased"
    with pytest.raises(TransitionError):
        change.target_from("active")  # two targets: the caller must choose
    with pytest.raises(TransitionError):
        change.target_from("active", "active")


def test_a_plain_step_keeps_its_one_target():
    assert step({"a"}, "b", {SYSTEM}, "go").target_from("a") == "b"
    assert step({"a"}, None, {SYSTEM}, "note").target_from("a") is None
