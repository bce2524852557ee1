"""The dates the law cares about, computed by the services from an agreement's rules and its
treaty actions, and the status that follows them in time (the pure rules are in
test_dates.py)."""

from datetime import date

import pytest

from agreements import services
from agreements.choices import LifecycleEvent, Status
from agreements.models import Agreement, TreatyAction
from agreements.tests.conftest import add_party, change_records, make_agreement, timeline
from core.choices import ChangeChannel

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 29)


def d(text: str) -> date:
    return date.fromisoformat(text)


def notify(agreement, party, on, kind="notification"):
    return TreatyAction.objects.create(agreement=agreement, party=party, kind=kind, date=d(on))


def japan_mou(**fields) -> Agreement:
    """The memorandum with Japan: signed 2019-05-20, in force on signature, 5 years, then
    renewed tacitly for 2-year periods unless a party gives 6 months' notice."""
    values = {
        "status": Status.IN_FORCE,
        "signature_date": d("2019-05-20"),
        "eif_rule": "on_signature",
        "term_kind": "tacit_renewal",
        "term_length": 5,
        "term_unit": "years",
        "renewal_length": 2,
        "renewal_unit": "years",
        "notice_months": 6,
        **fields,
    }
    return make_agreement("MoU on ICT cooperation with Japan", **values)


class TestTacitRenewal:
    def test_it_gives_the_expiry_and_notice_deadline_of_the_current_period(self, japan):
        mou = japan_mou()
        add_party(mou, japan)
        services.refresh_dates(mou, today=TODAY)
        mou.refresh_from_db()
        assert mou.entry_into_force == d("2019-05-20")
        assert mou.expiry_date == d("2028-05-19")
        assert mou.notice_deadline == d("2027-11-20")
        assert mou.dates_computed_on == TODAY
        assert mou.status == Status.IN_FORCE

    def test_it_keeps_the_renewal_history(self, japan):
        mou = japan_mou()
        add_party(mou, japan)
        term = services.compute_dates(mou, today=TODAY)["term"]
        assert term.periods == (
            (d("2019-05-20"), d("2024-05-19")),
            (d("2024-05-20"), d("2026-05-19")),
            (d("2026-05-20"), d("2028-05-19")),
        )
        assert term.renewals == 2

    @pytest.mark.parametrize("today", ["2028-05-20", "2031-01-01", "2060-06-30"])
    def test_it_never_lets_a_tacitly_renewed_agreement_expire(self, japan, today):
        mou = japan_mou()
        add_party(mou, japan)
        services.refresh_dates(mou, today=d(today))
        mou.refresh_from_db()
        assert mou.status == Status.IN_FORCE
        assert mou.expiry_date >= d(today)
        assert timeline(mou) == []

    def test_it_moves_the_deadline_to_the_next_period_once_it_has_passed(self, japan):
        mou = japan_mou()
        add_party(mou, japan)
        services.refresh_dates(mou, today=d("2027-11-21"))
        assert (mou.expiry_date, mou.notice_deadline) == (d("2028-05-19"), d("2029-11-20"))

    def test_it_ends_the_period_when_notice_is_given_in_time(self, japan):
        mou = japan_mou()
        egypt_japan = add_party(mou, japan)
        notify(mou, egypt_japan, "2027-10-01", kind="denunciation")
        services.refresh_dates(mou, today=TODAY)
        assert mou.termination_date == d("2028-05-19")
        assert mou.expiry_date == d("2028-05-19")
        assert mou.notice_deadline is None
        assert mou.status == Status.IN_FORCE  # until the period ends
        services.refresh_dates(mou, today=d("2028-05-20"))
        mou.refresh_from_db()
        assert mou.status == Status.TERMINATED

    def test_it_runs_one_more_period_after_a_late_notice(self, japan):
        mou = japan_mou()
        egypt_japan = add_party(mou, japan)
        notify(mou, egypt_japan, "2027-12-01", kind="denunciation")
        services.refresh_dates(mou, today=TODAY)
        assert mou.termination_date == d("2030-05-19")


