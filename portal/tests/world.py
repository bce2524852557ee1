"""A small world for the portal's tests: what is published (each name starts with SHOWN)
and, beside it, at every classification, what must never reach the public (each name
starts with HIDDEN, each hidden number is 7 777 777 or more).

Records are written straight to the tables (the publishing service has its own tests): a
test of what the public sees must not depend on how it came to be published.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from agreements.models import AgreementParty
from engagements.models import Meeting
from initiatives.models import Indicator
from initiatives.tests import factories
from initiatives.tests.factories import (
    country,
    initiative,
    institution,
    organization,
    result,
)
from multilateral.models import (
    ElectedPost,
    GoverningBody,
    Membership,
    OrganizationMember,
    Seat,
)
from partners.models import Person

LEVELS = ("internal", "confidential", "secret")
MARKER = "HIDDEN"  # in every name that must never reach the public
HIDDEN_NUMBER = 7777777


@dataclass
class World:
    home: object = None
    germany: object = None
    morocco: object = None
    kenya: object = None
    hidden_country: object = None
    shown: dict = field(default_factory=dict)  # name -> record
    hidden: dict = field(default_factory=dict)  # name -> record


def agreement(title, **fields):
    """A valid agreement (the services validate the whole record)."""
    return factories.agreement(title, term_kind="until_notice", **fields)


def meeting(title, *, days_ago=30, partners=(), **fields):
    start = datetime.now(UTC) - timedelta(days=days_ago)
    fields.setdefault("kind", "bilateral")
    fields.setdefault("level", "ministerial")
    record = Meeting.objects.create(
        title_en=title, start=start, end=start + timedelta(hours=2), **fields
    )
    record.partners.set(partners)
    return record


def build() -> World:
    w = World()
    w.home = country("EG", "Egypt", "002", "مصر")
    w.germany = country("DE", "Germany", "150", "ألمانيا")
    w.morocco = country("MA", "Morocco", "002", "المغرب")
    w.kenya = country("KE", "Kenya", "002", "كينيا")
    w.hidden_country = country("JP", "HIDDEN-country-japan", "142", classification="secret")
    las = organization("LAS", "League of Arab States", "regional_arab")
    OrganizationMember.objects.create(organization=las, country=w.morocco)
    OrganizationMember.objects.create(organization=las, country=w.home)
    itu = organization("ITU", "International Telecommunication Union", "un")
    council = GoverningBody.objects.create(organization=itu, name_en="ITU Council", kind="council")
    indicator = Indicator.objects.create(
        code="people-trained",
        name_en="People trained",
        name_ar="أشخاص مدربون",
        unit="people",
        direction="increase",
        result_type="output",
    )

    # Published, with public partners and one partner of each classification beside them.
    signed = agreement(
        "SHOWN-agreement with Germany",
        classification="public",
        published=True,
        status="in_force",
        signature_date=date(2023, 5, 4),
        title_ar="اتفاق معروض مع ألمانيا",
    )
    AgreementParty.objects.create(agreement=signed, partner=w.home)
    AgreementParty.objects.create(agreement=signed, partner=w.germany)
    arab = agreement(
        "SHOWN-memorandum with Morocco",
        classification="public",
        published=True,
        status="signed",
        signature_date=date(2024, 2, 1),
    )
    AgreementParty.objects.create(agreement=arab, partner=w.morocco)
    w.shown.update(agreement=signed, arab_agreement=arab)
    for level in LEVELS:
        secret_party = institution(f"HIDDEN-party-{level}", w.germany, classification=level)
        AgreementParty.objects.create(agreement=signed, partner=secret_party)
        w.hidden[f"HIDDEN-party-{level}"] = secret_party
    # A published agreement whose only party is hidden counts for no country.
    AgreementParty.objects.create(agreement=arab, partner=w.hidden_country)

    held = meeting(
        "SHOWN-meeting in Berlin",
        partners=[w.germany],
        country=w.germany,
        classification="public",
        published=True,
        city="Berlin",
    )
    w.shown["meeting"] = held
    # Published, with a public partner, but held in a country the public may not know of.
    w.shown["meeting_abroad"] = meeting(
        "SHOWN-meeting abroad",
        partners=[w.germany],
        country=w.hidden_country,
        classification="public",
        published=True,
        city="Somewhere",
    )
    held.partners.add(w.hidden["HIDDEN-party-confidential"])

    programme = initiative(
        "SHOWN-initiative for young coders",
        classification="public",
        published=True,
        partners=[(w.kenya, "beneficiary"), (w.hidden["HIDDEN-party-secret"], "funder")],
        agreements=[signed],
    )
    result(programme, indicator, periods=[(2023, 500, 420)])
    w.shown["initiative"] = programme

    membership = Membership.objects.create(
        organization=itu,
        member=w.home,
        status="member_state",
        since=date(1876, 1, 1),
        classification="public",
        published=True,
    )
    seat = Seat.objects.create(
        body=council,
        holder=w.home,
        term_start=date(2023, 1, 1),
        classification="public",
        published=True,
    )
    chair = Person.objects.create(name_en="SHOWN-person Amal Farouk", classification="public")
    post = ElectedPost.objects.create(
        body=council,
        title_en="Vice-chair",
        person=chair,
        term_start=date(2023, 1, 1),
        classification="public",
        published=True,
    )
    w.shown.update(membership=membership, seat=seat, post=post, person=chair, organization=itu)

    # Public but not published, and every classification above public.
    for level in ("public", *LEVELS):
        name = f"HIDDEN-{level}"
        w.hidden[f"{name}-agreement"] = hidden_agreement = agreement(
            f"{name}-agreement",
            classification=level,
            status="in_force",
            signature_date=date(2024, 1, 1),
        )
        AgreementParty.objects.create(agreement=hidden_agreement, partner=w.germany)
        w.hidden[f"{name}-meeting"] = meeting(
            f"{name}-meeting", partners=[w.germany], classification=level
        )
        hidden_programme = initiative(
            f"{name}-initiative",
            classification=level,
            partners=[(w.kenya, "beneficiary")],
            agreements=[signed],
        )
        result(hidden_programme, indicator, periods=[(2023, HIDDEN_NUMBER, HIDDEN_NUMBER)])
        w.hidden[f"{name}-initiative"] = hidden_programme
        hidden_org = organization(f"H{level[:3].upper()}", f"{name}-organization", "un", level)
        w.hidden[f"{name}-organization"] = hidden_org
        w.hidden[f"{name}-membership"] = Membership.objects.create(
            organization=hidden_org if level != "public" else itu,
            member=w.home,
            status="observer",
            since=date(2001, 1, 1),
            until=date(2002, 1, 1) if level == "public" else None,
            classification=level,
        )
        person = Person.objects.create(name_en=f"{name}-person", classification=level)
        w.hidden[f"{name}-person"] = person
        w.hidden[f"{name}-post"] = ElectedPost.objects.create(
            body=council,
            title_en=f"{name}-post",
            person=person,
            term_start=date(2020, 1, 1),
            classification="public",
            published=level != "public",
        )
    # Published and public, but in an organization the public may not know of.
    Membership.objects.create(
        organization=w.hidden["HIDDEN-confidential-organization"],
        member=w.morocco,
        status="member_state",
        classification="public",
        published=True,
    )
    return w
