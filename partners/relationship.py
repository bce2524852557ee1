"""Partner 360: the data of the partner page's panels, one function per panel.

Each function takes the partner and the reader, runs one query (two at most), and reads
only what `restrict(user)` lets the reader read, in the query itself.

Which records count for a partner follows the lists the panels link to, so that a figure
and the list behind it agree:

- agreements: those the partner itself is a party to (the agreement list's `partner`
  filter; a country's institutions sign their own agreements, listed on their pages);
- meetings: those with the partner or with a partner based in it (the meeting list's
  `partner` filter, `engagements.filters.partners_met`), so a country's page shows the
  meetings with its ministries too;
- initiatives and their results: the partner or, for a country, one of its institutions
  (`initiatives.services.taking_part`, as the Results section);
- committees: those set up with the partner itself (the committee list's `partner`).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from agreements.choices import AgreementType, Status
from agreements.models import Agreement, AgreementParty
from engagements.choices import MeetingKind
from engagements.filters import local_midnight
from engagements.models import Decision, JointCommittee, Meeting
from initiatives import services as initiative_services
from initiatives.choices import InitiativeKind, InitiativeStatus, Unit
from multilateral.choices import MembershipStatus, MemberStateStatus
from multilateral.models import Membership, OrganizationMember
from partners.choices import PartnerKind
from partners.models import Partner

IN_FORCE = [Status.IN_FORCE]
PENDING = [
    Status.PROPOSAL,
    Status.DRAFTING,
    Status.NEGOTIATION,
    Status.LEGAL_REVIEW,
    Status.APPROVED,
    Status.SIGNED,  # signed, awaiting entry into force
]
ENDED = [Status.EXPIRED, Status.TERMINATED, Status.SUPERSEDED]

TIMELINE_LIMIT = 30
MEMBERSHIPS_LIMIT = 100


def count_of(queryset) -> Coalesce:
    """A subquery: how many rows `queryset` has (0 for none)."""
    rows = queryset.order_by().annotate(n=Func("pk", function="COUNT")).values("n")
    return Coalesce(Subquery(rows[:1]), 0)


# Which records are the partner's (subqueries of primary keys, none run on its own) -----


def agreement_ids(partner) -> QuerySet:
    """The agreements the partner is a party to: led by the index party_partner_idx."""
    return AgreementParty.objects.filter(partner=partner).values("agreement_id")


def meeting_ids(partner) -> QuerySet:
    """The meetings with the partner or with a partner based in it: the same meetings as
    `engagements.filters.partners_met`, written as a semi-join so that the database starts
    from the partner (its pk and partner_country_idx) and the through table's index on
    partner_id, rather than testing every meeting."""
    based = Partner.objects.filter(Q(pk=partner.pk) | Q(country_id=partner.pk)).values("pk")
    return Meeting.partners.through.objects.filter(partner_id__in=based).values("meeting_id")


def readable_agreements(partner, user) -> QuerySet:
    return Agreement.objects.restrict(user).filter(pk__in=agreement_ids(partner))


def readable_meetings(partner, user) -> QuerySet:
    return Meeting.objects.restrict(user).filter(pk__in=meeting_ids(partner))


# Standing --------------------------------------------------------------------------------


@dataclass
class Figure:
    """One figure of the Standing panel: a count, and the list that shows those records
    (None when no list filter selects exactly them)."""

    key: str
    label: str
    count: int
    url: str | None = None
    parts: list | None = None  # [(label, count, url)] for a stage made of several statuses


def standing(partner, user) -> list[Figure]:
    """Agreements in force, pending and ended; open actions; meetings to come. Two
    queries: the agreements per status, then the actions and meetings together."""
    per_status = dict(
        readable_agreements(partner, user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    agreements_url = reverse("agreements:agreement_list")

    def stage(key, label, statuses) -> Figure:
        parts = [
            (Status(s).label, per_status[s], f"{agreements_url}?partner={partner.pk}&status={s}")
            for s in statuses
            if per_status.get(s)
        ]
        figure = Figure(key, label, sum(p[1] for p in parts), parts=parts)
        # The agreement list filters one status at a time: a stage of several statuses
        # links each status (in `parts`), a stage of one links itself.
        if len(statuses) == 1:
            figure.url = f"{agreements_url}?partner={partner.pk}&status={statuses[0]}"
            figure.parts = []
        return figure

    today = timezone.localdate()
    counts = (
        Partner.objects.filter(pk=partner.pk)
        .annotate(
            open_actions=sum(
                (count_of(actions) for actions in open_actions(partner, user)), Value(0)
            ),
            upcoming=count_of(
                readable_meetings(partner, user).filter(start__gte=local_midnight(today))
            ),
        )
        .values("open_actions", "upcoming")
        .get()
    )
    meetings_url = reverse("engagements:meeting_list")
    return [
        stage("in_force", _("In force"), IN_FORCE),
        stage("pending", _("Pending"), PENDING),
        stage("ended", _("Ended"), ENDED),
        # The action list has no partner filter: the figure is not linked.
        Figure("open_actions", _("Open actions"), counts["open_actions"]),
        Figure(
            "upcoming",
            _("Meetings to come"),
            counts["upcoming"],
            f"{meetings_url}?partner={partner.pk}&start_after={today.isoformat()}",
        ),
    ]


def open_actions(partner, user) -> list[QuerySet]:
    """Open or in-progress actions the user may read that come from the partner itself,
    one of its agreements, meetings (or their decisions) or joint committees: one queryset
    per kind of source, each source restricted too, so a source above the reader's
    clearance brings no action in. Apart rather than OR-ed, so that each is a semi-join
    the database can lead by action_source_idx (source_type, source_id) from the few
    sources, instead of reading every open action; an action has one source, so their
    counts add up."""
    types = ContentType.objects.get_for_models(
        Partner, Agreement, Meeting, Decision, JointCommittee
    )  # cached
    meetings = readable_meetings(partner, user)
    sources = {
        Partner: Partner.objects.restrict(user).filter(pk=partner.pk),
        Agreement: readable_agreements(partner, user),
        Meeting: meetings,
        Decision: Decision.objects.filter(meeting__in=meetings.values("pk")),
        JointCommittee: JointCommittee.objects.restrict(user).filter(partner=partner),
    }
    active = Action.objects.restrict(user).active()
    return [
        active.filter(source_type=types[model], source_id__in=records.values("pk"))
        for model, records in sources.items()
    ]


# Timeline --------------------------------------------------------------------------------

# The columns every branch of the timeline's UNION ALL gives, in this order. Prefixed so
# that no annotation clashes with a model field (a meeting has a `kind`, a period a
# `source`).
NO_TEXT = Value("", output_field=CharField())
NO_NUMBER = Cast(Value(None), IntegerField())
NO_VALUE = Cast(Value(None), DecimalField(max_digits=20, decimal_places=4))
KIND_ORDER = ["agreement", "initiative", "meeting", "result"]


@dataclass(frozen=True)
class Cursor:
    """Where a page of the timeline starts: strictly after (older than) the event
    (`when`, `kind`, `pk`) in the timeline's order, `-when, -kind, -pk`. Without a kind,
    strictly before the day `when`."""

    when: date
    kind: str = ""
    pk: int = 0

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """`2024-05-01` or `2024-05-01_meeting_12`; None for anything else."""
        day, _sep, rest = (text or "").partition("_")
        try:
            when = date.fromisoformat(day)
        except ValueError:
            return None
        if not rest:
            return cls(when)
        kind, _sep, pk = rest.partition("_")
        if kind not in KIND_ORDER or not pk.isdigit():
            return None
        return cls(when, kind, int(pk))

    def __str__(self) -> str:
        return f"{self.when.isoformat()}_{self.kind}_{self.pk}" if self.kind else str(self.when)

    def older(self, kind: str) -> Q:
        """On a branch of kind `kind`: the events after the cursor. The kind is a constant
        per branch, so the comparison of (when, kind, pk) is settled here in Python."""
        if not self.kind or kind > self.kind:
            return Q(t_when__lt=self.when)
        if kind < self.kind:
            return Q(t_when__lte=self.when)
        return Q(t_when__lt=self.when) | Q(t_when=self.when, t_pk__lt=self.pk)


def _branch(queryset, kind, *, when, pk="pk", link="pk", **columns) -> QuerySet:
    values = {
        "t_kind": Value(kind, output_field=CharField()),
        "t_pk": F(pk),
        "t_link": F(link),
        "t_when": when,
        "t_title_en": columns.get("title_en", F("title_en")),
        "t_title_ar": columns.get("title_ar", F("title_ar")),
        "t_label": columns.get("label", NO_TEXT),
        "t_state": columns.get("state", NO_TEXT),
        "t_number": columns.get("number", NO_NUMBER),
        "t_value": columns.get("value", NO_VALUE),
        "t_unit": columns.get("unit", NO_TEXT),
        "t_detail_en": columns.get("detail_en", NO_TEXT),
        "t_detail_ar": columns.get("detail_ar", NO_TEXT),
    }
    return queryset.order_by().annotate(**values).values(*values)


def timeline_query(partner, user, cursor: Cursor | None = None) -> QuerySet:
    """Every dated event of the relationship the user may read, newest first, as ONE
    query: a UNION ALL of the agreements (signature, or the day the proposal was
    recorded), the meetings (their start: visits and committee sessions among them), the
    initiatives (their start) and the result periods with an actual value (their end).
    Each branch starts with `restrict(user)` and is led by the partner's index; the
    database sorts only the partner's own events."""
    initiatives = initiative_services.initiatives_of_partner(partner, user)
    branches = {
        "agreement": _branch(
            readable_agreements(partner, user),
            "agreement",
            when=Coalesce("signature_date", TruncDate("created_at")),
            label=F("type"),
            state=F("status"),
        ),
        "meeting": _branch(
            readable_meetings(partner, user),
            "meeting",
            when=TruncDate("start"),
            label=F("kind"),
            number=F("session_number"),
        ),
        "initiative": _branch(
            initiatives,
            "initiative",
            when=F("start_date"),
            label=F("kind"),
            state=F("status"),
        ),
        "result": _branch(
            initiative_services.periods_of(initiatives).filter(actual__isnull=False),
            "result",
            when=F("period_end"),
            link="result__initiative_id",
            title_en=F("result__indicator__name_en"),
            title_ar=F("result__indicator__name_ar"),
            value=F("actual"),
            unit=F("result__indicator__unit"),
            detail_en=F("result__initiative__title_en"),
            detail_ar=F("result__initiative__title_ar"),
        ),
    }
    if cursor is not None:
        branches = {kind: b.filter(cursor.older(kind)) for kind, b in branches.items()}
    first, *rest = branches.values()
    return first.union(*rest, all=True).order_by("-t_when", "-t_kind", "-t_pk")


