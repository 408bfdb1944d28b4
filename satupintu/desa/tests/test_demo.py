from io import StringIO

from satupintu.akun.roles import Role
from satupintu.akun.tests.factories import UserFactory
from satupintu.desa import demo
from satupintu.desa.budget.importer import parse_budget_file
from satupintu.desa.models import Article, BudgetLine, Product, VillageBudget


def test_demo_budget_adds_up():
    for index in range(5):
        rows = demo.demo_budget_rows(index)
        parse_budget_file(demo.budget_csv_bytes(rows), "demo.csv")  # raises if any total is off
        amounts = {r[0]: r[2] for r in rows}
        assert amounts["5"] == amounts["4"] + amounts["6"]
        assert 1_000_000_000 <= amounts["4.2.1"] < 1_200_000_000 and 400_000_000 <= amounts["4.2.3"] < 500_000_000


def test_demo_seed_is_idempotent(regency):
    UserFactory(username="admin", role=Role.REGENCY_ADMIN)
    demo.seed(stdout=StringIO(), options={})
    counts = (Article.objects.count(), Product.objects.count(), VillageBudget.objects.count(), BudgetLine.objects.count())
    assert counts[0] == 3 * 6 and counts[2] == 3  # the fixture has three desa (the kelurahan is left out)
    demo.seed(stdout=StringIO(), options={})
    assert (Article.objects.count(), Product.objects.count(), VillageBudget.objects.count(),
            BudgetLine.objects.count()) == counts
