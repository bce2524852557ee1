"""Use cases of the engagements app."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max, Q

from actions.choices import ActionStatus
from actions.models import Action
from core import services
from core.choices import ChangeChannel
from engagements.choices import DecisionStatus, MeetingKind
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


@transaction.atomic
def open_session(committee, user, *, channel=ChangeChannel.PAGE, **fields) -> Meeting:
    """Open the committee's next session: numbered after the last one, its agenda
    pre-filled with every pending decision and open action of the earlier sessions, so that
    they carry over until they are done."""
    # Lock the committee so that two officers opening a session at once get 3 and 4, not 3.
    JointCommittee.objects.select_for_update().get(pk=committee.pk)
    last = Meeting.objects.filter(committee=committee).aggregate(n=Max("session_number"))["n"]
    fields.setdefault("classification", committee.classification)
    fields.setdefault("owner_unit", committee.owner_unit)
    session = Meeting(
        committee=committee,
        kind=MeetingKind.COMMITTEE_SESSION,
        session_number=(last or 0) + 1,
        **fields,
    )
    services.save(session, user, channel=channel, m2m={"partners": [committee.partner]})
    decisions, actions = open_items(committee, before=session)
    order = 0
    for decision in decisions.order_by("meeting__session_number", "id"):
        order += 1
        AgendaItem.objects.create(
            meeting=session,
            order=order,
            title_en=decision.text_en[:300],
            title_ar=decision.text_ar[:300],
            carried_decision=decision,
        )
    for action in actions.order_by("due_date", "id"):
        order += 1
        AgendaItem.objects.create(
            meeting=session,
            order=order,
            title_en=action.title_en[:300],
            title_ar=action.title_ar[:300],
            carried_action=action,
        )
    return session


@transaction.atomic
def save_part(part, user, *, channel=ChangeChannel.PAGE):
    """Save a participant, agenda item or decision of a meeting, with its change record."""
    return services.save(part, user, channel=channel)
