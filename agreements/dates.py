"""The dates the law cares about for an agreement: entry into force, expiry, notice deadlines,
renewals and reviews. Pure functions of dates and the agreed rules (no database, settings or
translations), so that each rule is tested on its own and computed once, never in templates.

One calendar convention holds everywhere: a period of n months or years ends the day before
its `anniversary`, and a missing day (29 February, the 31st) rolls over to the next month.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# Rules for entry into force.
EIF_ON_SIGNATURE = "on_signature"
EIF_FIXED_DATE = "fixed_date"
EIF_LAST_NOTIFICATION = "last_notification"
EIF_DAYS_AFTER_LAST = "days_after_last"
EIF_RULES = (EIF_ON_SIGNATURE, EIF_FIXED_DATE, EIF_LAST_NOTIFICATION, EIF_DAYS_AFTER_LAST)

# Kinds of term.
TERM_FIXED = "fixed"
TERM_TACIT = "tacit_renewal"
TERM_INDEFINITE_REVIEW = "indefinite_review"
TERM_UNTIL_NOTICE = "until_notice"
TERM_KINDS = (TERM_FIXED, TERM_TACIT, TERM_INDEFINITE_REVIEW, TERM_UNTIL_NOTICE)

# Units of a term or renewal period.
UNIT_MONTHS = "months"
UNIT_YEARS = "years"
_MONTHS_PER_UNIT = {UNIT_MONTHS: 1, UNIT_YEARS: 12}

ONE_DAY = timedelta(days=1)


def _months(n: int, unit: str, name: str = "unit") -> int:
    """n units expressed in months; `name` is the parameter an error message names."""
    if unit not in _MONTHS_PER_UNIT:
        raise ValueError(f"{name} must be one of {', '.join(_MONTHS_PER_UNIT)}, not {unit!r}")
    return n * _MONTHS_PER_UNIT[unit]


def _check_count(value: int | None, name: str, *, required: bool = False, minimum: int = 0) -> None:
    """Reject a missing (when required) or too small count, naming the parameter."""
    if value is None:
        if required:
            raise ValueError(f"{name} is required")
    elif value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")


def anniversary(start: date, n: int, unit: str) -> date:
    """The same day of the month n (possibly negative) months or years after `start`; when
    that day does not exist in the target month (29 February in a common year, the 31st of a
    30-day month), the next day, the 1st of the following month: 2024-02-29 + 1 year =
    2025-03-01, 2025-01-31 + 1 month = 2025-03-01."""
    target = start + relativedelta(months=_months(n, unit))
    # relativedelta clamps a missing day to the month's last day; a period that ran to that
    # day would then be one day short, so the anniversary moves on to the day after it.
    return target if target.day == start.day else target + ONE_DAY


def period_end(start: date, n: int, unit: str) -> date:
    """The last day in force of a period of n (>= 1) months or years beginning on `start`:
    the day before its `anniversary`. 5 years from 2020-01-01 end on 2024-12-31, 1 year from
    2024-02-29 on 2025-02-28, 1 year from 2023-03-01 on 2024-02-29, 1 month from 2025-01-31
    on 2025-02-28."""
    _check_count(n, "n", required=True, minimum=1)
    return anniversary(start, n, unit) - ONE_DAY


def entry_into_force(
    rule: str,
    *,
    signature: date | None,
    fixed: date | None = None,
    consents: Sequence[date | None] = (),
    days: int | None = None,
) -> date | None:
    """The date the agreement enters into force under `rule`, or None while it cannot yet.
    `consents` holds, for each party whose consent is required, the date of its ratification,
    acceptance, approval or notification that its internal procedures are complete (None
    while it has not consented).
    - on_signature: the date of signature (None while unsigned);
    - fixed_date: the agreed date `fixed`;
    - last_notification: the latest consent, once every party has consented;
    - days_after_last: the latest consent plus `days` days, once every party has consented
      ("on the thirtieth day after the last notification" is days=30).
    ValueError, naming the parameter: unknown rule, no fixed date or days, negative days.
    """
    if rule not in EIF_RULES:
        raise ValueError(f"rule must be one of {', '.join(EIF_RULES)}, not {rule!r}")
    if rule == EIF_ON_SIGNATURE:
        return signature
    if rule == EIF_FIXED_DATE:
        if fixed is None:
            raise ValueError("fixed (the agreed date of entry into force) is required")
        return fixed
    if rule == EIF_DAYS_AFTER_LAST:
        # Checked before the consents: a missing number of days is a mistake in the agreed
        # rule, which should be reported even while the consents are still coming in.
        _check_count(days, "days", required=True)
    consents = tuple(consents)
    # With no party recorded there is nobody whose consent completes the conditions.
    if not consents or any(consent is None for consent in consents):
        return None
    last = max(consents)
    return last + timedelta(days=days) if rule == EIF_DAYS_AFTER_LAST else last


def termination_effective(notice_given: date, notice_months: int | None) -> date:
    """The last day in force of an agreement terminated by a notice given on `notice_given`.

    The notice period runs from the day the notice is given, so the last day is the day
    before `anniversary(notice_given, notice_months, months)`; with no notice period (0 or
    None) the agreement ends on the day the notice is given."""
    _check_count(notice_months, "notice_months")
    if not notice_months:
        return notice_given
    return period_end(notice_given, notice_months, UNIT_MONTHS)


def _notice_deadline(end: date, notice_months: int | None) -> date:
    """The last day a notice stops the renewal after a period ending on `end`:
    (end + 1 day) - notice_months months, clamped to the month's last day; `end` itself with
    no notice period. It is the latest day whose `termination_effective` is not after `end`."""
    if not notice_months:
        return end
    return end + ONE_DAY - relativedelta(months=notice_months)


@dataclass(frozen=True)
class TermDates:
    """The dates that follow from an agreement's term, as of a given day."""

    expiry: date | None  # last day in force of the current period (None: no end)
    notice_deadline: date | None  # last day a notice still stops the next renewal
    next_review: date | None  # for indefinite_review: next review date on or after today
    periods: tuple[tuple[date, date], ...]  # first period, renewals to the current (or the end)
    renewals: int  # how many times it has been renewed as of today
    expired: bool  # True only when the agreement really has ended as of today


