"""The dates the law cares about: entry into force, anniversaries, expiry, notice deadlines,
renewals and reviews. Pure functions, so no database: plain cases, then invariants checked
over many random dates."""

import random
from datetime import date, timedelta

import pytest

from agreements import dates
from agreements.dates import (
    EIF_DAYS_AFTER_LAST,
    EIF_FIXED_DATE,
    EIF_LAST_NOTIFICATION,
    EIF_ON_SIGNATURE,
    TERM_FIXED,
    TERM_INDEFINITE_REVIEW,
    TERM_KINDS,
    TERM_TACIT,
    TERM_UNTIL_NOTICE,
    UNIT_MONTHS,
    UNIT_YEARS,
    TermDates,
    anniversary,
    entry_into_force,
    period_end,
    term_dates,
    termination_effective,
)

ONE_DAY = timedelta(days=1)


def d(text: str) -> date:
    return date.fromisoformat(text)


# The memorandum of the examples: in force 2015-03-01 for 5 years, then renewed tacitly for
# 2-year periods unless a party gives 6 months' notice.
MOU = {"start": d("2015-03-01"), "length": 5, "renewal_length": 2, "notice_months": 6}
MOU_PERIODS = (
    (d("2015-03-01"), d("2020-02-29")),
    (d("2020-03-01"), d("2022-02-28")),
    (d("2022-03-01"), d("2024-02-29")),
    (d("2024-03-01"), d("2026-02-28")),
    (d("2026-03-01"), d("2028-02-29")),
)


def mou(today: str, **overrides) -> TermDates:
    return term_dates(TERM_TACIT, today=d(today), **{**MOU, **overrides})


# --- anniversary and period_end ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "unit", "expected"),
    [
        ("2020-01-01", 5, UNIT_YEARS, "2025-01-01"),
        ("2024-02-29", 1, UNIT_YEARS, "2025-03-01"),  # no 29 February in 2025: the next day
        ("2024-02-29", 4, UNIT_YEARS, "2028-02-29"),
        ("2024-02-29", 76, UNIT_YEARS, "2100-03-01"),  # 2100 is not a leap year
        ("2000-02-29", 400, UNIT_YEARS, "2400-02-29"),
        ("2025-01-31", 1, UNIT_MONTHS, "2025-03-01"),
        ("2024-01-31", 1, UNIT_MONTHS, "2024-03-01"),  # 29 February exists, the 31st does not
        ("2024-01-30", 1, UNIT_MONTHS, "2024-03-01"),
        ("2024-01-29", 1, UNIT_MONTHS, "2024-02-29"),
        ("2025-08-31", 6, UNIT_MONTHS, "2026-03-01"),
        ("2025-03-31", 1, UNIT_MONTHS, "2025-05-01"),  # no 31 April
        ("2025-12-31", 2, UNIT_MONTHS, "2026-03-01"),
        ("2025-01-15", 12, UNIT_MONTHS, "2026-01-15"),
        ("2025-05-31", 0, UNIT_MONTHS, "2025-05-31"),
        ("2025-03-15", -1, UNIT_MONTHS, "2025-02-15"),
        ("2025-03-31", -1, UNIT_MONTHS, "2025-03-01"),  # no 31 February: the next day
    ],
)
def test_it_computes_anniversaries_rolling_a_missing_day_to_the_next_month(
    start, n, unit, expected
):
    assert anniversary(d(start), n, unit) == d(expected)


@pytest.mark.parametrize(
    ("start", "n", "unit", "expected"),
    [
        ("2020-01-01", 5, UNIT_YEARS, "2024-12-31"),
        ("2024-02-29", 1, UNIT_YEARS, "2025-02-28"),
        ("2024-02-29", 4, UNIT_YEARS, "2028-02-28"),
        ("2023-03-01", 1, UNIT_YEARS, "2024-02-29"),
        ("2025-01-31", 1, UNIT_MONTHS, "2025-02-28"),
        ("2024-01-31", 1, UNIT_MONTHS, "2024-02-29"),
        ("2025-08-31", 6, UNIT_MONTHS, "2026-02-28"),
        ("2023-08-31", 6, UNIT_MONTHS, "2024-02-29"),
        ("2025-03-31", 1, UNIT_MONTHS, "2025-04-30"),
        ("2025-01-01", 12, UNIT_MONTHS, "2025-12-31"),
        ("2025-06-15", 1, UNIT_MONTHS, "2025-07-14"),
    ],
)
def test_it_ends_a_period_the_day_before_its_anniversary(start, n, unit, expected):
    assert period_end(d(start), n, unit) == d(expected)


