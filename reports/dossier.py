"""Briefing dossiers: what goes into one, assembled once, as plain data, for both renderers
(`dossier_pdf`, `dossier_docx`).

`build(subject, user, language, talking_points)` takes a partner or a meeting. Every record
comes through its model's `restrict(user)`; the parts of a record (a meeting's decisions,
agenda and delegations, an agreement's parties, a person's positions) only through a parent
already restricted, and a record they name (a party, a country, a national position) only if
it is readable too. Every list is bounded, and every section costs a fixed number of queries,
whatever the number of records. The dossier's classification is the highest classification
of anything it includes, computed as the sections are read.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from actions.models import Action
from agreements.models import Agreement, AgreementParty
from core.choices import Classification
from core.models import Note
from core.permissions import readable_levels
from core.text import bilingual
from engagements.choices import Side
from engagements.filters import partners_met
from engagements.models import Decision, JointCommittee, Meeting, Participant
from initiatives import services as initiative_services
from initiatives.models import Initiative
from multilateral.models import Membership, NationalPosition
from partners.choices import PartnerKind
from partners.models import Partner, Person, Position

# How much of each kind a dossier holds: enough for a briefing, never the whole history.
AGREEMENTS = 40
UPCOMING_MEETINGS = 5
PAST_MEETINGS = 8
DECISIONS_PER_MEETING = 12
ACTIONS = 30
MEMBERSHIPS = 30
INITIATIVES = 15
PEOPLE = 20
NOTES = 8
MAIN_PARTNERS = 3
MEETING_PARTNERS = 30
PARTICIPANTS = 60
AGENDA_ITEMS = 40
MEETING_DECISIONS = 40
RELATED_AGREEMENTS = 20
# What the officer may add.
TALKING_POINTS = 40
TALKING_POINT_LENGTH = 600


# The data --------------------------------------------------------------------------------


@dataclass
class AgreementLine:
    title: str
    type: str
    status: str
    reference: str
    signed: datetime.date | None
    in_force: datetime.date | None
    expires: datetime.date | None
    notice_by: datetime.date | None
    parties: list[str]
    classification: str


@dataclass
class DecisionLine:
    text: str
    status: str
    due: datetime.date | None


@dataclass
class MeetingLine:
    title: str
    kind: str
    level: str
    start: datetime.date
    place: str
    upcoming: bool
    classification: str
    decisions: list[DecisionLine] = field(default_factory=list)


@dataclass
class ActionLine:
    title: str
    status: str
    priority: str
    due: datetime.date | None
    overdue: bool
    owner: str
    source_kind: str
    classification: str


@dataclass
class MembershipLine:
    organization: str
    member: str
    status: str
    since: datetime.date | None
    classification: str


@dataclass
class InitiativeLine:
    title: str
    kind: str
    status: str
    start: datetime.date | None
    end: datetime.date | None
    classification: str


@dataclass
class ResultLine:
    indicator: str
    unit: str
    target: Decimal | None
    actual: Decimal | None
    achieved: int | None


@dataclass
class PersonLine:
    name: str
    title: str
    posted_in: str
    since: datetime.date | None
    classification: str


@dataclass
class NoteLine:
    text: str
    written: datetime.date
    classification: str


@dataclass
class Profile:
    name: str
    other_name: str  # the name in the other language, when there is one
    kind: str
    details: list[tuple[str, str]]  # (label, value), only the fields that are filled in
    areas: list[str]
    description: str
    classification: str


@dataclass
class PartnerSection:
    """Everything the dossier says about one partner."""

    pk: int
    profile: Profile
    agreement_count: int
    agreements_by_status: list[tuple[str, int]]
    agreements: list[AgreementLine]
    upcoming_meetings: list[MeetingLine]
    past_meetings: list[MeetingLine]
    action_count: int
    actions: list[ActionLine]
    memberships_basis: str  # whose memberships are compared, said in a sentence
    memberships: list[MembershipLine]
    initiative_count: int
    initiatives: list[InitiativeLine]
    results: list[ResultLine]
    people: list[PersonLine]
    notes: list[NoteLine]

    @property
    def name(self) -> str:
        return self.profile.name


@dataclass
class ParticipantLine:
    name: str
    role: str
    head: bool


@dataclass
class AgendaLine:
    title: str
    position: str
    position_status: str
    national_position: str  # topic and text of the reusable position, when readable
    outcome: str


@dataclass
class MeetingBrief:
    """The meeting a meeting's dossier is made for."""

    title: str
    kind: str
    level: str
    start: datetime.datetime
    end: datetime.datetime
    time_zone: str
    place: str
    online: bool
    committee: str
    partners: list[str]
    delegations: list[tuple[str, list[ParticipantLine]]]
    agenda: list[AgendaLine]
    decisions: list[DecisionLine]
    agreements: list[str]
    summary: str
    notes: list[NoteLine]
    classification: str


