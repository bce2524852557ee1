"""What the public sees: every query of the portal and the open data, in one place.

Each starts from `published()` (records that are published and public) and names only
public partners and people: a published agreement with a confidential party is shown with
its public parties only. Nothing here takes a user: the public portal is the same for
everyone, and nothing a user may read beyond it ever reaches it.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.translation import get_language

from agreements.models import Agreement, AgreementParty
from core.choices import Classification
from engagements.models import Meeting
from initiatives.models import Initiative, InitiativePartner
from initiatives.services import periods_of, rollup, taking_part
from multilateral.models import ElectedPost, Membership, OrganizationMember, Seat
from partners.choices import OrganizationCategory, PartnerKind, Region
from partners.models import Partner, Person
from portal.choices import CountryGroup, OrganizationGroup
from reports.dashboard import Country, bucket, per_country

PUBLIC = Classification.PUBLIC
# The League of Arab States, by its acronym in the partners' reference data: its member
# states are the "Arab countries", wherever they are.
ARAB_LEAGUE = "LAS"

REGION_GROUP = {
    Region.AFRICA: CountryGroup.AFRICAN,
    Region.EUROPE: CountryGroup.EUROPEAN,
    Region.ASIA: CountryGroup.ASIAN,
    Region.OCEANIA: CountryGroup.ASIAN,
    Region.AMERICAS: CountryGroup.AMERICAN,
}
CATEGORY_GROUP = {
    OrganizationCategory.REGIONAL_ARAB: OrganizationGroup.REGIONAL_ARAB,
    OrganizationCategory.REGIONAL_AFRICAN: OrganizationGroup.REGIONAL_AFRICAN,
    OrganizationCategory.UN: OrganizationGroup.UN,
    OrganizationCategory.NON_UN_SPECIALIZED: OrganizationGroup.SPECIALIZED,
    OrganizationCategory.STANDARDS_INDUSTRY: OrganizationGroup.SPECIALIZED,
    OrganizationCategory.REGIONAL_OTHER: OrganizationGroup.SPECIALIZED,
    OrganizationCategory.TRADE_ECONOMIC: OrganizationGroup.TRADE,
    OrganizationCategory.DEVELOPMENT_FINANCE: OrganizationGroup.TRADE,
}


# The published records -------------------------------------------------------------------


def partners():
    return Partner.objects.filter(classification=PUBLIC)


def people():
    return Person.objects.filter(classification=PUBLIC)


def agreements():
    return Agreement.objects.published()


def meetings():
    return Meeting.objects.published()


def initiatives():
    return Initiative.objects.published()


def memberships():
    return Membership.objects.published().filter(organization__in=partners(), member__in=partners())


def seats():
    return Seat.objects.published().filter(holder__in=partners(), body__organization__in=partners())


def posts():
    return ElectedPost.objects.published().filter(
        person__in=people(), body__organization__in=partners()
    )


def parties():
    """The links of published agreements to public partners."""
    return AgreementParty.objects.filter(agreement__in=agreements(), partner__in=partners())


def meeting_partners():
    return Meeting.partners.through.objects.filter(meeting__in=meetings(), partner__in=partners())


def initiative_partners():
    return InitiativePartner.objects.filter(initiative__in=initiatives(), partner__in=partners())


def with_parties(queryset):
    """Agreements with `public_parties` (their public partners, one query for the page)."""
    return queryset.prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.filter(partner__in=partners())
            .select_related("partner")
            .order_by("role", "partner__name_en"),
            to_attr="public_parties",
        )
    )


def with_partners(queryset):
    """Meetings with `public_partners` and their host `public_country` (or None)."""
    return queryset.prefetch_related(
        Prefetch("partners", queryset=partners().order_by("name_en"), to_attr="public_partners"),
        Prefetch("country", queryset=partners(), to_attr="public_country"),
    )


# Countries -------------------------------------------------------------------------------


def arab_countries() -> set[int]:
    return set(
        OrganizationMember.objects.filter(
            organization__kind=PartnerKind.ORGANIZATION,
            organization__acronym=ARAB_LEAGUE,
            until__isnull=True,
        ).values_list("country_id", flat=True)
    )


def group_of(country: Country | Partner, arab: set[int]) -> str | None:
    if country.pk in arab:
        return CountryGroup.ARAB
    return REGION_GROUP.get(getattr(country, "region", ""))


@dataclass
class PortalCountry(Country):
    region: str = ""
    group: str | None = None


def cooperation_by_country() -> dict[str, PortalCountry]:
    """{ISO code: country} for every public country with something published with it (or
    with one of its public institutions), and the home country (drawn, never counted):
    three GROUP BY queries and one over the countries."""
    counts = {
        "agreements": per_country(parties(), "agreement", agreements()),
        "meetings": per_country(meeting_partners(), "meeting", meetings()),
        "initiatives": per_country(initiative_partners(), "initiative", initiatives()),
    }
    home = settings.ACCORD_HOME_COUNTRY
    arab = arab_countries()
    countries = {}
    for row in (
        partners()
        .filter(kind=PartnerKind.COUNTRY)
        .exclude(iso_alpha2="")
        .values("pk", "iso_alpha2", "name_en", "name_ar", "region")
        .order_by()
    ):
        iso = row["iso_alpha2"].upper()
        country = PortalCountry(
            row["pk"], iso, row["name_en"], row["name_ar"], home=iso == home, region=row["region"]
        )
        if not country.home:
            for kind, numbers in counts.items():
                setattr(country, kind, numbers.get(country.pk, 0))
            if not country.total:
                continue
        country.group = group_of(country, arab)
        countries[iso] = country
    highest = max((c.total for c in countries.values()), default=0)
    for country in countries.values():
        country.bucket = bucket(country.total, highest)
    return countries


@dataclass
class Group:
    key: str
    label: str
    members: list = field(default_factory=list)


def countries_with_agreements() -> list[Partner]:
    """The public foreign countries with a published agreement (themselves or one of their
    public institutions a party), for the list's filter: two queries."""
    ids = per_country(parties(), "agreement", agreements())
    found = (
        partners()
        .filter(pk__in=ids, kind=PartnerKind.COUNTRY)
        .exclude(iso_alpha2=settings.ACCORD_HOME_COUNTRY)
    )
    return sorted(found, key=lambda country: country.name)


