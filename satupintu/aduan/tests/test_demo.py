import io

import pytest

from satupintu.aduan import demo
from satupintu.aduan.models import Category, Complaint, Status
from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_covers_the_states(regency, agencies, village_a):
    UserFactory(username="admin", role=Role.REGENCY_ADMIN, is_staff=True)
    UserFactory(username="admin_opd", role=Role.OPD_ADMIN, agency=agencies["pupr"])
    UserFactory(username="kepala_opd", role=Role.OPD_HEAD, agency=agencies["pupr"])
    UserFactory(username="bupati", role=Role.REGENT)
    out = io.StringIO()
    demo.seed(stdout=out, options={})
    count, categories = Complaint.objects.count(), Category.objects.count()
    assert count == len(demo.PLAN) and categories == len(demo.CATEGORIES)
    assert {Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.PENDING_APPROVAL, Status.ANSWERED,
            Status.CLOSED, Status.RETURNED, Status.REJECTED} <= set(Complaint.objects.values_list("status", flat=True))
    assert "Disdik" in out.getvalue()  # missing agencies are reported, not fatal
    demo.seed(stdout=io.StringIO(), options={})
    assert Complaint.objects.count() == count and Category.objects.count() == categories
    assert Complaint.objects.filter(deadline__lt="2000-01-01").count() == 0