@pytest.mark.parametrize("n", [0, -1])
def test_it_refuses_a_period_of_no_length(n):
    with pytest.raises(ValueError, match="^n must be at least 1"):
        period_end(d("2025-01-01"), n, UNIT_YEARS)


@pytest.mark.parametrize("function", [anniversary, period_end])
def test_it_refuses_an_unknown_unit(function):
    with pytest.raises(ValueError, match="^unit must be one of months, years, not 'weeks'"):
        function(d("2025-01-01"), 2, "weeks")


# --- entry into force ---------------------------------------------------------------------


def test_it_enters_into_force_on_signature():
    assert entry_into_force(EIF_ON_SIGNATURE, signature=d("2025-05-04")) == d("2025-05-04")


def test_it_is_not_in_force_on_signature_while_unsigned():
    assert entry_into_force(EIF_ON_SIGNATURE, signature=None) is None


def test_it_enters_into_force_on_the_fixed_date():
    eif = entry_into_force(EIF_FIXED_DATE, signature=d("2025-05-04"), fixed=d("2025-07-01"))
    assert eif == d("2025-07-01")


def test_it_requires_the_fixed_date():
    with pytest.raises(ValueError, match="^fixed .* is required"):
        entry_into_force(EIF_FIXED_DATE, signature=d("2025-05-04"))


@pytest.mark.parametrize(
    ("consents", "expected"),
    [
        (["2025-06-01", "2025-09-15"], "2025-09-15"),
        (["2025-09-15", "2025-06-01"], "2025-09-15"),  # the order of the parties is irrelevant
        (["2025-06-01"], "2025-06-01"),
        (["2025-06-01", "2025-07-01", "2025-03-01"], "2025-07-01"),
        (["2025-06-01", None], None),  # one party has not yet consented
        ([None, None], None),
        ([], None),  # nobody recorded whose consent completes the conditions
    ],
)
def test_it_enters_into_force_on_the_last_notification(consents, expected):
    eif = entry_into_force(
        EIF_LAST_NOTIFICATION,
        signature=d("2025-05-04"),
        consents=[d(c) if c else None for c in consents],
    )
    assert eif == (d(expected) if expected else None)


@pytest.mark.parametrize(
    ("consents", "days", "expected"),
    [
        (["2025-06-01", "2025-09-15"], 30, "2025-10-15"),
        (["2025-12-10", "2025-11-01"], 30, "2026-01-09"),  # across the new year
        (["2024-02-01"], 28, "2024-02-29"),
        (["2025-06-01", "2025-09-15"], 0, "2025-09-15"),
        (["2025-06-01", None], 30, None),
        ([], 30, None),
    ],
)
def test_it_enters_into_force_days_after_the_last_notification(consents, days, expected):
    eif = entry_into_force(
        EIF_DAYS_AFTER_LAST,
        signature=d("2025-05-04"),
        consents=tuple(d(c) if c else None for c in consents),
        days=days,
    )
    assert eif == (d(expected) if expected else None)


@pytest.mark.parametrize(
    ("days", "message"), [(None, "^days is required"), (-1, "^days must be at least 0")]
)
@pytest.mark.parametrize("consents", [[d("2025-06-01")], [None]])
def test_it_requires_a_number_of_days_even_before_every_consent(days, message, consents):
    with pytest.raises(ValueError, match=message):
        entry_into_force(EIF_DAYS_AFTER_LAST, signature=None, consents=consents, days=days)


def test_it_refuses_an_unknown_rule_of_entry_into_force():
    with pytest.raises(ValueError, match="^rule must be one of"):
        entry_into_force("on_ratification", signature=d("2025-05-04"))


