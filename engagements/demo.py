"""Demo meetings: the Egypt–Japan joint committee with three sessions (the third in the
coming weeks, opened through the service so that its agenda carries what the first two left
open), and a few bilateral meetings, visits and calls around today. Written through the
services, so that each record has its change record. The people are the partners demo's
(fictional)."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from actions import services as action_services
from actions.choices import ActionStatus, Priority
from agreements.models import Agreement
from core import services
from core.choices import ChangeChannel, Classification
from core.models import AreaOfCooperation, OrgUnit
from engagements import services as engagement_services
from engagements.choices import (
    DecisionStatus,
    MeetingKind,
    MeetingLevel,
    PositionStatus,
    Side,
)
from engagements.models import AgendaItem, Decision, JointCommittee, Meeting, Participant
from partners.choices import PartnerKind
from partners.models import Partner, Person

COMMITTEE_EN = "Egypt–Japan Joint Committee on ICT Cooperation"
COMMITTEE_AR = "اللجنة المصرية اليابانية المشتركة للتعاون في مجال الاتصالات وتكنولوجيا المعلومات"
COMMAND = ChangeChannel.COMMAND


def _at(day, hour, zone, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def _participants(meeting, people):
    """`people`: (person or None, side, is head, role)."""
    for person, side, head, role in people:
        if person is not None:
            engagement_services.save_part(
                Participant(meeting=meeting, person=person, side=side, is_head=head, role=role),
                None,
                channel=COMMAND,
            )


def _agenda(meeting, items):
    """`items`: (English title, Arabic title, our position, its status, outcome)."""
    made = []
    start = meeting.agenda_items.count()
    for order, (title_en, title_ar, position, status, outcome) in enumerate(items, start + 1):
        made.append(
            engagement_services.save_part(
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    title_en=title_en,
                    title_ar=title_ar,
                    position=position,
                    position_status=status,
                    outcome=outcome,
                ),
                None,
                channel=COMMAND,
            )
        )
    return made


def _decision(meeting, item, text_en, text_ar, status, due=None) -> Decision:
    return engagement_services.save_part(
        Decision(
            meeting=meeting,
            agenda_item=item,
            text_en=text_en,
            text_ar=text_ar,
            status=status,
            due_date=due,
        ),
        None,
        channel=COMMAND,
    )


def _action(source, title_en, title_ar, desk, due, status=ActionStatus.OPEN, **extra):
    action = action_services.create_for(
        source,
        None,
        channel=COMMAND,
        title_en=title_en,
        title_ar=title_ar,
        owner_unit=desk,
        due_date=due,
        **extra,
    )
    if status != ActionStatus.OPEN:
        action_services.change_status(action, status, None, "Recorded from the demo.")
    return action


def _meeting(**fields) -> Meeting:
    partners = fields.pop("partners", [])
    areas = fields.pop("areas", [])
    return services.save(
        Meeting(**fields),
        None,
        channel=COMMAND,
        m2m={"partners": [p for p in partners if p], "areas": areas},
    )


@transaction.atomic
def load_demo(home, user=None) -> int:
    """Create the demo meetings that are missing (the committee by name, the meetings by
    title). Idempotent. Returns how many meetings were created."""
    if home is None:
        return 0
    countries = {p.iso_alpha2: p for p in Partner.objects.filter(kind=PartnerKind.COUNTRY)}
    japan = countries.get("JP")
    if japan is None:
        return 0
    before = Meeting.objects.count()
    desks = {u.code: u for u in OrgUnit.objects.all()}
    asian = desks.get("asian-desk") or desks.get("ir-sector")
    areas = {a.code: a for a in AreaOfCooperation.objects.all()}
    people = {p.name_en: p for p in Person.objects.all()}
    omar, sara, karim = (people.get(n) for n in ("Omar Khaled", "Sara Mahmoud", "Karim Nabil"))
    # Their co-chair is the ambassador in Cairo; his predecessor led the first delegation.
    sato, tanaka = people.get("Kenji Sato"), people.get("Hiroshi Tanaka")
    today = timezone.localdate()

    committee = JointCommittee.objects.filter(name_en=COMMITTEE_EN).first()
    if committee is None:
        committee = services.save(
            JointCommittee(
                name_en=COMMITTEE_EN,
                name_ar=COMMITTEE_AR,
                partner=japan,
                agreement=Agreement.objects.filter(reference="EG-JP-2019-01").first(),
                chair_ours=omar,
                chair_theirs=sato,
                periodicity_months=12,
                alternating_host=True,
                owner_unit=asian,
                classification=Classification.INTERNAL,
            ),
            user,
            channel=COMMAND,
            m2m={
                "areas": [
                    areas[c] for c in ("digital-skills", "artificial-intelligence") if c in areas
                ]
            },
        )
    delegations = [
        (omar, Side.OURS, True, "Co-chair"),
        (sara, Side.OURS, False, ""),
        (karim, Side.OURS, False, "NTRA"),
        (sato, Side.THEIRS, True, "Co-chair, Ambassador of Japan in Cairo"),
        (tanaka, Side.THEIRS, False, "Former ambassador, adviser"),
    ]

    if not committee.sessions.exists():
        # 1st session, Cairo, about two years ago.
        first_day = today - timedelta(days=700)
        one = engagement_services.open_session(
            committee,
            user,
            channel=COMMAND,
            level=MeetingLevel.SENIOR_OFFICIALS,
            start=_at(first_day, 10, "Africa/Cairo"),
            end=_at(first_day + timedelta(days=1), 16, "Africa/Cairo"),
            time_zone="Africa/Cairo",
            city="Cairo",
            country=home,
            venue="Smart Village",
            summary="The committee's first session set its working groups.",
        )
        _participants(one, delegations)
        skills, ai, data = _agenda(
            one,
            [
                (
                    "Digital skills for young people",
                    "المهارات الرقمية للشباب",
                    "Egypt proposes a joint programme training 1,000 graduates a year.",
                    PositionStatus.DELIVERED,
                    "Agreed in principle; JICA to study funding.",
                ),
                (
                    "Artificial intelligence governance",
                    "حوكمة الذكاء الاصطناعي",
                    "Egypt seeks an exchange of experience on its national AI strategy.",
                    PositionStatus.DELIVERED,
                    "A working group to be formed.",
                ),
                (
                    "Investment in data centres",
                    "الاستثمار في مراكز البيانات",
                    "Egypt invites Japanese operators to the new data centre zones.",
                    PositionStatus.DELIVERED,
                    "Japan asked for the investment framework.",
                ),
            ],
        )
        _decision(
            one,
            skills,
            "Launch a joint digital skills programme for young Egyptian graduates.",
            "إطلاق برنامج مشترك للمهارات الرقمية لشباب الخريجين المصريين.",
            DecisionStatus.IMPLEMENTED,
        )
        working_group = _decision(
            one,
            ai,
            "Form a joint working group on AI governance.",
            "تشكيل فريق عمل مشترك بشأن حوكمة الذكاء الاصطناعي.",
            DecisionStatus.PENDING,
            today + timedelta(days=60),
        )
        framework = _decision(
            one,
            data,
            "Egypt to share the investment framework for data centres.",
            "تقدم مصر إطار الاستثمار في مراكز البيانات.",
            DecisionStatus.IMPLEMENTED,
        )
        _action(
            working_group,
            "Nominate the Egyptian members of the AI working group",
            "ترشيح الأعضاء المصريين في فريق عمل الذكاء الاصطناعي",
            asian,
            first_day + timedelta(days=45),
            ActionStatus.DONE,
        )
        # Still open two sessions later: it is carried to every agenda until done.
        _action(
            framework,
            "Send the Japanese side the data centre investment framework in English",
            "إرسال إطار الاستثمار في مراكز البيانات باللغة الإنجليزية إلى الجانب الياباني",
            asian,
            first_day + timedelta(days=90),
            priority=Priority.HIGH,
        )

        # 2nd session, Tokyo, about a year ago.
        second_day = today - timedelta(days=330)
        two = engagement_services.open_session(
            committee,
            user,
            channel=COMMAND,
            level=MeetingLevel.MINISTERIAL,
            start=_at(second_day, 9, "Asia/Tokyo", 30),
            end=_at(second_day, 17, "Asia/Tokyo"),
            time_zone="Asia/Tokyo",
            city="Tokyo",
            country=japan,
            summary="Held at the Ministry of Internal Affairs and Communications.",
            minutes=(
                "## Opening\n\nThe co-chairs welcomed the progress of the digital skills "
                "programme.\n\n## Conclusions\n\n- The AI working group will meet twice a "
                "year.\n- Both sides will study a submarine cable landing partnership.\n"
            ),
        )
        _participants(two, delegations)
        cable, cyber = _agenda(
            two,
            [
                (
                    "Submarine cable connectivity",
                    "الربط بالكابلات البحرية",
                    "Egypt offers its landing stations on the Red Sea and the Mediterranean.",
                    PositionStatus.DELIVERED,
                    "Japan will study a partnership.",
                ),
                (
                    "Cybersecurity capacity building",
                    "بناء القدرات في الأمن السيبراني",
                    "Egypt asks for a joint workshop for its CERT.",
                    PositionStatus.DELIVERED,
                    "Workshop agreed.",
                ),
            ],
        )
        study = _decision(
            two,
            cable,
            "Study a partnership on a submarine cable landing in Egypt.",
            "دراسة شراكة بشأن إنزال كابل بحري في مصر.",
            DecisionStatus.PENDING,
            today + timedelta(days=20),
        )
        _decision(
            two,
            cyber,
            "Hold a joint cybersecurity workshop in Cairo.",
            "تنظيم ورشة عمل مشتركة في الأمن السيبراني بالقاهرة.",
            DecisionStatus.IMPLEMENTED,
        )
        _action(
            study,
            "Prepare the technical note on landing stations for the Japanese side",
            "إعداد المذكرة الفنية بشأن محطات الإنزال للجانب الياباني",
            asian,
            today + timedelta(days=10),
        )

        # 3rd session, Cairo, in the coming weeks: opened now, its agenda carried over.
        third_day = today + timedelta(days=18)
        three = engagement_services.open_session(
            committee,
            user,
            channel=COMMAND,
            level=MeetingLevel.MINISTERIAL,
            start=_at(third_day, 10, "Africa/Cairo"),
            end=_at(third_day + timedelta(days=1), 15, "Africa/Cairo"),
            time_zone="Africa/Cairo",
            city="New Administrative Capital",
            country=home,
        )
        _participants(three, delegations[:1] + delegations[3:4])

    upcoming = [
        {
            "title_en": "Video call on the digital government MoU",
            "title_ar": "اتصال مرئي بشأن مذكرة التفاهم للحكومة الرقمية",
            "kind": MeetingKind.CALL,
            "level": MeetingLevel.TECHNICAL,
            "start": _at(today + timedelta(days=5), 9, "Asia/Seoul"),
            "end": _at(today + timedelta(days=5), 10, "Asia/Seoul"),
            "time_zone": "Asia/Seoul",
            "online": True,
            "partners": [countries.get("KR")],
            "owner_unit": asian,
            "classification": Classification.INTERNAL,
        },
        {
            "title_en": "Visit of the Ambassador of Kenya to the Ministry",
            "title_ar": "زيارة سفيرة كينيا للوزارة",
            "kind": MeetingKind.INCOMING_VISIT,
            "level": MeetingLevel.MINISTERIAL,
            "start": _at(today + timedelta(days=12), 11, "Africa/Cairo"),
            "end": _at(today + timedelta(days=12), 12, "Africa/Cairo"),
            "time_zone": "Africa/Cairo",
            "city": "Cairo",
            "country": home,
            "partners": [countries.get("KE")],
            "owner_unit": desks.get("african-desk"),
            "classification": Classification.PUBLIC,
        },
        {
            "title_en": "Delegation to Paris on the cybersecurity protocol",
            "title_ar": "وفد إلى باريس بشأن بروتوكول الأمن السيبراني",
            "kind": MeetingKind.OUTGOING_VISIT,
            "level": MeetingLevel.SENIOR_OFFICIALS,
            "start": _at(today + timedelta(days=26), 9, "Europe/Paris"),
            "end": _at(today + timedelta(days=27), 18, "Europe/Paris"),
            "time_zone": "Europe/Paris",
            "city": "Paris",
            "country": countries.get("FR"),
            "partners": [countries.get("FR")],
            "owner_unit": desks.get("european-desk"),
            "classification": Classification.CONFIDENTIAL,
        },
        {
            "title_en": "Bilateral meeting with Saudi Arabia on submarine cables",
            "title_ar": "اجتماع ثنائي مع المملكة العربية السعودية بشأن الكابلات البحرية",
            "kind": MeetingKind.BILATERAL,
            "level": MeetingLevel.SENIOR_OFFICIALS,
            "start": _at(today - timedelta(days=24), 13, "Asia/Riyadh"),
            "end": _at(today - timedelta(days=24), 15, "Asia/Riyadh"),
            "time_zone": "Asia/Riyadh",
            "city": "Riyadh",
            "country": countries.get("SA"),
            "partners": [countries.get("SA")],
            "owner_unit": desks.get("arab-desk"),
            "classification": Classification.INTERNAL,
            "minutes": "Both sides reviewed the letter of intent on **submarine cables**.",
        },
    ]
    for fields in upcoming:
        if (
            not any(fields["partners"])
            or Meeting.objects.filter(title_en=fields["title_en"]).exists()
        ):
            continue
        meeting = _meeting(**fields)
        if meeting.kind == MeetingKind.INCOMING_VISIT:
            _participants(
                meeting,
                [
                    (people.get("Amina Wanjiru"), Side.THEIRS, True, ""),
                    (omar, Side.OURS, True, ""),
                ],
            )
    return Meeting.objects.count() - before