class TestEntryIntoForce:
    def test_it_waits_for_the_last_party_to_notify(self, japan, france):
        agreement = make_agreement(signature_date=d("2026-01-10"), eif_rule="last_notification")
        add_party(agreement, japan)
        add_party(agreement, france)
        # The home country's ministry is a witness here: its notification does not count.
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force is None
        notify(agreement, agreement.parties.get(partner=japan), "2026-03-01")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force is None
        assert agreement.expiry_date is None
        notify(agreement, agreement.parties.get(partner=france), "2026-04-15")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force == d("2026-04-15")
        assert agreement.expiry_date == d("2031-04-14")  # 5 years from entry into force

    def test_it_counts_days_after_the_last_ratification_or_notification(self, japan, france):
        agreement = make_agreement(
            signature_date=d("2026-01-10"), eif_rule="days_after_last", eif_days=30
        )
        tokyo, paris = add_party(agreement, japan), add_party(agreement, france)
        notify(agreement, tokyo, "2026-02-01", kind="ratification")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force is None
        notify(agreement, paris, "2026-03-02", kind="approval")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force == d("2026-04-01")

    def test_it_takes_each_partys_latest_consent(self, japan, france):
        agreement = make_agreement(signature_date=d("2026-01-10"), eif_rule="last_notification")
        tokyo, paris = add_party(agreement, japan), add_party(agreement, france)
        notify(agreement, tokyo, "2026-02-01")
        notify(agreement, tokyo, "2026-05-05", kind="ratification")
        notify(agreement, paris, "2026-03-02")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force == d("2026-05-05")

    def test_it_ignores_actions_that_are_not_consent(self, japan, france):
        agreement = make_agreement(signature_date=d("2026-01-10"), eif_rule="last_notification")
        tokyo, paris = add_party(agreement, japan), add_party(agreement, france)
        notify(agreement, tokyo, "2026-02-01")
        notify(agreement, paris, "2026-03-02", kind="provisional_application")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force is None

    def test_it_does_not_wait_for_a_witness(self, japan, france):
        agreement = make_agreement(signature_date=d("2026-01-10"), eif_rule="last_notification")
        tokyo = add_party(agreement, japan)
        add_party(agreement, france, role="witness")
        notify(agreement, tokyo, "2026-02-01")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force == d("2026-02-01")

    def test_it_prefers_a_recorded_entry_into_force(self, japan):
        agreement = make_agreement(signature_date=d("2026-01-10"), eif_rule="last_notification")
        tokyo = add_party(agreement, japan)
        notify(agreement, tokyo, "2026-06-01", kind="entry_into_force")
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.entry_into_force == d("2026-06-01")

    def test_it_moves_a_signed_agreement_in_force_on_its_day(self, japan):
        agreement = make_agreement(
            status=Status.SIGNED,
            signature_date=d("2026-01-10"),
            eif_rule="fixed_date",
            eif_fixed_date=d("2026-12-01"),
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=TODAY)
        assert agreement.status == Status.SIGNED
        services.refresh_dates(agreement, today=d("2026-12-01"))
        agreement.refresh_from_db()
        assert agreement.status == Status.IN_FORCE
        [step] = timeline(agreement)
        assert (step.event, step.from_status, step.to_status, step.user) == (
            LifecycleEvent.AUTOMATIC,
            Status.SIGNED,
            Status.IN_FORCE,
            None,
        )

    def test_it_leaves_an_agreement_under_negotiation_alone(self, japan):
        agreement = make_agreement(status=Status.NEGOTIATION, signature_date=d("2020-01-01"))
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=TODAY)
        agreement.refresh_from_db()
        assert agreement.status == Status.NEGOTIATION
        assert timeline(agreement) == []