# --- termination by notice ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "months", "expected"),
    [
        ("2025-03-01", 6, "2025-08-31"),
        ("2019-09-01", 6, "2020-02-29"),
        ("2025-08-31", 6, "2026-02-28"),
        ("2025-01-15", 12, "2026-01-14"),
        ("2025-01-31", 1, "2025-02-28"),
        ("2025-01-15", 0, "2025-01-15"),
        ("2025-01-15", None, "2025-01-15"),
    ],
)
def test_it_ends_an_agreement_when_the_notice_period_has_run(given, months, expected):
    assert termination_effective(d(given), months) == d(expected)


def test_it_refuses_a_negative_notice_period():
    with pytest.raises(ValueError, match="^notice_months must be at least 0"):
        termination_effective(d("2025-01-15"), -6)


# --- fixed term ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expired"),
    [
        ("2019-06-01", False),  # before the start
        ("2020-01-01", False),
        ("2024-12-30", False),
        ("2024-12-31", False),  # the last day itself is still in force
        ("2025-01-01", True),
        ("2090-01-01", True),
    ],
)
def test_it_expires_a_fixed_term_the_day_after_its_last_day(today, expired):
    term = term_dates(TERM_FIXED, start=d("2020-01-01"), today=d(today), length=5)
    assert term == TermDates(
        expiry=d("2024-12-31"),
        notice_deadline=None,
        next_review=None,
        periods=((d("2020-01-01"), d("2024-12-31")),),
        renewals=0,
        expired=expired,
    )


def test_it_counts_a_fixed_term_in_months():
    term = term_dates(
        TERM_FIXED, start=d("2024-08-31"), today=d("2025-01-01"), length=18, unit=UNIT_MONTHS
    )
    assert term.expiry == d("2026-02-28")


@pytest.mark.parametrize(
    ("terminated_on", "today", "expiry", "expired"),
    [
        ("2022-06-30", "2022-06-30", "2022-06-30", False),
        ("2022-06-30", "2022-07-01", "2022-06-30", True),
        ("2030-01-01", "2025-01-01", "2024-12-31", True),  # notice cannot prolong the term
    ],
)
def test_it_brings_a_fixed_term_forward_on_termination(terminated_on, today, expiry, expired):
    term = term_dates(
        TERM_FIXED,
        start=d("2020-01-01"),
        today=d(today),
        length=5,
        terminated_on=d(terminated_on),
    )
    assert (term.expiry, term.expired) == (d(expiry), expired)
    assert term.periods == ((d("2020-01-01"), d(expiry)),)


# --- tacit renewal ------------------------------------------------------------------------


def test_it_rolls_a_tacit_renewal_to_the_period_containing_today():
    assert mou("2026-11-29") == TermDates(
        expiry=d("2028-02-29"),
        notice_deadline=d("2027-09-01"),
        next_review=None,
        periods=MOU_PERIODS,
        renewals=4,
        expired=False,
    )


def test_it_moves_the_notice_deadline_to_the_next_period_the_day_after_it_passes():
    on_deadline, day_after = mou("2027-09-01"), mou("2027-09-02")
    assert on_deadline.notice_deadline == d("2027-09-01")  # notice that day is still in time
    assert day_after.notice_deadline == d("2029-09-01")  # for the period 2028-03-01..2030-02-28
    assert on_deadline.expiry == day_after.expiry == d("2028-02-29")
    assert day_after.renewals == 4
    assert day_after.periods == MOU_PERIODS


@pytest.mark.parametrize(
    ("today", "expiry", "deadline", "renewals"),
    [
        ("2014-01-01", "2020-02-29", "2019-09-01", 0),  # not yet started: the first period
        ("2015-03-01", "2020-02-29", "2019-09-01", 0),
        ("2019-09-01", "2020-02-29", "2019-09-01", 0),
        ("2019-09-02", "2020-02-29", "2021-09-01", 0),  # too late: it renews anyway
        ("2020-02-29", "2020-02-29", "2021-09-01", 0),
        ("2020-03-01", "2022-02-28", "2021-09-01", 1),
        ("2021-09-02", "2022-02-28", "2023-09-01", 1),
        ("2026-02-28", "2026-02-28", "2027-09-01", 3),
        ("2026-03-01", "2028-02-29", "2027-09-01", 4),
    ],
)
def test_it_follows_a_tacit_renewal_through_its_periods(today, expiry, deadline, renewals):
    term = mou(today)
    assert (term.expiry, term.notice_deadline, term.renewals) == (d(expiry), d(deadline), renewals)
    assert term.periods == MOU_PERIODS[: renewals + 1]
    assert not term.expired


