import pytest
from django.core.cache import cache

from portal.tests import world as world_module


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts without the pages an earlier one cached."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return world_module.build()
