"""Shared fixtures: the personas every feature's tests use.

- editor: an officer with confidential clearance (creates and edits records);
- manager: may delete;
- viewer_no_clearance: a viewer whose clearance is public only;
- outsider: logged in, but holds no role at all.
"""

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Tests render pages without running collectstatic first."""
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # A fast hasher: the personas' passwords are not what these tests are about.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(STORAGES=storages, PASSWORD_HASHERS=hashers):
        yield


def make_user(username, role=None, clearance="internal", **extra):
    from django.contrib.auth.models import Group

    from core.models import User

    user = User.objects.create_user(
        username, password="correct-horse-battery", clearance=clearance, **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", "officer", "confidential")


@pytest.fixture
def manager(db):
    return make_user("manager", "manager", "secret")


@pytest.fixture
def viewer(db):
    return make_user("viewer", "viewer", "internal")


@pytest.fixture
def viewer_no_clearance(db):
    return make_user("public_viewer", "viewer", "public")


@pytest.fixture
def outsider(db):
    return make_user("outsider", None, "secret")


@pytest.fixture
def client_for(client):
    """Log a persona in: client_for(user) returns the logged-in test client."""

    def login(user):
        client.force_login(user)
        return client

    return login