def test_it_renews_for_the_first_length_and_unit_when_no_renewal_length_is_given():
    # The model's renewal_unit has a default of its own: it must not turn 6 months into 6 years.
    term = term_dates(
        TERM_TACIT,
        start=d("2025-01-01"),
        today=d("2026-02-01"),
        length=6,
        unit=UNIT_MONTHS,
        renewal_unit=UNIT_YEARS,
    )
    assert term.periods == (
        (d("2025-01-01"), d("2025-06-30")),
        (d("2025-07-01"), d("2025-12-31")),
        (d("2026-01-01"), d("2026-06-30")),
    )


def test_it_renews_for_periods_in_another_unit():
    term = term_dates(
        TERM_TACIT,
        start=d("2025-01-01"),
        today=d("2027-09-01"),
        length=2,
        renewal_length=6,
        renewal_unit=UNIT_MONTHS,
    )
    assert term.periods == (
        (d("2025-01-01"), d("2026-12-31")),
        (d("2027-01-01"), d("2027-06-30")),
        (d("2027-07-01"), d("2027-12-31")),
    )


def test_it_starts_each_renewal_the_day_after_the_previous_period_ends():
    # From 31 August, six months end on 28 February; the renewal runs from 1 March for six
    # months, not from an anniversary of 31 August.
    term = term_dates(
        TERM_TACIT, start=d("2024-08-31"), today=d("2026-01-01"), length=6, unit=UNIT_MONTHS
    )
    assert term.periods == (
        (d("2024-08-31"), d("2025-02-28")),
        (d("2025-03-01"), d("2025-08-31")),
        (d("2025-09-01"), d("2026-02-28")),
    )


def test_it_clamps_a_notice_deadline_to_the_end_of_a_shorter_month():
    # The period ends on 30 March, so the next begins on 31 March: one month's notice must
    # arrive by 28 February (no 31 February), and a notice that day ends it in time.
    term = term_dates(
        TERM_TACIT, start=d("2024-03-31"), today=d("2025-01-01"), length=1, notice_months=1
    )
    assert (term.expiry, term.notice_deadline) == (d("2025-03-30"), d("2025-02-28"))
    assert termination_effective(d("2025-02-28"), 1) <= d("2025-03-30")
    assert termination_effective(d("2025-03-01"), 1) > d("2025-03-30")


@pytest.mark.parametrize("notice_months", [0, None])
def test_it_takes_notice_until_the_last_day_when_there_is_no_notice_period(notice_months):
    term = mou("2026-11-29", notice_months=notice_months)
    assert term.notice_deadline == term.expiry == d("2028-02-29")


@pytest.mark.parametrize(
    ("today", "notice", "expiry", "deadline"),
    [
        ("2025-06-01", 12, "2025-12-31", "2025-07-01"),  # two deadlines behind today skipped
        ("2025-07-02", 12, "2025-12-31", "2025-10-01"),
        ("2024-12-01", 12, "2025-12-31", "2025-01-01"),  # notice on the day it starts
        ("2024-12-01", 18, "2025-12-31", "2025-01-01"),  # deadlines before the start skipped
    ],
)
def test_it_skips_every_deadline_already_past_when_notice_is_longer_than_a_renewal(
    today, notice, expiry, deadline
):
    term = term_dates(
        TERM_TACIT,
        start=d("2025-01-01"),
        today=d(today),
        length=1,
        renewal_length=3,
        renewal_unit=UNIT_MONTHS,
        notice_months=notice,
    )
    assert (term.expiry, term.notice_deadline) == (d(expiry), d(deadline))


def test_it_never_expires_a_tacit_renewal_without_notice():
    term = mou("2115-03-01")
    assert not term.expired
    assert term.expiry == d("2116-02-29")
    assert term.renewals == 48  # renewals began 2020-03-01, 2022-03-01, ..., 2114-03-01
    assert term.notice_deadline == d("2115-09-01")


@pytest.mark.parametrize(("length", "unit"), [(1, UNIT_MONTHS), (1, UNIT_YEARS)])
def test_it_rolls_a_thousand_years_of_renewals(length, unit):
    today = d("3015-06-15")
    term = term_dates(TERM_TACIT, start=d("2015-01-31"), today=today, length=length, unit=unit)
    assert term.periods[-1][0] <= today <= term.expiry
    assert term.renewals == len(term.periods) - 1


