"""Fixtures of the notifications tests: two desks, a desk officer and a viewer on the same
desk (with e-mail addresses), and a world of records at every classification around today:
meetings, actions of either desk, agreements in force with dates at the alert windows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.tests.helpers import make_action
from agreements.tests.conftest import make_agreement
from conftest import make_user
from core.models import OrgUnit
from engagements.models import Meeting
from partners.models import Partner

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _digest_all_day(settings):
    """Digests may be queued at any hour of the test run; alert windows as documented."""
    settings.ACCORD_DIGEST_HOUR = 0
    settings.ACCORD_ALERT_DAYS = [180, 90, 30]
    settings.DEFAULT_FROM_EMAIL = "accord@mcit.example"


@pytest.fixture
def desk(db):
    return OrgUnit.objects.create(code="asian", name_en="Asian desk", name_ar="المكتب الآسيوي")


@pytest.fixture
def other_desk(db):
    return OrgUnit.objects.create(code="african", name_en="African desk")


@pytest.fixture
def officer(desk):
    """A desk officer cleared for confidential, on the Asian desk."""
    return make_user(
        "desk_officer", "officer", "confidential", org_unit=desk, email="officer@mcit.example"
    )


@pytest.fixture
def desk_viewer(desk):
    """A viewer cleared for internal only, on the same desk as the officer."""
    return make_user(
        "desk_viewer", "viewer", "internal", org_unit=desk, email="viewer@mcit.example"
    )


@pytest.fixture
def japan(db):
    return Partner.objects.create(
        kind="country", iso_alpha2="JP", name_en="Japan", name_ar="اليابان", classification="public"
    )


def make_meeting(title, *, days=1, hours=2, time_zone="Asia/Tokyo", **fields) -> Meeting:
    """A meeting `days` from now, lasting `hours`, held in `time_zone`."""
    start = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    values = {
        "kind": "bilateral",
        "level": "technical",
        "title_en": title,
        "start": start,
        "end": start + timedelta(hours=hours),
        "time_zone": time_zone,
        "classification": "internal",
        **fields,
    }
    return Meeting.objects.create(**values)


def in_force(title, classification="internal", **dates):
    """An agreement in force with the given computed dates (notice_deadline, expiry_date,
    next_review), as agreements.services would have stored them today."""
    agreement = make_agreement(
        title,
        classification=classification,
        status="in_force",
        signature_date=TODAY - timedelta(days=400),
    )
    type(agreement).objects.filter(pk=agreement.pk).update(dates_computed_on=TODAY, **dates)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def world(officer, desk_viewer, desk, other_desk, japan):
    """Records at every classification: what each persona may and may not see."""
    meeting = make_meeting("Tokyo ICT dialogue", days=2, time_zone="Asia/Tokyo", country=japan)
    meeting.partners.add(japan)
    secret_meeting = make_meeting(
        "Cable landing talks", days=2, time_zone="Europe/Paris", classification="confidential"
    )
    return {
        "meeting": meeting,
        "confidential_meeting": secret_meeting,
        "own_action": make_action(
            "Send the draft MoU",
            owner=officer,
            due_date=TODAY + timedelta(days=3),
            classification="internal",
        ),
        "overdue_desk_action": make_action(
            "Book the delegation's hotel",
            owner_unit=desk,
            due_date=TODAY - timedelta(days=2),
            classification="internal",
        ),
        "confidential_desk_action": make_action(
            "Brief the minister on cable security",
            owner_unit=desk,
            due_date=TODAY + timedelta(days=1),
            classification="confidential",
        ),
        "other_desk_action": make_action(
            "Call the Kenyan embassy",
            owner_unit=other_desk,
            due_date=TODAY + timedelta(days=1),
            classification="internal",
        ),
        "far_action": make_action(
            "Prepare the annual report",
            owner=officer,
            due_date=TODAY + timedelta(days=40),
            classification="internal",
        ),
        "agreement": in_force(
            "Memorandum on ICT cooperation",
            notice_deadline=TODAY + timedelta(days=90),
            expiry_date=TODAY + timedelta(days=120),
            next_review=TODAY + timedelta(days=30),
        ),
        "confidential_agreement": in_force(
            "Agreement on cyber defence",
            classification="confidential",
            notice_deadline=TODAY + timedelta(days=30),
            expiry_date=TODAY + timedelta(days=180),
        ),
    }
