import io

import pytest

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.ppid import demo
from satupintu.ppid.models import InfoRequest, Objection, PublicInfoItem, Status

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(regency, users, agencies):
    UserFactory(username="admin", role=Role.REGENCY_ADMIN)
    out = io.StringIO()
    demo.seed(stdout=out, options={})
    counts = (PublicInfoItem.objects.count(), InfoRequest.objects.count(), Objection.objects.count())
    assert counts == (11, 10, 1)
    statuses = set(InfoRequest.objects.values_list("status", flat=True))
    assert {Status.RECEIVED, Status.FORWARDED, Status.EXTENDED, Status.ANSWERED} <= statuses
    assert InfoRequest.objects.exclude(late_notified_at=None).exists()
    demo.seed(stdout=out, options={})
    assert (PublicInfoItem.objects.count(), InfoRequest.objects.count(), Objection.objects.count()) == counts
