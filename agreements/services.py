"""Use cases of the agreements app: each validates, saves, and records in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import dates, workflow
from agreements.choices import (
    CONSENT_ACTIONS,
    NOTICE_ACTIONS,
    LifecycleEvent,
    PartyRole,
    Status,
    TermStart,
    TreatyActionKind,
)
from agreements.models import Agreement, StatusChange
from core import services
from core.choices import ChangeChannel


class TransitionRefused(ValidationError):
    """A lifecycle step that the table, the role or the record's state does not allow."""


def _today() -> date:
    return timezone.localdate()


def allowed_transitions(agreement: Agreement, user) -> list[workflow.Transition]:
    """The transitions `user` may make now (for the buttons on the agreement page)."""
    roles = workflow.roles_of(user)
    return [t for t in workflow.targets(agreement.status) if roles & t.roles]


@transaction.atomic
def transition(agreement, to_status, user, comment="", *, channel=ChangeChannel.PAGE):
    """Move `agreement` to `to_status`, or raise TransitionRefused saying why."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if to_status not in Status.values:
        # A hand-made URL (/status/anything/) is refused like any other step, not a crash.
        raise TransitionRefused(_("“%(target)s” is not a status.") % {"target": to_status})
    step = workflow.find(agreement.status, to_status)
    if step is None:
        raise TransitionRefused(
            _("An agreement cannot go from “%(source)s” to “%(target)s”.")
            % {"source": Status(agreement.status).label, "target": Status(to_status).label}
        )
    if not workflow.roles_of(user) & step.roles:
        raise TransitionRefused(
            _("Your role does not allow moving an agreement to “%(target)s”.")
            % {"target": Status(to_status).label}
        )
    comment = (comment or "").strip()
    if step.comment_required and not comment:
        raise TransitionRefused({"comment": _("Say why: a comment is required for this step.")})
    _check_preconditions(agreement, to_status)
    from_status = agreement.status
    agreement.status = to_status
    if to_status in (Status.DRAFTING, Status.NEGOTIATION):
        # A text sent back must pass legal review again.
        agreement.legal_cleared_by, agreement.legal_cleared_at = None, None
    services.save(agreement, user, channel=channel, comment=comment)
    StatusChange.objects.create(
        agreement=agreement,
        from_status=from_status,
        to_status=to_status,
        user=user,
        comment=comment,
    )
    return agreement


def _check_preconditions(agreement, to_status):
    if to_status == Status.APPROVED and not agreement.legal_cleared_at:
        raise TransitionRefused(_("A legal adviser must pass the legal review first."))
    if to_status == Status.SIGNED:
        if not agreement.signature_date:
            raise TransitionRefused({"signature_date": _("Record the date of signature first.")})
        if not agreement.parties.filter(role=PartyRole.PARTY).exists():
            raise TransitionRefused(_("Record the parties first."))
    in_force = agreement.entry_into_force and agreement.entry_into_force <= _today()
    if to_status == Status.IN_FORCE and not in_force:
        raise TransitionRefused(
            _("It has not entered into force yet: check the rule and the treaty actions.")
        )


@transaction.atomic
def clear_legal_review(agreement, user, comment="", *, channel=ChangeChannel.PAGE):
    """A legal adviser passes the legal review; a manager may then approve for signature."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Status.LEGAL_REVIEW:
        raise TransitionRefused(_("Only an agreement in legal review can pass it."))
    if not workflow.roles_of(user) & workflow.LEGAL:
        raise TransitionRefused(_("Only a legal adviser can pass the legal review."))
    if agreement.legal_cleared_at:
        # A second click (or an API retry) must not rewrite who passed it, nor add a step.
        raise TransitionRefused(_("The legal review has already been passed."))
    agreement.legal_cleared_by, agreement.legal_cleared_at = user, timezone.now()
    services.save(agreement, user, channel=channel, comment=comment)
    StatusChange.objects.create(
        agreement=agreement,
        event=LifecycleEvent.LEGAL_CLEARANCE,
        from_status=Status.LEGAL_REVIEW,
        to_status=Status.LEGAL_REVIEW,
        user=user,
        comment=comment,
    )
    return agreement