@dataclass
class Dossier:
    """A briefing dossier, ready to render: every string is already in `language`."""

    kind: str  # "partner" or "meeting"
    language: str
    title: str
    subject: str
    prepared_for: str
    prepared_at: datetime.datetime
    classification: str
    classification_label: str
    talking_points: list[str]
    partners: list[PartnerSection]
    meeting: MeetingBrief | None = None
    slug: str = "dossier"

    @property
    def rtl(self) -> bool:
        return self.language == "ar"

    def filename(self, extension: str) -> str:
        """`dossier-<partner>-<date>.<extension>`, in ASCII for every browser and mailer."""
        return f"dossier-{self.slug}-{self.prepared_at:%Y-%m-%d}.{extension}"


# Formatting shared by the renderers ------------------------------------------------------


def day(value) -> str:
    """A date in the active language's format ("" for none)."""
    if not value:
        return ""
    return formats.date_format(value, "DATE_FORMAT")


def number(value) -> str:
    """A figure with the active language's separators ("" for none)."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def percent(value) -> str:
    return "" if value is None else f"{number(value)} %"


def level_label(level: str) -> str:
    return str(Classification(level).label)


# Assembling ------------------------------------------------------------------------------


class _Levels:
    """The classifications met while assembling: the dossier carries the highest."""

    def __init__(self):
        self.seen = {Classification.PUBLIC.value}

    def add(self, *levels) -> None:
        self.seen.update(level for level in levels if level in Classification.values)

    @property
    def highest(self) -> str:
        return max(self.seen, key=Classification.values.index)


def build(subject, user, language: str, talking_points=()) -> Dossier:
    """The dossier of a partner or a meeting, as `user` may read it, in `language`.

    Raises PermissionDenied when the user may not read the subject itself (views answer
    404 before this, by reading the subject through `restrict`)."""
    levels = readable_levels(user)
    if getattr(subject, "classification", None) not in levels:
        raise PermissionDenied
    with translation.override(language):
        try:
            return _build(subject, user, language, talking_points, levels)
        except (Partner.DoesNotExist, Meeting.DoesNotExist):
            # Reclassified or deleted since the caller read it.
            raise PermissionDenied from None


def _build(subject, user, language, talking_points, levels) -> Dossier:
    seen = _Levels()
    points = clean_talking_points(talking_points)
    if isinstance(subject, Meeting):
        brief, main = _meeting_brief(subject, user, levels, seen)
        partners = [_partner_section(p, user, levels, seen) for p in main]
        title = _("Briefing dossier: %(meeting)s") % {"meeting": brief.title}
        kind, name, slug_source = "meeting", brief.title, main[0] if main else None
    elif isinstance(subject, Partner):
        brief = None
        section = _partner_section(subject, user, levels, seen)
        partners = [section]
        title = _("Briefing dossier: %(partner)s") % {"partner": section.name}
        kind, name, slug_source = "partner", section.name, subject
    else:
        raise TypeError(f"No dossier for {type(subject).__name__}")
    if slug_source is not None:
        slug = slugify(slug_source.name_en) or f"partner-{slug_source.pk}"
    else:
        slug = slugify(subject.title_en) or f"meeting-{subject.pk}"
    highest = seen.highest
    return Dossier(
        kind=kind,
        language=language,
        title=title,
        subject=name,
        prepared_for=str(user),
        prepared_at=timezone.localtime(),
        classification=highest,
        classification_label=level_label(highest),
        talking_points=points,
        partners=partners,
        meeting=brief,
        slug=slug[:60],
    )


def clean_talking_points(points) -> list[str]:
    """The officer's talking points: a list, or text with one point a line; bullets and
    blank lines dropped, each point and their number bounded."""
    if isinstance(points, str):
        points = points.splitlines()
    cleaned = []
    for point in points or ():
        point = " ".join(str(point).split()).lstrip("-*•·–").strip()
        if point:
            cleaned.append(point[:TALKING_POINT_LENGTH])
    return cleaned[:TALKING_POINTS]


def _name(partner, levels) -> str:
    """A partner's name when the reader may read it, else nothing."""
    return partner.name if partner is not None and partner.classification in levels else ""


