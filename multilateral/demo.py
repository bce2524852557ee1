"""Demo multilateral records: the home country's memberships (Egypt's by default: member
state of ITU, UNESCO, UPU, WTO, the League of Arab States, the African Union, the OIC,
AICTO and ATU; the regulator, NTRA, a sector member of ITU), a seat on the ITU Council for
2023-2026, an elected post held by a (fictional) national, two candidacies, six years of
ITU and Arab League dues with some arrears, and a national position on AI governance used
at two ITU events.

The organizations are the reference data's; the governing bodies too when
`load_reference` has loaded them (else they are created by name). The people are the
partners demo's, fictional. Amounts and votes are illustrative, not the real figures.
Written through the services, so that each record has its change record; idempotent:
every record is looked up by its natural key first."""

import zoneinfo
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core import services
from core.choices import ChangeChannel, Classification
from core.models import AreaOfCooperation, OrgUnit
from engagements import services as engagement_services
from engagements.choices import MeetingKind, MeetingLevel, Side
from engagements.choices import PositionStatus as ItemStatus
from engagements.models import AgendaItem, Meeting, Participant
from multilateral import services as multilateral_services
from multilateral.choices import (
    BodyKind,
    CandidacyResult,
    ContributionKind,
    MembershipStatus,
    PositionStatus,
)
from multilateral.models import (
    Candidacy,
    Contribution,
    ElectedPost,
    GoverningBody,
    Membership,
    NationalPosition,
    Seat,
)
from partners.choices import PartnerKind
from partners.models import Partner, Person

COMMAND = ChangeChannel.COMMAND
PUBLIC, INTERNAL = Classification.PUBLIC, Classification.INTERNAL

# Organization acronym, member since (year), status. The years are when the country (or
# the organization's predecessor: the OAU, the Pan-African Telecommunications Union) first
# admitted it.
MEMBERSHIPS = [
    ("ITU", 1876),
    ("UNESCO", 1946),
    ("UPU", 1875),
    ("WTO", 1995),
    ("LAS", 1945),
    ("AU", 1963),
    ("OIC", 1969),
    ("AICTO", 2001),
    ("ATU", 1977),
]

# Body of an organization, by English name: (Arabic name, acronym, kind), used when the
# reference data has not loaded it.
BODIES = {
    ("ITU", "ITU Council"): ("مجلس الاتحاد الدولي للاتصالات", "C", BodyKind.COUNCIL),
    ("ITU", "Plenipotentiary Conference"): ("مؤتمر المندوبين المفوضين", "PP", BodyKind.PLENARY),
    ("ITU", "ITU-D Study Group 1"): (
        "لجنة الدراسات 1 لقطاع تنمية الاتصالات",
        "ITU-D SG1",
        BodyKind.STUDY_GROUP,
    ),
    ("AICTO", "Executive Council"): ("المجلس التنفيذي", "", BodyKind.COUNCIL),
}

POSITION_TOPIC_EN = "Artificial intelligence governance"
POSITION_TOPIC_AR = "حوكمة الذكاء الاصطناعي"
POSITION_TEXT_EN = (
    "Egypt supports an inclusive, human-centred governance of artificial intelligence "
    "under the United Nations, with capacity building for developing countries, common "
    "standards developed at ITU, and respect for national data sovereignty. Egypt offers "
    "its national AI strategy and its Arabic language resources as a contribution."
)
POSITION_TEXT_AR = (
    "تؤيد مصر حوكمة شاملة للذكاء الاصطناعي محورها الإنسان في إطار الأمم المتحدة، مع بناء "
    "قدرات البلدان النامية ووضع معايير مشتركة في الاتحاد الدولي للاتصالات واحترام السيادة "
    "الوطنية على البيانات. وتقدم مصر استراتيجيتها الوطنية للذكاء الاصطناعي ومواردها للغة "
    "العربية إسهامًا في ذلك."
)
FIRST_TEXT_EN = (
    "Egypt supports work at ITU on AI standards and asks for capacity building for "
    "developing countries."
)


def _at(day: date, hour: int, zone: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zoneinfo.ZoneInfo(zone))


def _save(record, **kwargs):
    return services.save(record, None, channel=COMMAND, **kwargs)


