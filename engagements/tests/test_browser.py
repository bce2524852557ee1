"""Browser test: a desk officer opens the next session of the Egypt–Japan joint committee,
finds last session's open action carried over to its agenda, records two decisions and
assigns a follow-up action to herself, then finds it on the session page and in "My
actions".

Elements are found by ids, names, hrefs and data attributes (see core.tests.browser); the
only texts compared are the records' own.
"""

import re
from datetime import timedelta

import pytest

from conftest import make_user
from core.tests import browser as shared
from core.tests.browser import log_in

pytestmark = pytest.mark.browser

browser = shared.browser
page = shared.page

CARRIED = "Send the Japanese side the data centre investment framework"
DECISIONS = [
    "Form a joint working group on AI governance.",
    "Study a partnership on a submarine cable landing in Egypt.",
]
FOLLOW_UP = "Prepare the technical note on landing stations"


@pytest.fixture
def committee(transactional_db):
    """Egypt and Japan, the committee, and its first session (in Cairo, a year ago) with a
    decision whose follow-up action is still open; the officer of the Asian desk."""
    from django.utils import timezone

    from core.models import OrgUnit
    from engagements.models import Decision, JointCommittee
    from engagements.tests.conftest import at, make_action, make_session
    from partners.models import Partner

    egypt, japan = (
        Partner.objects.create(
            kind="country", iso_alpha2=iso, name_en=en, name_ar=ar, classification="public"
        )
        for iso, en, ar in [("EG", "Egypt", "مصر"), ("JP", "Japan", "اليابان")]
    )
    desk = OrgUnit.objects.create(code="asian-desk", name_en="Asian Desk")
    committee = JointCommittee.objects.create(
        name_en="Egypt–Japan Joint Committee on ICT Cooperation",
        partner=japan,
        owner_unit=desk,
        classification="internal",
    )
    first = make_session(committee, 1, start=at(-365), country=egypt, city="Cairo")
    framework = Decision.objects.create(
        meeting=first, text_en="Egypt shares its investment framework.", status="implemented"
    )
    make_action(framework, CARRIED, due_date=timezone.localdate() - timedelta(days=200))
    return {
        "committee": committee,
        "japan": japan,
        "officer": make_user("officer", "officer", "confidential", org_unit=desk),
    }


def test_officer_records_a_committee_session_with_two_decisions_and_an_action(page, committee):
    from django.utils import timezone
    from playwright.sync_api import expect

    from actions.models import Action
    from engagements.models import Decision, Meeting

    officer, japan = committee["officer"], committee["japan"]
    committee = committee["committee"]
    log_in(page, officer)

    # Meetings, the joint committees tab, the committee: last session's action is open.
    page.locator("nav a.nav-link[href='/meetings/']").click()
    page.locator("main .nav-tabs a[href='/meetings/committees/']").click()
    page.locator(f"#results a[href='/meetings/committees/{committee.pk}/']").click()
    page.wait_for_url(f"**/meetings/committees/{committee.pk}/")
    expect(page.locator("#open-actions")).to_contain_text(CARRIED)

    # Open session 2: the form lists what will be carried over; hosts alternate to Japan.
    page.locator("#open-next-session").click()
    page.wait_for_url(f"**/meetings/committees/{committee.pk}/sessions/new/")
    expect(page.locator("#carry-title ~ ul")).to_contain_text(CARRIED)
    expect(page.locator("#id_country")).to_have_value(str(japan.pk))
    day = timezone.localdate() + timedelta(days=21)
    page.locator("#id_start").fill(f"{day.isoformat()}T10:00")
    page.locator("#id_end").fill(f"{day.isoformat()}T16:30")
    page.locator("#id_time_zone").select_option("Asia/Tokyo")
    page.locator("#id_city").fill("Tokyo")
    page.locator("#open-session").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    session = Meeting.objects.get(committee=committee, session_number=2)
    assert page.url.endswith(session.get_absolute_url())
    expect(page.locator("main .alert-success")).to_be_visible()
    assert session.start_local.hour == 10 and session.time_zone == "Asia/Tokyo"

    # The open action is on the new agenda, marked as carried over.
    carried = page.locator("#agenda li[data-carried=true]")
    expect(carried).to_have_count(1)
    expect(carried.locator("a.carried-action")).to_have_text(CARRIED)

    # Two decisions.
    for text in DECISIONS:
        page.locator("#add-decision").click()
        page.wait_for_url(f"**/meetings/{session.pk}/decisions/new/")
        page.locator("#id_text_en").fill(text)
        page.locator("#id_status").select_option("pending")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/meetings/{session.pk}/#decision-\d+$"))
    expect(page.locator("#decisions > li")).to_have_count(2)
    decision = Decision.objects.get(meeting=session, text_en=DECISIONS[1])

    # A follow-up action from the second decision: owned by the officer, due in a month.
    page.locator(f"#decision-{decision.pk} a.add-follow-up").click()
    page.wait_for_url("**/actions/new/?source=engagements.decision*")
    expect(page.locator("main .alert-info")).to_contain_text(DECISIONS[1])
    page.locator("#id_title_en").fill(FOLLOW_UP)
    expect(page.locator("#id_owner")).to_have_value(str(officer.pk))
    due = timezone.localdate() + timedelta(days=30)
    page.locator("#id_due_date").fill(due.isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/meetings/{session.pk}/#decision-{decision.pk}$"))
    action = Action.objects.get(title_en=FOLLOW_UP)
    assert (action.source, action.owner, action.due_date) == (decision, officer, due)
    assert action.classification == session.classification

    # On the session page, under its decision...
    follow_ups = page.locator(f"#decision-{decision.pk} .follow-ups")
    expect(follow_ups.locator(f"a[href='/actions/{action.pk}/']")).to_have_text(FOLLOW_UP)

    # ... and in "My actions".
    page.goto("/actions/mine/")
    row = page.locator("#results tbody tr", has=page.locator(f"a[href='/actions/{action.pk}/']"))
    expect(row).to_have_count(1)
    # It names the decision it follows up, linked to the session page.
    source = row.locator(f"a[href='{session.get_absolute_url()}#decision-{decision.pk}']")
    expect(source).to_have_count(1)
    expect(row.locator(f"time[datetime='{due.isoformat()}']")).to_have_count(1)
    assert page.problems == []
