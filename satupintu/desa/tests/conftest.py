import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Page caches live in process memory (locmem); each test starts empty so one test's pages never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