class TestEnd:
    def test_it_terminates_after_a_denunciation_once_the_notice_has_run(self, japan):
        agreement = make_agreement(
            status=Status.IN_FORCE,
            signature_date=d("2020-01-01"),
            term_kind="until_notice",
            term_length=None,
            notice_months=6,
        )
        tokyo = add_party(agreement, japan)
        services.refresh_dates(agreement, today=d("2026-03-01"))
        assert agreement.termination_date is None
        notify(agreement, tokyo, "2026-03-10", kind="denunciation")
        services.refresh_dates(agreement, today=d("2026-06-01"))
        agreement.refresh_from_db()
        assert agreement.termination_date == d("2026-09-09")
        assert agreement.status == Status.IN_FORCE
        services.refresh_dates(agreement, today=d("2026-09-09"))
        assert agreement.status == Status.IN_FORCE  # its last day
        services.refresh_dates(agreement, today=d("2026-09-10"))
        agreement.refresh_from_db()
        assert agreement.status == Status.TERMINATED
        [step] = timeline(agreement)
        assert (step.event, step.to_status) == (LifecycleEvent.AUTOMATIC, Status.TERMINATED)

    def test_it_brings_a_fixed_term_forward_after_a_withdrawal(self, japan):
        agreement = make_agreement(
            status=Status.IN_FORCE, signature_date=d("2024-01-01"), notice_months=3
        )
        tokyo = add_party(agreement, japan)
        notify(agreement, tokyo, "2026-02-01", kind="withdrawal")
        services.refresh_dates(agreement, today=TODAY)
        agreement.refresh_from_db()
        assert agreement.termination_date == d("2026-04-30")
        assert agreement.expiry_date == d("2026-04-30")
        assert agreement.status == Status.TERMINATED

    def test_it_expires_a_fixed_term_the_day_after_its_last_day(self, japan):
        agreement = make_agreement(
            status=Status.IN_FORCE, signature_date=d("2020-01-01"), term_length=2
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=d("2021-12-31"))
        assert (agreement.expiry_date, agreement.status) == (d("2021-12-31"), Status.IN_FORCE)
        services.refresh_dates(agreement, today=d("2022-01-01"))
        agreement.refresh_from_db()
        assert agreement.status == Status.EXPIRED
        [step] = timeline(agreement)
        assert (step.event, step.from_status, step.to_status, step.user) == (
            LifecycleEvent.AUTOMATIC,
            Status.IN_FORCE,
            Status.EXPIRED,
            None,
        )
        assert "2022-01-01" in step.comment
        [record] = change_records(agreement)
        assert record.changes == {"status": [Status.IN_FORCE, Status.EXPIRED]}
        assert (record.channel, record.user) == (ChangeChannel.COMMAND, None)

    def test_it_expires_a_signed_agreement_whose_term_ran_out(self, japan):
        agreement = make_agreement(
            status=Status.SIGNED, signature_date=d("2020-01-01"), term_length=2
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=TODAY)
        agreement.refresh_from_db()
        assert agreement.status == Status.EXPIRED

    def test_it_does_not_expire_an_agreement_twice(self, japan):
        agreement = make_agreement(
            status=Status.IN_FORCE, signature_date=d("2020-01-01"), term_length=2
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=TODAY)
        services.refresh_dates(agreement, today=d("2026-12-01"))
        assert len(timeline(agreement)) == 1

    def test_it_gives_the_next_review_of_an_indefinite_agreement(self, japan):
        agreement = make_agreement(
            status=Status.IN_FORCE,
            signature_date=d("2020-03-15"),
            term_kind="indefinite_review",
            term_length=None,
            review_years=2,
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=TODAY)
        assert (agreement.expiry_date, agreement.next_review) == (None, d("2028-03-15"))
        services.refresh_dates(agreement, today=d("2040-01-01"))
        agreement.refresh_from_db()
        assert agreement.status == Status.IN_FORCE

    def test_it_counts_the_term_from_signature_when_agreed(self, japan):
        agreement = make_agreement(
            status=Status.IN_FORCE,
            signature_date=d("2026-01-10"),
            eif_rule="fixed_date",
            eif_fixed_date=d("2026-03-01"),
            term_start="signature",
            term_length=1,
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=d("2026-06-01"))
        assert agreement.expiry_date == d("2027-01-09")