def term_dates(
    kind: str,
    *,
    start: date | None,
    today: date,
    length: int | None = None,
    unit: str = UNIT_YEARS,
    renewal_length: int | None = None,
    renewal_unit: str = UNIT_YEARS,
    notice_months: int | None = None,
    review_years: int | None = None,
    terminated_on: date | None = None,
) -> TermDates:
    """Expiry, notice deadline, next review, periods and renewals of a term, as of `today`.

    `start` is the first day of the term (entry into force or signature, as agreed); None
    means not yet in force, and every date is then empty. `terminated_on` is the last day in
    force after a party gave notice (see `termination_effective`); it ends every kind of term.

    - fixed: one period of `length` `unit`; expired the day after its last day. An earlier
      `terminated_on` brings the expiry forward.
    - tacit_renewal: a first period of `length` `unit`, then successive periods of
      `renewal_length` `renewal_unit` (empty: the same length and unit as the first), each
      starting the day after the previous one ends, for as long as nobody gave notice. The
      expiry is the end of the period containing today (the first one before `start`). To
      stop the renewal after a period, notice must be received no later than notice_months
      months before the first day of the next period (`_notice_deadline`; period ends
      2028-02-29, 6 months: 2027-09-01), so that it takes effect with the period's end. The
      notice deadline is the current period's or, once today is past it, the next one that
      can still be met. Never expired without `terminated_on`, whose period is the last.
    - indefinite_review: no expiry; the next review is the first anniversary of `start`, every
      `review_years` years, on or after today.
    - until_notice: no expiry until `terminated_on`.

    Parameters that do not apply to `kind` are ignored (a caller can pass every field of an
    agreement, whatever the kind); ValueError, naming the parameter, for an unknown kind or
    unit, a missing or non-positive length, a negative notice, or a termination before the
    start, also while `start` is None.
    """
    if kind not in TERM_KINDS:
        raise ValueError(f"kind must be one of {', '.join(TERM_KINDS)}, not {kind!r}")
    # Checked before looking at `start`: a wrong rule is reported before it takes effect.
    if kind in (TERM_FIXED, TERM_TACIT):
        _check_count(length, "length", required=True, minimum=1)
        _months(length, unit, "unit")
    if kind == TERM_TACIT:
        _check_count(notice_months, "notice_months")
        _check_count(renewal_length, "renewal_length", minimum=1)
        # Without a renewal length the first term's length and unit apply: the model's
        # renewal_unit has a default of its own, which must not turn 6 months into 6 years.
        if renewal_length is None:
            renewal_length, renewal_unit = length, unit
        _months(renewal_length, renewal_unit, "renewal_unit")
    if kind == TERM_INDEFINITE_REVIEW:
        _check_count(review_years, "review_years", required=True, minimum=1)
    if start is None:
        return TermDates(None, None, None, (), 0, False)
    if terminated_on is not None and terminated_on < start:
        raise ValueError(f"terminated_on ({terminated_on}) is before the start ({start})")

    if kind == TERM_FIXED:
        expiry = min(period_end(start, length, unit), terminated_on or date.max)
        return TermDates(expiry, None, None, ((start, expiry),), 0, today > expiry)
    if kind == TERM_TACIT:
        renewal = _months(renewal_length, renewal_unit)
        return _tacit(start, today, _months(length, unit), renewal, notice_months, terminated_on)

    span = () if terminated_on is None else ((start, terminated_on),)
    next_review = None
    if kind == TERM_INDEFINITE_REVIEW:
        next_review = _next_review(start, today, review_years)
        if terminated_on is not None and next_review > terminated_on:
            next_review = None  # no review is held after the agreement has ended
    return TermDates(terminated_on, None, next_review, span, 0, today > (terminated_on or today))


