import pytest

from satupintu.akun.roles import Role

from .factories import HealthFacilityFactory, capil, facility_officer, family_in_register


@pytest.fixture
def facility(regency):
    return HealthFacilityFactory(name="Puskesmas Kotarih")


@pytest.fixture
def bidan(facility):
    return facility_officer(facility)


@pytest.fixture
def verifier(db):
    return capil(Role.CAPIL_VERIFIER, "verifikator_uji")


@pytest.fixture
def registrar(db):
    return capil(Role.CAPIL_REGISTRAR, "pencatat_uji")


@pytest.fixture
def household(village_a):
    """(family, mother, father) in the register."""
    return family_in_register(village_a)


@pytest.fixture
def family(household):
    return household[0]
