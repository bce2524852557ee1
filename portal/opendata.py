"""The open data: what the portal publishes as files, declared once.

Each `Dataset` names its records (a query of portal.content, which holds every rule of what
the public may see) and its `Field`s; the CSV and JSON files, the Frictionless Data Package
descriptor and the data dictionary page are all drawn from these declarations, so that a
field cannot be exported without being documented, nor documented without being exported.

The schema is stable: a field is never renamed, retyped or removed without raising
`SCHEMA_VERSION`, and `portal/tests/test_opendata.py` pins every field name.

Lists (parties, partners, agreement ids) are arrays in the JSON files. A CSV cell cannot
hold an array, so there they are joined with "; " (see `Field.flatten`), and the Data
Package, which describes the CSV files, declares them as strings. The partners of an
agreement, meeting or initiative are given twice: as names (objects with both names, kind,
codes and role in JSON; English names in CSV) and as codes (`*_codes`: the ISO 3166-1
alpha-2 code of a country, otherwise the acronym), in the same order, a partner without a
code leaving its place empty, so that a CSV reader can pair them.
"""

import csv
import io
import json
from collections.abc import Callable

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from agreements.choices import AgreementType
from initiatives import iati
from initiatives.models import InitiativePartner
from initiatives.services import periods_of
from partners.choices import PartnerKind
from portal import content
from portal.schema import Dataset, Field, join

SCHEMA_VERSION = 1
PACKAGE_NAME = "international-cooperation"


def data_license() -> tuple[str, str]:
    """(SPDX identifier, URL) of the open data's licence: the ministry's policy, set in
    ACCORD_OPEN_DATA_LICENSE and ACCORD_OPEN_DATA_LICENSE_URL."""
    return settings.ACCORD_OPEN_DATA_LICENSE, settings.ACCORD_OPEN_DATA_LICENSE_URL


# Reading records --------------------------------------------------------------------------


def attr(name: str) -> Callable:
    """The record's attribute `name` (a dotted path); None past a missing link."""
    parts = name.split(".")

    def read(record):
        for part in parts:
            if record is None:
                return None
            record = getattr(record, part)
        return record

    return read


def english(choices) -> Callable[[str], str]:
    """The English label of a choice: the files are the same whatever the reader's
    language."""

    def label(value):
        if not value:
            return None
        with translation.override("en"):
            return str(choices(value).label)

    return label


TYPE_LABEL = english(AgreementType)


def code(partner) -> str:
    """How a partner is known in other data: a country by its ISO code, anything else by
    its acronym ("" when it has none)."""
    return (partner.iso_alpha2 or partner.acronym or "").upper()


def partner_object(partner, role: str | None = None) -> dict:
    """A public partner as the JSON files give it. Only the partner's own public fields:
    an institution's country is not followed (it is not checked to be public here)."""
    data = {
        "name_en": partner.name_en,
        "name_ar": partner.name_ar,
        "kind": partner.kind,
        "iso_alpha2": partner.iso_alpha2.upper() or None,
        "acronym": partner.acronym or None,
    }
    if role is not None:
        data["role"] = role
    return data


def _names(items: list[dict]) -> str:
    return join(item["name_en"] for item in items)


def _names_with_roles(items: list[dict]) -> str:
    return join(f"{item['name_en']} ({item['role']})" for item in items)


def _ids(records) -> list[int]:
    return sorted(r.pk for r in records)


# The datasets -----------------------------------------------------------------------------


def published_agreements_of(relation: str) -> Prefetch:
    """The published agreements linked through `relation`, as `public_agreements`: an
    unpublished one is not even named by its id."""
    return Prefetch(
        relation, queryset=content.agreements().only("pk").order_by(), to_attr="public_agreements"
    )


def _agreements():
    return content.with_parties(content.agreements()).order_by("pk")


def _meetings():
    return (
        content.with_partners(content.meetings())
        .prefetch_related(published_agreements_of("agreements"))
        .order_by("pk")
    )


def _initiatives():
    return (
        content.initiatives()
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=InitiativePartner.objects.filter(partner__in=content.partners())
                .select_related("partner")
                .order_by("role", "partner__name_en", "pk"),
                to_attr="public_participants",
            ),
            published_agreements_of("agreements"),
        )
        .order_by("pk")
    )


