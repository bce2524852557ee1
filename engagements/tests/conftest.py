"""Fixtures of the engagements tests: partners, people, a desk, a joint committee, and quick
ways to file meetings, sessions, decisions and actions."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from rest_framework.test import APIClient

from actions.models import Action
from core.models import ChangeRecord, OrgUnit
from engagements.models import AgendaItem, Decision, JointCommittee, Meeting, Participant
from partners.models import Partner, Person

CAIRO = zoneinfo.ZoneInfo("Africa/Cairo")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def country(iso, name_en, name_ar="", region="", classification="public"):
    return Partner.objects.create(
        kind="country",
        iso_alpha2=iso,
        name_en=name_en,
        name_ar=name_ar,
        region=region,
        classification=classification,
    )


@pytest.fixture
def egypt(db):
    return country("EG", "Egypt", "مصر", "002")


@pytest.fixture
def japan(db):
    return country("JP", "Japan", "اليابان", "142")


@pytest.fixture
def france(db):
    return country("FR", "France", "فرنسا", "150")


@pytest.fixture
def desk(db):
    return OrgUnit.objects.create(code="asian-desk", name_en="Asian desk")


@pytest.fixture
def people(db, japan, egypt):
    """Two of ours, two of theirs."""
    return {
        name: Person.objects.create(name_en=name, nationality=nationality, classification="public")
        for name, nationality in [
            ("Omar Khaled", egypt),
            ("Sara Mahmoud", egypt),
            ("Kenji Sato", japan),
            ("Hiroshi Tanaka", japan),
        ]
    }


@pytest.fixture
def committee(db, japan, desk):
    return JointCommittee.objects.create(
        name_en="Egypt–Japan Joint Committee",
        name_ar="اللجنة المصرية اليابانية المشتركة",
        partner=japan,
        owner_unit=desk,
        periodicity_months=12,
        classification="internal",
    )


@pytest.fixture
def api():
    """api(user) is an API client authenticated as `user`."""

    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def at(days=0, hour=10, zone=CAIRO):
    """A time `days` from today, at `hour` o'clock in `zone`."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=zone)


def make_meeting(title="Bilateral meeting on AI", *, partners=(), days=0, hours=2, **fields):
    """A meeting written straight to the table (tests of reading; writes go through the
    services elsewhere)."""
    start = fields.pop("start", None) or at(days)
    values = {
        "kind": "bilateral",
        "level": "senior_officials",
        "title_en": title,
        "start": start,
        "end": start + timedelta(hours=hours),
        "classification": "internal",
        **fields,
    }
    meeting = Meeting.objects.create(**values)
    if partners:
        meeting.partners.set(partners)
    return meeting


def make_session(committee, number, **fields):
    fields.setdefault("classification", committee.classification)
    return make_meeting(
        f"Session {number}",
        kind="committee_session",
        committee=committee,
        session_number=number,
        partners=[committee.partner],
        **fields,
    )


def make_decision(meeting, text="Form a working group", status="pending", **fields):
    return Decision.objects.create(meeting=meeting, text_en=text, status=status, **fields)


def make_action(source, title="Send the draft", *, status="open", owner_unit=None, **fields):
    """An action from `source` (any record), open unless told otherwise."""
    owner_unit = (
        owner_unit or OrgUnit.objects.get_or_create(code="desk", defaults={"name_en": "A desk"})[0]
    )
    action = Action(
        title_en=title,
        owner_unit=owner_unit,
        status=status,
        classification=fields.pop("classification", source.classification),
        **fields,
    )
    action.source = source
    if status == "done":
        action.completed_on = timezone.localdate()
    action.save()
    return action


def add_participant(meeting, person, side="ours", is_head=False, role=""):
    return Participant.objects.create(
        meeting=meeting, person=person, side=side, is_head=is_head, role=role
    )


def add_item(meeting, title="Digital skills", order=1, **fields):
    return AgendaItem.objects.create(meeting=meeting, title_en=title, order=order, **fields)


def change_records(record, **filters):
    ct = ContentType.objects.get_for_model(type(record))
    return ChangeRecord.objects.filter(content_type=ct, object_id=str(record.pk), **filters)