def _tacit(
    start: date, today: date, length: int, renewal: int, notice: int | None, terminated: date | None
) -> TermDates:
    """term_dates for a tacit renewal: `length` and `renewal` in months, `notice` months
    of notice, `terminated` the last day in force after a notice (or None)."""
    # Roll forward to the period containing today (or the termination): a renewal "for a
    # further period" runs from the day after the previous one ends. The loop is bounded by
    # the periods returned, microseconds each: 1000 years of monthly renewals take ~50 ms.
    horizon = today if terminated is None else terminated
    periods = [(start, period_end(start, length, UNIT_MONTHS))]
    while periods[-1][1] < horizon:
        first = periods[-1][1] + ONE_DAY
        periods.append((first, period_end(first, renewal, UNIT_MONTHS)))
    renewals = sum(1 for first, _ in periods[1:] if first <= today)

    if terminated is not None:
        periods[-1] = (periods[-1][0], terminated)
        return TermDates(terminated, None, None, tuple(periods), renewals, today > terminated)

    expiry = periods[-1][1]
    # Once the deadline for the current period has passed it renews anyway, so the next
    # deadline that can still be met is the one that matters; more than one period ahead
    # only when the notice is longer than a renewal period.
    end, deadline = expiry, _notice_deadline(expiry, notice)
    while deadline < today:
        end = period_end(end + ONE_DAY, renewal, UNIT_MONTHS)
        deadline = _notice_deadline(end, notice)
    return TermDates(expiry, deadline, None, tuple(periods), renewals, False)


def end_after_notice(
    kind: str,
    *,
    start: date,
    notice_given: date,
    length: int | None = None,
    unit: str = UNIT_YEARS,
    renewal_length: int | None = None,
    renewal_unit: str = UNIT_YEARS,
    notice_months: int | None = None,
) -> date:
    """The last day in force when a party gives notice on `notice_given`.

    A tacit renewal is not cut short by a notice: the notice stops the renewal, so the
    agreement ends with the first period whose notice deadline the notice meets (the current
    one if given in time, the next one if late). Every other kind ends when the notice period
    has run (`termination_effective`)."""
    if kind != TERM_TACIT:
        return termination_effective(notice_given, notice_months)
    if renewal_length is None:
        renewal_length, renewal_unit = length, unit
    current = term_dates(
        kind,
        start=start,
        today=max(notice_given, start),
        length=length,
        unit=unit,
        renewal_length=renewal_length,
        renewal_unit=renewal_unit,
        notice_months=notice_months,
    )
    end = current.expiry
    while _notice_deadline(end, notice_months) < notice_given:
        end = period_end(end + ONE_DAY, _months(renewal_length, renewal_unit), UNIT_MONTHS)
    return end


def _next_review(start: date, today: date, every_years: int) -> date:
    """The first anniversary start + k * every_years years (k >= 1) on or after today."""
    # k cycles of whole years cannot overshoot today's year, so every earlier k falls in an
    # earlier year (before today) and the loop takes at most one more step.
    k = max(1, (today.year - start.year) // every_years)
    while (review := anniversary(start, k * every_years, UNIT_YEARS)) < today:
        k += 1
    return review