def _memberships():
    return content.memberships().select_related("organization", "member").order_by("pk")


def _seats():
    return content.seats().select_related("body__organization", "holder").order_by("pk")


def _posts():
    return content.posts().select_related("body__organization", "person").order_by("pk")


def _results():
    # The periods themselves, not the roll-up (content.results): users of the data sum as
    # they need. Only those of published initiatives: `periods_of` takes them as a subquery.
    return (
        periods_of(content.initiatives())
        .select_related("result__indicator")
        .order_by("result__initiative_id", "result__indicator__code", "period_start", "pk")
    )


def _countries():
    return sorted(content.cooperation_by_country().values(), key=lambda c: c.iso)


def _parties(agreement) -> list[dict]:
    return [partner_object(p.partner, p.role) for p in agreement.public_parties]


def _meeting_partners(meeting) -> list[dict]:
    return [partner_object(p) for p in meeting.public_partners]


def _initiative_partners(initiative) -> list[dict]:
    return [partner_object(p.partner, p.role) for p in initiative.public_participants]


def _local_date(name: str) -> Callable:
    # The date where the meeting is held: a meeting in Tokyo at 08:00 on the 2nd is on the
    # 2nd, although it is still the 1st in UTC.
    def read(meeting):
        moment = getattr(meeting, name)
        return moment.astimezone(meeting.zone).date() if moment else None

    return read


def _iso(partner_attr: str) -> Callable:
    """The ISO code of the record's partner `partner_attr`, when that is a country."""

    def read(record):
        partner = getattr(record, partner_attr)
        if partner is None or partner.kind != PartnerKind.COUNTRY:
            return None
        return partner.iso_alpha2.upper() or None

    return read


ID = _("Its number in the register: stable, never reused.")
TITLE_EN = _("Its title in English.")
TITLE_AR = _("Its title in Arabic (may be empty).")
ORGANIZATION_FIELDS = (
    Field(
        "organization_acronym",
        "string",
        _("The organization's acronym."),
        attr("body.organization.acronym"),
    ),
    Field(
        "organization_name_en",
        "string",
        _("The organization's name in English."),
        attr("body.organization.name_en"),
    ),
    Field(
        "organization_name_ar",
        "string",
        _("The organization's name in Arabic."),
        attr("body.organization.name_ar"),
    ),
    Field(
        "body_name_en",
        "string",
        _("The organization's body (council, committee, study group...) in English."),
        attr("body.name_en"),
    ),
    Field(
        "body_name_ar",
        "string",
        _("The organization's body in Arabic."),
        attr("body.name_ar"),
    ),
)
TERM_FIELDS = (
    Field("term_start", "date", _("The first day of the term."), attr("term_start")),
    Field(
        "term_end",
        "date",
        _("The last day of the term (empty when open-ended)."),
        attr("term_end"),
    ),
)

AGREEMENTS = Dataset(
    name="agreements",
    title=_("Agreements"),
    description=_(
        "The agreements, memoranda of understanding and other instruments published by the "
        "sector, with their dates and their public parties."
    ),
    records=_agreements,
    key="id",
    fields=(
        Field("id", "integer", ID, attr("pk")),
        Field(
            "type",
            "string",
            _("The kind of instrument, as a code (mou, agreement, treaty, protocol...)."),
            attr("type"),
        ),
        Field(
            "type_label",
            "string",
            _("The kind of instrument, in English words."),
            lambda a: TYPE_LABEL(a.type),
        ),
        Field("title_en", "string", TITLE_EN, attr("title_en")),
        Field("title_ar", "string", TITLE_AR, attr("title_ar")),
        Field("reference", "string", _("Its reference number, if it has one."), attr("reference")),
        Field(
            "status",
            "string",
            _("Where it stands, as a code (signed, in_force, expired, terminated...)."),
            attr("status"),
        ),
        Field("signature_date", "date", _("The date it was signed."), attr("signature_date")),
        Field("signature_place", "string", _("Where it was signed."), attr("signature_place")),
        Field(
            "entry_into_force",
            "date",
            _("The date it entered (or enters) into force."),
            attr("entry_into_force"),
        ),
        Field(
            "expiry_date",
            "date",
            _("The date it expires, if its term is fixed."),
            attr("expiry_date"),
        ),
        Field(
            "termination_date",
            "date",
            _("The date it was terminated, if it was."),
            attr("termination_date"),
        ),
        Field("summary", "string", _("What it is about."), attr("summary")),
        Field(
            "parties",
            "array",
            _(
                "Its public parties. JSON: objects with name_en, name_ar, kind (country, "
                "organization, institution), iso_alpha2, acronym and role (party, witness, "
                "depositary). CSV: their English names, separated by “; ”."
            ),
            _parties,
            flatten=_names,
        ),
        Field(
            "party_codes",
            "array",
            _(
                "The same parties in the same order, by code: a country's ISO 3166-1 "
                "alpha-2 code, otherwise the acronym (empty when there is none). CSV: "
                "separated by “; ”."
            ),
            lambda a: [code(p.partner) for p in a.public_parties],
        ),
    ),
)

