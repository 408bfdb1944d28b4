import pytest

from . import factories as f


@pytest.fixture
def year(db):
    return f.school_year()


@pytest.fixture
def office(agencies):
    return f.education_officer()


@pytest.fixture
def smp(village_a, village_b):
    """Two SMPs: SMP 1 in village A (area A), SMP 2 ~11 km north (area A and B)."""
    return [f.school(village_a, level="smp", lat=3.0, capacity=4, name="SMP Negeri 1"),
            f.school(village_b, level="smp", lat=3.1, capacity=4, area=[village_a, village_b], name="SMP Negeri 2")]


@pytest.fixture
def operator(smp):
    return f.school_operator(smp[0])


@pytest.fixture
def kid(village_a):
    return f.child(village_a)
