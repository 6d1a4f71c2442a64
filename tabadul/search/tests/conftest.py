import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_search_cache():
    """Each test starts with an empty (local-memory) cache: its database rolled back, the index version and the
    cached anonymous results of an earlier test would otherwise be served."""
    cache.clear()
    yield