MEETINGS = Dataset(
    name="meetings",
    title=_("Meetings and visits"),
    description=_(
        "The published meetings, visits, joint committee sessions and conferences, with "
        "their public partners."
    ),
    records=_meetings,
    key="id",
    fields=(
        Field("id", "integer", ID, attr("pk")),
        Field(
            "kind",
            "string",
            _("The kind of meeting, as a code (bilateral, incoming_visit, committee_session...)."),
            attr("kind"),
        ),
        Field(
            "level",
            "string",
            _("Its level, as a code (head_of_state, ministerial, senior_officials...)."),
            attr("level"),
        ),
        Field("title_en", "string", TITLE_EN, attr("title_en")),
        Field("title_ar", "string", TITLE_AR, attr("title_ar")),
        Field(
            "start_date",
            "date",
            _("The day it started, where it was held."),
            _local_date("start"),
        ),
        Field("end_date", "date", _("The day it ended, where it was held."), _local_date("end")),
        Field("city", "string", _("The city where it was held."), attr("city")),
        Field(
            "country",
            "string",
            _("The ISO 3166-1 alpha-2 code of the country where it was held."),
            _iso("public_country"),
        ),
        Field(
            "partners",
            "array",
            _(
                "Its public partners. JSON: objects with name_en, name_ar, kind, iso_alpha2 "
                "and acronym. CSV: their English names, separated by “; ”."
            ),
            _meeting_partners,
            flatten=_names,
        ),
        Field(
            "partner_codes",
            "array",
            _(
                "The same partners in the same order, by ISO code or acronym (empty when "
                "there is none). CSV: separated by “; ”."
            ),
            lambda m: [code(p) for p in m.public_partners],
        ),
        Field(
            "agreement_ids",
            "array",
            _("The published agreements it relates to, by id (see agreements)."),
            lambda m: _ids(m.public_agreements),
        ),
    ),
)

MEMBERSHIPS = Dataset(
    name="memberships",
    title=_("Memberships of international organizations"),
    description=_(
        "The country's and its bodies' published memberships of international and regional "
        "organizations."
    ),
    records=_memberships,
    key="id",
    fields=(
        Field("id", "integer", ID, attr("pk")),
        Field(
            "organization_acronym",
            "string",
            _("The organization's acronym."),
            attr("organization.acronym"),
        ),
        Field(
            "organization_name_en",
            "string",
            _("The organization's name in English."),
            attr("organization.name_en"),
        ),
        Field(
            "organization_name_ar",
            "string",
            _("The organization's name in Arabic."),
            attr("organization.name_ar"),
        ),
        Field(
            "member_name_en",
            "string",
            _("The member (the country or one of its bodies) in English."),
            attr("member.name_en"),
        ),
        Field("member_name_ar", "string", _("The member in Arabic."), attr("member.name_ar")),
        Field(
            "member_iso_alpha2",
            "string",
            _("The member's ISO 3166-1 alpha-2 code, when the member is a country."),
            _iso("member"),
        ),
        Field(
            "status",
            "string",
            _("The kind of membership, as a code (member_state, associate, observer...)."),
            attr("status"),
        ),
        Field("since", "date", _("Member since."), attr("since")),
        Field("until", "date", _("Member until (empty while a member)."), attr("until")),
    ),
)

