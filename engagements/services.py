"""Use cases of the engagements app."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q

from actions.choices import ActionStatus
from actions.models import Action
from core import services
from core.choices import ChangeAction, ChangeChannel
from engagements.choices import DecisionStatus, MeetingKind, MeetingLevel
from engagements.models import AgendaItem, Decision, JointCommittee, Meeting

OPEN_ACTION = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


def open_items(committee: JointCommittee, before: Meeting | None = None):
    """What a committee still has open: the pending decisions of its sessions, and the open
    actions that came from the committee, its sessions or their decisions. `before` limits
    both to sessions earlier than that one."""
    sessions = Meeting.objects.filter(committee=committee)
    if before is not None and before.session_number:
        sessions = sessions.filter(session_number__lt=before.session_number)
    decisions = Decision.objects.filter(meeting__in=sessions, status=DecisionStatus.PENDING)
    types = ContentType.objects.get_for_models(JointCommittee, Meeting, Decision)
    actions = Action.objects.filter(status__in=OPEN_ACTION).filter(
        Q(source_type=types[JointCommittee], source_id=committee.pk)
        | Q(source_type=types[Meeting], source_id__in=sessions.values("pk"))
        | Q(
            source_type=types[Decision],
            source_id__in=decisions.model.objects.filter(meeting__in=sessions).values("pk"),
        )
    )
    return decisions.select_related("meeting"), actions


def next_session_number(committee) -> int:
    """The number the committee's next session takes: one after its highest."""
    last = Meeting.objects.filter(committee=committee).aggregate(n=Max("session_number"))["n"]
    return (last or 0) + 1


def ordinal_en(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st... (for the English default title of a session)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def session_titles(committee, number: int) -> dict:
    """The default English and Arabic titles of a committee's session `number`."""
    return {
        "title_en": f"{ordinal_en(number)} session of the {committee.name_en}"[:300],
        "title_ar": f"الدورة {number} – {committee.name_ar}"[:300] if committee.name_ar else "",
    }


@transaction.atomic
def open_session(
    committee, user, *, channel=ChangeChannel.PAGE, session_number=None, **fields
) -> Meeting:
    """Open the committee's next session: numbered after the last one (or `session_number`
    when given, e.g. to record a committee that met before it was kept here), its agenda
    pre-filled with every pending decision and open action of the earlier sessions, so that
    they carry over until they are done. Raises ValidationError naming the field (a number
    already taken is refused on `session_number`), and then nothing is written."""
    # Lock the committee so that two officers opening a session at once get 3 and 4, not 3.
    committee = JointCommittee.objects.select_for_update().get(pk=committee.pk)
    number = session_number or next_session_number(committee)
    for name, value in session_titles(committee, number).items():
        if not fields.get(name):
            fields[name] = value
    fields.setdefault("classification", committee.classification)
    fields.setdefault("owner_unit", committee.owner_unit)
    if not fields.get("level"):
        last = Meeting.objects.filter(committee=committee).order_by("-session_number").first()
        fields["level"] = last.level if last else MeetingLevel.MINISTERIAL
    session = Meeting(
        committee=committee,
        kind=MeetingKind.COMMITTEE_SESSION,
        session_number=number,
        **fields,
    )
    services.save(session, user, channel=channel, m2m={"partners": [committee.partner]})
    decisions, actions = open_items(committee, before=session)
    order = 0
    for decision in decisions.order_by("meeting__session_number", "id"):
        order += 1
        services.save(
            AgendaItem(
                meeting=session,
                order=order,
                title_en=decision.text_en[:300],
                title_ar=decision.text_ar[:300],
                carried_decision=decision,
            ),
            user,
            channel=channel,
        )
    for action in actions.order_by("due_date", "id"):
        order += 1
        services.save(
            AgendaItem(
                meeting=session,
                order=order,
                title_en=action.title_en[:300],
                title_ar=action.title_ar[:300],
                carried_action=action,
            ),
            user,
            channel=channel,
        )
    return session


@transaction.atomic
def save_part(part, user, *, channel=ChangeChannel.PAGE):
    """Save a participant, agenda item or decision of a meeting, with its change record."""
    return services.save(part, user, channel=channel)


def dependents(record) -> list:
    """What would be left pointing at nothing if `record` (a meeting or a decision) were
    deleted: follow-up actions that come from it (or from its decisions), and agenda items
    of later sessions that carry its decisions."""
    types = ContentType.objects.get_for_models(Meeting, Decision)
    if isinstance(record, Meeting):
        decisions = list(record.decisions.values_list("pk", flat=True))
        sources = Q(source_type=types[Meeting], source_id=record.pk) | Q(
            source_type=types[Decision], source_id__in=decisions
        )
        carried = AgendaItem.objects.filter(carried_decision__in=decisions).exclude(meeting=record)
    else:
        sources = Q(source_type=types[Decision], source_id=record.pk)
        carried = AgendaItem.objects.filter(carried_decision=record)
    return [*Action.objects.filter(sources)[:20], *carried.select_related("meeting")[:20]]


@transaction.atomic
def delete_record(record, user, *, channel=ChangeChannel.PAGE):
    """Delete a meeting, or a part of one, with its change record. A meeting or decision
    that follow-up actions or later agendas still point at is kept (InUse says what)."""
    if isinstance(record, Meeting | Decision):
        found = dependents(record)
        if found:
            raise services.InUse(record, found)
    meeting = None if isinstance(record, Meeting) else record.meeting
    services.delete(record, user, channel=channel)
    if meeting is not None:
        # The part's own record names it; the meeting's history says it was removed.
        label = str(record._meta.verbose_name)
        services.record_change(
            meeting, user, ChangeAction.UPDATE, channel, {label: [str(record), None]}
        )
