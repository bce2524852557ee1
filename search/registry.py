"""What is searchable, and how each record becomes its entries.

`SOURCES` maps a model to a function that returns the entries of one record. `PARTS` maps
a model whose rows belong to a record (a meeting's decisions, a person's positions) to that
record: saving or deleting a part refreshes its record's entries. Models are named by their
label, so that a record of a model not listed here costs one dictionary look-up.

An entry carries only the record's own text, never another record's (a person's entry does
not name the partners of their positions, a meeting's does not name its partners): what
the entry's classification lets through must be what the record itself lets through. A
document's entry shows its record's title, which anyone who may read the document may read.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.html import strip_tags

from core.choices import Classification
from search.choices import Kind

SOURCES: dict[str, "Source"] = {}
PARTS: dict[str, str] = {}  # part model label -> name of its foreign key to the record


@dataclass
class Entry:
    """What one SearchEntry row will hold, before normalization."""

    kind: str
    title_en: str
    title_ar: str
    url: str
    classification: str
    text: str = ""
    context: tuple[str, str] = ("", "")
    parent: models.Model | None = None


@dataclass
class Source:
    """How the records of one model are indexed; `select` and `prefetch` serve rebuild()."""

    label: str
    entries: Callable[[models.Model], list[Entry]]
    select: tuple[str, ...] = ()
    prefetch: tuple[str, ...] = ()
    chunk: int = 2000


def source(label, *, select=(), prefetch=(), chunk=2000):
    def register(func):
        SOURCES[label] = Source(label, func, tuple(select), tuple(prefetch), chunk)
        return func

    return register


def lines(*values) -> str:
    return "\n".join(str(v) for v in values if v)


def both(render) -> tuple[str, str]:
    """`render()` in English and in Arabic (for labels of choices, translated)."""
    with translation.override("en"):
        english = str(render())
    with translation.override("ar"):
        arabic = str(render())
    return english, arabic


def higher(*levels: str) -> str:
    order = Classification.values
    known = [level for level in levels if level in order]
    return max(known, key=order.index) if known else Classification.SECRET


@source("partners.Partner")
def partner_entries(partner):
    acronym = f" ({partner.acronym})" if partner.acronym else ""
    return [
        Entry(
            Kind.PARTNER,
            partner.name_en + acronym,
            partner.name_ar + acronym if partner.name_ar else "",
            partner.get_absolute_url(),
            partner.classification,
            text=lines(
                partner.acronym,
                partner.iso_alpha2,
                partner.iso_alpha3,
                partner.former_names,
                partner.description,
            ),
            context=both(partner.get_kind_display),
        )
    ]


@source("partners.Person", prefetch=["positions"])
def person_entries(person):
    titles = [
        lines(p.title_en, p.title_ar, p.posted_in)
        for p in sorted(person.positions.all(), key=lambda p: (p.end is not None, -p.pk))
    ]
    current = next((p for p in person.positions.all() if p.end is None), None)
    return [
        Entry(
            Kind.PERSON,
            " ".join(filter(None, [person.honorific_en, person.name_en])),
            " ".join(filter(None, [person.honorific_ar, person.name_ar])) if person.name_ar else "",
            person.get_absolute_url(),
            person.classification,
            text=lines(*titles),
            context=(current.title_en, current.title_ar) if current else ("", ""),
        )
    ]


PARTS["partners.Position"] = "person"


@source("agreements.Agreement")
def agreement_entries(agreement):
    def context():
        parts = [agreement.get_type_display()]
        if agreement.signature_date:
            parts.append(agreement.signature_date.isoformat())
        return " · ".join(str(p) for p in parts)

    return [
        Entry(
            Kind.AGREEMENT,
            agreement.title_en,
            agreement.title_ar,
            agreement.get_absolute_url(),
            agreement.classification,
            text=lines(agreement.reference, agreement.summary, agreement.signature_place),
            context=both(context),
        )
    ]


@source("engagements.Meeting", prefetch=["agenda_items", "decisions"])
def meeting_entries(meeting):
    def context():
        parts = [meeting.get_kind_display()]
        if meeting.start:
            parts.append(meeting.start_local.date().isoformat())
        if meeting.city:
            parts.append(meeting.city)
        return " · ".join(str(p) for p in parts)

    context = both(context)
    url = meeting.get_absolute_url()
    entries = [
        Entry(
            Kind.MEETING,
            meeting.title_en,
            meeting.title_ar,
            url,
            meeting.classification,
            text=lines(meeting.venue, meeting.city, meeting.summary),
            context=context,
        )
    ]
    # What was said and decided, read as the meeting is: one entry, under the meeting's
    # classification, whatever the classification of the partners it was held with.
    minutes = html.unescape(strip_tags(meeting.minutes_html)) if meeting.minutes_html else ""
    items = [
        lines(i.title_en, i.title_ar, i.position, i.outcome) for i in meeting.agenda_items.all()
    ]
    decisions = [lines(d.text_en, d.text_ar) for d in meeting.decisions.all()]
    text = lines(minutes, *items, *decisions)
    if text:
        entries.append(
            Entry(
                Kind.MINUTES,
                meeting.title_en,
                meeting.title_ar,
                url + "#minutes-title",
                meeting.classification,
                text=text,
                context=context,
            )
        )
    return entries


PARTS["engagements.AgendaItem"] = "meeting"
PARTS["engagements.Decision"] = "meeting"


@source("multilateral.NationalPosition")
def position_entries(position):
    return [
        Entry(
            Kind.POSITION,
            position.topic_en,
            position.topic_ar,
            position.get_absolute_url(),
            position.classification,
            text=lines(position.text_en, position.text_ar),
            context=both(position.get_status_display),
        )
    ]


@source("initiatives.Initiative")
def initiative_entries(initiative):
    def context():
        return f"{initiative.get_kind_display()} · {initiative.get_status_display()}"

    return [
        Entry(
            Kind.INITIATIVE,
            initiative.title_en,
            initiative.title_ar,
            initiative.get_absolute_url(),
            initiative.classification,
            text=lines(initiative.description_en, initiative.description_ar),
            context=both(context),
        )
    ]


@source("documents.Document", prefetch=["record"], chunk=100)
def document_entries(document):
    record = document.record
    if record is None:
        return []
    url = getattr(record, "get_absolute_url", None)
    return [
        Entry(
            Kind.DOCUMENT,
            document.title,
            "",
            (url() + "#documents-title") if url else document.get_absolute_url(),
            # A document is read only by those who may read it and its record.
            higher(document.classification, getattr(record, "classification", "")),
            text=lines(document.original_name, document.text),
            context=both(lambda: str(record)),
            parent=record,
        )
    ]
