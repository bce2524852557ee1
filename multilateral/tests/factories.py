"""Records for the tests of models, services, the import and the API: written straight to
the tables (the tests of writing go through the services and the API)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from core.tests.reference import loaded_reference
from multilateral.models import (
    Candidacy,
    Contribution,
    ElectedPost,
    GoverningBody,
    Membership,
    NationalPosition,
    Seat,
)
from partners.models import Partner, Person

# Correlates of War IGO data v3 (Pevehouse, Nordstrom, McManus & Jamison, 2020), in the
# long form of the igoR package: ../shared/data/cow-igo/ (see its README).
COW_FILE = (
    Path(settings.BASE_DIR).parent / "shared/data/cow-igo/cow_igo_v3_selected_memberships_long.csv"
)


def country(iso, name_en, name_ar="", classification="public"):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=name_en,
        name_ar=name_ar,
        classification=classification,
    )


def organization(acronym, name_en, category="un", classification="public"):
    return Partner.objects.create(
        kind="organization",
        acronym=acronym,
        name_en=name_en,
        category=category,
        classification=classification,
    )


def body(org, name_en="Council", kind="council", **fields):
    return GoverningBody.objects.create(organization=org, name_en=name_en, kind=kind, **fields)


def membership(org, member, status="member_state", **fields):
    fields.setdefault("classification", "internal")
    return Membership.objects.create(organization=org, member=member, status=status, **fields)


def contribution(org, year, due, paid="0", kind="assessed", currency="CHF", **fields):
    fields.setdefault("classification", "internal")
    return Contribution.objects.create(
        organization=org,
        year=year,
        kind=kind,
        currency=currency,
        amount_due=Decimal(due),
        amount_paid=Decimal(paid),
        **fields,
    )


def position(topic="Child online protection", **fields):
    return NationalPosition.objects.create(topic_en=topic, **fields)


def seat(on, holder, start=date(2023, 1, 1), end=date(2026, 12, 31), **fields):
    fields.setdefault("classification", "internal")
    return Seat.objects.create(body=on, holder=holder, term_start=start, term_end=end, **fields)


def post(on, person, title="Vice-chair", start=date(2022, 1, 1), **fields):
    fields.setdefault("classification", "internal")
    return ElectedPost.objects.create(
        body=on, person=person, title_en=title, term_start=start, **fields
    )


def candidacy(on, for_country, person=None, **fields):
    fields.setdefault("classification", "internal")
    fields.setdefault("election_date", date(2026, 11, 1))
    return Candidacy.objects.create(body=on, country=for_country, person=person, **fields)


@pytest.fixture(name="egypt")
def egypt_fixture(db):
    return country("EG", "Egypt", "مصر")


@pytest.fixture(name="itu")
def itu_fixture(db):
    return organization("ITU", "International Telecommunication Union")


@pytest.fixture(name="upu")
def upu_fixture(db):
    return organization("UPU", "Universal Postal Union")


@pytest.fixture(name="council")
def council_fixture(itu):
    return body(itu, "ITU Council", name_ar="مجلس الاتحاد")


@pytest.fixture(name="national")
def national_fixture(egypt):
    return Person.objects.create(name_en="Amal Hassan", nationality=egypt, classification="public")


@pytest.fixture(name="api")
def api_fixture():
    """api(user) is an API client authenticated as `user`."""

    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


@pytest.fixture(name="reference", scope="module")
def reference_fixture(django_db_setup, django_db_blocker):
    """load_reference, once for the module (it takes seconds), removed afterwards so that
    other modules start from an empty registry. Returns its output."""
    with loaded_reference(django_db_blocker) as output:
        yield output
