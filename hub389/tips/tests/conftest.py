"""Fixtures for tips: the Hà Nội Market Surveillance branch leads trade in goods ("luu-thong");
the city police and tax department coordinate (hub389/demo/officers.py). The personas (handler,
teammate, head, coordinator, standing, stranger) are the root conftest's."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from hub389.accounts.models import User
from hub389.tests import factories
from hub389.tips.models import Tip


@pytest.fixture(autouse=True)
def _easy_pow_and_clean_cache(settings: Any) -> Any:
    settings.HUB389_TIP_POW_BITS = 4
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_tip(handler: User) -> Callable[..., Tip]:
    """A tip recorded by the Market Surveillance officer (hotline by default)."""

    def make(**kwargs: Any) -> Tip:
        return factories.make_tip(handler, **kwargs)

    return make
