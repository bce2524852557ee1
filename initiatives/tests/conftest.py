"""Fixtures of the initiatives tests: the indicator catalogue and an API client."""

import pytest
from rest_framework.test import APIClient

from initiatives.models import Indicator
from initiatives.reference import load_indicators


@pytest.fixture
def indicators(db) -> dict[str, Indicator]:
    """The sector's catalogue, by code (people-trained, jobs-created, fdi-usd...)."""
    load_indicators()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def api():
    """api(user) is an API client logged in as `user`."""

    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user
