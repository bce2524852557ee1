"""Every list and detail runs a bounded number of queries: the same for 1 row as for 50."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from core import services
from core.models import AreaOfCooperation, Note
from partners.models import Partner, Person, Position

pytestmark = pytest.mark.django_db

# A page: session, user, groups, permissions, count, rows, prefetches.
PAGE_BUDGET = 12
# The partner page (Partner 360) on top of that: its standing (agreements per status; open
# actions and meetings to come), its timeline (one UNION ALL) and the memberships in common
# (a foreign country's only): four queries more; and the Results section's two (roles,
# roll-up) when the partner takes part in an initiative. Whatever the number of records.
PARTNER_PAGE_BUDGET = 18


@pytest.fixture
def egypt(db):
    return Partner.objects.create(
        kind="country",
        iso_alpha2="EG",
        name_en="Egypt",
        name_ar="مصر",
        region="002",
        classification="public",
    )


@pytest.fixture
def area(db):
    return AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="الذكاء الاصطناعي")


def add_institutions(count, country, area, start=0):
    for i in range(start, start + count):
        partner = Partner.objects.create(
            kind="institution",
            name_en=f"Institution {i:03d}",
            name_ar=f"مؤسسة {i:03d}",
            institution_type="government",
            country=country,
            classification="internal",
        )
        partner.areas.add(area)


def add_people(count, partner, start=0):
    for i in range(start, start + count):
        person = Person.objects.create(
            name_en=f"Person {i:03d}", nationality=partner, classification="internal"
        )
        Position.objects.create(
            person=person, partner=partner, title_en=f"Post {i}", start=date(2020, 1, 1)
        )
        Position.objects.create(  # a former post, which the list must not load row by row
            person=person,
            partner=partner,
            title_en="Former",
            start=date(2010, 1, 1),
            end=date(2019, 12, 31),
        )


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per-request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


def same_for_1_and_50(fetch, add, budget=PAGE_BUDGET):
    add(1, 0)
    one = count_queries(fetch)
    add(49, 1)
    fifty = count_queries(fetch)
    assert one == fifty, f"{one} queries for 1 row, {fifty} for 50"
    assert fifty <= budget
    return fifty


def test_it_lists_partners_in_the_same_queries_for_1_and_50(client_for, viewer, egypt, area):
    client = client_for(viewer)
    url = reverse("partners:partner_list")
    same_for_1_and_50(
        lambda: client.get(url, {"kind": "institution"}),
        lambda n, start: add_institutions(n, egypt, area, start),
    )


def test_it_answers_the_htmx_partner_list_in_the_same_queries(client_for, viewer, egypt, area):
    client = client_for(viewer)
    url = reverse("partners:partner_list")
    same_for_1_and_50(
        lambda: client.get(url, headers={"HX-Request": "true"}),
        lambda n, start: add_institutions(n, egypt, area, start),
    )


def test_it_lists_partners_in_the_api_in_the_same_queries(viewer, egypt, area):
    client = APIClient()
    client.force_authenticate(viewer)
    same_for_1_and_50(
        lambda: client.get("/api/v1/partners/", {"kind": "institution", "page_size": 100}),
        lambda n, start: add_institutions(n, egypt, area, start),
    )


def test_it_lists_people_with_positions_in_the_same_queries(client_for, viewer, egypt):
    client = client_for(viewer)
    url = reverse("partners:person_list")
    same_for_1_and_50(lambda: client.get(url), lambda n, start: add_people(n, egypt, start))


def test_it_lists_people_in_the_api_in_the_same_queries(viewer, egypt):
    client = APIClient()
    client.force_authenticate(viewer)
    same_for_1_and_50(
        lambda: client.get("/api/v1/people/", {"page_size": 100}),
        lambda n, start: add_people(n, egypt, start),
    )


def test_it_shows_a_partner_with_its_people_notes_and_history_in_the_same_queries(
    client_for, editor, egypt
):
    client = client_for(editor)  # an editor also gets the note form
    ct = ContentType.objects.get_for_model(Partner)

    def add(n, start):
        add_people(n, egypt, start)
        for i in range(start, start + n):
            Note.objects.create(
                content_type=ct, object_id=egypt.pk, text=f"Note {i}", created_by=editor
            )
            services.record_change(egypt, editor, "update", "page", {"name_en": ["a", "b"]})

    same_for_1_and_50(lambda: client.get(egypt.get_absolute_url()), add, PARTNER_PAGE_BUDGET)


def test_it_shows_a_person_with_their_positions_in_the_same_queries(client_for, viewer, egypt):
    person = Person.objects.create(name_en="Kenji Sato", classification="internal")
    client = client_for(viewer)

    def add(n, start):
        for i in range(start, start + n):
            Position.objects.create(person=person, partner=egypt, title_en=f"Post {i}")

    same_for_1_and_50(lambda: client.get(person.get_absolute_url()), add)
