import pytest

from satupintu.akun.roles import Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Page caches live in process memory; each test starts empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editors(users, agencies):
    """The portal's roles: Diskominfo's media editor, PUPR's and Dinkes's site editors, the UMKM officer."""
    from satupintu.akun.tests.factories import UserFactory

    return {
        "media": UserFactory(username="media_kominfo", role=Role.MEDIA_EDITOR, agency=agencies["diskominfo"]),
        "pupr": UserFactory(username="editor_pupr", role=Role.AGENCY_EDITOR, agency=agencies["pupr"]),
        "dinkes": UserFactory(username="editor_dinkes", role=Role.AGENCY_EDITOR, agency=agencies["dinkes"]),
        "umkm": UserFactory(username="petugas_umkm", role=Role.UMKM_OFFICER, agency=agencies["diskominfo"]),
    }
