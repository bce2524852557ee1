"""Fixtures of the actions tests: partners as source records at each classification, a desk,
and a quick way to file actions."""

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import OrgUnit
from partners.models import Partner


@pytest.fixture
def desk(db):
    return OrgUnit.objects.create(code="asian", name_en="Asian desk", name_ar="المكتب الآسيوي")


@pytest.fixture
def japan(db):
    """A public source record."""
    return Partner.objects.create(
        kind="country", iso_alpha2="JP", name_en="Japan", name_ar="اليابان", classification="public"
    )


@pytest.fixture
def cyber(db, japan):
    """A confidential source record."""
    return Partner.objects.create(
        kind="institution",
        name_en="Cyber Defence Agency",
        name_ar="وكالة الدفاع السيبراني",
        institution_type="government",
        country=japan,
        classification="confidential",
    )


@pytest.fixture
def api():
    """api(user) is an API client authenticated with the user's token (None: anonymous)."""

    def as_user(user=None):
        client = APIClient()
        if user is not None and not isinstance(user, AnonymousUser):
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return as_user
