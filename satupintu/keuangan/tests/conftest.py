"""Fixtures of the treasury tests: the treasury (BPKAD) with its verifier, Kuasa BUD and BUD; the finance staff of
Dinas PUPR (the `users` fixture's OPD head is its PA) and of Dinas Kesehatan; a DPA line of Rp10.000.000."""

import pytest

from satupintu.akun.roles import Role

from .factories import budget_line, person, treasury


@pytest.fixture
def bpkad(db):
    return treasury()


@pytest.fixture
def finance(users, agencies, bpkad):
    from ..accounts import seed_accounts
    from ..models import Account

    seed_accounts(Account)  # migration 0002 seeds them; a transactional test before this one flushed them
    pupr, dinkes = agencies["pupr"], agencies["dinkes"]
    return {
        "treasurer": person(Role.TREASURER, pupr, "bendahara_pupr"),
        "ppk": person(Role.PPK_SKPD, pupr, "ppk_pupr"),
        "head": users["opd_head"],
        "treasurer_b": person(Role.TREASURER, dinkes, "bendahara_dinkes"),
        "ppk_b": person(Role.PPK_SKPD, dinkes, "ppk_dinkes"),
        "head_b": users["opd_head_b"],
        "verifier": person(Role.TREASURY_VERIFIER, bpkad, "verifikator"),
        "kuasa_bud": person(Role.KUASA_BUD, bpkad, "kuasa_bud"),
        "bud": person(Role.BUD, bpkad, "bud"),
    }


@pytest.fixture
def line(finance, agencies):
    return budget_line(agencies["pupr"], 10_000_000)