def compute_dates(agreement, today: date | None = None) -> dict:
    """Entry into force, expiry, notice deadline, next review and termination, computed
    from the agreed rules and the recorded treaty actions (pure apart from two queries)."""
    today = today or _today()
    actions = list(agreement.treaty_actions.select_related("party"))
    parties = list(agreement.parties.filter(role=PartyRole.PARTY))
    consents = []
    for party in parties:
        dates_of = [a.date for a in actions if a.party_id == party.pk and a.kind in CONSENT_ACTIONS]
        consents.append(max(dates_of) if dates_of else None)
    recorded_eif = [a.date for a in actions if a.kind == TreatyActionKind.ENTRY_INTO_FORCE]
    try:
        eif = (
            min(recorded_eif)
            if recorded_eif
            else dates.entry_into_force(
                agreement.eif_rule,
                signature=agreement.signature_date,
                fixed=agreement.eif_fixed_date,
                consents=consents or [None],
                days=agreement.eif_days,
            )
        )
    except ValueError:
        eif = None
    start = eif if agreement.term_start == TermStart.ENTRY_INTO_FORCE else agreement.signature_date
    if eif is None:
        start = None
    notices = [a.date for a in actions if a.kind in NOTICE_ACTIONS]
    terminated_on = None
    if notices and start:
        try:
            terminated_on = dates.end_after_notice(
                agreement.term_kind,
                start=start,
                notice_given=min(notices),
                length=agreement.term_length,
                unit=agreement.term_unit,
                renewal_length=agreement.renewal_length,
                renewal_unit=agreement.renewal_unit,
                notice_months=agreement.notice_months,
            )
        except ValueError:
            terminated_on = None
    try:
        term = dates.term_dates(
            agreement.term_kind,
            start=start,
            today=today,
            length=agreement.term_length,
            unit=agreement.term_unit,
            renewal_length=agreement.renewal_length,
            renewal_unit=agreement.renewal_unit,
            notice_months=agreement.notice_months,
            review_years=agreement.review_years,
            terminated_on=terminated_on,
        )
    except ValueError:
        term = None
    return {
        "entry_into_force": eif,
        "expiry_date": term.expiry if term else None,
        "notice_deadline": term.notice_deadline if term else None,
        "next_review": term.next_review if term else None,
        "termination_date": terminated_on,
        "term": term,
    }


def refresh_dates(agreement, today: date | None = None) -> Agreement:
    """Store the computed dates, and make the status follow time: a signed agreement whose
    entry into force has come is in force; one whose term has ended has expired (or is
    terminated, after notice). A tacitly renewed agreement never expires by itself."""
    today = today or _today()
    computed = compute_dates(agreement, today)
    term = computed.pop("term")
    fields = {name: value for name, value in computed.items() if getattr(agreement, name) != value}
    fields["dates_computed_on"] = today
    Agreement.objects.filter(pk=agreement.pk).update(**fields)
    for name, value in fields.items():
        setattr(agreement, name, value)
    target = None
    if (
        agreement.status == Status.SIGNED
        and agreement.entry_into_force
        and agreement.entry_into_force <= today
    ):
        target = Status.IN_FORCE
    if agreement.status in (Status.SIGNED, Status.IN_FORCE) and term and term.expired:
        target = Status.TERMINATED if agreement.termination_date else Status.EXPIRED
    if target:
        _automatic(agreement, target, today)
    return agreement


def _automatic(agreement, target, today):
    from_status = agreement.status
    agreement.status = target
    Agreement.objects.filter(pk=agreement.pk).update(status=target)
    comment = _("Changed automatically on %(date)s from the agreement's dates.") % {"date": today}
    services.record_change(
        agreement,
        None,
        "update",
        ChangeChannel.COMMAND,
        {"status": [from_status, target]},
        comment,
    )
    StatusChange.objects.create(
        agreement=agreement,
        event=LifecycleEvent.AUTOMATIC,
        from_status=from_status,
        to_status=target,
        comment=comment,
    )


def refresh_stale(today: date | None = None, limit: int = 1000) -> int:
    """Refresh the agreements whose stored dates may have been overtaken by time. Cheap
    when nothing is stale (one indexed query), bounded by `limit` otherwise."""
    from django.db.models import Q

    today = today or _today()
    stale = (
        Agreement.objects.exclude(dates_computed_on=today)
        .filter(
            Q(expiry_date__lt=today)
            | Q(notice_deadline__lt=today)
            | Q(next_review__lt=today)
            | Q(status=Status.SIGNED, entry_into_force__lte=today)
        )
        .exclude(status__in=[Status.EXPIRED, Status.TERMINATED, Status.SUPERSEDED])
    )
    count = 0
    for agreement in stale[:limit]:
        refresh_dates(agreement, today)
        count += 1
    return count


@transaction.atomic
def save_agreement(agreement, user, *, save_m2m=None, m2m=None, channel=ChangeChannel.PAGE):
    services.save(agreement, user, save_m2m=save_m2m, m2m=m2m, channel=channel)
    return refresh_dates(agreement)


@transaction.atomic
def save_part(part, user, *, channel=ChangeChannel.PAGE):
    """Save a party, treaty action or relation, then refresh the agreement's dates."""
    services.save(part, user, channel=channel)
    refresh_dates(part.agreement if hasattr(part, "agreement") else part.source)
    return part


@transaction.atomic
def delete_part(part, user, *, channel=ChangeChannel.PAGE):
    agreement = part.agreement if hasattr(part, "agreement") else part.source
    services.delete(part, user, channel=channel)
    refresh_dates(agreement)