@pytest.mark.parametrize(
    ("today", "expired"),
    [("2027-12-01", False), ("2028-02-29", False), ("2028-03-01", True), ("2040-01-01", True)],
)
def test_it_ends_a_tacit_renewal_on_termination(today, expired):
    # Notice on the deadline, 2027-09-01, takes effect with the end of the period.
    terminated_on = termination_effective(d("2027-09-01"), 6)
    term = mou(today, terminated_on=terminated_on)
    assert term == TermDates(
        expiry=d("2028-02-29"),
        notice_deadline=None,
        next_review=None,
        periods=MOU_PERIODS,  # no renewal after it, however late today is
        renewals=4,
        expired=expired,
    )


def test_it_cuts_the_last_period_at_a_termination_within_it():
    term = mou("2025-01-01", terminated_on=d("2027-05-31"))
    assert term.periods == (*MOU_PERIODS[:4], (d("2026-03-01"), d("2027-05-31")))
    assert term.renewals == 3  # as of today; the fourth renewal is still to come
    assert (term.expiry, term.expired) == (d("2027-05-31"), False)


# --- indefinite terms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "every", "today", "expected"),
    [
        ("2020-01-15", 3, "2019-01-01", "2023-01-15"),  # not yet started
        ("2020-01-15", 3, "2020-01-15", "2023-01-15"),  # the start is not a review
        ("2020-01-15", 3, "2021-01-01", "2023-01-15"),
        ("2020-01-15", 3, "2023-01-15", "2023-01-15"),  # exactly on a review date
        ("2020-01-15", 3, "2023-01-16", "2026-01-15"),
        ("2020-01-15", 1, "2031-01-14", "2031-01-15"),
        ("2024-02-29", 1, "2025-02-28", "2025-03-01"),
        ("2024-02-29", 1, "2025-03-02", "2026-03-01"),
        ("2024-02-29", 1, "2027-06-01", "2028-02-29"),
        ("2020-01-15", 5, "3020-01-16", "3025-01-15"),
    ],
)
def test_it_gives_the_next_review_on_or_after_today(start, every, today, expected):
    term = term_dates(TERM_INDEFINITE_REVIEW, start=d(start), today=d(today), review_years=every)
    assert term == TermDates(None, None, d(expected), (), 0, False)


@pytest.mark.parametrize(
    ("today", "next_review", "expired"),
    [
        ("2021-01-01", "2023-01-15", False),
        ("2024-01-01", None, False),  # no review after the end
        ("2024-07-01", None, True),
    ],
)
def test_it_ends_an_indefinite_term_with_reviews_on_termination(today, next_review, expired):
    term = term_dates(
        TERM_INDEFINITE_REVIEW,
        start=d("2020-01-15"),
        today=d(today),
        review_years=3,
        terminated_on=d("2024-06-30"),
    )
    assert term.next_review == (d(next_review) if next_review else None)
    assert (term.expiry, term.expired) == (d("2024-06-30"), expired)
    assert term.periods == ((d("2020-01-15"), d("2024-06-30")),)


def test_it_has_no_end_until_notice():
    term = term_dates(TERM_UNTIL_NOTICE, start=d("2020-01-15"), today=d("2120-01-01"))
    assert term == TermDates(None, None, None, (), 0, False)


@pytest.mark.parametrize(("today", "expired"), [("2024-06-30", False), ("2024-07-01", True)])
def test_it_ends_an_agreement_until_notice_on_termination(today, expired):
    term = term_dates(
        TERM_UNTIL_NOTICE, start=d("2020-01-15"), today=d(today), terminated_on=d("2024-06-30")
    )
    assert term == TermDates(
        d("2024-06-30"), None, None, ((d("2020-01-15"), d("2024-06-30")),), 0, expired
    )


@pytest.mark.parametrize("kind", TERM_KINDS)
def test_it_gives_no_dates_before_the_term_starts(kind):
    term = term_dates(kind, start=None, today=d("2025-01-01"), length=5, review_years=2)
    assert term == TermDates(None, None, None, (), 0, False)


