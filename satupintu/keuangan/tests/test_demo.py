import io

import pytest

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.core.models import AuditEvent

from .. import demo
from ..models import BudgetLine, OrderStatus, PaymentOrder

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_fills_the_queue(agencies, bpkad):
    from satupintu.organisasi.models import Agency

    for slug, name in (("disdik", "Dinas Pendidikan"),):
        Agency.objects.create(slug=slug, name=name, short_name=slug.title(), kind=Agency.Kind.DINAS)
    UserFactory(username="kepala_opd", role=Role.OPD_HEAD, agency=agencies["pupr"])
    out = io.StringIO()
    demo.seed(stdout=out, options={})
    assert "dilewati" not in out.getvalue()
    statuses = sorted(PaymentOrder.objects.values_list("status", flat=True))
    assert statuses.count(OrderStatus.AT_TREASURY) == 3
    # The payroll: K/2 7.095.000 (table B 0,75 %: 53.212), TK/0 3.850.000 (0 %), K/3 8.140.000 (table C 1 %: 81.400).
    payroll = PaymentOrder.objects.get(kind="ls_gaji")
    assert (payroll.gross, payroll.pph21) == (7_095_000 + 3_850_000 + 8_140_000, 53_212 + 81_400)
    assert {OrderStatus.ISSUED, OrderStatus.SENT, OrderStatus.RETURNED, OrderStatus.VERIFIED, OrderStatus.DRAFT} <= \
        set(statuses)
    assert BudgetLine.objects.filter(agency__slug="disdik").exists()
    assert all(o.pdf for o in PaymentOrder.objects.filter(status__in=("issued", "sent")))
    before = (PaymentOrder.objects.count(), BudgetLine.objects.count(), AuditEvent.objects.count())
    demo.seed(stdout=out, options={})
    assert (PaymentOrder.objects.count(), BudgetLine.objects.count(), AuditEvent.objects.count()) == before
