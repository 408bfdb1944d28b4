"""The list pager: a total when it is cheap, none when counting would make the page late."""

import pytest

from satupintu.aduan.views import paging
from satupintu.wilayah.models import Province

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces():
    for i in range(45):
        Province.objects.get_or_create(code=f"{50 + i}", defaults={"name": f"Provinsi uji {i}"})
    return Province.objects.filter(name__startswith="Provinsi uji").order_by("code")


def test_total_on_the_last_page_needs_no_count(provinces, monkeypatch):
    monkeypatch.setattr(paging, "count_up_to", lambda *a, **k: pytest.fail("counted"))
    page = paging.paginate(provinces, "3")
    assert [p.name for p in page["items"]] == [f"Provinsi uji {i}" for i in range(40, 45)]
    assert page["total"] == 45 and not page["has_next"] and page["has_previous"]


def test_total_counted_up_to_the_cap(provinces, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 30)
    page = paging.paginate(provinces, "1")
    assert page["has_next"] and page["total"] == 30 and page["total_capped"]


def test_no_total_when_the_count_runs_out_of_time(provinces, monkeypatch, client):
    monkeypatch.setattr(paging, "count_up_to", lambda *a, **k: None)
    page = paging.paginate(provinces, "1")
    assert page["total"] is None and not page["total_capped"] and len(page["items"]) == 20 and page["has_next"]


def test_pager_text_with_and_without_a_total():
    from django.template.loader import render_to_string

    base = {"items": [], "page": 2, "has_next": True, "has_previous": True, "next": 3, "previous": 1}
    html = render_to_string("aduan/_complaint_items.html", {"page": {**base, "total": 45, "total_capped": False}})
    assert "Halaman 2 · 45 laporan" in html
    html = render_to_string("aduan/_complaint_items.html", {"page": {**base, "total": 200, "total_capped": True}})
    assert "Halaman 2 · lebih dari 200 laporan" in html
    html = render_to_string("aduan/_complaint_items.html", {"page": {**base, "total": None, "total_capped": False}})
    assert "Halaman 2" in html and "laporan</span>" not in html and "Berikutnya" in html
