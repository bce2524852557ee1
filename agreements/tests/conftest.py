"""Fixtures of the agreements tests: the other personas (legal adviser, administrator), a
few partners, and helpers that build agreements at any point of their lifecycle."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from agreements.choices import PartyRole, Status
from agreements.models import Agreement, AgreementParty, StatusChange
from conftest import make_user
from core.models import ChangeRecord
from partners.models import Partner

# The roles of core.choices.Role, and the fixture that stands for each.
ROLE_FIXTURES = {
    "viewer": "viewer",
    "officer": "editor",
    "legal_adviser": "legal",
    "manager": "manager",
    "administrator": "administrator",
}


@pytest.fixture
def legal(db):
    return make_user("legal", "legal_adviser", "confidential")


@pytest.fixture
def administrator(db):
    return make_user("admin", "administrator", "secret")


@pytest.fixture
def as_role(request):
    """as_role("manager") is the persona holding that role."""

    def persona(role):
        return request.getfixturevalue(ROLE_FIXTURES[role])

    return persona


@pytest.fixture
def api():
    """api(user) is an API client logged in as `user`."""

    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def partner(iso, name_en, name_ar="", region="", classification="public", **extra):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=name_en,
        name_ar=name_ar,
        region=region,
        classification=classification,
        **extra,
    )


@pytest.fixture
def japan(db):
    return partner("JP", "Japan", "اليابان", "142")


@pytest.fixture
def france(db):
    return partner("FR", "France", "فرنسا", "150")


@pytest.fixture
def kenya(db):
    return partner("KE", "Kenya", "كينيا", "002")


def make_agreement(title="Memorandum on ICT cooperation", **fields) -> Agreement:
    """An agreement written straight to the table (no change record), valid as it stands:
    a fixed term of 5 years unless `fields` say otherwise."""
    values = {
        "type": "mou",
        "title_en": title,
        "classification": "internal",
        "term_kind": "fixed",
        "term_length": 5,
        **fields,
    }
    agreement = Agreement(**values)
    agreement.full_clean()
    agreement.save()
    return agreement


def add_party(agreement, partner, role=PartyRole.PARTY, **fields) -> AgreementParty:
    return AgreementParty.objects.create(agreement=agreement, partner=partner, role=role, **fields)


SIGNED_ON = date(2026, 1, 10)


def ready_agreement(status, counterpart, **fields) -> Agreement:
    """An agreement in `status` that meets every precondition of every step out of it:
    signed on a known date with a party, in force on that date, and cleared by the legal
    adviser when in legal review."""
    agreement = make_agreement(status=status, signature_date=SIGNED_ON, **fields)
    add_party(agreement, counterpart)
    # Dates computed today: the pages' refresh of stale rows leaves it as it is.
    updates = {"entry_into_force": SIGNED_ON, "dates_computed_on": timezone.localdate()}
    if status == Status.LEGAL_REVIEW:
        updates.update(legal_cleared_at=timezone.now())
    Agreement.objects.filter(pk=agreement.pk).update(**updates)
    agreement.refresh_from_db()
    return agreement


def change_records(record, **filters):
    ct = ContentType.objects.get_for_model(type(record))
    return ChangeRecord.objects.filter(content_type=ct, object_id=str(record.pk), **filters)


def timeline(agreement):
    return list(StatusChange.objects.filter(agreement=agreement).order_by("at", "id"))