@dataclass
class Event:
    kind: str  # agreement, meeting, initiative, result
    when: date
    title: str
    url: str
    badge: str  # what kind of event, for the badge
    detail: str = ""
    state: str = ""  # an agreement's or an initiative's status value, for its colour
    state_label: str = ""
    value: object = None
    unit: str = ""
    cursor: str = ""
    new_year: bool = False


URLS = {
    "agreement": "agreements:agreement_detail",
    "meeting": "engagements:meeting_detail",
    "initiative": "initiatives:initiative_detail",
    "result": "initiatives:initiative_detail",
}


def _pick(row, name, arabic: bool) -> str:
    en, ar = row[f"t_{name}_en"], row[f"t_{name}_ar"]
    return (ar or en) if arabic else (en or ar)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _event(row, arabic: bool) -> Event:
    kind = row["t_kind"]
    event = Event(
        kind=kind,
        when=row["t_when"],
        title=_pick(row, "title", arabic),
        url=reverse(URLS[kind], args=[row["t_link"]]),
        badge="",
        detail=_pick(row, "detail", arabic),
        cursor=str(Cursor(row["t_when"], kind, row["t_pk"])),
    )
    if kind == "agreement":
        event.badge = _label(AgreementType, row["t_label"])
        event.state = row["t_state"]
        event.state_label = _label(Status, row["t_state"])
    elif kind == "meeting":
        event.badge = _label(MeetingKind, row["t_label"])
        if row["t_number"]:
            event.detail = _("Session %(number)s") % {"number": row["t_number"]}
    elif kind == "initiative":
        event.badge = _label(InitiativeKind, row["t_label"])
        event.state = row["t_state"]
        event.state_label = _label(InitiativeStatus, row["t_state"])
    else:
        event.badge = str(_("Result reported"))
        event.value = row["t_value"]
        event.unit = _label(Unit, row["t_unit"])
    return event


