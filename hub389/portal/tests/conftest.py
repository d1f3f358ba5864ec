from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with no cached public page: the database is rolled back between tests
    and its ids are used again, which never happens to the portal in service."""
    cache.clear()
    yield
    cache.clear()
