"""Work per step, counted in queries: the treasury's pages and steps cost the same whatever the number of SPMs
waiting or SP2Ds issued (no N+1), within fixed bounds (the benchmark's budget: verify + issue < 150 ms, queue < 50 ms)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import services
from ..models import TaxClass
from .factories import ALL_TICKED, budget_line, order_to

pytestmark = pytest.mark.django_db


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def _page(client, url):
    def get():
        assert client.get(url).status_code == 200

    return get


@pytest.mark.parametrize("url", ["/keuangan/antrean/", "/keuangan/papan/"])
def test_queue_and_board_queries_do_not_grow_with_the_orders(client, finance, agencies, line, url):
    other = budget_line(agencies["dinkes"], 50_000_000)
    order_to("at_treasury", line=line, amount=100_000)
    client.force_login(finance["verifier"])
    client.get(url)  # warm the per-process memos (calendar, settings)
    few = _count(_page(client, url))
    for n in range(4):
        order_to("at_treasury", line=line, amount=100_000)
        order_to("verified", line=other, amount=100_000 + n)
    many = _count(_page(client, url))
    assert many == few
    assert few <= 5  # session, user, user's agency, the orders (with their agency), nothing per row


def test_verify_and_issue_take_a_fixed_number_of_queries(finance, line, django_assert_max_num_queries):
    orders = [
        order_to("at_treasury", line=line, amount=2_220_000, tax_class=TaxClass.GOODS) for _ in range(3)
    ]
    counts = []
    for order in orders:
        verify = _count(
            lambda o=order: services.spm_verify(order=o, by=finance["verifier"], checklist=ALL_TICKED)
        )
        sign = _count(lambda o=order: services.sp2d_sign(order=o, by=finance["kuasa_bud"]))
        counts.append((verify, sign))
    # The same work for the second and the third SP2D of the year; the first also creates the year's counter.
    assert counts[1] == counts[2], counts
    verify, sign = counts[2]
    # verify: lock the order, year open, attachments, lines asked, lock the DPA lines, cash plan, commit the line,
    # save the order, audit.
    assert verify <= 9
    # sign: lock the order (with its agency), year open, the number (one UPDATE ... RETURNING), the lines for the
    # PDF, save the order, audit, the agency's finance staff, their channel preferences, the outbox row.
    assert sign <= 9


def test_the_sp2d_number_is_one_statement_once_the_years_counter_exists(finance, line):
    from django.db import transaction

    from ..services import next_number

    with transaction.atomic():
        first = _count(lambda: next_number(agency_id=line.agency_id, doc_type="SPD", year=2031))
        with CaptureQueriesContext(connection) as ctx:
            number = next_number(agency_id=line.agency_id, doc_type="SPD", year=2031)
    assert number == 2
    assert first <= 3 and len(ctx.captured_queries) == 1


def test_the_public_realisation_is_kept_until_an_sp2d_changes_it(finance, line):
    from .. import selectors

    order = order_to("verified", line=line, amount=1_000_000)
    before = selectors.realisation(year=line.year)
    assert _count(lambda: selectors.realisation(year=line.year)) == 0  # read from the memo
    services.sp2d_sign(order=order, by=finance["kuasa_bud"])
    after = selectors.realisation(year=line.year)
    assert sum(r["realised"] for r in after) == sum(r["realised"] for r in before) + 1_000_000