# --- invalid inputs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "overrides", "message"),
    [
        ("perpetual", {}, "^kind must be one of"),
        (TERM_FIXED, {"unit": "weeks"}, "^unit must be one of"),
        (TERM_TACIT, {"renewal_length": 2, "renewal_unit": "d"}, "^renewal_unit must be one of"),
        (TERM_FIXED, {"length": None}, "^length is required"),
        (TERM_FIXED, {"length": 0}, "^length must be at least 1"),
        (TERM_TACIT, {"length": -1}, "^length must be at least 1"),
        (TERM_TACIT, {"length": None, "renewal_length": 2}, "^length is required"),
        (TERM_TACIT, {"renewal_length": 0}, "^renewal_length must be at least 1"),
        (TERM_TACIT, {"notice_months": -6}, "^notice_months must be at least 0"),
        (TERM_INDEFINITE_REVIEW, {"review_years": None}, "^review_years is required"),
        (TERM_INDEFINITE_REVIEW, {"review_years": 0}, "^review_years must be at least 1"),
        (TERM_UNTIL_NOTICE, {"terminated_on": d("2019-12-31")}, "^terminated_on .* before"),
    ],
)
def test_it_refuses_invalid_terms_naming_the_parameter(kind, overrides, message):
    arguments = {"start": d("2020-01-01"), "today": d("2025-01-01"), "length": 5}
    arguments |= {"review_years": 2, **overrides}
    with pytest.raises(ValueError, match=message):
        term_dates(kind, **arguments)


@pytest.mark.parametrize("kind", [TERM_INDEFINITE_REVIEW, TERM_UNTIL_NOTICE])
def test_it_ignores_the_parameters_that_do_not_apply_to_the_kind(kind):
    term = term_dates(
        kind,
        start=d("2020-01-01"),
        today=d("2025-01-01"),
        length=0,
        unit="weeks",
        renewal_length=0,
        renewal_unit="days",
        notice_months=-1,
        review_years=2 if kind == TERM_INDEFINITE_REVIEW else 0,
    )
    assert term.expiry is None and not term.expired


def test_it_refuses_an_invalid_term_even_before_it_starts():
    with pytest.raises(ValueError, match="^length is required"):
        term_dates(TERM_FIXED, start=None, today=d("2025-01-01"))


# --- invariants over random dates ---------------------------------------------------------


def random_date(rng: random.Random, first: str = "1990-01-01", last: str = "2060-12-31") -> date:
    return date.fromordinal(rng.randint(d(first).toordinal(), d(last).toordinal()))


def test_it_keeps_anniversaries_and_periods_consistent():
    rng = random.Random(20250101)
    for _ in range(3000):
        start, n = random_date(rng), rng.randint(1, 120)
        assert anniversary(start, n, UNIT_YEARS) == anniversary(start, 12 * n, UNIT_MONTHS)
        assert start < period_end(start, n, UNIT_MONTHS) < anniversary(start, n, UNIT_MONTHS)
        assert period_end(start, n, UNIT_MONTHS) + ONE_DAY == anniversary(start, n, UNIT_MONTHS)
        # Later starts never give earlier anniversaries: a notice given later never takes
        # effect sooner.
        assert anniversary(start, n, UNIT_MONTHS) <= anniversary(start + ONE_DAY, n, UNIT_MONTHS)


def random_term(rng: random.Random) -> dict:
    start = random_date(rng)
    return {
        "start": start,
        "today": start + timedelta(days=rng.randint(-1500, 25000)),
        "length": rng.randint(1, 10),
        "unit": rng.choice([UNIT_MONTHS, UNIT_YEARS]),
        "renewal_length": rng.choice([None, rng.randint(1, 6)]),
        "renewal_unit": rng.choice([UNIT_MONTHS, UNIT_YEARS]),
        "notice_months": rng.choice([None, 0, rng.randint(1, 24)]),
    }


def renewal_months(term: dict) -> tuple[int, str]:
    if term["renewal_length"] is None:
        return term["length"], term["unit"]
    return term["renewal_length"], term["renewal_unit"]


