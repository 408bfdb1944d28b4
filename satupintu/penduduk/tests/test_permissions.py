"""penduduk.permissions, role by village, and the register's answers: 404 for a resident or family of another
village (a NIK cannot be probed), 403 for a role that may not open the register at all."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from satupintu.penduduk import permissions
from satupintu.penduduk.models import Family
from satupintu.penduduk.tests.factories import ResidentFactory

A, B = "12.18.01.2001", "12.18.02.2001"
EVERYONE = ("anonymous", "citizen", "village_operator", "village_head", "village_operator_b", "opd_admin", "ppid_utama",
            "regency_admin", "regent")
REGISTER_STAFF = {"village_operator", "village_head", "village_operator_b", "regency_admin", "regent"}
WRITES = {("village_operator", A), ("village_head", A), ("village_operator_b", B),
          ("regency_admin", A), ("regency_admin", B), ("regent", A), ("regent", B)}


def _user(users, key):
    return AnonymousUser() if key == "anonymous" else users[key]


@pytest.mark.parametrize("key", EVERYONE)
def test_can_manage_register(users, key):
    assert permissions.can_manage_register(_user(users, key)) is (key in REGISTER_STAFF)


@pytest.mark.parametrize(("key", "village", "expected"),
                         [(key, village, (key, village) in WRITES) for key in EVERYONE for village in (A, B)])
def test_can_manage_residents(users, key, village, expected):
    assert permissions.can_manage_residents(_user(users, key), village) is expected


def test_an_inactive_operator_may_do_nothing(users):
    operator = users["village_operator"]
    operator.is_active = False
    assert not permissions.can_manage_register(operator) and not permissions.can_manage_residents(operator, A)


@pytest.mark.parametrize(("key", "village", "expected"), [
    ("village_operator", None, {A}),
    ("village_operator", A, {A}),
    ("village_operator", B, PermissionDenied),
    ("regency_admin", None, None),
    ("regency_admin", B, {B}),
    ("system", None, None),
    ("system", A, {A}),
    ("opd_admin", None, PermissionDenied),
    ("citizen", A, PermissionDenied),
])
def test_import_villages_for(users, key, village, expected):
    user = None if key == "system" else users[key]
    target = SimpleNamespace(pk=village) if village else None
    if expected is PermissionDenied:
        with pytest.raises(PermissionDenied):
            permissions.import_villages_for(user, target)
    else:
        assert permissions.import_villages_for(user, target) == expected


def test_another_villages_family_is_404_and_an_unknown_one_too(client, users, village_b):
    family = Family.objects.create(kk_number="1218020101260002", village=village_b)
    ResidentFactory(village=village_b, family=family)
    client.force_login(users["village_operator"])
    assert client.get(reverse("penduduk:family_detail", args=[family.pk])).status_code == 404
    assert client.get(reverse("penduduk:family_detail", args=[999_999])).status_code == 404
    client.force_login(users["village_operator_b"])
    assert client.get(reverse("penduduk:family_detail", args=[family.pk])).status_code == 200
    client.force_login(users["opd_admin"])  # may not open the register at all: forbidden, whatever the family
    assert client.get(reverse("penduduk:family_detail", args=[family.pk])).status_code == 403
