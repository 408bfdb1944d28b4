"""Statistics (median minutes, share within the promise, returns by reason) and the public realisation by month."""

import pytest
from django.http import Http404

from .. import selectors
from ..models import PaymentOrder
from .factories import budget_line, order_to

pytestmark = pytest.mark.django_db


def test_statistics_per_month_and_agency(finance, agencies, line):
    minutes = [10, 30, 70]  # median 30, 2 of 3 within 60
    orders = [order_to("issued", line=line, amount=1000) for _ in minutes]
    for order, m in zip(orders, minutes, strict=True):
        PaymentOrder.objects.filter(pk=order.pk).update(clock_seconds=m * 60, sp2d_month=3)
    other = budget_line(agencies["dinkes"], 1_000_000, activity="1.02.02.2.01.0001")
    order_to("returned", line=other, amount=1000)  # returned once, for documents
    data = selectors.statistics_for(finance["verifier"], year=line.year)
    (row,) = data["rows"]
    assert (row.month, row.agency, row.count, row.median_minutes) == (3, "Dinas PUPR", 3, 30)
    assert round(row.within_promise, 1) == 66.7
    assert data["returns"] == {"documents": 1}
    assert data["overall"]["count"] == 3
    with pytest.raises(Http404):
        selectors.statistics_for(finance["treasurer"], year=line.year)


def test_realisation_by_agency_programme_and_month(finance, agencies, line):
    a = order_to("issued", line=line, amount=2_000_000)
    b = order_to("sent", line=line, amount=500_000)
    order_to("verified", line=line, amount=700_000)  # not issued: not realised
    PaymentOrder.objects.filter(pk=a.pk).update(sp2d_month=2)
    PaymentOrder.objects.filter(pk=b.pk).update(sp2d_month=5)
    budget_line(agencies["dinkes"], 3_000_000, activity="1.02.02.2.01.0001")
    rows = {(r["agency"], r["program_code"]): r for r in selectors.realisation(year=line.year)}
    pupr = rows[("Dinas Pekerjaan Umum dan Penataan Ruang", "1.03.02")]
    assert pupr["budget"] == 10_000_000 and pupr["realised"] == 2_500_000
    assert pupr["months"][1] == 2_000_000 and pupr["months"][4] == 500_000 and sum(pupr["months"]) == 2_500_000
    assert pupr["share"] == 25
    dinkes = rows[("Dinas Kesehatan", "1.02.02")]
    assert dinkes["realised"] == 0 and dinkes["budget"] == 3_000_000
