"""LS gaji: PPh 21 withheld by TER (PP 58/2023) from the salary lines, per employee and PTKP status."""

import pytest
from django.core.exceptions import ValidationError

from satupintu.akun.roles import Role

from .. import services
from ..models import OrderKind, TaxClass
from .factories import budget_line, person

pytestmark = pytest.mark.django_db

NIP_A = "198001012005011001"
NIP_B = "199002022015022002"


@pytest.fixture
def payroll(finance, agencies):
    pupr = agencies["pupr"]
    salary = budget_line(pupr, 900_000_000, code="5.1.01.01.01.0001", description="Gaji pokok PNS")
    family = budget_line(pupr, 100_000_000, code="5.1.01.01.02.0001", description="Tunjangan keluarga PNS")
    treasurer = person(Role.TREASURER, pupr)
    order = services.order_create(
        by=treasurer,
        kind=OrderKind.LS_SALARY,
        description="Gaji induk Januari",
        recipient_name="Bendahara Gaji",
        bank="bank_sumut",
        account_number="1234567890",
        account_name="Bendahara Gaji",
        year=salary.year,
    )
    return {"order": order, "salary": salary, "family": family, "by": treasurer}


def _add(payroll, line, amount, nip, ptkp):
    return services.order_line_add(
        order=payroll["order"],
        by=payroll["by"],
        budget_line=payroll[line],
        description=f"Gaji {nip}",
        amount=amount,
        tax_class=TaxClass.SALARY,
        employee_number=nip,
        ptkp_status=ptkp,
    )


def test_the_spp_withholds_pph21_by_ter_on_each_employees_monthly_gross(payroll):
    # Employee A (K/1): gaji pokok 9.000.000 + tunjangan keluarga 1.000.000 = 10.000.000, table B 1,5 % = 150.000.
    # Employee B (TK/0): 5.400.000, table A 0 %.
    _add(payroll, "salary", 9_000_000, NIP_A, "K/1")
    _add(payroll, "family", 1_000_000, NIP_A, "K/1")
    _add(payroll, "salary", 5_400_000, NIP_B, "TK/0")
    order = payroll["order"]
    order.refresh_from_db()
    assert order.gross == 15_400_000
    assert order.pph21 == 150_000
    assert order.net == 15_400_000 - 150_000
    # Removing employee A's allowance drops him to 9.000.000: table B 1 % (7.300.001-9.200.000) = 90.000.
    family_line = order.lines.get(budget_line=payroll["family"])
    services.order_line_remove(order=order, by=payroll["by"], line_id=family_line.pk)
    order.refresh_from_db()
    assert order.pph21 == 90_000


def test_a_salary_line_needs_the_employee_and_a_consistent_ptkp_status(payroll):
    with pytest.raises(ValidationError) as missing:
        _add(payroll, "salary", 5_000_000, "", "K/0")
    assert "NIP" in missing.value.messages[0]
    with pytest.raises(ValidationError) as no_status:
        _add(payroll, "salary", 5_000_000, NIP_A, "")
    assert "PTKP" in no_status.value.messages[0]
    _add(payroll, "salary", 5_000_000, NIP_A, "K/0")
    with pytest.raises(ValidationError) as conflict:
        _add(payroll, "family", 500_000, NIP_A, "K/2")
    assert "K/0" in conflict.value.messages[0]
    assert payroll["order"].lines.count() == 1


def test_ter_salary_withholding_only_in_a_salary_spp(finance, line):
    treasurer = person(Role.TREASURER, line.agency)
    order = services.order_create(
        by=treasurer,
        kind=OrderKind.LS_GOODS,
        description="Belanja",
        recipient_name="CV Maju",
        bank="bank_sumut",
        account_number="1234567890",
        account_name="CV Maju",
        year=line.year,
    )
    with pytest.raises(ValidationError):
        services.order_line_add(
            order=order,
            by=treasurer,
            budget_line=line,
            description="x",
            amount=1_000_000,
            tax_class=TaxClass.SALARY,
            employee_number=NIP_A,
            ptkp_status="K/0",
        )
    assert not order.lines.exists()


def test_a_salary_line_through_the_page(client, payroll):
    order = payroll["order"]
    client.force_login(payroll["by"])
    url = f"/keuangan/spm/{order.pk}/aksi/add_line/"
    base = {"budget_line": payroll["salary"].pk, "description": "Gaji pokok", "tax_class": "salary"}
    # Without the PTKP status: refused with the reason, nothing added.
    page = client.post(url, {**base, "amount": "10.000.000", "employee_number": NIP_A}, follow=True)
    assert "status PTKP" in page.content.decode() and not order.lines.exists()
    client.post(url, {**base, "amount": "Rp10.000.000", "employee_number": NIP_A, "ptkp_status": "K/3"})
    order.refresh_from_db()
    # Table C, 9.800.001-10.950.000: 1,5 % of 10.000.000 = 150.000.
    assert (order.gross, order.pph21) == (10_000_000, 150_000)
    page = client.get(f"/keuangan/spm/{order.pk}/").content.decode()
    assert f"{NIP_A} · K/3" in page