def _partner_section(partner, user, levels, seen: _Levels) -> PartnerSection:
    partner = (
        Partner.objects.restrict(user)
        .select_related("country")
        .prefetch_related("areas")
        .get(pk=partner.pk)
    )
    seen.add(partner.classification)
    agreement_count, by_status, agreements = _agreements(partner, user, levels, seen)
    upcoming, past = _meetings(partner, user, seen)
    action_count, actions = _actions(partner, user, seen)
    basis, memberships = _memberships(partner, user, levels, seen)
    initiative_count, initiatives, results = _initiatives(partner, user, seen)
    return PartnerSection(
        pk=partner.pk,
        profile=_profile(partner, levels, seen),
        agreement_count=agreement_count,
        agreements_by_status=by_status,
        agreements=agreements,
        upcoming_meetings=upcoming,
        past_meetings=past,
        action_count=action_count,
        actions=actions,
        memberships_basis=basis,
        memberships=memberships,
        initiative_count=initiative_count,
        initiatives=initiatives,
        results=results,
        people=_people(partner, user, seen),
        notes=_notes(partner, user, seen),
    )


def _profile(partner, levels, seen: _Levels) -> Profile:
    other = partner.name_ar if not get_language_bidi() else partner.name_en
    if other == partner.name:
        other = ""
    details = [
        (_("Kind"), partner.get_kind_display()),
        (_("Acronym"), partner.acronym),
        (_("Category"), partner.get_category_display() if partner.category else ""),
        (
            _("Type of institution"),
            partner.get_institution_type_display() if partner.institution_type else "",
        ),
        (_("ISO codes"), " / ".join(c for c in (partner.iso_alpha2, partner.iso_alpha3) if c)),
        (_("Region"), partner.get_region_display() if partner.region else ""),
        (_("Sub-region"), partner.get_subregion_display() if partner.subregion else ""),
        (_("Country"), _name(partner.country, levels)),
        (_("Website"), partner.website),
        (_("E-mail"), partner.email),
        (_("Telephone"), partner.phone),
        (_("Address"), " ".join(partner.address.split())),
    ]
    if partner.country_id and partner.country.classification in levels:
        seen.add(partner.country.classification)
    return Profile(
        name=partner.name,
        other_name=other,
        kind=partner.get_kind_display(),
        details=[(label, value) for label, value in details if value],
        areas=[area.name for area in partner.areas.all()],
        description=partner.description,
        classification=partner.classification,
    )


def _agreements(partner, user, levels, seen: _Levels):
    """Every readable agreement the partner is a party to: counted by status (with the
    classifications of all of them, one query), the newest listed with their readable
    parties (two)."""
    mine = Agreement.objects.restrict(user).filter(
        pk__in=AgreementParty.objects.filter(partner=partner).values("agreement_id")
    )
    rows = list(
        mine.order_by().values("status", "classification").annotate(n=Count("pk")).order_by()
    )
    total = sum(r["n"] for r in rows)
    seen.add(*(r["classification"] for r in rows))
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + r["n"]
    status_labels = dict(Agreement._meta.get_field("status").flatchoices)
    by_status = [(str(status_labels[s]), counts[s]) for s in status_labels if counts.get(s)]
    if not total:
        return 0, [], []
    readable_parties = AgreementParty.objects.filter(
        partner__in=Partner.objects.restrict(user)
    ).select_related("partner")
    agreements = mine.prefetch_related(Prefetch("parties", queryset=readable_parties)).order_by(
        F("signature_date").desc(nulls_last=True), "-id"
    )[:AGREEMENTS]
    lines = []
    for agreement in agreements:
        parties = [p.partner for p in agreement.parties.all()]
        seen.add(agreement.classification, *(p.classification for p in parties))
        lines.append(
            AgreementLine(
                title=agreement.title,
                type=agreement.get_type_display(),
                status=agreement.get_status_display(),
                reference=agreement.reference,
                signed=agreement.signature_date,
                in_force=agreement.entry_into_force,
                expires=agreement.expiry_date,
                notice_by=agreement.notice_deadline,
                parties=[p.name for p in parties],
                classification=agreement.classification,
            )
        )
    return total, by_status, lines


