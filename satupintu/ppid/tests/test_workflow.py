"""PPID's tables for the workflow engine: every step has its timeline kind, every declared message its template."""

import pytest

from satupintu.notifikasi.registry import get_template
from satupintu.ppid import services
from satupintu.ppid.models import EventKind
from satupintu.ppid.workflow import ARCHIVE, OBJECTIONS, REQUESTS

pytestmark = pytest.mark.django_db


def test_every_step_is_a_timeline_kind_and_back():
    assert set(REQUESTS.transitions) | set(OBJECTIONS.transitions) | set(ARCHIVE.transitions) == set(EventKind.values)


def test_every_declared_message_has_a_template():
    for event in REQUESTS.notice_events() | OBJECTIONS.notice_events():
        assert get_template(event) is not None


def test_staff_are_offered_the_steps_of_their_role(make_request, ppid_users, agencies):
    r = make_request()
    assert REQUESTS.allowed_actions(ppid_users["ppid_utama"], r) == [
        "forwarded", "extended", "answered", "identity_completed", "from_complaint"]
    assert not {"forwarded", "extended", "answered"} & set(REQUESTS.allowed_actions(ppid_users["ppid_dinkes"], r))
    r = services.info_request_forward(info_request=r, agency=agencies["dinkes"], by=ppid_users["ppid_utama"])
    assert "answered" in REQUESTS.allowed_actions(ppid_users["ppid_dinkes"], r)
    assert "forwarded" not in REQUESTS.allowed_actions(ppid_users["ppid_dinkes"], r)
