"""The IATI 2.03 export of the published initiatives: the sector's cooperation as activities
of the International Aid Transparency Initiative's standard, for the IATI Registry, d-portal
and anyone who reads open aid data.

Only initiatives that are published and public are exported, whoever asks; only partners
whose own classification is public are named (a public initiative may have a confidential
partner). The file is checked against the official schema by `validate`, which reads the
XSD shipped in ../shared/data/iati-2.03 and never the network.
"""

import re
import threading
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from lxml import etree

from core.choices import Classification
from initiatives.choices import (
    Direction,
    FundingKind,
    InitiativeStatus,
    PartnerRole,
    ResultType,
    Unit,
)
from initiatives.models import Funding, Initiative, InitiativePartner, Result
from partners.choices import InstitutionType, OrganizationCategory, PartnerKind

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PUBLIC = Classification.PUBLIC

# IATI OrganisationRole. Beneficiaries have no role in IATI 2.03 (1-4 are about who pays,
# oversees, extends and implements): a beneficiary country is published as a recipient
# country instead, and so is the country of a beneficiary institution.
ROLE = {
    PartnerRole.FUNDER: "1",  # Funding
    PartnerRole.PARTNER: "2",  # Accountable
    PartnerRole.IMPLEMENTER: "4",  # Implementing
}
# The ministry is listed too, as Accountable: the standard asks the reporting organisation
# to repeat itself when it plays a role, and it answers for every initiative it publishes.
# It also keeps the required participating-org when every partner is a beneficiary or is
# confidential.
REPORTING_ORG_ROLE = "2"

# IATI OrganisationType. A government body is 10 (Government) whether it is foreign or
# domestic: the registry cannot tell a ministry from a regulator or a public company, and
# 15 (Other Public Sector) would be a guess for all of them. An NGO institution is 22
# (National NGO) because an institution is recorded in one country; international NGOs are
# recorded as organizations, and take their category's code.
COUNTRY_TYPE = "10"  # Government
INSTITUTION_TYPE = {
    InstitutionType.GOVERNMENT: "10",  # Government
    InstitutionType.COMPANY: "70",  # Private Sector
    InstitutionType.UNIVERSITY: "80",  # Academic, Training and Research
    InstitutionType.RESEARCH: "80",
    InstitutionType.NGO: "22",  # National NGO
}
ORGANIZATION_TYPE = {
    OrganizationCategory.UN: "40",  # Multilateral
    OrganizationCategory.DEVELOPMENT_FINANCE: "40",
    OrganizationCategory.REGIONAL_ARAB: "40",
    OrganizationCategory.REGIONAL_AFRICAN: "40",
    OrganizationCategory.REGIONAL_OTHER: "40",
}
OTHER_TYPE = "90"  # Other: trade, standards and industry bodies, other organizations

# IATI ActivityStatus. A completed initiative is Closed (4), not Finalisation (3): the
# sector records an initiative as completed once its work and its money are done.
STATUS = {
    InitiativeStatus.PLANNED: "1",  # Pipeline/identification
    InitiativeStatus.ONGOING: "2",  # Implementation
    InitiativeStatus.COMPLETED: "4",  # Closed
    InitiativeStatus.CANCELLED: "5",  # Cancelled
    InitiativeStatus.SUSPENDED: "6",  # Suspended
}
# Only these surely started: a suspended or cancelled initiative may never have begun.
STARTED = {InitiativeStatus.ONGOING, InitiativeStatus.COMPLETED}
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"  # ActivityDateType
GENERAL_DESCRIPTION = "1"  # DescriptionType

# IATI TransactionType: the money is reported as the activity's own commitments and
# disbursements, the provider (when public) named on each.
TRANSACTION_TYPE = {FundingKind.COMMITMENT: "2", FundingKind.DISBURSEMENT: "3"}

RESULT_TYPE = {ResultType.OUTPUT: "1", ResultType.OUTCOME: "2", ResultType.IMPACT: "3"}
UNIT_MEASURE, PERCENT_MEASURE = "1", "2"  # IndicatorMeasure
OWN_INDICATOR_VOCABULARY = "99"  # IndicatorVocabulary: the reporting organisation's own