SEATS = Dataset(
    name="seats",
    title=_("Seats on governing bodies"),
    description=_("The published seats held on the bodies of international organizations."),
    records=_seats,
    key="id",
    fields=(
        Field("id", "integer", ID, attr("pk")),
        *ORGANIZATION_FIELDS,
        Field(
            "holder_name_en", "string", _("Who holds the seat, in English."), attr("holder.name_en")
        ),
        Field(
            "holder_name_ar", "string", _("Who holds the seat, in Arabic."), attr("holder.name_ar")
        ),
        Field(
            "holder_iso_alpha2",
            "string",
            _("The holder's ISO 3166-1 alpha-2 code, when the holder is a country."),
            _iso("holder"),
        ),
        *TERM_FIELDS,
    ),
)

POSTS = Dataset(
    name="posts",
    title=_("Elected posts"),
    description=_(
        "The published posts held by nationals on the bodies of international organizations."
    ),
    records=_posts,
    key="id",
    fields=(
        Field("id", "integer", ID, attr("pk")),
        *ORGANIZATION_FIELDS,
        Field(
            "title_en", "string", _("The post (chair, vice-chair...) in English."), attr("title_en")
        ),
        Field("title_ar", "string", _("The post in Arabic."), attr("title_ar")),
        Field(
            "person_name_en", "string", _("Who holds the post, in English."), attr("person.name_en")
        ),
        Field(
            "person_name_ar", "string", _("Who holds the post, in Arabic."), attr("person.name_ar")
        ),
        *TERM_FIELDS,
    ),
)

INITIATIVES = Dataset(
    name="initiatives",
    title=_("Initiatives"),
    description=_(
        "The published programmes, projects and partnerships, with their public partners "
        "and the published agreements they carry out. The same initiatives are in the IATI "
        "file."
    ),
    records=_initiatives,
    key="id",
    fields=(
        Field("id", "integer", ID, attr("pk")),
        Field(
            "iati_identifier",
            "string",
            _("Its identifier in the IATI file."),
            attr("iati_identifier"),
        ),
        Field("title_en", "string", TITLE_EN, attr("title_en")),
        Field("title_ar", "string", TITLE_AR, attr("title_ar")),
        Field(
            "kind",
            "string",
            _("The kind of initiative, as a code (capacity_building, investment, research...)."),
            attr("kind"),
        ),
        Field(
            "status",
            "string",
            _("Where it stands, as a code (planned, ongoing, completed...)."),
            attr("status"),
        ),
        Field("start_date", "date", _("The day it starts or started."), attr("start_date")),
        Field("end_date", "date", _("The day it ends or ended."), attr("end_date")),
        Field(
            "description_en",
            "string",
            _("What it does, in English."),
            attr("description_en"),
        ),
        Field("description_ar", "string", _("What it does, in Arabic."), attr("description_ar")),
        Field(
            "partners",
            "array",
            _(
                "Its public partners in their roles. JSON: objects with name_en, name_ar, "
                "kind, iso_alpha2, acronym and role (funder, implementer, beneficiary, "
                "partner). CSV: “English name (role)”, separated by “; ”."
            ),
            _initiative_partners,
            flatten=_names_with_roles,
        ),
        Field(
            "partner_codes",
            "array",
            _(
                "The same partners in the same order, by ISO code or acronym (empty when "
                "there is none). CSV: separated by “; ”."
            ),
            lambda i: [code(p.partner) for p in i.public_participants],
        ),
        Field(
            "agreement_ids",
            "array",
            _("The published agreements it carries out, by id (see agreements)."),
            lambda i: _ids(i.public_agreements),
        ),
    ),
)

