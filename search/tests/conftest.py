"""Fixtures of the search tests: records made through core.services (as pages, the API and
commands make them), so that the index follows them as it does in use."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from core import services
from core.choices import ChangeChannel


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Uploaded files go to an empty folder of the test's own."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def save(instance, user=None):
    return services.save(instance, user, channel=ChangeChannel.COMMAND)


def make_partner(name_en, name_ar="", level="internal", **fields):
    from partners.models import Partner

    fields.setdefault("kind", "organization")
    if fields["kind"] == "organization":
        fields.setdefault("category", "regional_arab")
    return save(Partner(name_en=name_en, name_ar=name_ar, classification=level, **fields))


def make_person(name_en, name_ar="", level="internal", **fields):
    from partners.models import Person

    return save(Person(name_en=name_en, name_ar=name_ar, classification=level, **fields))


def make_agreement(title_en, title_ar="", level="internal", **fields):
    from agreements.models import Agreement

    fields.setdefault("type", "mou")
    fields.setdefault("term_kind", "until_notice")
    return save(Agreement(title_en=title_en, title_ar=title_ar, classification=level, **fields))


def make_meeting(title_en, title_ar="", level="internal", **fields):
    from engagements.models import Meeting

    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    fields.setdefault("kind", "bilateral")
    fields.setdefault("level", "ministerial")
    fields.setdefault("start", start)
    fields.setdefault("end", start + datetime.timedelta(hours=2))
    return save(Meeting(title_en=title_en, title_ar=title_ar, classification=level, **fields))


def make_position(topic_en, topic_ar="", level="internal", **fields):
    from multilateral.models import NationalPosition

    position = NationalPosition(topic_en=topic_en, topic_ar=topic_ar, classification=level)
    for name, value in fields.items():
        setattr(position, name, value)
    return save(position)


def make_initiative(title_en, title_ar="", level="internal", **fields):
    from initiatives.models import Initiative

    fields.setdefault("kind", "capacity_building")
    fields.setdefault("start_date", datetime.date(2024, 1, 1))
    return save(Initiative(title_en=title_en, title_ar=title_ar, classification=level, **fields))


def attach(record, name, data, *, title="", level=None, user=None):
    from documents import services as documents
    from documents.tests.files import upload

    return documents.attach(
        record,
        upload(name, data),
        user,
        title=title,
        kind="draft",
        language="en",
        classification=level,
        channel=ChangeChannel.COMMAND,
    )


def found(user, text, kind=None):
    """The titles (in English) of what `user` finds for `text`, of every kind or of one."""
    from search import query

    results = query.search(user, text, kind=kind)
    return [hit.title for group in results.groups for hit in group.hits]


def html_of(results) -> str:
    """Every title, context and snippet that a search shows, as one text."""
    return " ".join(
        f"{hit.title} {hit.title_html} {hit.context} {hit.snippet_html}"
        for group in results.groups
        for hit in group.hits
    )
