import pytest

from satupintu.core.audit import audit_trail
from satupintu.desa.models import PublishState
from satupintu.desa.tests.factories import ArticleFactory, ProductFactory, VillageBudgetFactory

pytestmark = pytest.mark.django_db


def test_article_is_written_by_the_village_operator(users, village_a):
    article = ArticleFactory(village=village_a, body="Warga membersihkan parit.")

    assert article.is_public and article.slug and article.body == "<p>Warga membersihkan parit.</p>"
    assert article.author == users["village_operator"]
    assert [e.action for e in audit_trail(article)] == ["desa.article.created"]
    assert not ArticleFactory(village=village_a, status=PublishState.DRAFT).is_public


def test_product_and_its_seller_in_one_village():
    product = ProductFactory()

    assert product.seller.village_id == product.village_id and product.is_public


def test_budget_published_with_its_lines():
    budget = VillageBudgetFactory(status=PublishState.PUBLISHED, lines=True)

    assert budget.is_public and budget.lines.exists()
    assert [e.action for e in audit_trail(budget)][0] == "desa.budget.created"