RESULTS = Dataset(
    name="results",
    title=_("Results of the initiatives"),
    description=_(
        "The targets and actual values of the published initiatives' indicators, period by period."
    ),
    records=_results,
    fields=(
        Field(
            "initiative_id",
            "integer",
            _("The initiative (see initiatives)."),
            attr("result.initiative_id"),
        ),
        Field(
            "indicator_code",
            "string",
            _("The indicator, as a code (people-trained, jobs-created...)."),
            attr("result.indicator.code"),
        ),
        Field(
            "indicator_name_en",
            "string",
            _("The indicator in English."),
            attr("result.indicator.name_en"),
        ),
        Field(
            "indicator_name_ar",
            "string",
            _("The indicator in Arabic."),
            attr("result.indicator.name_ar"),
        ),
        Field(
            "unit",
            "string",
            _("What the values count, as a code (people, jobs, usd, percent...)."),
            attr("result.indicator.unit"),
        ),
        Field("period_start", "date", _("The first day of the period."), attr("period_start")),
        Field("period_end", "date", _("The last day of the period."), attr("period_end")),
        Field("target", "number", _("The value aimed at for the period."), attr("target")),
        Field("actual", "number", _("The value reached in the period."), attr("actual")),
    ),
)

COUNTRIES = Dataset(
    name="countries",
    title=_("Cooperation by country"),
    description=_(
        "The data of the portal's map: for each country, how many published agreements, "
        "meetings and initiatives name it or one of its institutions. The home country is "
        "listed, not counted."
    ),
    records=_countries,
    key="iso_alpha2",
    fields=(
        Field("iso_alpha2", "string", _("The country's ISO 3166-1 alpha-2 code."), attr("iso")),
        Field("name_en", "string", _("The country's name in English."), attr("name_en")),
        Field("name_ar", "string", _("The country's name in Arabic."), attr("name_ar")),
        Field(
            "group",
            "string",
            _("The sector's group of countries, as a code (arab, african, european, asian...)."),
            attr("group"),
        ),
        Field("home", "boolean", _("Whether it is the home country."), attr("home")),
        Field(
            "agreements",
            "integer",
            _("How many published agreements name it or one of its institutions."),
            attr("agreements"),
        ),
        Field(
            "meetings",
            "integer",
            _("How many published meetings name it or one of its institutions."),
            attr("meetings"),
        ),
        Field(
            "initiatives",
            "integer",
            _("How many published initiatives name it or one of its institutions."),
            attr("initiatives"),
        ),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (AGREEMENTS, MEETINGS, MEMBERSHIPS, SEATS, POSTS, INITIATIVES, RESULTS, COUNTRIES)
}


# Writers ----------------------------------------------------------------------------------


def as_csv(dataset: Dataset) -> bytes:
    """The dataset as CSV: UTF-8 with a byte-order mark (so that Excel reads the Arabic),
    a header of the field names, dates in ISO 8601, formulas neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(dataset.field_names)
    for record in dataset.iterate():
        writer.writerow([f.csv(record) for f in dataset.fields])
    return buffer.getvalue().encode("utf-8-sig")


def as_json(dataset: Dataset) -> bytes:
    """The dataset as one JSON object: its name, the schema version, when it was made, its
    licence, and its records (dates in ISO 8601), in UTF-8."""
    document = {
        "dataset": dataset.name,
        "schema_version": SCHEMA_VERSION,
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "license": data_license()[0],
        "records": list(dataset.rows()),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def datapackage(base_url: str) -> dict:
    """The Frictionless Data Package descriptor of the CSV files, found under `base_url`
    (which ends with "/"): titles and descriptions in English, whatever the reader's."""
    with translation.override("en"):
        resources = [
            {
                "name": d.name,
                "path": f"{base_url}{d.name}.csv",
                "profile": "tabular-data-resource",
                "title": str(d.title),
                "description": str(d.description),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": f.name, "type": f.csv_type, "description": str(f.description)}
                        for f in d.fields
                    ],
                    **({"primaryKey": d.key} if d.key else {}),
                },
            }
            for d in DATASETS.values()
        ]
        return {
            "profile": "tabular-data-package",
            "name": PACKAGE_NAME,
            "title": str(_("International cooperation: open data")),
            "description": str(
                _(
                    "What the sector has published of its international cooperation: "
                    "agreements, meetings, memberships, seats, posts, initiatives and "
                    "their results."
                )
            ),
            "version": f"{SCHEMA_VERSION}.0.0",
            "created": timezone.localtime().isoformat(timespec="seconds"),
            "licenses": [dict(zip(("name", "path"), data_license(), strict=True))],
            "resources": resources,
        }


def as_iati() -> bytes:
    """The published initiatives as an IATI activity file (initiatives.iati writes it)."""
    return iati.activities_xml(iati.published(content.initiatives()))