def _meeting_line(meeting, now) -> MeetingLine:
    return MeetingLine(
        title=meeting.title,
        kind=meeting.get_kind_display(),
        level=meeting.get_level_display(),
        start=meeting.start_local.date(),
        place=", ".join(p for p in (meeting.venue, meeting.city) if p)
        or (_("Online") if meeting.online else ""),
        upcoming=meeting.end >= now,
        classification=meeting.classification,
    )


def _decisions_of(meetings, per_meeting: int) -> dict[int, list[DecisionLine]]:
    """The first decisions of each of `meetings` (already restricted): one query."""
    if not meetings:
        return {}
    rows = (
        Decision.objects.filter(meeting_id__in=[m.pk for m in meetings])
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("meeting_id")], order_by=[F("id").asc()])
        )
        .filter(rank__lte=per_meeting)
        .order_by("meeting_id", "id")
    )
    decisions: dict[int, list[DecisionLine]] = {}
    for decision in rows:
        decisions.setdefault(decision.meeting_id, []).append(
            DecisionLine(decision.text, decision.get_status_display(), decision.due_date)
        )
    return decisions


def _meetings(partner, user, seen: _Levels):
    """The next few meetings with the partner (or an institution based in it) and the last
    ones, with their decisions: three queries."""
    now = timezone.now()
    met = Meeting.objects.restrict(user).filter(partners_met(partner.pk))
    upcoming = list(met.filter(end__gte=now).order_by("start", "id")[:UPCOMING_MEETINGS])
    past = list(met.filter(end__lt=now).order_by("-start", "-id")[:PAST_MEETINGS])
    decisions = _decisions_of(upcoming + past, DECISIONS_PER_MEETING)
    lines = []
    for meeting in upcoming + past:
        seen.add(meeting.classification)
        line = _meeting_line(meeting, now)
        line.decisions = decisions.get(meeting.pk, [])
        lines.append(line)
    return lines[: len(upcoming)], lines[len(upcoming) :]


def _actions_query(partner, user) -> Q:
    """Actions whose source concerns the partner: the partner itself, its agreements,
    meetings (and their decisions), joint committees, initiatives and memberships; each
    source read through its own restrict(user)."""
    cts = ContentType.objects.get_for_models(
        Partner, Agreement, Meeting, Decision, JointCommittee, Initiative, Membership
    )
    meetings = Meeting.objects.restrict(user).filter(partners_met(partner.pk))
    sources = {
        Agreement: Agreement.objects.restrict(user).filter(parties__partner=partner),
        Meeting: meetings,
        Decision: Decision.objects.filter(meeting__in=meetings),
        JointCommittee: JointCommittee.objects.restrict(user).filter(partner=partner),
        Initiative: initiative_services.initiatives_of_partner(partner, user),
        Membership: Membership.objects.restrict(user).filter(
            Q(organization=partner) | Q(member=partner)
        ),
    }
    query = Q(source_type=cts[Partner], source_id=partner.pk)
    for model, records in sources.items():
        query |= Q(source_type=cts[model], source_id__in=records.values("pk"))
    return query


