"""aduan.permissions, role by report scope, and what the staff page answers: 404 for a report outside the scope,
403 for a step the user may not take on a report they can see."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from satupintu.aduan import permissions, services
from satupintu.aduan.models import Status
from satupintu.aduan.selectors import complaints_for_staff

EVERYONE = ("anonymous", "citizen", "village_operator", "village_head", "village_operator_b", "opd_admin", "opd_head",
            "opd_admin_b", "ppid_pupr", "ppid_utama", "regency_admin", "regent")
A, B = "12.18.01.2001", "12.18.02.2001"


def _user(users, key):
    return AnonymousUser() if key == "anonymous" else users[key]


def _scopes(agencies):
    """Reports by where they sit: (agency, handler unit, village)."""
    return {
        "pupr_in_a": SimpleNamespace(agency_id=agencies["pupr"].pk, handler_unit_id=None, village_id=A),
        "bina_marga_in_b": SimpleNamespace(agency_id=agencies["pupr"].pk, handler_unit_id=agencies["bina_marga"].pk,
                                           village_id=B),
        "dinkes_in_b": SimpleNamespace(agency_id=agencies["dinkes"].pk, handler_unit_id=None, village_id=B),
        "unrouted": SimpleNamespace(agency_id=None, handler_unit_id=None, village_id=None),
    }


SEES = {
    "pupr_in_a": {"village_operator", "village_head", "opd_admin", "opd_head", "ppid_pupr"},
    "bina_marga_in_b": {"village_operator_b", "opd_admin", "opd_head", "ppid_pupr"},
    "dinkes_in_b": {"village_operator_b", "opd_admin_b"},
    "unrouted": set(),
}
SEE_TABLE = [(key, scope, key in SEES[scope] | {"regency_admin", "regent"}) for scope in SEES for key in EVERYONE]


@pytest.mark.parametrize(("key", "scope", "expected"), SEE_TABLE)
def test_can_see_complaint(users, agencies, key, scope, expected):
    assert permissions.can_see_complaint(_user(users, key), _scopes(agencies)[scope]) is expected


def test_a_unit_admin_sees_only_what_was_passed_to_the_unit(users, agencies):
    from satupintu.akun.tests.factories import UserFactory

    unit_admin = UserFactory(username="admin_bm", role="opd_admin", agency=agencies["bina_marga"])
    scopes = _scopes(agencies)
    assert permissions.can_see_complaint(unit_admin, scopes["bina_marga_in_b"])
    assert not permissions.can_see_complaint(unit_admin, scopes["pupr_in_a"])


def test_the_rule_and_the_staff_query_agree(submit, users, agencies, village_b):
    here = submit(title="Di Sialtong")
    there = submit(title="Di Bantan", village=village_b)
    services.complaint_verify(complaint=there, by=users["regency_admin"], agency=agencies["dinkes"])
    reports = [here, there]
    for key in EVERYONE:
        user = _user(users, key)
        visible = set(complaints_for_staff(user)) if key != "anonymous" else set()
        assert {c for c in reports if permissions.can_see_complaint(user, c)} == visible, key


@pytest.mark.parametrize(("key", "anonymous", "expected"), [
    (key, anonymous, key not in ("anonymous", "citizen") and not anonymous)
    for key in EVERYONE for anonymous in (False, True)
])
def test_can_see_reporter(users, key, anonymous, expected):
    assert permissions.can_see_reporter(_user(users, key), SimpleNamespace(is_anonymous=anonymous)) is expected


@pytest.mark.parametrize(("key", "queues"), [
    ("anonymous", []), ("citizen", []),
    ("village_operator", ["late", "all"]), ("ppid_utama", ["late", "all"]),
    ("opd_admin", ["answer", "approve", "late", "all"]), ("opd_head", ["answer", "approve", "late", "all"]),
    ("regency_admin", ["verify", "assign", "answer", "approve", "late", "all"]),
    ("regent", ["verify", "assign", "answer", "approve", "late", "all"]),
])
def test_queues_for(users, key, queues):
    assert permissions.queues_for(_user(users, key)) == queues


@pytest.mark.parametrize("key", EVERYONE)
def test_late_dashboard_and_similar_reports(users, key):
    user = _user(users, key)
    assert permissions.can_see_late_dashboard(user) is (key in ("regency_admin", "regent"))
    assert permissions.can_see_similar(user) is (key == "regency_admin")


# Who may take which step on a report routed to PUPR, by its state.
ACTION_TABLE = [
    (Status.RECEIVED, "verify", {"regency_admin"}),
    (Status.RECEIVED, "reject", {"regency_admin"}),
    (Status.ASSIGNED, "accept", {"opd_admin", "opd_head"}),  # a PPID officer of the OPD sees, does not act
    (Status.ASSIGNED, "instruct", {"regent"}),
    (Status.IN_PROGRESS, "submit_answer", {"opd_admin", "opd_head"}),  # a PPID officer of the OPD sees, does not act
    (Status.PENDING_APPROVAL, "approve_answer", {"opd_head"}),
    (Status.PENDING_APPROVAL, "verify", set()),
]


@pytest.mark.parametrize(("status", "action", "allowed"), ACTION_TABLE)
def test_can_take_action(users, agencies, status, action, allowed):
    from satupintu.aduan.models import Complaint

    complaint = Complaint(pk=1, status=status, agency=agencies["pupr"], village_id=A)
    complaint._state.adding = False  # as if loaded: the workflow reads an unsaved report as not filed yet
    for key in EVERYONE:
        assert permissions.can_take_action(_user(users, key), complaint, action) is (key in allowed), key


# --- What the staff page answers ---------------------------------------------------------------------------------


def test_another_agency_gets_404_and_a_forbidden_step_on_a_visible_report_403(client, submit, users, agencies):
    c = submit()
    services.complaint_verify(complaint=c, by=users["regency_admin"], agency=agencies["pupr"])
    url = reverse("aduan:staff_detail", args=[c.tracking_code])
    client.force_login(users["opd_admin_b"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "accept"}).status_code == 404
    client.force_login(users["opd_admin"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "approve_answer"}).status_code == 403  # the head's step, and not now
    client.force_login(users["village_operator"])  # the report is in their village: they watch, never act
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "accept", "accept-x": ""}).status_code == 403
    c.refresh_from_db()
    assert c.status == Status.ASSIGNED


def test_an_unknown_code_is_404_and_the_late_dashboard_is_403_for_others(client, users):
    client.force_login(users["regency_admin"])
    assert client.get(reverse("aduan:staff_detail", args=["ADU-XXXX-XXXX"])).status_code == 404
    assert client.get(reverse("aduan:late_dashboard")).status_code == 200
    client.force_login(users["opd_admin"])
    assert client.get(reverse("aduan:late_dashboard")).status_code == 403
    client.logout()
    assert client.get(reverse("aduan:late_dashboard")).status_code == 302