class TestRefreshStale:
    def test_it_refreshes_only_the_rows_that_time_has_overtaken(self, japan):
        expired = make_agreement(
            "Expired", status=Status.IN_FORCE, signature_date=d("2020-01-01"), term_length=2
        )
        renewing = japan_mou(reference="EG-JP-2019-01")
        current = make_agreement("Current", status=Status.IN_FORCE, signature_date=d("2026-01-01"))
        due = make_agreement(
            "Due",
            status=Status.SIGNED,
            signature_date=d("2026-01-01"),
            eif_rule="fixed_date",
            eif_fixed_date=d("2026-06-01"),
        )
        for agreement in (expired, renewing, current, due):
            add_party(agreement, japan)
            services.refresh_dates(agreement, today=d("2021-06-01"))
        assert services.refresh_stale(today=TODAY) == 3
        fresh = {a.title_en: a for a in Agreement.objects.all()}
        assert fresh["Expired"].status == Status.EXPIRED
        assert fresh["Due"].status == Status.IN_FORCE
        mou = fresh["MoU on ICT cooperation with Japan"]  # renewed in 2024 and 2026
        assert (mou.expiry_date, mou.notice_deadline) == (d("2028-05-19"), d("2027-11-20"))
        assert mou.status == Status.IN_FORCE
        assert fresh["Current"].dates_computed_on == d("2021-06-01")  # untouched
        # Once the notice deadline of the MoU has passed, it is the only one refreshed.
        assert services.refresh_stale(today=d("2027-11-21")) == 1
        mou = Agreement.objects.get(pk=renewing.pk)
        assert (mou.notice_deadline, mou.status) == (d("2029-11-20"), Status.IN_FORCE)

    def test_it_does_nothing_when_nothing_is_stale(self, japan):
        mou = japan_mou()
        add_party(mou, japan)
        services.refresh_dates(mou, today=TODAY)
        assert services.refresh_stale(today=TODAY) == 0
        assert services.refresh_stale(today=d("2026-12-01")) == 0

    def test_it_leaves_ended_agreements_alone(self, japan):
        ended = make_agreement(status=Status.TERMINATED, signature_date=d("2010-01-01"))
        Agreement.objects.filter(pk=ended.pk).update(expiry_date=d("2014-12-31"))
        assert services.refresh_stale(today=TODAY) == 0

    def test_it_refreshes_at_most_the_limit(self):
        for i in range(3):
            agreement = make_agreement(
                f"Expired {i}", status=Status.IN_FORCE, signature_date=d("2020-01-01")
            )
            services.refresh_dates(agreement, today=d("2020-01-02"))
        assert services.refresh_stale(today=TODAY, limit=2) == 2
        assert services.refresh_stale(today=TODAY, limit=2) == 1
        assert services.refresh_stale(today=TODAY, limit=2) == 0


class TestThroughTheParts:
    def test_it_recomputes_when_a_treaty_action_is_saved_or_removed(self, editor, japan, france):
        agreement = make_agreement(signature_date=d("2026-01-10"), eif_rule="last_notification")
        tokyo, paris = add_party(agreement, japan), add_party(agreement, france)
        notify(agreement, tokyo, "2026-02-01")
        last = TreatyAction(
            agreement=agreement, party=paris, kind="notification", date=d("2026-03-02")
        )
        services.save_part(last, editor)
        agreement.refresh_from_db()
        assert agreement.entry_into_force == d("2026-03-02")
        services.delete_part(last, editor)
        agreement.refresh_from_db()
        assert agreement.entry_into_force is None

    def test_it_recomputes_when_the_rules_change(self, editor, japan):
        mou = japan_mou()
        add_party(mou, japan)
        services.save_agreement(mou, editor)
        six_months = mou.notice_deadline
        mou.notice_months = 3
        services.save_agreement(mou, editor)
        mou.refresh_from_db()
        assert mou.notice_deadline == services.compute_dates(mou)["notice_deadline"]
        assert mou.notice_deadline.month == (six_months.month + 3 - 1) % 12 + 1


class TestWhatTheReaderSees:
    """Time moves on between two saves: whatever the reader opens first shows the dates and
    status as of today, not as of the last save."""

    @pytest.fixture
    def overtaken(self, japan):
        agreement = make_agreement(
            "Overtaken", status=Status.IN_FORCE, signature_date=d("2020-01-01"), term_length=1
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=d("2020-06-01"))
        assert agreement.status == Status.IN_FORCE
        return agreement

    def test_it_shows_the_status_of_today_on_the_agreement_page(
        self, client_for, viewer, overtaken
    ):
        page = client_for(viewer).get(overtaken.get_absolute_url())
        assert page.context["object"].status == Status.EXPIRED
        assert 'id="status-badge">Expired<' in page.text

    def test_it_shows_the_status_of_today_in_the_api(self, api, viewer, overtaken):
        detail = api(viewer).get(f"/api/v1/agreements/{overtaken.pk}/")
        assert detail.data["status"] == Status.EXPIRED
        Agreement.objects.filter(pk=overtaken.pk).update(
            status=Status.IN_FORCE, dates_computed_on=d("2020-06-01")
        )
        listed = api(viewer).get("/api/v1/agreements/")
        assert [row["status"] for row in listed.data["results"]] == [Status.EXPIRED]