def _body(organization, name_en: str) -> GoverningBody:
    body = GoverningBody.objects.filter(organization=organization, name_en=name_en).first()
    if body is None:
        name_ar, acronym, kind = BODIES[(organization.acronym, name_en)]
        body = _save(
            GoverningBody(
                organization=organization,
                name_en=name_en,
                name_ar=name_ar,
                acronym=acronym,
                kind=kind,
            )
        )
    return body


class Counter:
    """Counts the records created, for the command's summary line."""

    def __init__(self):
        self.created = 0

    def get_or_save(self, model, lookup: dict, values: dict, m2m=None):
        record = model.objects.filter(**lookup).first()
        if record is None:
            record = _save(model(**lookup, **values), m2m=m2m)
            self.created += 1
        return record


@transaction.atomic
def load_demo(home) -> int:
    """Create the demo multilateral records that are missing. Returns how many records were
    created (memberships, seats, posts, candidacies, contributions, positions, events)."""
    if home is None:
        return 0
    orgs = {
        p.acronym: p
        for p in Partner.objects.filter(
            kind=PartnerKind.ORGANIZATION, acronym__in=[a for a, _ in MEMBERSHIPS]
        )
    }
    itu = orgs.get("ITU")
    if itu is None:
        return 0
    count = Counter()
    desk = OrgUnit.objects.filter(code="multilateral-desk").first()
    people = {p.name_en: p for p in Person.objects.filter(nationality=home)}
    sara, omar, karim = (people.get(n) for n in ("Sara Mahmoud", "Omar Khaled", "Karim Nabil"))
    today = timezone.localdate()

    # Memberships: the country in each organization, and its regulator in ITU.
    for acronym, since in MEMBERSHIPS:
        if acronym not in orgs:
            continue
        count.get_or_save(
            Membership,
            {"organization": orgs[acronym], "member": home, "until": None},
            {
                "status": MembershipStatus.MEMBER_STATE,
                "since": date(since, 1, 1),
                "focal_unit": desk,
                "focal_person": sara,
                "classification": PUBLIC,
            },
        )
    ntra = Partner.objects.filter(
        kind=PartnerKind.INSTITUTION, acronym="NTRA", country=home, is_domestic=True
    ).first()
    if ntra is not None:
        count.get_or_save(
            Membership,
            {"organization": itu, "member": ntra, "until": None},
            {
                "status": MembershipStatus.SECTOR_MEMBER,
                "since": date(2003, 1, 1),
                "focal_unit": desk,
                "focal_person": karim,
                "classification": INTERNAL,
            },
        )

    # Seats, posts and candidacies.
    council = _body(itu, "ITU Council")
    plenipotentiary = _body(itu, "Plenipotentiary Conference")
    study_group = _body(itu, "ITU-D Study Group 1")
    count.get_or_save(
        Seat,
        {"body": council, "holder": home, "term_start": date(2023, 1, 1)},
        {"term_end": date(2026, 12, 31), "classification": PUBLIC},
    )
    if karim is not None:
        count.get_or_save(
            ElectedPost,
            {"body": study_group, "person": karim, "title_en": "Vice-Chair"},
            {
                "title_ar": "نائب الرئيس",
                "term_start": date(2025, 11, 28),
                "term_end": date(2029, 12, 31),
                "classification": PUBLIC,
            },
        )
    count.get_or_save(
        Candidacy,
        {"body": council, "country": home, "election_date": date(2022, 10, 5)},
        {
            "result": CandidacyResult.ELECTED,
            "votes_for": 141,
            "votes_cast": 176,
            "classification": PUBLIC,
        },
    )
    if "AICTO" in orgs:
        count.get_or_save(
            Candidacy,
            {
                "body": _body(orgs["AICTO"], "Executive Council"),
                "country": home,
                "post_en": "Chair of the Executive Council",
            },
            {
                "result": CandidacyResult.PENDING,
                "election_date": date(today.year + 1, 3, 15),
                "person": omar,
                "post_ar": "رئيس المجلس التنفيذي",
                "classification": INTERNAL,
            },
        )

    # Dues over six years: ITU in Swiss francs, the Arab League in US dollars; the last
    # years not (fully) paid yet.
    first = today.year - 5
    schedules = [
        (itu, "CHF", Decimal("318000"), {today.year - 1: Decimal("150000"), today.year: 0}),
        (
            orgs.get("LAS"),
            "USD",
            Decimal("1250000"),
            {today.year - 3: Decimal("1000000"), today.year: Decimal("0")},
        ),
    ]
    for organization, currency, due, partial in schedules:
        if organization is None:
            continue
        for year in range(first, today.year + 1):
            paid = partial.get(year, due)
            count.get_or_save(
                Contribution,
                {"organization": organization, "year": year, "kind": ContributionKind.ASSESSED},
                {
                    "currency": currency,
                    "amount_due": due,
                    "amount_paid": paid,
                    "paid_on": date(year, 3, 31) if paid else None,
                    "classification": INTERNAL,
                },
            )
    count.get_or_save(
        Contribution,
        {"organization": itu, "year": today.year - 2, "kind": ContributionKind.VOLUNTARY},
        {
            "currency": "CHF",
            "amount_due": Decimal("150000"),
            "amount_paid": Decimal("150000"),
            "paid_on": date(today.year - 2, 9, 1),
            "note": "Connectivity of schools in Africa (Giga).",
            "classification": PUBLIC,
        },
    )

    # A national position on AI governance, used at two ITU events.
    areas = list(AreaOfCooperation.objects.filter(code="artificial-intelligence"))
    position = count.get_or_save(
        NationalPosition,
        {"topic_en": POSITION_TOPIC_EN, "organization": itu},
        {
            "topic_ar": POSITION_TOPIC_AR,
            "body": council,
            "status": PositionStatus.DELIVERED,
            "text_en": POSITION_TEXT_EN,
            "text_ar": POSITION_TEXT_AR,
            "classification": INTERNAL,
        },
        m2m={"areas": areas},
    )
    events = [
        {
            "title_en": "ITU Council 2025",
            "title_ar": "دورة مجلس الاتحاد الدولي للاتصالات لعام 2025",
            "level": MeetingLevel.SENIOR_OFFICIALS,
            "start": _at(date(2025, 6, 17), 9, "Europe/Zurich"),
            "end": _at(date(2025, 6, 27), 18, "Europe/Zurich"),
            "time_zone": "Europe/Zurich",
            "city": "Geneva",
            "country": Partner.objects.filter(kind=PartnerKind.COUNTRY, iso_alpha2="CH").first(),
            "governing_body": council,
            "item": (FIRST_TEXT_EN, "ITU to report on its AI activities to the next Council."),
        },
        {
            "title_en": "ITU Plenipotentiary Conference 2026 (PP-26)",
            "title_ar": "مؤتمر المندوبين المفوضين للاتحاد الدولي للاتصالات 2026",
            "level": MeetingLevel.MINISTERIAL,
            "start": _at(date(2026, 11, 9), 9, "Asia/Qatar"),
            "end": _at(date(2026, 11, 27), 18, "Asia/Qatar"),
            "time_zone": "Asia/Qatar",
            "city": "Doha",
            "country": Partner.objects.filter(kind=PartnerKind.COUNTRY, iso_alpha2="QA").first(),
            "governing_body": plenipotentiary,
            "item": (
                POSITION_TEXT_EN,
                "Resolution on AI adopted, with capacity building for developing countries.",
            ),
        },
    ]
    for fields in events:
        if Meeting.objects.filter(title_en=fields["title_en"]).exists():
            continue
        text, outcome = fields.pop("item")
        meeting = _save(
            Meeting(
                kind=MeetingKind.MULTILATERAL,
                organization=itu,
                owner_unit=desk,
                classification=INTERNAL,
                **fields,
            ),
            m2m={"partners": [itu], "areas": areas},
        )
        count.created += 1
        for person, head in ((omar, True), (sara, False), (karim, False)):
            if person is not None:
                engagement_services.save_part(
                    Participant(meeting=meeting, person=person, side=Side.OURS, is_head=head),
                    None,
                    channel=COMMAND,
                )
        item = engagement_services.save_part(
            AgendaItem(
                meeting=meeting,
                order=1,
                title_en="Artificial intelligence",
                title_ar="الذكاء الاصطناعي",
                position=text,
                position_status=ItemStatus.DELIVERED,
                outcome=outcome,
            ),
            None,
            channel=COMMAND,
        )
        multilateral_services.use_position(item, position, None, channel=COMMAND)
    return count.created