def timeline(partner, user, cursor: Cursor | None = None, limit: int = TIMELINE_LIMIT) -> dict:
    """A page of the timeline: `limit` events after `cursor` (one query, reading one row
    more to know whether there are more), and the cursor of the next page (keyset: the
    last event's date, kind and pk; no offset, so no row is repeated or skipped when
    others are added meanwhile)."""
    rows = list(timeline_query(partner, user, cursor)[: limit + 1])
    arabic = get_language_bidi()
    events = [_event(row, arabic) for row in rows[:limit]]
    year = cursor.when.year if cursor else None
    for event in events:
        event.new_year = event.when.year != year
        year = event.when.year
    return {
        "events": events,
        "next_cursor": events[-1].cursor if len(rows) > limit else "",
    }


# Memberships in common -------------------------------------------------------------------


def home_country_filter() -> Q:
    return Q(kind=PartnerKind.COUNTRY, iso_alpha2=settings.ACCORD_HOME_COUNTRY)


def memberships_in_common(partner, user) -> list[Partner]:
    """The organizations the partner (a country) and the home country are both members of
    now: the partner by the reference data (OrganizationMember), the home country by the
    reference data or by our own Membership record (restricted: a confidential membership
    names no organization to a reader below it). Each organization carries
    `their_status` and `our_status` (our membership's, when the reader may read it). One
    query; none for a partner that is not a foreign country."""
    if partner.kind != PartnerKind.COUNTRY or partner.iso_alpha2 == settings.ACCORD_HOME_COUNTRY:
        return []
    home = Partner.objects.filter(home_country_filter()).values("pk")
    ours = Membership.objects.restrict(user).filter(member__in=home, until__isnull=True)
    home_in_reference = OrganizationMember.objects.filter(country__in=home, until__isnull=True)
    organizations = list(
        Partner.objects.restrict(user)
        .filter(
            kind=PartnerKind.ORGANIZATION,
            member_states__country=partner,
            member_states__until__isnull=True,
        )
        .filter(
            Q(pk__in=home_in_reference.values("organization_id"))
            | Q(pk__in=ours.values("organization_id"))
        )
        .annotate(
            their_status=F("member_states__status"),
            our_status=Subquery(
                ours.filter(organization=OuterRef("pk")).order_by("-since").values("status")[:1]
            ),
        )
        .only("pk", "name_en", "name_ar", "acronym", "kind", "classification")
        .order_by("name_en", "pk")[:MEMBERSHIPS_LIMIT]
    )
    for organization in organizations:
        organization.their_status_label = _label(MemberStateStatus, organization.their_status)
        organization.our_status_label = (
            _label(MembershipStatus, organization.our_status) if organization.our_status else ""
        )
    return organizations
