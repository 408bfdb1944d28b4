"""ppid.permissions, role by the agency that serves a request, and what the desk answers: 404 for a request outside
the scope, 403 for a step the user may not take on a request they can see."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from satupintu.ppid import permissions, services
from satupintu.ppid.models import Status

EVERYONE = ("anonymous", "citizen", "village_operator", "opd_admin", "opd_head", "opd_head_b", "ppid_utama", "ppid_pupr",
            "ppid_dinkes", "regency_admin", "regent")
AGENCIES = ("diskominfo", "pupr", "bina_marga", "dinkes")


def _user(users, key):
    return AnonymousUser() if key == "anonymous" else users[key]


def _request_at(agencies, agency):
    return SimpleNamespace(agency_id=agencies[agency].pk)


def _table(allowed: dict[str, set[str]]):
    """(user, agency serving the request, expected): `allowed` maps a user to the agencies where the rule holds."""
    return [(key, agency, agency in allowed.get(key, set())) for key in EVERYONE for agency in AGENCIES]


EVERY_AGENCY = set(AGENCIES)


@pytest.mark.parametrize(("key", "agency", "expected"), _table({
    "regency_admin": EVERY_AGENCY, "ppid_utama": EVERY_AGENCY,
    "ppid_pupr": {"pupr", "bina_marga"}, "ppid_dinkes": {"dinkes"},
}))
def test_can_act_on(ppid_users, agencies, key, agency, expected):
    assert permissions.can_act_on(_user(ppid_users, key), _request_at(agencies, agency)) is expected


@pytest.mark.parametrize(("key", "agency", "expected"), _table({
    "regency_admin": EVERY_AGENCY, "ppid_utama": EVERY_AGENCY,
    "opd_head": {"pupr", "bina_marga"}, "opd_head_b": {"dinkes"},  # the superior (atasan) of their own PPID
}))
def test_can_answer_objection(ppid_users, agencies, key, agency, expected):
    objection = SimpleNamespace(request=_request_at(agencies, agency))
    assert permissions.can_answer_objection(_user(ppid_users, key), objection) is expected


@pytest.mark.parametrize(("key", "agency", "expected"), _table({
    "regency_admin": EVERY_AGENCY, "ppid_utama": EVERY_AGENCY,
}))
def test_can_forward_request(ppid_users, agencies, key, agency, expected):
    assert permissions.can_forward_request(_user(ppid_users, key), _request_at(agencies, agency)) is expected


@pytest.mark.parametrize("key", EVERYONE)
def test_role_rules(ppid_users, key):
    user = _user(ppid_users, key)
    officers = {"ppid_utama", "ppid_pupr", "ppid_dinkes"}
    assert permissions.can_see_full_id(user) is (key in officers)
    assert permissions.can_manage_dip(user) is (key in officers | {"regency_admin"})
    assert permissions.sees_all_requests(user) is (key in {"ppid_utama", "regency_admin", "regent"})
    assert permissions.can_open_desk(user) is (key in officers | {"regency_admin", "regent", "opd_head", "opd_head_b"})
    assert permissions.can_forward(user) is (key in {"ppid_utama", "regency_admin"})


# --- What the desk answers -----------------------------------------------------------------------------------------


@pytest.fixture
def at_pupr(clock, make_request, ppid_users, agencies):
    clock.set(date(2026, 6, 19))
    return services.info_request_forward(info_request=make_request(), agency=agencies["pupr"],
                                         by=ppid_users["ppid_utama"])


def test_another_opd_gets_404_and_a_forbidden_step_on_a_visible_request_403(client, at_pupr, ppid_users, agencies):
    detail = reverse("ppid:staff_detail", args=[at_pupr.pk])
    forward = reverse("ppid:staff_forward", args=[at_pupr.pk])
    extend = reverse("ppid:staff_extend", args=[at_pupr.pk])
    for key in ("ppid_dinkes", "opd_head_b"):
        client.force_login(ppid_users[key])
        assert client.get(detail).status_code == 404, key
        assert client.post(extend, {"reason": "Dokumen banyak"}).status_code == 404, key
    client.force_login(ppid_users["ppid_pupr"])  # serves it, but only the PPID Utama forwards
    assert client.get(detail).status_code == 200
    assert client.post(forward, {"agency": agencies["dinkes"].pk}).status_code == 403
    client.force_login(ppid_users["opd_head"])  # sees it as the superior; extending is the PPID's
    assert client.get(detail).status_code == 200
    assert client.post(extend, {"reason": "Dokumen banyak"}).status_code == 403
    client.force_login(ppid_users["regent"])  # sees everything, acts on nothing
    assert client.get(detail).status_code == 200
    assert client.post(extend, {"reason": "Dokumen banyak"}).status_code == 403
    at_pupr.refresh_from_db()
    assert at_pupr.status == Status.FORWARDED and not at_pupr.is_extended


def test_an_opd_admin_may_not_open_the_desk(client, at_pupr, ppid_users):
    client.force_login(ppid_users["opd_admin"])
    assert client.get(reverse("ppid:staff_queue")).status_code == 403
    assert client.get(reverse("ppid:staff_detail", args=[at_pupr.pk])).status_code == 403
