import pytest
from django.http import Http404

from satupintu.penduduk.selectors import resident_get_by_nik_for_user, resident_search, residents_for_user
from satupintu.penduduk.tests.factories import ResidentFactory


@pytest.fixture
def residents(village_a, village_b):
    return ResidentFactory(village=village_a, name="Budi Santoso"), ResidentFactory(village=village_b, name="Rina")


def test_village_staff_see_only_their_village(users, residents):
    budi, rina = residents
    assert list(residents_for_user(user=users["village_operator"])) == [budi]
    assert list(residents_for_user(user=users["village_head"])) == [budi]
    assert list(residents_for_user(user=users["village_operator_b"])) == [rina]
    assert set(residents_for_user(user=users["regency_admin"])) == {budi, rina}
    for role in ("citizen", "opd_admin", "ppid_utama"):
        assert not residents_for_user(user=users[role]).exists()


def test_nik_lookup_outside_scope_is_not_found(users, residents):
    budi, rina = residents
    assert resident_get_by_nik_for_user(nik=budi.nik, user=users["village_operator"]) == budi
    assert resident_get_by_nik_for_user(nik=rina.nik, user=users["regency_admin"]) == rina
    with pytest.raises(Http404):
        resident_get_by_nik_for_user(nik=rina.nik, user=users["village_operator"])
    with pytest.raises(Http404):
        resident_get_by_nik_for_user(nik=budi.nik, user=users["opd_admin"])
    with pytest.raises(Http404):
        resident_get_by_nik_for_user(nik="bukan-nik", user=users["regency_admin"])


def test_search_by_name_nik_prefix_and_exact_nik(users, residents):
    budi, _ = residents
    admin = users["regency_admin"]
    assert list(resident_search(user=admin, query="budi sant")) == [budi]
    assert list(resident_search(user=admin, query=budi.nik)) == [budi]
    assert budi in resident_search(user=admin, query=budi.nik[:8])