def countries_by_group(countries: dict[str, PortalCountry]) -> list[Group]:
    """The countries with something published, in the sector's groups, by name in the
    page's language; a group with none is left out."""
    groups = {key: Group(key, label) for key, label in CountryGroup.choices}
    language = get_language()
    for country in sorted(
        countries.values(),
        key=lambda c: (c.name_ar or c.name_en) if language == "ar" else c.name_en,
    ):
        if not country.home and country.group:
            groups[country.group].members.append(country)
    return [group for group in groups.values() if group.members]


def country(iso: str) -> Partner | None:
    """The public foreign country with this ISO code, or None."""
    if len(iso) != 2 or not iso.isalpha():
        return None
    return (
        partners()
        .filter(kind=PartnerKind.COUNTRY, iso_alpha2=iso.upper())
        .exclude(iso_alpha2=settings.ACCORD_HOME_COUNTRY)
        .first()
    )


def own(country: Partner) -> Q:
    """On a link table: the country itself or one of its public institutions."""
    return Q(
        partner__in=partners().filter(
            Q(pk=country.pk) | Q(country=country.pk, kind=PartnerKind.INSTITUTION)
        )
    )


def agreements_with(country: Partner):
    return agreements().filter(
        pk__in=AgreementParty.objects.filter(own(country)).values("agreement")
    )


def meetings_with(country: Partner):
    linked = Meeting.partners.through.objects.filter(own(country)).values("meeting")
    return meetings().filter(Q(pk__in=linked) | Q(country=country))


def initiatives_with(country: Partner):
    linked = InitiativePartner.objects.filter(taking_part(country), partner__in=partners())
    return initiatives().filter(pk__in=linked.values("initiative"))


def results(initiatives_queryset=None) -> list:
    """Targets and actuals per indicator over published initiatives: one query."""
    return rollup(
        periods_of(initiatives() if initiatives_queryset is None else initiatives_queryset)
    )


# Organizations ---------------------------------------------------------------------------


@dataclass
class Organization:
    partner: Partner
    memberships: list = field(default_factory=list)
    seats: list = field(default_factory=list)
    posts: list = field(default_factory=list)


def organizations_by_group() -> list[Group]:
    """The organizations with a published membership, seat or post, in the sector's
    groups: three queries (the organizations are reference data, a few hundred at most)."""
    found: dict[int, Organization] = {}

    def entry(partner):
        return found.setdefault(partner.pk, Organization(partner))

    for membership in memberships().select_related("organization", "member").order_by("-since"):
        entry(membership.organization).memberships.append(membership)
    for seat in (
        seats().select_related("body", "body__organization", "holder").order_by("-term_start")
    ):
        entry(seat.body.organization).seats.append(seat)
    for post in (
        posts().select_related("body", "body__organization", "person").order_by("-term_start")
    ):
        entry(post.body.organization).posts.append(post)
    groups = {key: Group(key, label) for key, label in OrganizationGroup.choices}
    for organization in sorted(found.values(), key=lambda o: o.partner.name):
        group = CATEGORY_GROUP.get(organization.partner.category)
        if group:
            groups[group].members.append(organization)
    return [group for group in groups.values() if group.members]
