"""Partner 360: the partner page as the whole relationship. Its standing (agreements in
force, pending and ended; open actions; meetings to come), its timeline (one UNION ALL,
newest first, paged by a keyset cursor), the memberships it shares with the home country,
each for every persona with records at every classification: nothing above the reader's
clearance is shown or counted, and the page runs the same queries for 1 record as for 30."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from agreements.models import Agreement, AgreementParty
from core.models import OrgUnit
from engagements.models import JointCommittee, Meeting
from initiatives.models import Indicator, Initiative, InitiativePartner, Result, ResultPeriod
from multilateral.models import Membership, OrganizationMember
from partners import relationship
from partners.models import Partner
from partners.tests.test_query_counts import PARTNER_PAGE_BUDGET

pytestmark = pytest.mark.django_db

LEVELS = ["public", "internal", "confidential", "secret"]
READS = {
    "viewer_no_clearance": {"public"},
    "viewer": {"public", "internal"},
    "editor": {"public", "internal", "confidential"},
    "manager": {"public", "internal", "confidential", "secret"},
}
PERSONAS = list(READS)


def country(iso, name_en, name_ar="", classification="public"):
    return Partner.objects.create(
        kind="country", iso_alpha2=iso, name_en=name_en, name_ar=name_ar,
        classification=classification,
    )  # fmt: skip


def organization(acronym, name_en, classification="public"):
    return Partner.objects.create(
        kind="organization", acronym=acronym, name_en=name_en, category="un",
        classification=classification,
    )  # fmt: skip


def agreement(title, partner, classification, status, signed=None, title_ar=""):
    record = Agreement.objects.create(
        type="mou", title_en=title, title_ar=title_ar, classification=classification,
        status=status, signature_date=signed,
    )  # fmt: skip
    AgreementParty.objects.create(agreement=record, partner=partner)
    return record


def meeting(title, partner, classification, start, kind="bilateral", title_ar="", **fields):
    record = Meeting.objects.create(
        kind=kind, level="ministerial", title_en=title, title_ar=title_ar, start=start,
        end=start + timedelta(hours=2), classification=classification, **fields,
    )  # fmt: skip
    record.partners.add(partner)
    return record


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def soon(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)


def initiative(title, partner, classification, start, actual=None, indicator=None):
    record = Initiative.objects.create(
        title_en=title, start_date=start, end_date=date(2030, 12, 31),
        classification=classification, kind="capacity_building", status="ongoing",
    )  # fmt: skip
    InitiativePartner.objects.create(initiative=record, partner=partner, role="partner")
    if actual is not None:
        result = Result.objects.create(initiative=record, indicator=indicator)
        ResultPeriod.objects.create(
            result=result, period_start=date(start.year, 1, 1),
            period_end=date(start.year, 12, 31), target=Decimal("100"), actual=Decimal(actual),
        )  # fmt: skip
    return record


def action(title, source, classification=None, status="open"):
    desk = OrgUnit.objects.get_or_create(code="desk", defaults={"name_en": "Asia desk"})[0]
    return Action.objects.create(
        title_en=title, source=source, owner_unit=desk, status=status,
        classification=classification or source.classification,
        completed_on=timezone.localdate() if status == "done" else None,
    )  # fmt: skip


@pytest.fixture
def scene(db):
    """Japan and everything about it, at every classification; Egypt is the home country
    (ACCORD_HOME_COUNTRY, EG)."""
    egypt = country("EG", "Egypt", "مصر")
    japan = country("JP", "Japan", "اليابان")
    jica = Partner.objects.create(
        kind="institution", name_en="Japan International Cooperation Agency", country=japan,
        institution_type="government", classification="public",
    )  # fmt: skip
    people = Indicator.objects.create(
        code="people-trained", name_en="People trained", name_ar="أشخاص مدربون", unit="people"
    )
    s = {"egypt": egypt, "japan": japan, "jica": jica}
    # Agreements: (title, classification, status, signature).
    s["a_public"] = agreement(
        "Public MoU", japan, "public", "in_force", date(2020, 1, 10), title_ar="مذكرة علنية"
    )
    s["a_internal"] = agreement("Internal draft", japan, "internal", "negotiation")
    s["a_signed"] = agreement("Signed MoU", japan, "public", "signed", date(2023, 2, 2))
    s["a_confidential"] = agreement(
        "Confidential MoU", japan, "confidential", "in_force", date(2021, 3, 1)
    )
    s["a_secret"] = agreement("Secret treaty", japan, "secret", "expired", date(2015, 6, 1))
    s["a_jica"] = agreement("JICA contract", jica, "public", "in_force", date(2022, 8, 8))
    s["a_other"] = agreement("Other MoU", egypt, "public", "in_force", date(2022, 1, 1))
    # Meetings: past and coming, with Japan or with its agency.
    s["m_public"] = meeting("Public talks", japan, "public", at(date(2022, 5, 5)))
    s["m_visit"] = meeting("Minister's visit", japan, "internal", soon(10), "incoming_visit")
    s["m_confidential"] = meeting("Confidential talks", japan, "confidential", at(date(2022, 6, 6)))
    s["m_secret"] = meeting("Secret talks", japan, "secret", soon(20))
    s["m_jica"] = meeting("JICA workshop", jica, "public", soon(5), "workshop")
    s["committee"] = JointCommittee.objects.create(
        name_en="Egypt-Japan joint committee", partner=japan, classification="public"
    )
    s["m_session"] = meeting(
        "Third session", japan, "internal", at(date(2023, 9, 9)), "committee_session",
        committee=s["committee"], session_number=3,
    )  # fmt: skip
    # Initiatives, with an actual value each, and one with the agency.
    s["i_public"] = initiative("Public programme", japan, "public", date(2021, 1, 1), "120", people)
    s["i_confidential"] = initiative(
        "Confidential programme", japan, "confidential", date(2022, 2, 2), "55", people
    )
    s["i_jica"] = initiative("JICA programme", jica, "internal", date(2020, 4, 4))
    # Open actions (and some that must not count).
    action("From public MoU", s["a_public"])
    action("From confidential MoU", s["a_confidential"])
    action("From the visit", s["m_visit"])
    action("From the secret talks", s["m_secret"])
    action("From the committee", s["committee"])
    action("From Japan", japan)
    action("Done already", s["a_public"], status="done")
    action("From another MoU", s["a_other"])
    # Memberships: the ITU (both by reference data), the APT (Japan by reference data,
    # Egypt by our confidential record), an internal organization, UNESCO (Japan only),
    # and an organization Japan left.
    itu = organization("ITU", "International Telecommunication Union")
    apt = organization("APT", "Asia-Pacific Telecommunity")
    dco = organization("DCO", "Digital Cooperation Organization", "internal")
    unesco = organization("UNESCO", "UNESCO")
    left = organization("OLD", "Old Organization")
    for org in (itu, apt, dco, unesco, left):
        OrganizationMember.objects.create(
            organization=org, country=japan, until=2010 if org is left else None
        )
    for org in (itu, dco, left):
        OrganizationMember.objects.create(organization=org, country=egypt)
    Membership.objects.create(
        organization=apt, member=egypt, status="member_state", classification="confidential"
    )
    s.update(itu=itu, apt=apt, dco=dco, unesco=unesco)
    return s


def visible(scene, persona, *keys):
    return [key for key in keys if scene[key].classification in READS[persona]]


def page(client, partner, **params):
    response = client.get(partner.get_absolute_url(), params)
    assert response.status_code == 200
    return response


def figures(response) -> dict:
    return {figure.key: figure.count for figure in response.context["standing"]}


def titles(response) -> list[str]:
    return [event.title for event in response.context["timeline"]["events"]]


# Who may see it ----------------------------------------------------------------------


def test_it_refuses_the_page_and_the_timeline_to_an_outsider(client_for, outsider, scene):
    client = client_for(outsider)
    japan = scene["japan"]
    assert client.get(japan.get_absolute_url()).status_code == 403
    timeline = reverse("partners:partner_timeline", args=[japan.pk])
    assert client.get(timeline, headers={"HX-Request": "true"}).status_code == 403


def test_it_sends_an_anonymous_visitor_to_log_in(client, scene):
    url = reverse("partners:partner_timeline", args=[scene["japan"].pk])
    assert client.get(url).status_code == 302


def test_it_hides_a_partner_above_the_clearance_with_its_timeline(client_for, viewer, scene):
    secret = country("KP", "Secret country", classification="secret")
    client = client_for(viewer)
    assert client.get(secret.get_absolute_url()).status_code == 404
    url = reverse("partners:partner_timeline", args=[secret.pk])
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


# Standing ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_counts_only_what_each_persona_may_read(request, client_for, scene, persona):
    response = page(client_for(request.getfixturevalue(persona)), scene["japan"])
    v = lambda *keys: len(visible(scene, persona, *keys))  # noqa: E731
    expected = {
        "in_force": v("a_public", "a_confidential"),
        "pending": v("a_internal", "a_signed"),
        "ended": v("a_secret"),
        # From: the public MoU, the confidential MoU, the visit, the secret talks, the
        # committee, Japan itself (the done one and another MoU's never count).
        "open_actions": v(
            "a_public", "a_confidential", "m_visit", "m_secret", "committee", "japan"
        ),
        # The coming meetings: the visit, the secret talks, and the agency's workshop.
        "upcoming": v("m_visit", "m_secret", "m_jica"),
    }
    assert figures(response) == expected


def test_it_links_each_figure_to_the_filtered_list_that_shows_the_same_records(
    client_for, editor, scene
):
    client = client_for(editor)
    japan = scene["japan"]
    standing = {f.key: f for f in page(client, japan).context["standing"]}
    in_force = client.get(standing["in_force"].url)
    assert {a.title_en for a in in_force.context["object_list"]} == {
        "Public MoU",
        "Confidential MoU",
    }
    upcoming = client.get(standing["upcoming"].url)
    assert {m.title_en for m in upcoming.context["object_list"]} == {
        "Minister's visit",
        "JICA workshop",
    }
    # Pending is two statuses here: each links its own list.
    parts = {label: (count, url) for label, count, url in standing["pending"].parts}
    assert {str(label): count for label, (count, _url) in parts.items()} == {
        "Negotiation": 1,
        "Signed": 1,
    }
    for count, url in parts.values():
        assert len(client.get(url).context["object_list"]) == count
    assert standing["open_actions"].url is None  # the action list has no partner filter


# Timeline ----------------------------------------------------------------------------

TIMELINE_KEYS = [
    "a_public", "a_internal", "a_signed", "a_confidential", "a_secret",
    "m_public", "m_visit", "m_confidential", "m_secret", "m_jica", "m_session",
    "i_public", "i_confidential", "i_jica",
]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_in_the_timeline_only_what_each_persona_may_read(
    request, client_for, scene, persona
):
    response = page(client_for(request.getfixturevalue(persona)), scene["japan"])
    shown = titles(response)
    expected = [scene[k].title_en for k in visible(scene, persona, *TIMELINE_KEYS)]
    # The result periods reported, titled by their indicator.
    results = len(visible(scene, persona, "i_public", "i_confidential"))
    assert sorted(shown) == sorted(expected + ["People trained"] * results)
    html = response.text
    for key in set(TIMELINE_KEYS) - set(visible(scene, persona, *TIMELINE_KEYS)):
        assert scene[key].title_en not in html
    if persona in ("viewer_no_clearance", "viewer"):
        assert "55" not in re.sub(r"<[^>]+>", "", section(html, "timeline"))
    # Another partner's agreement, and the agency's own agreement, are not Japan's.
    assert "Other MoU" not in shown and "JICA contract" not in shown


def test_it_orders_the_timeline_newest_first_with_kinds_and_values(client_for, manager, scene):
    events = page(client_for(manager), scene["japan"]).context["timeline"]["events"]
    days = [e.when for e in events]
    assert days == sorted(days, reverse=True)
    by_title = {e.title: e for e in events}
    assert by_title["Minister's visit"].badge == "Incoming visit"
    assert by_title["Third session"].badge == "Joint committee session"
    assert by_title["Third session"].detail == "Session 3"
    assert by_title["Public MoU"].when == date(2020, 1, 10)
    assert by_title["Public MoU"].state_label == "In force"
    # An agreement not signed yet is dated the day its proposal was recorded.
    assert by_title["Internal draft"].when == timezone.localdate()
    results = [e for e in events if e.kind == "result"]
    assert {(e.when, e.value, e.detail) for e in results} == {
        (date(2021, 12, 31), Decimal("120"), "Public programme"),
        (date(2022, 12, 31), Decimal("55"), "Confidential programme"),
    }
    assert by_title["JICA programme"].url == scene["i_jica"].get_absolute_url()


def test_it_draws_the_timeline_with_year_markers_and_kind_badges(client_for, viewer, scene):
    html = section(page(client_for(viewer), scene["japan"]).text, "timeline")
    assert 'class="timeline partner-timeline' in html
    assert html.count('class="timeline-year"') == len(set(re.findall(r'datetime="(\d{4})', html)))
    assert "timeline-badge-meeting" in html and "timeline-badge-agreement" in html
    assert 'id="timeline-more"' not in html  # fewer than 30 events


def make_same_day_events(japan, count: int, day=date(2024, 3, 3)):
    """`count` agreements and `count` meetings on one day: a page boundary falls inside
    runs of equal dates."""
    for i in range(count):
        agreement(f"Same-day MoU {i:02d}", japan, "public", "in_force", day)
        meeting(f"Same-day meeting {i:02d}", japan, "public", at(day))


def test_it_pages_the_timeline_by_keyset_without_duplicates_or_gaps(viewer, scene):
    make_same_day_events(scene["japan"], 9)
    everything = [
        str(relationship.Cursor(r["t_when"], r["t_kind"], r["t_pk"]))
        for r in relationship.timeline_query(scene["japan"], viewer)
    ]
    pages, cursor = [], None
    while True:
        chunk = relationship.timeline(scene["japan"], viewer, cursor, limit=4)
        pages.append([e.cursor for e in chunk["events"]])
        if not chunk["next_cursor"]:
            break
        cursor = relationship.Cursor.parse(chunk["next_cursor"])
    walked = [c for p in pages for c in p]
    assert walked == everything
    assert len(set(walked)) == len(walked)
    assert all(len(p) == 4 for p in pages[:-1])


def test_it_loads_more_through_the_htmx_partial(client_for, viewer, scene):
    make_same_day_events(scene["japan"], 15)  # 30 on one day, and Japan's own
    client = client_for(viewer)
    first = page(client, scene["japan"])
    seen = [e.cursor for e in first.context["timeline"]["events"]]
    assert len(seen) == relationship.TIMELINE_LIMIT
    assert 'id="timeline-more"' in first.text
    url = reverse("partners:partner_timeline", args=[scene["japan"].pk])
    cursor = first.context["timeline"]["next_cursor"]
    while cursor:
        more = client.get(url, {"before": cursor}, headers={"HX-Request": "true"})
        assert more.status_code == 200
        assert "<html" not in more.text and "<li" in more.text
        assert "HX-Request" in more["Vary"]
        seen += re.findall(r'data-cursor="([^"]+)"', more.text)
        cursor = more.context["timeline"]["next_cursor"]
    total = relationship.timeline_query(scene["japan"], viewer).count()
    assert len(seen) == len(set(seen)) == total


def test_it_serves_the_next_page_of_the_timeline_without_htmx(client_for, viewer, scene):
    make_same_day_events(scene["japan"], 15)
    client = client_for(viewer)
    cursor = page(client, scene["japan"]).context["timeline"]["next_cursor"]
    url = reverse("partners:partner_timeline", args=[scene["japan"].pk])
    response = client.get(url, {"before": cursor})
    assert response.status_code == 302
    assert response.url.startswith(scene["japan"].get_absolute_url() + "?before=")
    later = client.get(response.url)
    assert later.context["timeline"]["events"][0].cursor != cursor
    assert "Back to the latest" in later.text


def test_it_ignores_a_malformed_cursor(client_for, viewer, scene):
    for bad in ["yesterday", "2024-13-01", "2024-01-01_x_1", "2024-01-01_meeting_a"]:
        assert relationship.Cursor.parse(bad) is None
        response = page(client_for(viewer), scene["japan"], before=bad)
        assert response.context["timeline_cursor"] is None


def test_it_starts_the_timeline_strictly_before_a_plain_date(viewer, scene):
    cursor = relationship.Cursor.parse("2022-05-05")
    events = relationship.timeline(scene["japan"], viewer, cursor)["events"]
    assert events and all(e.when < date(2022, 5, 5) for e in events)


# Memberships in common --------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("viewer_no_clearance", ["ITU"]),
        ("viewer", ["DCO", "ITU"]),
        ("editor", ["APT", "DCO", "ITU"]),
        ("manager", ["APT", "DCO", "ITU"]),
    ],
)
def test_it_lists_the_memberships_in_common(request, client_for, scene, persona, expected):
    response = page(client_for(request.getfixturevalue(persona)), scene["japan"])
    found = response.context["memberships_in_common"]
    assert sorted(o.acronym for o in found) == expected
    html = section(response.text, "memberships")
    assert "UNESCO" not in html and "Old Organization" not in html
    apt = [o for o in found if o.acronym == "APT"]
    if apt:  # Egypt is in the APT only by our (confidential) record
        assert apt[0].our_status_label == "Member state"
    else:
        assert "Asia-Pacific" not in html


def test_it_shows_no_memberships_panel_for_an_organization_or_the_home_country(
    client_for, manager, scene
):
    client = client_for(manager)
    for partner in (scene["itu"], scene["egypt"], scene["jica"]):
        response = page(client, partner)
        assert response.context["memberships_in_common"] == []
        assert 'id="memberships"' not in response.text


# The rest of the page ---------------------------------------------------------------


def test_it_keeps_the_dossier_button_results_people_and_notes(client_for, editor, scene):
    html = page(client_for(editor), scene["japan"]).text
    for marker in ['id="dossier-button"', 'id="results"', 'id="people-title"', 'id="standing"']:
        assert marker in html


def test_it_renders_the_page_in_arabic_right_to_left(client_for, viewer, scene):
    client = client_for(viewer)
    client.post(reverse("core:set_language"), {"language": "ar"})
    response = page(client, scene["japan"])
    assert 'dir="rtl"' in response.text
    assert "اليابان" in response.text
    timeline = section(response.text, "timeline")
    assert "مذكرة علنية" in timeline  # the agreement's Arabic title
    assert "أشخاص مدربون" in timeline  # the indicator's Arabic name
    assert "Public MoU" not in timeline


def section(html: str, id_: str) -> str:
    match = re.search(rf'<section[^>]*id="{id_}".*?</div></section>', html, re.S)
    assert match, f"no section #{id_}"
    return match.group(0)


# Queries ----------------------------------------------------------------------------


def add_records(japan, egypt, n: int, start: int):
    """`n` records of every kind with Japan (and its agency)."""
    agency = Partner.objects.create(
        kind="institution", name_en=f"Agency {start}", country=japan,
        institution_type="government", classification="public",
    )  # fmt: skip
    indicator = Indicator.objects.create(
        code=f"ind-{start}", name_en=f"Indicator {start}", name_ar="مؤشر", unit="people"
    )
    committee = JointCommittee.objects.create(
        name_en=f"Committee {start}", partner=japan, classification="public"
    )
    for i in range(start, start + n):
        mou = agreement(f"MoU {i}", japan, LEVELS[i % 3], ["in_force", "negotiation"][i % 2])
        talks = meeting(f"Talks {i}", japan, "internal", soon(i - 15))
        meeting(f"Visit {i}", agency, "public", at(date(2020, 1, 1) + timedelta(days=i)),
                "outgoing_visit")  # fmt: skip
        meeting(f"Session {i}", japan, "public", at(date(2019, 1, 1) + timedelta(days=i)),
                "committee_session", committee=committee, session_number=i + 1)  # fmt: skip
        initiative(f"Programme {i}", japan, "internal", date(2021, 1, 1), "10", indicator)
        initiative(f"Agency programme {i}", agency, "public", date(2022, 1, 1))
        action(f"Follow {i}", mou)
        action(f"Follow talks {i}", talks)
        org = organization(f"O{i}", f"Organization {i}")
        OrganizationMember.objects.create(organization=org, country=japan)
        OrganizationMember.objects.create(organization=org, country=egypt)


def queries_of(fetch) -> int:
    fetch()  # warm the per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["viewer", "editor"])
def test_it_runs_the_same_queries_for_1_and_30_records_of_each_kind(
    request, client_for, scene, persona
):
    client = client_for(request.getfixturevalue(persona))
    japan, egypt = scene["japan"], scene["egypt"]
    add_records(japan, egypt, 1, 0)
    one = queries_of(lambda: client.get(japan.get_absolute_url()))
    add_records(japan, egypt, 29, 1)
    thirty = queries_of(lambda: client.get(japan.get_absolute_url()))
    assert one == thirty, f"{one} queries for 1 record of each kind, {thirty} for 30"
    assert thirty <= PARTNER_PAGE_BUDGET
    response = client.get(japan.get_absolute_url())
    assert len(response.context["timeline"]["events"]) == relationship.TIMELINE_LIMIT
    assert len(response.context["memberships_in_common"]) >= 30


def test_it_answers_the_timeline_partial_in_the_same_queries_for_1_and_30(
    client_for, viewer, scene
):
    client = client_for(viewer)
    japan, egypt = scene["japan"], scene["egypt"]
    url = reverse("partners:partner_timeline", args=[japan.pk])

    def fetch():
        return client.get(url, {"before": "2030-01-01"}, headers={"HX-Request": "true"})

    add_records(japan, egypt, 1, 0)
    one = queries_of(fetch)
    add_records(japan, egypt, 29, 1)
    # Session, user, groups, the partner, the two of the permissions, and the timeline.
    assert queries_of(fetch) == one <= 7