def _actions(partner, user, seen: _Levels):
    """Open and in-progress actions about the partner: counted (with the classifications
    of all of them, one query) and the most pressing listed (one)."""
    active = Action.objects.restrict(user).active().filter(_actions_query(partner, user))
    rows = list(active.order_by().values("classification").annotate(n=Count("pk")))
    total = sum(r["n"] for r in rows)
    seen.add(*(r["classification"] for r in rows))
    if not total:
        return 0, []
    lines = []
    for action in active.select_related("owner", "owner_unit")[:ACTIONS]:
        owner = ", ".join(str(o) for o in (action.owner, action.owner_unit) if o)
        lines.append(
            ActionLine(
                title=action.title,
                status=action.get_status_display(),
                priority=action.get_priority_display(),
                due=action.due_date,
                overdue=action.is_overdue,
                owner=owner,
                source_kind=action.source_kind,
                classification=action.classification,
            )
        )
    return total, lines


def _memberships(partner, user, levels, seen: _Levels):
    """Memberships in common: for an organization, ours in it; for a country (or an
    institution, through its country), ours in the organizations it is a member of."""
    readable = Partner.objects.restrict(user)
    ours = (
        Membership.objects.restrict(user)
        .filter(until__isnull=True, organization__in=readable, member__in=readable)
        .select_related("organization", "member")
    )
    if partner.kind == PartnerKind.ORGANIZATION:
        basis = _("Our memberships in %(organization)s.") % {"organization": partner.name}
        ours = ours.filter(organization=partner)
    else:
        country = partner if partner.kind == PartnerKind.COUNTRY else partner.country
        if country is None or country.classification not in levels:
            return "", []
        basis = _("Organizations in which both we and %(country)s are members.") % {
            "country": country.name
        }
        ours = ours.filter(
            organization__member_states__country=country,
            organization__member_states__until__isnull=True,
        )
    lines = []
    for membership in ours.order_by("organization__name_en", "member__name_en")[:MEMBERSHIPS]:
        seen.add(
            membership.classification,
            membership.organization.classification,
            membership.member.classification,
        )
        lines.append(
            MembershipLine(
                organization=str(membership.organization),
                member=membership.member.name,
                status=membership.get_status_display(),
                since=membership.since,
                classification=membership.classification,
            )
        )
    return basis, lines


def _initiatives(partner, user, seen: _Levels):
    """The initiatives the partner (or, for a country, one of its institutions) takes part
    in: counted with their classifications (one query), the newest listed (one), and
    their results summed per indicator in the database (two)."""
    taking_part = Initiative.objects.filter(
        pk__in=initiative_services.initiatives_of_partner(partner, user).values("pk")
    )
    rows = list(taking_part.order_by().values("classification").annotate(n=Count("pk")))
    total = sum(r["n"] for r in rows)
    seen.add(*(r["classification"] for r in rows))
    if not total:
        return 0, [], []
    lines = []
    for initiative in taking_part.order_by("-start_date", "-id")[:INITIATIVES]:
        lines.append(
            InitiativeLine(
                title=initiative.title,
                kind=initiative.get_kind_display(),
                status=initiative.get_status_display(),
                start=initiative.start_date,
                end=initiative.end_date,
                classification=initiative.classification,
            )
        )
    results = [
        ResultLine(
            indicator=line.indicator.name,
            unit=line.indicator.get_unit_display(),
            target=line.target,
            actual=line.actual,
            achieved=line.achieved,
        )
        for line in initiative_services.results_of_partner(partner, user)
    ]
    return total, lines, results


def _people(partner, user, seen: _Levels) -> list[PersonLine]:
    """The people who hold a post with the partner now: one query."""
    positions = (
        Position.objects.filter(
            partner=partner, end__isnull=True, person__in=Person.objects.restrict(user)
        )
        .select_related("person")
        .order_by(F("start").desc(nulls_last=True), "id")[:PEOPLE]
    )
    lines = []
    for position in positions:
        person = position.person
        seen.add(person.classification)
        honorific = bilingual(person.honorific_en, person.honorific_ar)
        lines.append(
            PersonLine(
                name=f"{honorific} {person.name}".strip(),
                title=position.title,
                posted_in=position.posted_in,
                since=position.start,
                classification=person.classification,
            )
        )
    return lines


def _notes(record, user, seen: _Levels) -> list[NoteLine]:
    """The latest journal notes on `record` the user may read: one query."""
    notes = Note.objects.restrict(user).filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )[:NOTES]
    lines = []
    for note in notes:
        seen.add(note.classification)
        lines.append(
            NoteLine(note.text, timezone.localtime(note.created_at).date(), note.classification)
        )
    return lines