# Areas of cooperation (core.reference.AREAS) as OECD DAC CRS 5-digit purpose codes.
DAC_VOCABULARY = "1"
DEFAULT_SECTOR = "22040"  # Information and communication technology (ICT)
SECTORS = {
    "digital-transformation": "22040",  # ICT: computer hardware and software, internet
    "artificial-intelligence": "32182",  # Technological research and development
    "cybersecurity": "22040",
    "data-centres-cloud": "22040",
    "telecom-5g": "22020",  # Telecommunications: networks, satellites, earth stations
    "submarine-cables": "22020",
    "spectrum": "22011",  # Communications policy, planning and administration (regulation)
    "postal-services": "22012",  # Postal services
    "digital-skills": "11330",  # Vocational training: training for work, not for degrees
    "innovation": "25030",  # Business development services: incubators, accelerators
    "outsourcing": "25010",  # Business policy and administration: investment promotion
    "e-government": "15110",  # Public sector policy and administrative management
    "digital-inclusion": "22040",  # ICT: internet access
    "electronics": "32171",  # Engineering: manufacturing of electrical machinery
}

# Characters XML 1.0 cannot carry: one pasted control character would otherwise stop the
# whole file from being written.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def published(initiatives: QuerySet | None = None) -> QuerySet:
    """The initiatives to export (of `initiatives`, or of all): published and public, with
    everything the export reads prefetched, so that it runs the same few queries for one
    initiative or a thousand. Partners in roles are loaded only when public."""
    initiatives = Initiative.objects.all() if initiatives is None else initiatives
    return (
        initiatives.filter(published=True, classification=PUBLIC)
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=InitiativePartner.objects.filter(
                    partner__classification=PUBLIC
                ).select_related("partner__country"),
            ),
            Prefetch("funding", queryset=Funding.objects.select_related("source")),
            Prefetch(
                "results",
                queryset=Result.objects.select_related("indicator").prefetch_related("periods"),
            ),
            "areas",
        )
        .order_by("pk")
    )