def test_it_keeps_the_periods_of_a_tacit_renewal_contiguous_around_today():
    rng = random.Random(7)
    for _ in range(1500):
        term = random_term(rng)
        result = term_dates(TERM_TACIT, **term)
        start, today = term["start"], term["today"]
        first_start, first_end = result.periods[0]
        assert first_start == start <= result.expiry
        assert first_end == period_end(start, term["length"], term["unit"])
        for (_, end), (begin, last) in zip(result.periods, result.periods[1:], strict=False):
            assert begin == end + ONE_DAY
            assert last == period_end(begin, *renewal_months(term))
        assert result.expiry == result.periods[-1][1]
        assert not result.expired
        if today >= start:
            assert result.periods[-1][0] <= today <= result.expiry
            assert result.renewals == len(result.periods) - 1
        else:
            assert len(result.periods) == 1 and result.renewals == 0


def test_it_gives_the_first_notice_deadline_that_can_still_stop_a_renewal():
    rng = random.Random(11)
    for _ in range(1500):
        term = random_term(rng)
        result = term_dates(TERM_TACIT, **term)
        deadline, months, today = result.notice_deadline, term["notice_months"], term["today"]
        # The ends of the current period and of the next ones, as far as the deadline matters.
        ends = [result.expiry]
        while len(ends) < 40:
            ends.append(period_end(ends[-1] + ONE_DAY, *renewal_months(term)))
        assert today <= deadline
        if not months:
            assert deadline == result.expiry
            continue
        # The deadline is the latest day a notice ends the agreement by the end of a period,
        # and every earlier period's end is out of reach of a notice given today.
        governed = [e for e in ends if termination_effective(deadline, months) <= e]
        governed_end = governed[0]
        assert termination_effective(deadline + ONE_DAY, months) > governed_end
        assert deadline < governed_end
        for end in ends:
            if end >= governed_end:
                break
            assert termination_effective(today, months) > end
        if governed_end == result.expiry:
            assert deadline < result.expiry


def test_it_expires_a_fixed_term_exactly_after_its_last_day():
    rng = random.Random(3)
    for _ in range(1500):
        term = random_term(rng)
        result = term_dates(
            TERM_FIXED, start=term["start"], today=term["today"], length=term["length"]
        )
        assert term["start"] <= result.expiry
        assert result.expired == (term["today"] > result.expiry)
        assert result.periods == ((term["start"], result.expiry),)


def test_it_gives_a_review_date_that_is_the_first_one_on_or_after_today():
    rng = random.Random(5)
    for _ in range(1500):
        start, every = random_date(rng), rng.randint(1, 10)
        today = start + timedelta(days=rng.randint(-1500, 40000))
        review = term_dates(
            TERM_INDEFINITE_REVIEW, start=start, today=today, review_years=every
        ).next_review
        reviews = [anniversary(start, k * every, UNIT_YEARS) for k in range(1, 120 // every + 3)]
        assert review == next(r for r in reviews if r >= today)


def test_it_exposes_the_rule_codes_that_the_choices_use():
    assert dates.EIF_RULES == (
        "on_signature",
        "fixed_date",
        "last_notification",
        "days_after_last",
    )
    assert TERM_KINDS == ("fixed", "tacit_renewal", "indefinite_review", "until_notice")
    assert (UNIT_MONTHS, UNIT_YEARS) == ("months", "years")


# A notice stops a tacit renewal at the end of the period whose deadline it meets; other
# terms end when the notice period has run.
@pytest.mark.parametrize(
    ("notice_given", "last_day"),
    [
        (date(2027, 9, 1), date(2028, 2, 29)),  # on the deadline: this period is the last
        (date(2027, 9, 2), date(2030, 2, 28)),  # a day late: one more renewal
        (date(2026, 4, 1), date(2028, 2, 29)),  # early in the period: still ends with it
    ],
)
def test_it_ends_a_tacit_renewal_with_the_period_whose_deadline_the_notice_meets(
    notice_given, last_day
):
    end = dates.end_after_notice(
        dates.TERM_TACIT,
        start=date(2015, 3, 1),
        notice_given=notice_given,
        length=5,
        renewal_length=2,
        notice_months=6,
    )
    assert end == last_day


def test_it_ends_an_open_ended_agreement_when_the_notice_period_has_run():
    end = dates.end_after_notice(
        dates.TERM_UNTIL_NOTICE,
        start=date(2020, 1, 1),
        notice_given=date(2026, 1, 15),
        notice_months=6,
    )
    assert end == date(2026, 7, 14)
