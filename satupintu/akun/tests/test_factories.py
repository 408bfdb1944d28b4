import pytest

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import OpdHeadFactory, VillageOperatorFactory, actor

pytestmark = pytest.mark.django_db


def test_role_factories_give_a_valid_scope():
    for user in (OpdHeadFactory(), VillageOperatorFactory()):
        user.full_clean()  # a village role has its village, an agency role its agency
    assert OpdHeadFactory().check_password("rahasia-demo-123")


def test_actor_reuses_the_shared_users_and_makes_the_missing(users, agencies):
    assert actor(Role.OPD_HEAD, agency=agencies["pupr"]) == users["opd_head"]
    assert actor(Role.REGENCY_ADMIN) == users["regency_admin"]
    made = actor(Role.OPD_HEAD, agency=agencies["diskominfo"])
    assert made.role == Role.OPD_HEAD and made.agency == agencies["diskominfo"]
    assert actor(Role.OPD_HEAD, agency=agencies["diskominfo"]) == made
