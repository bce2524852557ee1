"""Every multilateral page, list and export runs a bounded number of queries: the same for
1 row as for 50 on the lists and exports, and for 1 of each part as for 20 on an
organization's page and a position's page."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from core.models import OrgUnit
from engagements.models import AgendaItem, Meeting
from multilateral.models import OrganizationMember
from multilateral.tests.factories import (
    body,
    candidacy,
    contribution,
    country,
    membership,
    organization,
    position,
    post,
    seat,
)
from partners.models import Partner, Person

pytestmark = pytest.mark.django_db

# A list: session, user, its groups and permissions, a filter's choices, the count, the rows
# and their related rows (organization, member, person...), the dues standing, the summary.
LIST_BUDGET = 18
# The organization's page reads each of its parts once: memberships (member, legal basis,
# focal person), bodies (seats, holders), posts (people), candidacies (countries, people),
# events, positions, member states, dues (years, voluntary, totals).
DETAIL_BUDGET = 30


def count_queries(fetch) -> int:
    fetch()  # warm the caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def same_for(fetch, add, few=1, many=50, budget=LIST_BUDGET):
    add(few, 0)
    one = count_queries(fetch)
    add(many - few, few)
    lots = count_queries(fetch)
    assert one == lots, f"{one} queries for {few}, {lots} for {many}"
    assert lots <= budget, lots
    return lots


@pytest.fixture
def setting(db):
    egypt = country("EG", "Egypt", "مصر")
    ntra = Partner.objects.create(
        kind="institution",
        name_en="NTRA",
        acronym="NTRA",
        institution_type="government",
        country=egypt,
        is_domestic=True,
    )
    desk = OrgUnit.objects.create(code="multilateral-desk", name_en="Multilateral Desk")
    person = Person.objects.create(name_en="Amal Hassan", nationality=egypt)
    basis = Agreement.objects.create(type="treaty", title_en="Constitution")
    return {"egypt": egypt, "ntra": ntra, "desk": desk, "person": person, "basis": basis}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))


def add_organizations(n, start, setting):
    """Organizations of every shape an overview or list row takes: a membership of the
    country and of its regulator, with desk, person and legal basis; a body with a seat,
    a post and a candidacy; dues with arrears and a voluntary contribution; a position."""
    egypt, ntra = setting["egypt"], setting["ntra"]
    for i in range(start, start + n):
        org = organization(f"O{i:03d}", f"Organization {i:03d}")
        for member in (egypt, ntra):
            membership(
                org,
                member,
                since=date(1950 + i, 1, 1),
                focal_unit=setting["desk"],
                focal_person=setting["person"],
                legal_basis=setting["basis"],
            )
        council = body(org, "Council")
        seat(council, egypt)
        post(council, setting["person"])
        candidacy(council, egypt, person=setting["person"])
        contribution(org, 2025, "1000", "400", currency="CHF" if i % 2 else "USD")
        contribution(org, 2024, "1000", "1000", kind="voluntary")
        position(f"Topic {i}", organization=org, body=council, classification="internal")


LISTS = [
    ("membership_list", {}),
    ("membership_list", {"status": "member_state", "active": "true", "q": "organization"}),
    ("seat_list", {"current": "true"}),
    ("post_list", {}),
    ("candidacy_list", {"result": "pending"}),
    ("contribution_list", {"in_arrears": "true"}),
    ("body_list", {"kind": "council"}),
    ("position_list", {"q": "topic"}),
]


@pytest.mark.parametrize("name, params", LISTS, ids=[f"{n}-{len(p)}" for n, p in LISTS])
def test_it_lists_in_the_same_queries_for_1_and_50(client_for, editor, setting, name, params):
    client = client_for(editor)
    url = reverse(f"multilateral:{name}")
    same_for(lambda: client.get(url, params), lambda n, s: add_organizations(n, s, setting))


@pytest.mark.parametrize("name", sorted({name for name, _ in LISTS}))
def test_it_answers_htmx_in_the_same_queries(client_for, viewer, setting, name):
    client = client_for(viewer)
    url = reverse(f"multilateral:{name}")
    same_for(
        lambda: client.get(url, headers={"HX-Request": "true"}),
        lambda n, s: add_organizations(n, s, setting),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", sorted({name for name, _ in LISTS}))
def test_it_exports_in_the_same_queries_for_1_and_50(client_for, viewer, setting, name, fmt):
    client = client_for(viewer)
    url = reverse(f"multilateral:{name}")
    same_for(
        lambda: client.get(url, {"export": fmt}), lambda n, s: add_organizations(n, s, setting)
    )


def test_it_shows_an_organization_in_the_same_queries_for_1_and_20_of_each(
    client_for, editor, setting
):
    egypt, ntra, person = setting["egypt"], setting["ntra"], setting["person"]
    itu = organization("ITU", "International Telecommunication Union")
    client = client_for(editor)
    url = reverse("multilateral:organization_detail", args=[itu.pk])
    today = timezone.localdate()

    def add(n, start):
        for i in range(start, start + n):
            member = egypt if i == 0 else ntra if i == 1 else None
            if member is None:
                member = Partner.objects.create(
                    kind="institution",
                    name_en=f"Body {i}",
                    institution_type="government",
                    country=egypt,
                    is_domestic=True,
                )
            membership(
                itu,
                member,
                focal_unit=setting["desk"],
                focal_person=person,
                legal_basis=setting["basis"],
            )
            council = body(itu, f"Body {i:02d}")
            seat(council, egypt, start=today - timedelta(days=10), end=today + timedelta(days=10))
            seat(council, ntra, start=date(2001, 1, 1), end=date(2004, 12, 31))
            post(council, person, title=f"Post {i}")
            candidacy(council, egypt, person=person, election_date=date(2020, 1, 1) + timedelta(i))
            contribution(itu, 2000 + i, "1000", "500")
            contribution(itu, 2000 + i, "300", "300", kind="voluntary")
            meeting = Meeting.objects.create(
                kind="multilateral",
                level="ministerial",
                title_en=f"Conference {i}",
                start=at(date(2024, 1, 1) + timedelta(days=i)),
                end=at(date(2024, 1, 2) + timedelta(days=i)),
                organization=itu,
                governing_body=council,
                classification="internal",
            )
            used = position(f"Topic {i}", organization=itu, body=council)
            AgendaItem.objects.create(meeting=meeting, title_en="Item", national_position=used)
            OrganizationMember.objects.create(
                organization=itu, country=country(f"{chr(65 + i // 26)}{chr(65 + i % 26)}", f"C{i}")
            )

    same_for(lambda: client.get(url), add, 1, 20, DETAIL_BUDGET)
    page = client.get(url)
    context = page.context
    assert len(context["memberships"]) == 20
    assert len(context["seat_bodies"]) == 20
    assert all(len(b.our_seats) == 2 for b in context["seat_bodies"])
    assert (len(context["posts"]), len(context["candidacies"])) == (20, 20)
    assert (len(context["events"]), len(context["positions"])) == (10, 20)
    assert len(context["dues"]) == 10 and len(context["voluntary"]) == 10
    assert len(context["member_states"]) == 20


def test_it_shows_a_position_in_the_same_queries_for_1_and_20_uses(client_for, editor, setting):
    itu = organization("ITU", "International Telecommunication Union")
    used = position("AI governance", organization=itu, body=body(itu, "Council"))
    client = client_for(editor)

    def add(n, start):
        for i in range(start, start + n):
            meeting = Meeting.objects.create(
                kind="multilateral",
                level="ministerial",
                title_en=f"Conference {i}",
                start=at(date(2024, 1, 1) + timedelta(days=i)),
                end=at(date(2024, 1, 2) + timedelta(days=i)),
                organization=itu,
                classification="internal",
            )
            AgendaItem.objects.create(meeting=meeting, title_en="AI", national_position=used)
            AgendaItem.objects.create(meeting=meeting, title_en="Other item")

    same_for(lambda: client.get(used.get_absolute_url()), add, 1, 20, DETAIL_BUDGET)
    page = client.get(used.get_absolute_url())
    assert len(page.context["uses"]) == 20
    assert len(page.context["use_form"].fields["agenda_item"].choices) > 0