def activities_xml(initiatives) -> bytes:
    """The IATI activity file of `initiatives` (best from `published()`), as UTF-8 bytes.
    An initiative that is not published and public is left out, whoever passed it."""
    now = timezone.localtime()
    root = etree.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": now.isoformat(timespec="seconds")},
    )
    for initiative in initiatives:
        if initiative.published and initiative.classification == PUBLIC:
            root.append(_activity(initiative, now.date()))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def number(value: Decimal) -> str:
    """A decimal as IATI expects it: exact, without exponent or trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# The activity, in the order of the schema's sequence ------------------------------------


def _activity(initiative, today: date) -> etree._Element:
    participants = [p for p in initiative.participants.all() if _public(p.partner)]
    funding = list(initiative.funding.all())
    currencies = {line.currency for line in funding}
    activity = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": _last_updated(initiative, participants, funding),
            XML_LANG: "en",
            # One currency for all the money: say it once; otherwise the reporting one.
            "default-currency": (
                next(iter(currencies))
                if len(currencies) == 1
                else settings.ACCORD_REPORTING_CURRENCY
            ),
        },
    )
    _add(activity, "iati-identifier", text=initiative.iati_identifier)
    reporting = _add(
        activity,
        "reporting-org",
        {"ref": settings.ACCORD_IATI_ORG_REF, "type": settings.ACCORD_IATI_ORG_TYPE},
    )
    _narratives(reporting, settings.ACCORD_IATI_ORG_NAME)
    _narratives(_add(activity, "title"), initiative.title_en, initiative.title_ar)
    _narratives(
        _add(activity, "description", {"type": GENERAL_DESCRIPTION}),
        initiative.description_en or initiative.title_en,
        initiative.description_ar or initiative.title_ar,
    )
    _participating_orgs(activity, participants)
    _add(activity, "activity-status", {"code": STATUS[initiative.status]})
    _activity_dates(activity, initiative, today)
    for code, share in _recipient_countries(participants):
        _add(activity, "recipient-country", {"code": code, "percentage": number(share)})
    for code, share in _sectors(initiative):
        _add(
            activity,
            "sector",
            {"vocabulary": DAC_VOCABULARY, "code": code, "percentage": number(share)},
        )
    for line in funding:
        _transaction(activity, line)
    for result in initiative.results.all():
        _result(activity, result)
    return activity


def _participating_orgs(activity, participants):
    ministry = _add(
        activity,
        "participating-org",
        {
            "ref": settings.ACCORD_IATI_ORG_REF,
            "type": settings.ACCORD_IATI_ORG_TYPE,
            "role": REPORTING_ORG_ROLE,
        },
    )
    _narratives(ministry, settings.ACCORD_IATI_ORG_NAME)
    named = [p for p in participants if p.role in ROLE]
    for participant in sorted(named, key=lambda p: (ROLE[p.role], p.pk)):
        partner = participant.partner
        # No `ref`: the registry holds no IATI organisation identifier for partners, and a
        # made-up one would be worse than none (the narrative names them instead).
        org = _add(
            activity,
            "participating-org",
            {"type": organisation_type(partner), "role": ROLE[participant.role]},
        )
        _narratives(org, partner.name_en, partner.name_ar)


def organisation_type(partner) -> str:
    """The IATI OrganisationType of a partner (see the tables above)."""
    if partner.kind == PartnerKind.COUNTRY:
        return COUNTRY_TYPE
    if partner.kind == PartnerKind.INSTITUTION:
        return INSTITUTION_TYPE.get(partner.institution_type, OTHER_TYPE)
    return ORGANIZATION_TYPE.get(partner.category, OTHER_TYPE)


def _activity_dates(activity, initiative, today):
    start, end = initiative.start_date, initiative.end_date
    _add(activity, "activity-date", {"type": PLANNED_START, "iso-date": start.isoformat()})
    # An actual date cannot lie ahead (the IATI rules refuse it), whatever the status says.
    if initiative.status in STARTED and start <= today:
        _add(activity, "activity-date", {"type": ACTUAL_START, "iso-date": start.isoformat()})
    if end:
        _add(activity, "activity-date", {"type": PLANNED_END, "iso-date": end.isoformat()})
        if initiative.status == InitiativeStatus.COMPLETED and end <= today:
            _add(activity, "activity-date", {"type": ACTUAL_END, "iso-date": end.isoformat()})


def _recipient_countries(participants) -> list[tuple[str, Decimal]]:
    """Beneficiary countries, and the countries of beneficiary institutions, once each with
    an equal share. Not an organization's country: that is where it has its headquarters,
    not where the benefit goes."""
    codes = []
    for participant in participants:
        if participant.role != PartnerRole.BENEFICIARY:
            continue
        partner = participant.partner
        if partner.kind == PartnerKind.INSTITUTION:
            partner = partner.country
        elif partner.kind != PartnerKind.COUNTRY:
            continue
        if partner is not None and _public(partner) and partner.iso_alpha2:
            code = partner.iso_alpha2.upper()
            if code not in codes:
                codes.append(code)
    return list(zip(codes, shares(len(codes)), strict=True))


def _sectors(initiative) -> list[tuple[str, Decimal]]:
    """DAC purpose codes with each area's equal share; areas with one code add up."""
    codes = [SECTORS.get(area.code, DEFAULT_SECTOR) for area in initiative.areas.all()]
    if not codes:
        return [(DEFAULT_SECTOR, Decimal(100))]
    totals: dict[str, Decimal] = {}
    for code, share in zip(codes, shares(len(codes)), strict=True):
        totals[code] = totals.get(code, Decimal(0)) + share
    return list(totals.items())


def shares(count: int) -> list[Decimal]:
    """`count` percentages with two decimals, as equal as can be, adding up to exactly 100
    (IATI checks the sum): the odd hundredths go to the first ones."""
    if not count:
        return []
    hundredths, odd = divmod(10000, count)
    return [Decimal(hundredths + (i < odd)) / 100 for i in range(count)]


def _transaction(activity, line):
    transaction = _add(activity, "transaction")
    _add(transaction, "transaction-type", {"code": TRANSACTION_TYPE[line.kind]})
    _add(transaction, "transaction-date", {"iso-date": line.date.isoformat()})
    _add(
        transaction,
        "value",
        {"currency": line.currency, "value-date": line.date.isoformat()},
        number(line.amount),
    )
    # The line's note is internal working text: never published.
    if line.source is not None and _public(line.source):
        provider = _add(transaction, "provider-org", {"type": organisation_type(line.source)})
        _narratives(provider, line.source.name_en, line.source.name_ar)


