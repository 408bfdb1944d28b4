"""Ceilings: a line's remainder, its SPD remainder and its cash plan; bad input names the line and changes nothing."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from .. import services
from ..models import BudgetLine, CashPlan, FiscalYear, OrderStatus, PaymentLine, PaymentOrder
from .factories import ALL_TICKED, budget_line, draft, order_to


@pytest.mark.django_db
def test_an_amount_over_the_remainder_names_the_line_and_the_remainder(finance, line):
    order_to("verified", line=line, amount=7_000_000)
    order = draft(line, 1_000_000)
    with pytest.raises(ValidationError) as err:
        services.order_line_add(order=order, by=finance["treasurer"], budget_line=line, description="Kertas",
                                amount=2_500_000)
    message = err.value.messages[0]
    assert "5.1.02.01.01.0024 Alat tulis kantor" in message and "Rp3.000.000" in message
    assert order.lines.count() == 1  # nothing added


@pytest.mark.django_db
def test_negative_or_zero_amounts_are_refused(finance, line):
    order = draft(line, 1000)
    for amount in (-5000, 0):
        with pytest.raises(ValidationError, match="negatif"):
            services.order_line_add(order=order, by=finance["treasurer"], budget_line=line, description="x",
                                    amount=amount)
    assert order.lines.count() == 1


@pytest.mark.django_db
def test_a_bank_account_of_the_wrong_length_is_refused(finance, line):
    with pytest.raises(ValidationError, match="10 digit"):
        services.order_create(by=finance["treasurer"], kind="ls_barang", description="ATK", recipient_name="CV A",
                              bank="bank_sumut", account_number="12345", account_name="CV A")
    with pytest.raises(ValidationError, match="15 digit"):
        services.order_create(by=finance["treasurer"], kind="ls_barang", description="ATK", recipient_name="CV A",
                              bank="bri", account_number="1234-5678-90", account_name="CV A")
    assert not PaymentOrder.objects.exists()


@pytest.mark.django_db
def test_a_closed_year_takes_no_new_spp_and_no_verification(finance, line):
    order = order_to("at_treasury", line=line)
    FiscalYear.objects.filter(year=line.year).update(is_closed=True)
    with pytest.raises(ValidationError, match="ditutup"):
        draft(line, 1000)
    with pytest.raises(ValidationError, match="ditutup"):
        services.spm_verify(order=order, by=finance["verifier"], checklist=ALL_TICKED)
    assert PaymentOrder.objects.get(pk=order.pk).status == OrderStatus.AT_TREASURY


@pytest.mark.django_db
def test_spd_and_cash_plan_limit_what_verification_commits(finance, agencies, settings):
    pupr = agencies["pupr"]
    line = budget_line(pupr, 12_000_000, released=False, code="5.1.02.01.01.0026")
    CashPlan.objects.filter(line=line).delete()
    CashPlan.objects.bulk_create([CashPlan(line=line, month=m, amount=1_000_000) for m in range(1, 13)])
    # No SPD yet: drafting is refused, naming the SPD remainder.
    with pytest.raises(ValidationError, match="sisa SPD Rp0"):
        draft(line, 500_000)
    spd = services.spd_issue(agency=pupr, year=line.year, month_from=1, month_to=3, by=finance["bud"])
    assert spd.amount == 3_000_000
    line.refresh_from_db()
    assert line.spd_released == 3_000_000
    with pytest.raises(ValidationError, match="Periode"):
        services.spd_issue(agency=pupr, year=line.year, month_from=3, month_to=4, by=finance["bud"])
    order = order_to("at_treasury", line=line, amount=2_000_000)
    second = order_to("at_treasury", line=line, amount=1_500_000)
    services.spm_verify(order=order, by=finance["verifier"], checklist=ALL_TICKED)
    with pytest.raises(ValidationError) as err:
        services.spm_verify(order=second, by=finance["verifier"], checklist=ALL_TICKED)
    assert any("sisa SPD Rp1.000.000" in m for m in err.value.messages)
    assert BudgetLine.objects.get(pk=line.pk).committed == 2_000_000


def _approve_concurrently(orders, verifier):
    barrier = threading.Barrier(len(orders))
    results: dict[int, str] = {}

    def work(order):
        try:
            barrier.wait()
            services.spm_verify(order=order, by=verifier, checklist=ALL_TICKED)
            results[order.pk] = "ok"
        except ValidationError as exc:
            results[order.pk] = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            results[order.pk] = f"ERROR {type(exc).__name__}: {exc}"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_never_overspend_a_line(finance, agencies):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers: covered by the sequential tests)")
    line = budget_line(agencies["pupr"], 10_000_000)
    # 20 SPMs of Rp700.000 against a line of Rp10.000.000: at most 14 fit.
    orders = [order_to("at_treasury", line=line, amount=700_000) for _ in range(20)]
    results = _approve_concurrently(orders, finance["verifier"])
    assert len(results) == 20
    assert not [r for r in results.values() if r.startswith("ERROR")], results
    passed = [pk for pk, r in results.items() if r == "ok"]
    refused = [r for r in results.values() if r != "ok"]
    line.refresh_from_db()
    committed = sum(PaymentLine.objects.filter(order_id__in=passed).values_list("amount", flat=True))
    assert line.committed == committed == 14 * 700_000 <= line.amount
    assert len(refused) == 6
    for reason in refused:
        assert "5.1.02.01.01.0024 Alat tulis kantor" in reason and "sisa pagu Rp200.000" in reason
    assert PaymentOrder.objects.filter(status=OrderStatus.VERIFIED).count() == 14


@pytest.mark.django_db(transaction=True)
def test_concurrent_signatures_number_without_gaps_or_duplicates(finance, agencies):
    """Ten heads' signatures at the same moment (one agency, one year): SPM numbers 1..10, each once."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    line = budget_line(agencies["pupr"], 10_000_000, code="5.1.02.01.01.0052")
    orders = [order_to("spm_draft", line=line, amount=1000) for _ in range(10)]
    barrier = threading.Barrier(len(orders))
    errors = []

    def sign(order):
        try:
            barrier.wait()
            services.spm_sign(order=order, by=finance["head"])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(o,)) for o in orders]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    numbers = sorted(int(n[:5]) for n in PaymentOrder.objects.values_list("spm_number", flat=True))
    assert numbers == list(range(1, 11))