def _meeting_brief(meeting, user, levels, seen: _Levels):
    """The meeting itself, and the partners it is mainly with (those whose dossiers
    follow): the joint committee's partner, the organization, then the other partners
    that are not our own bodies."""
    meeting = (
        Meeting.objects.restrict(user)
        .select_related("committee__partner", "country", "organization", "governing_body")
        .get(pk=meeting.pk)
    )
    seen.add(meeting.classification)
    readable = Partner.objects.restrict(user)
    partners = list(readable.filter(meetings=meeting).order_by("name_en")[:MEETING_PARTNERS])
    committee = meeting.committee if meeting.committee_id else None
    if committee is not None and committee.classification not in levels:
        committee = None
    main = []
    if committee is not None and committee.partner.classification in levels:
        main.append(committee.partner)
    if meeting.organization_id and meeting.organization.classification in levels:
        main.append(meeting.organization)
    # Our own country and bodies are not whom the minister is briefed on.
    home = settings.ACCORD_HOME_COUNTRY
    main += [
        p
        for p in partners
        if not p.is_domestic and not (p.kind == PartnerKind.COUNTRY and p.iso_alpha2 == home)
    ]
    unique = list({p.pk: p for p in main}.values())[:MAIN_PARTNERS]

    place = [meeting.venue, meeting.city, _name(meeting.country, levels)]
    if meeting.governing_body_id and _name(meeting.organization, levels):
        place.insert(0, f"{meeting.governing_body.name} ({meeting.organization.name})")
    for record in (committee, meeting.country, meeting.organization, *partners):
        if record is not None and record.classification in levels:
            seen.add(record.classification)

    participants = (
        Participant.objects.filter(meeting=meeting, person__in=Person.objects.restrict(user))
        .select_related("person")
        .order_by("side", "-is_head", "id")[:PARTICIPANTS]
    )
    sides = {Side.OURS: [], Side.THEIRS: []}
    for participant in participants:
        seen.add(participant.person.classification)
        sides.setdefault(participant.side, []).append(
            ParticipantLine(participant.person.name, participant.role, participant.is_head)
        )
    agenda = []
    items = meeting.agenda_items.prefetch_related(
        Prefetch("national_position", queryset=NationalPosition.objects.restrict(user))
    ).order_by("order", "id")[:AGENDA_ITEMS]
    for item in items:
        # Prefetched through restrict: a position the reader may not read is None here.
        position = item.national_position if item.national_position_id else None
        if position is not None:
            seen.add(position.classification)
        agenda.append(
            AgendaLine(
                title=item.title,
                position=item.position,
                position_status=item.get_position_status_display(),
                national_position=(
                    f"{position.topic}: {bilingual(position.text_en, position.text_ar)}".strip()
                    if position is not None
                    else ""
                ),
                outcome=item.outcome,
            )
        )
    decisions = _decisions_of([meeting], MEETING_DECISIONS).get(meeting.pk, [])
    agreements = list(
        Agreement.objects.restrict(user)
        .filter(meetings=meeting)
        .order_by("-signature_date")[:RELATED_AGREEMENTS]
    )
    seen.add(*(a.classification for a in agreements))
    session = ""
    if committee is not None:
        session = _("%(committee)s, session %(number)s") % {
            "committee": committee.name,
            "number": meeting.session_number,
        }
    brief = MeetingBrief(
        title=meeting.title,
        kind=meeting.get_kind_display(),
        level=meeting.get_level_display(),
        # As the clocks show them where it is held (naive: no template converts them).
        start=meeting.start_local.replace(tzinfo=None),
        end=meeting.end_local.replace(tzinfo=None),
        time_zone=meeting.time_zone,
        place=", ".join(p for p in place if p),
        online=meeting.online,
        committee=session,
        partners=[p.name for p in partners],
        delegations=[
            (str(Side.OURS.label), sides[Side.OURS]),
            (str(Side.THEIRS.label), sides[Side.THEIRS]),
        ],
        agenda=agenda,
        decisions=decisions,
        agreements=[a.title for a in agreements],
        summary=meeting.summary,
        notes=_notes(meeting, user, seen),
        classification=meeting.classification,
    )
    return brief, unique
