"""What goes into a briefing dossier: only what its reader may read, at every clearance;
its classification, the highest of what it includes; the parts of a meeting's dossier; and
a number of queries that does not grow with the records."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agreements.models import Agreement, AgreementParty
from core.choices import Classification
from engagements.models import Decision
from reports import dossier
from reports.tests.conftest import (
    ACTUAL,
    CLEARANCE,
    JAPAN_AR,
    KINDS,
    above,
    add_records,
    make_meeting,
    marker,
    readable,
)

pytestmark = pytest.mark.django_db

# A partner: itself and its areas; its agreements counted, listed, and their parties; the
# coming and the past meetings and their decisions; actions counted and listed; memberships;
# initiatives counted and listed, their results rolled up and the indicators named; people;
# notes.
PARTNER_BUDGET = 17
# A meeting, besides its partner's: itself, its partners, delegations, agenda and the
# national positions, decisions, related agreements, notes.
MEETING_BUDGET = 8


def everything(built: dossier.Dossier) -> str:
    """Every string in the dossier, for looking markers up."""
    return repr(built)


@pytest.mark.parametrize("persona", list(CLEARANCE))
def test_it_includes_exactly_what_each_clearance_may_read(request, world, persona):
    user = request.getfixturevalue(persona)
    clearance = CLEARANCE[persona]
    built = dossier.build(world, user, "en", [])
    text = everything(built)
    for level in readable(clearance):
        for kind in KINDS:
            assert marker(level, kind) in text, (persona, level, kind)
    for level in above(clearance):
        assert f"{level.upper()}-MARK" not in text, (persona, level)
    section = built.partners[0]
    assert section.agreement_count == len(readable(clearance))
    assert section.action_count == len(readable(clearance))
    assert section.initiative_count == len(readable(clearance))
    # The results add up the readable initiatives only (each reports a power of ten).
    (line,) = section.results
    assert line.actual == sum(ACTUAL[level] for level in readable(clearance))


@pytest.mark.parametrize("persona", list(CLEARANCE))
def test_it_is_classified_as_the_highest_of_what_it_includes(request, world, persona):
    user = request.getfixturevalue(persona)
    built = dossier.build(world, user, "en", [])
    assert built.classification == CLEARANCE[persona]
    assert built.classification_label == Classification(CLEARANCE[persona]).label


def test_it_is_public_when_everything_in_it_is(manager, japan):
    built = dossier.build(japan, manager, "en", [])
    assert built.classification == "public"
    section = built.partners[0]
    assert (section.agreements, section.actions, section.people) == ([], [], [])


def test_it_takes_the_level_of_a_record_counted_but_not_listed(manager, japan, monkeypatch):
    """Beyond the listed newest agreements, the count still includes older ones: their
    classification counts too."""
    monkeypatch.setattr(dossier, "AGREEMENTS", 1)
    old = Agreement.objects.create(
        type="mou",
        title_en="Old secret MoU",
        classification="secret",
        term_kind="until_notice",
        signature_date=date(1999, 1, 1),
    )
    new = Agreement.objects.create(
        type="mou",
        title_en="New MoU",
        classification="public",
        term_kind="until_notice",
        signature_date=date(2024, 1, 1),
    )
    for agreement in (old, new):
        AgreementParty.objects.create(agreement=agreement, partner=japan)
    built = dossier.build(japan, manager, "en", [])
    assert [a.title for a in built.partners[0].agreements] == ["New MoU"]
    assert built.partners[0].agreement_count == 2
    assert built.classification == "secret"


def test_it_refuses_a_subject_the_user_may_not_read(viewer, outsider, japan):
    japan.classification = "secret"
    japan.save()
    with pytest.raises(PermissionDenied):
        dossier.build(japan, viewer, "en", [])
    japan.classification = "public"
    japan.save()
    with pytest.raises(PermissionDenied):
        dossier.build(japan, outsider, "en", [])


def test_it_speaks_the_requested_language(editor, world):
    arabic = dossier.build(world, editor, "ar", [])
    english = dossier.build(world, editor, "en", [])
    assert arabic.rtl and not english.rtl
    assert arabic.partners[0].name == JAPAN_AR
    assert arabic.partners[0].profile.other_name == "Japan"
    assert english.partners[0].name == "Japan"
    assert english.partners[0].profile.other_name == JAPAN_AR
    titles = [a.title for a in arabic.partners[0].agreements]
    assert "مذكرة تفاهم بشأن التعاون في مجال الاتصالات وتكنولوجيا المعلومات" in titles
    assert arabic.filename("pdf") == f"dossier-japan-{timezone.localdate():%Y-%m-%d}.pdf"


def test_it_keeps_the_talking_points_in_order(editor, japan):
    text = "  - Thank Japan for the AI grant\n\n• Raise the cable landing station \n3rd point"
    built = dossier.build(japan, editor, "en", text)
    assert built.talking_points == [
        "Thank Japan for the AI grant",
        "Raise the cable landing station",
        "3rd point",
    ]
    assert dossier.clean_talking_points(["x" * 2000])[0] == "x" * dossier.TALKING_POINT_LENGTH


@pytest.mark.parametrize("persona", list(CLEARANCE))
def test_it_briefs_a_meeting_and_its_partner_without_leaks(request, visit, persona):
    user = request.getfixturevalue(persona)
    clearance = CLEARANCE[persona]
    if "internal" not in readable(clearance):
        with pytest.raises(PermissionDenied):
            dossier.build(visit, user, "en", [])
        return
    built = dossier.build(visit, user, "en", ["Welcome the minister"])
    assert built.kind == "meeting"
    meeting = built.meeting
    assert meeting.title == "Visit of the Minister of Internal Affairs and Communications"
    assert meeting.place == "Ministry of Communications, Cairo"
    assert [item.title for item in meeting.agenda] == ["Item 0", "Item 1", "Item 2", "Item 3"]
    assert all(item.position == "Our draft position." for item in meeting.agenda)
    assert [d.text for d in meeting.decisions] == ["Open a joint working group on AI"]
    # Japan is briefed on, not Egypt (the home country).
    assert [p.name for p in built.partners] == ["Japan"]
    text = everything(built)
    for level in readable(clearance):
        assert marker(level, "POSITION") in text
        assert marker(level, "PERSON") in text
        assert marker(level, "AGREEMENT") in text
    for level in above(clearance):
        assert f"{level.upper()}-MARK" not in text
    assert built.classification == clearance
    assert built.filename("docx").startswith("dossier-japan-")


def count_queries(build) -> int:
    build()  # warm the caches that are not per dossier (content types, roles)
    with CaptureQueriesContext(connection) as queries:
        build()
    return len(queries)


def test_it_reads_a_partner_in_the_same_queries_for_1_and_20_records(editor, world, desk):
    japan = world
    add_records(japan, desk, 1, 0)
    one = count_queries(lambda: dossier.build(japan, editor, "en", []))
    add_records(japan, desk, 19, 1)
    many = count_queries(lambda: dossier.build(japan, editor, "en", []))
    assert one == many, f"{one} queries for 1 record of each kind, {many} for 20"
    assert many <= PARTNER_BUDGET, many


def test_it_reads_a_meeting_in_the_same_queries_for_1_and_20_records(editor, visit, desk):
    japan = visit.partners.get(iso_alpha2="JP")
    add_records(japan, desk, 1, 0)
    one = count_queries(lambda: dossier.build(visit, editor, "en", []))
    add_records(japan, desk, 19, 1)
    for i in range(19):
        Decision.objects.create(meeting=visit, text_en=f"More {i}")
    many = count_queries(lambda: dossier.build(visit, editor, "en", []))
    assert one == many, f"{one} queries for 1 record of each kind, {many} for 20"
    assert many <= PARTNER_BUDGET + MEETING_BUDGET, many


def test_it_bounds_every_list(editor, japan, desk, monkeypatch):
    monkeypatch.setattr(dossier, "AGREEMENTS", 3)
    monkeypatch.setattr(dossier, "PAST_MEETINGS", 2)
    monkeypatch.setattr(dossier, "ACTIONS", 4)
    monkeypatch.setattr(dossier, "DECISIONS_PER_MEETING", 1)
    add_records(japan, desk, 6, 0)
    section = dossier.build(japan, editor, "en", []).partners[0]
    assert (len(section.agreements), section.agreement_count) == (3, 6)
    assert len(section.past_meetings) == 2
    assert all(len(m.decisions) == 1 for m in section.past_meetings)
    assert (len(section.actions), section.action_count) == (4, 6)


def test_it_names_no_party_the_reader_may_not_read(viewer, japan):
    hidden = Agreement.objects.create(
        type="mou", title_en="Trilateral MoU", classification="public", term_kind="until_notice"
    )
    secret_partner = type(japan).objects.create(
        kind="country", iso_alpha2="XS", name_en="SECRET-MARK-PARTY", classification="secret"
    )
    AgreementParty.objects.create(agreement=hidden, partner=japan)
    AgreementParty.objects.create(agreement=hidden, partner=secret_partner)
    built = dossier.build(japan, viewer, "en", [])
    assert built.partners[0].agreements[0].parties == ["Japan"]
    assert "SECRET-MARK" not in everything(built)


def test_it_gives_a_meetings_times_as_the_clocks_show_them_there(editor, japan):
    import zoneinfo
    from datetime import datetime, time

    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    day = timezone.localdate() + timedelta(days=20)
    meeting = make_meeting("Tokyo talks", japan, time_zone="Asia/Tokyo")
    meeting.start = datetime.combine(day, time(10), tzinfo=tokyo)
    meeting.end = datetime.combine(day, time(12), tzinfo=tokyo)
    meeting.save()
    brief = dossier.build(meeting, editor, "en", []).meeting
    assert (brief.start.hour, brief.end.hour, brief.time_zone) == (10, 12, "Asia/Tokyo")
    assert brief.start.tzinfo is None