def _result(activity, result):
    indicator = result.indicator
    percent = indicator.unit == Unit.PERCENT
    element = _add(
        activity,
        "result",
        # Counts add up across activities; percentages do not.
        {"type": RESULT_TYPE[indicator.result_type], "aggregation-status": "0" if percent else "1"},
    )
    _narratives(_add(element, "title"), indicator.name_en, indicator.name_ar)
    measured = _add(
        element,
        "indicator",
        {
            "measure": PERCENT_MEASURE if percent else UNIT_MEASURE,
            "ascending": "0" if indicator.direction == Direction.DECREASE else "1",
        },
    )
    _narratives(_add(measured, "title"), indicator.name_en, indicator.name_ar)
    _add(measured, "reference", {"vocabulary": OWN_INDICATOR_VOCABULARY, "code": indicator.code})
    year = result.baseline_year
    if result.baseline is not None and year:
        baseline = _add(
            measured,
            "baseline",
            {
                "year": str(year),
                "iso-date": date(year, 1, 1).isoformat() if year <= 9999 else None,
                "value": number(result.baseline),
            },
        )
        if result.baseline_source.strip():
            _narratives(_add(baseline, "comment"), result.baseline_source)
    for period in result.periods.all():
        element = _add(measured, "period")
        _add(element, "period-start", {"iso-date": period.period_start.isoformat()})
        _add(element, "period-end", {"iso-date": period.period_end.isoformat()})
        if period.target is not None:
            _add(element, "target", {"value": number(period.target)})
        if period.actual is not None:
            actual = _add(element, "actual", {"value": number(period.actual)})
            if period.source.strip():
                _narratives(_add(actual, "comment"), period.source)


# Helpers ---------------------------------------------------------------------------------


def _public(partner) -> bool:
    return partner.classification == PUBLIC


def _last_updated(initiative, participants, funding) -> str:
    """The latest change to what the activity shows: the initiative or a partner named in it.
    (Partner roles, funding lines and results carry no time of their own.)"""
    moments = [initiative.updated_at]
    moments += [p.partner.updated_at for p in participants]
    moments += [line.source.updated_at for line in funding if line.source and _public(line.source)]
    return timezone.localtime(max(moments)).isoformat(timespec="seconds")


def _add(parent, tag: str, attributes: dict | None = None, text: str | None = None):
    """A child element; attributes whose value is None are left out."""
    attributes = {k: v for k, v in (attributes or {}).items() if v is not None}
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = _clean(text)
    return element


def _narratives(parent, english: str, arabic: str = ""):
    """The English narrative (the activity's language), and the Arabic one when there is."""
    _add(parent, "narrative", text=english.strip())
    if arabic and arabic.strip():
        _add(parent, "narrative", {XML_LANG: "ar"}, arabic.strip())


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


# Validation ------------------------------------------------------------------------------


def schema_dir() -> Path:
    """Where the official IATI 2.03 schemas (and their test fixtures) are kept."""
    return Path(settings.BASE_DIR).parent / "shared/data/iati-2.03"


_lock = threading.Lock()  # a schema's error log is per object, not per call


@lru_cache(maxsize=4)
def _schema(directory: Path) -> etree.XMLSchema:
    # Parsed from its path, so that its relative include and import (iati-common.xsd,
    # xml.xsd) resolve next to it; the network is never asked.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(directory / "iati-activities-schema.xsd"), parser))


def validate(xml_bytes: bytes) -> list[str]:
    """The schema errors of an IATI activity file, one message each (none when it is
    valid). A file that is not even XML gives its parse error."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    try:
        document = etree.fromstring(xml_bytes, parser).getroottree()
    except etree.XMLSyntaxError as error:
        return [f"Not well-formed XML: {error}"]
    schema = _schema(schema_dir())
    with _lock:
        if schema.validate(document):
            return []
        return [f"line {error.line}: {error.message}" for error in schema.error_log]
