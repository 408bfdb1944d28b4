import pytest

from .factories import hospital, manager, officer


@pytest.fixture
def rs(regency):
    return hospital()


@pytest.fixture
def poli_officer(rs):
    return officer(rs["counters"]["Poli Anak"])


@pytest.fixture
def queue_manager(rs):
    return manager(rs["agency"])
