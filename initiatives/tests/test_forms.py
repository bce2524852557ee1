"""The initiative forms and the forms of its parts (partners in roles, funding, results
and periods), with every bad input refused on its field and nothing written; the
exchange rates."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from core.choices import ChangeAction
from initiatives.models import (
    ExchangeRate,
    Funding,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from initiatives.tests import factories as make
from initiatives.tests import pages as shared
from initiatives.tests.pages import (
    CREATE,
    LIST,
    RATE_CREATE,
    RATES,
    change_records,
    messages_of,
    text_of,
    url,
)

pytestmark = pytest.mark.django_db

world = shared.world
funded = shared.funded
measured = shared.measured


# Creating, editing and deleting an initiative ---------------------------------------------


def initiative_data(**changes) -> dict:
    data = {
        "title_en": "Cloud skills academy",
        "title_ar": "أكاديمية مهارات الحوسبة السحابية",
        "kind": "capacity_building",
        "status": "planned",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "description_en": "A year of cloud training.",
        "classification": "internal",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class TestCreateAndEdit:
    def test_it_creates_an_initiative(self, client_for, editor, world):
        response = client_for(editor).post(
            CREATE,
            initiative_data(
                agreements=[world["mou"].pk],
                areas=[world["ai"].pk],
                owner_unit=world["desk"].pk,
            ),
        )
        initiative = Initiative.objects.get(title_en="Cloud skills academy")
        assert response.status_code == 302
        assert response.url == initiative.get_absolute_url()
        assert messages_of(response) == ["Initiative saved."]
        assert list(initiative.agreements.all()) == [world["mou"]]
        assert list(initiative.areas.all()) == [world["ai"]]
        assert (initiative.created_by, initiative.published) == (editor, False)
        [record] = change_records(record=initiative)
        assert (record.action, record.channel, record.user) == (
            ChangeAction.CREATE,
            "page",
            editor,
        )
        assert record.changes["agreements"] == [None, [world["mou"].pk]]

    def test_it_opens_the_form_with_the_first_field_focused(self, client_for, editor, world):
        response = client_for(editor).get(CREATE)
        assert response.status_code == 200
        assert re.search(r'<input type="text" name="title_en"[^>]*autofocus', response.text)
        assert '<label class="form-label" for="id_start_date">' in response.text

    def test_it_chooses_the_agreement_it_was_opened_from(self, client_for, editor, world):
        client = client_for(editor)
        form = client.get(CREATE, {"agreement": world["mou"].pk}).context["form"]
        assert form.initial["agreements"] == [world["mou"].pk]
        hidden = make.agreement("Secret protocol", classification="secret")
        assert client.get(CREATE, {"agreement": hidden.pk}).context["form"].initial == {}

    def test_it_offers_only_what_the_user_may_read(self, client_for, editor, viewer, world):
        form = client_for(editor).get(CREATE).context["form"]
        levels = [value for value, _ in form.fields["classification"].choices]
        assert levels == ["public", "internal", "confidential"]
        assert set(form.fields["agreements"].queryset) == {world["mou"], world["secret_mou"]}
        assert "published" not in form.fields  # publishing is a manager's call

    def test_it_shows_the_published_box_to_a_manager_only(self, client_for, manager, world):
        form = client_for(manager).get(CREATE).context["form"]
        assert "published" in form.fields
        assert "secret" in [value for value, _ in form.fields["classification"].choices]

    def test_it_lets_a_manager_publish_a_public_initiative(self, client_for, manager, world):
        response = client_for(manager).post(
            CREATE, initiative_data(classification="public", published="on")
        )
        assert response.status_code == 302
        assert Initiative.objects.get(title_en="Cloud skills academy").published

    def test_it_refuses_to_publish_an_internal_initiative(self, client_for, manager, world):
        response = client_for(manager).post(CREATE, initiative_data(published="on"))
        assert response.status_code == 200
        assert response.context["form"].errors["published"] == [
            "Only a public record can be published."
        ]
        assert not Initiative.objects.filter(title_en="Cloud skills academy").exists()
        assert not change_records(Initiative).exists()

    def test_it_ignores_an_officers_published_box(self, client_for, editor, world):
        response = client_for(editor).post(
            CREATE, initiative_data(classification="public", published="on")
        )
        assert response.status_code == 302
        assert not Initiative.objects.get(title_en="Cloud skills academy").published

    def test_it_tells_an_officer_a_published_initiative_stays_public(
        self, client_for, editor, world
    ):
        research = world["Research"]
        response = client_for(editor).post(
            url("initiative_update", research.pk),
            initiative_data(title_en="Research", classification="internal"),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["classification"] == [
            "A published record must stay public: unpublish it first."
        ]
        research.refresh_from_db()
        assert research.classification == "public"

    def test_it_refuses_an_end_before_the_start_writing_nothing(self, client_for, editor, world):
        response = client_for(editor).post(CREATE, initiative_data(end_date="2025-01-01"))
        assert response.status_code == 200
        assert response.context["form"].errors["end_date"] == [
            "An initiative cannot end before it starts."
        ]
        assert "Nothing was saved." in response.text
        assert "New initiative" in response.text
        assert not Initiative.objects.filter(title_en="Cloud skills academy").exists()
        assert not change_records(Initiative).exists()

    def test_it_refuses_a_classification_above_the_users_clearance(self, client_for, editor, world):
        response = client_for(editor).post(CREATE, initiative_data(classification="secret"))
        assert response.status_code == 200
        assert "classification" in response.context["form"].errors
        assert not change_records(Initiative).exists()

    def test_it_edits_and_records_the_change(self, client_for, editor, world):
        skills = world["Skills"]
        response = client_for(editor).post(
            url("initiative_update", skills.pk),
            initiative_data(
                title_en="Digital skills for youth",
                status="completed",
                start_date="2022-01-01",
                end_date="2026-12-31",
                agreements=[world["mou"].pk],
            ),
        )
        assert response.status_code == 302
        skills.refresh_from_db()
        assert (skills.title_en, skills.status) == ("Digital skills for youth", "completed")
        [record] = change_records(record=skills)
        assert record.channel == "page"
        assert record.changes["title_en"] == ["Skills", "Digital skills for youth"]
        assert record.changes["status"] == ["ongoing", "completed"]

    def test_it_keeps_the_links_to_agreements_the_editor_cannot_read(
        self, client_for, editor, world
    ):
        secret = make.agreement("Secret protocol", classification="secret")
        skills = world["Skills"]
        skills.agreements.add(secret)
        client_for(editor).post(
            url("initiative_update", skills.pk),
            initiative_data(title_en="Skills", agreements=[world["mou"].pk]),
        )
        assert set(skills.agreements.all()) == {world["mou"], secret}

    def test_it_refuses_dates_that_leave_results_outside(self, client_for, editor, measured):
        skills = measured["Skills"]
        response = client_for(editor).post(
            url("initiative_update", skills.pk),
            initiative_data(title_en="Skills", start_date="2023-01-01"),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["start_date"] == [
            "Results are recorded for periods before this date: change them first."
        ]
        assert not change_records(record=skills).exists()

    @pytest.mark.parametrize("persona", ["viewer", "viewer_no_clearance", "outsider"])
    def test_it_refuses_the_forms_to_those_who_may_not_write(
        self, client_for, request, world, persona
    ):
        client = client_for(request.getfixturevalue(persona))
        skills = world["Skills"]
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, initiative_data()).status_code == 403
        assert (
            client.post(url("initiative_update", skills.pk), initiative_data()).status_code == 403
        )
        assert client.post(url("initiative_delete", skills.pk)).status_code == 403
        assert not Initiative.objects.filter(title_en="Cloud skills academy").exists()

    def test_it_does_not_show_an_officer_an_initiative_above_her_clearance(
        self, client_for, editor, world
    ):
        secret = make.initiative("Secret", classification="secret")
        assert client_for(editor).get(url("initiative_update", secret.pk)).status_code == 404

    def test_it_lets_a_manager_delete_an_initiative_with_its_parts(
        self, client_for, manager, measured
    ):
        skills = measured["Skills"]
        client = client_for(manager)
        assert client.get(url("initiative_delete", skills.pk)).status_code == 200
        response = client.post(url("initiative_delete", skills.pk))
        assert response.status_code == 302
        assert response.url == LIST
        assert not Initiative.objects.filter(pk=skills.pk).exists()
        assert not Funding.objects.exists()
        assert not ResultPeriod.objects.exists()
        [record] = change_records(record=skills, action=ChangeAction.DELETE)
        assert (record.user, record.channel) == (manager, "page")

    def test_it_refuses_an_officer_the_delete(self, client_for, editor, world):
        skills = world["Skills"]
        assert client_for(editor).post(url("initiative_delete", skills.pk)).status_code == 403
        assert Initiative.objects.filter(pk=skills.pk).exists()


# The parts of an initiative ---------------------------------------------------------------


def assert_refused(response, field, message, model):
    """The form is shown again with `message` on `field`; no row and no change record."""
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in errors.get(field, []), errors
    assert "Nothing was saved." in response.text
    assert f'id="id_{field}_error"' in response.text
    assert not change_records(model).exists()


class TestPartners:
    def test_it_adds_changes_and_removes_a_partner(self, client_for, editor, world):
        skills, france = world["Skills"], world["france"]
        client = client_for(editor)
        response = client.post(
            url("partner_create", skills.pk), {"partner": france.pk, "role": "beneficiary"}
        )
        participant = skills.participants.get(partner=france)
        assert response.status_code == 302
        assert response.url == f"{skills.get_absolute_url()}#partner-{participant.pk}"
        [record] = change_records(record=participant)
        assert (record.action, record.channel) == (ChangeAction.CREATE, "page")
        response = client.post(
            url("partner_update", skills.pk, participant.pk),
            {"partner": france.pk, "role": "partner"},
        )
        participant.refresh_from_db()
        assert participant.role == "partner"
        response = client.post(url("part_delete", skills.pk, "partner", participant.pk))
        assert messages_of(response)[-1] == "Removed."
        assert not InitiativePartner.objects.filter(pk=participant.pk).exists()
        assert change_records(record=participant, action=ChangeAction.DELETE).exists()

    def test_it_refuses_a_partner_twice_in_the_same_role(self, client_for, editor, world):
        skills = world["Skills"]
        response = client_for(editor).post(
            url("partner_create", skills.pk), {"partner": world["japan"].pk, "role": "funder"}
        )
        assert_refused(
            response, "partner", "This partner is already listed in this role.", InitiativePartner
        )
        assert skills.participants.count() == 2

    def test_it_offers_only_partners_the_user_may_read(self, client_for, viewer, editor, world):
        secret = make.institution("Hidden Holdings", classification="secret")
        form = client_for(editor).get(url("partner_create", world["Skills"].pk)).context["form"]
        assert secret not in form.fields["partner"].queryset
        assert world["japan"] in form.fields["partner"].queryset


class TestFunding:
    def post(self, client, initiative, **changes):
        data = {
            "kind": "commitment",
            "amount": "250000",
            "currency": "USD",
            "date": "2024-03-01",
            "note": "First tranche",
        }
        data.update(changes)
        return client.post(url("funding_create", initiative.pk), data)

    def test_it_adds_and_edits_a_funding_line(self, client_for, editor, world):
        skills = world["Skills"]
        make.rate("EUR", 2024, "1.08")
        client = client_for(editor)
        response = self.post(client, skills, currency="eur", source=world["japan"].pk)
        line = Funding.objects.get()
        assert response.status_code == 302
        assert (line.currency, line.amount, line.source) == ("EUR", 250000, world["japan"])
        [record] = change_records(record=line)
        assert record.channel == "page"
        form = client.get(url("funding_update", skills.pk, line.pk)).context["form"]
        assert form.initial["currency"] == "EUR"
        client.post(
            url("funding_update", skills.pk, line.pk),
            {"kind": "disbursement", "amount": "1000", "currency": "USD", "date": "2024-04-01"},
        )
        line.refresh_from_db()
        assert (line.kind, line.currency) == ("disbursement", "USD")
        page = client.get(skills.get_absolute_url())
        assert page.context["funding"].disbursed == Decimal("1000.00")

    def test_it_keeps_a_source_the_editor_may_not_read(self, client_for, editor, world):
        hidden = make.institution("Hidden Holdings", classification="secret")
        skills = world["Skills"]
        line = make.funding(skills, "100", "USD", source=hidden)
        client = client_for(editor)
        form = client.get(url("funding_update", skills.pk, line.pk))
        assert "Hidden Holdings" not in form.text
        client.post(
            url("funding_update", skills.pk, line.pk),
            {"kind": "commitment", "amount": "150", "currency": "USD", "date": "2023-03-01"},
        )
        line.refresh_from_db()
        assert (line.amount, line.source) == (150, hidden)

    def test_it_offers_the_reporting_currency_first(self, client_for, editor, world):
        form = client_for(editor).get(url("funding_create", world["Skills"].pk)).context["form"]
        assert form.initial["currency"] == "USD"
        assert "Totals are shown in USD" in form.fields["currency"].help_text

    def test_it_refuses_an_unknown_currency(self, client_for, editor, world):
        response = self.post(client_for(editor), world["Skills"], currency="XYZ")
        assert_refused(response, "currency", "“XYZ” is not an ISO 4217 currency code.", Funding)
        assert not Funding.objects.exists()

    def test_it_refuses_a_currency_without_a_rate_for_the_year(self, client_for, editor, world):
        make.rate("EUR", 2023, "1.1")  # another year
        response = self.post(client_for(editor), world["Skills"], currency="EUR")
        assert_refused(
            response,
            "currency",
            "No rate from EUR to USD is recorded for 2024: add it under exchange rates first.",
            Funding,
        )
        assert not Funding.objects.exists()

    def test_it_refuses_a_nought_amount(self, client_for, editor, world):
        response = self.post(client_for(editor), world["Skills"], amount="0")
        assert response.status_code == 200
        assert "amount" in response.context["form"].errors
        assert not Funding.objects.exists()
        assert not change_records(Funding).exists()

    def test_it_removes_a_funding_line(self, client_for, editor, funded):
        skills = funded["Skills"]
        line = skills.funding.first()
        client_for(editor).post(url("part_delete", skills.pk, "funding", line.pk))
        assert not Funding.objects.filter(pk=line.pk).exists()
        assert change_records(record=line, action=ChangeAction.DELETE).exists()


class TestResults:
    def test_it_adds_and_edits_a_result(self, client_for, editor, world, indicators):
        skills = world["Skills"]
        client = client_for(editor)
        response = client.post(
            url("result_create", skills.pk),
            {
                "indicator": indicators["people-trained"].pk,
                "baseline": "0",
                "baseline_year": "2021",
                "baseline_source": "Ministry survey",
            },
        )
        result = Result.objects.get()
        assert response.status_code == 302
        assert response.url.endswith(f"#result-{result.pk}")
        assert change_records(record=result, channel="page").exists()
        client.post(
            url("result_update", skills.pk, result.pk),
            {
                "indicator": indicators["people-trained"].pk,
                "baseline": "5",
                "baseline_year": "2021",
            },
        )
        result.refresh_from_db()
        assert result.baseline == 5

    def test_it_refuses_an_indicator_already_measured(
        self, client_for, editor, measured, indicators
    ):
        skills = measured["Skills"]
        response = client_for(editor).post(
            url("result_create", skills.pk), {"indicator": indicators["people-trained"].pk}
        )
        assert_refused(
            response, "indicator", "This initiative already measures this indicator.", Result
        )
        assert skills.results.count() == 2

    def test_it_lets_another_initiative_measure_the_same_indicator(
        self, client_for, editor, measured, indicators
    ):
        accelerator = measured["Accelerator"]
        response = client_for(editor).post(
            url("result_create", accelerator.pk), {"indicator": indicators["people-trained"].pk}
        )
        assert response.status_code == 302

    def test_it_refuses_a_baseline_without_its_year(self, client_for, editor, world, indicators):
        response = client_for(editor).post(
            url("result_create", world["Skills"].pk),
            {"indicator": indicators["people-trained"].pk, "baseline": "12"},
        )
        assert_refused(response, "baseline_year", "Give the year of the baseline.", Result)

    def test_it_removes_a_result_with_its_periods(self, client_for, editor, measured):
        skills = measured["Skills"]
        result = skills.results.get(indicator__code="people-trained")
        client_for(editor).post(url("part_delete", skills.pk, "result", result.pk))
        assert not Result.objects.filter(pk=result.pk).exists()
        assert not ResultPeriod.objects.exists()


class TestPeriods:
    @pytest.fixture
    def result(self, world, indicators):
        return make.result(world["Skills"], indicators["people-trained"])

    def post(self, client, result, **changes):
        data = {
            "period_start": "2023-01-01",
            "period_end": "2023-12-31",
            "target": "100",
            "actual": "80",
            "source": "Training register",
        }
        data.update(changes)
        data = {k: v for k, v in data.items() if v is not None}
        return client.post(url("period_create", result.initiative_id, result.pk), data)

    def test_it_adds_edits_and_removes_a_period(self, client_for, editor, result):
        client = client_for(editor)
        form = client.get(url("period_create", result.initiative_id, result.pk))
        assert form.status_code == 200
        assert "People trained" in form.text
        assert re.search(r'name="period_start"[^>]*autofocus', form.text)
        response = self.post(client, result)
        period = ResultPeriod.objects.get()
        assert response.status_code == 302
        assert response.url.endswith(f"#result-{result.pk}")
        assert (period.target, period.actual) == (100, 80)
        assert change_records(record=period, channel="page").exists()
        client.post(
            url("period_update", result.initiative_id, result.pk, period.pk),
            {
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
                "target": "100",
                "actual": "95",
            },
        )
        period.refresh_from_db()
        assert period.actual == 95
        page = client.get(result.initiative.get_absolute_url())
        [line] = page.context["result_lines"]
        assert (line.target, line.actual) == (100, 95)
        client.post(url("part_delete", result.initiative_id, "period", period.pk))
        assert not ResultPeriod.objects.exists()

    def test_it_refuses_a_period_outside_the_initiatives_dates(self, client_for, editor, result):
        response = self.post(
            client_for(editor), result, period_start="2021-01-01", period_end="2021-12-31"
        )
        assert_refused(
            response,
            "period_start",
            "The period must fall within the initiative's dates (01/01/2022 to 31/12/2026).",
            ResultPeriod,
        )
        assert not ResultPeriod.objects.exists()

    def test_it_refuses_an_actual_value_for_a_period_to_come(
        self, client_for, editor, world, indicators
    ):
        later = make.initiative("Later", start=date(2020, 1, 1), end=date(2099, 12, 31))
        result = make.result(later, indicators["jobs-created"])
        next_year = timezone.localdate().year + 1
        response = self.post(
            client_for(editor),
            result,
            period_start=f"{next_year}-01-01",
            period_end=f"{next_year}-12-31",
        )
        assert_refused(
            response,
            "actual",
            "An actual value cannot be recorded for a period to come.",
            ResultPeriod,
        )
        # A target alone is fine.
        response = self.post(
            client_for(editor),
            result,
            period_start=f"{next_year}-01-01",
            period_end=f"{next_year}-12-31",
            actual=None,
        )
        assert response.status_code == 302

    def test_it_refuses_a_period_without_figures(self, client_for, editor, result):
        response = self.post(client_for(editor), result, target=None, actual=None)
        assert_refused(response, "target", "Give a target, an actual value or both.", ResultPeriod)

    def test_it_refuses_a_period_that_ends_before_it_starts(self, client_for, editor, result):
        response = self.post(client_for(editor), result, period_end="2022-06-30")
        assert_refused(
            response, "period_end", "A period cannot end before it starts.", ResultPeriod
        )

    def test_it_refuses_two_periods_starting_on_the_same_day(self, client_for, editor, result):
        client = client_for(editor)
        assert self.post(client, result).status_code == 302
        response = self.post(client, result, period_end="2023-06-30")
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["period_start"] == ["A period starting on this date is recorded."]
        assert ResultPeriod.objects.count() == 1

    def test_it_does_not_reach_a_result_through_another_initiative(
        self, client_for, editor, world, result
    ):
        other = world["Accelerator"]
        response = client_for(editor).get(url("period_create", other.pk, result.pk))
        assert response.status_code == 404


class TestPartPermissions:
    def test_it_refuses_a_viewer_every_part(self, client_for, viewer, measured):
        skills = measured["Skills"]
        result = skills.results.first()
        client = client_for(viewer)
        for href in [
            url("partner_create", skills.pk),
            url("funding_create", skills.pk),
            url("result_create", skills.pk),
            url("period_create", skills.pk, result.pk),
        ]:
            assert client.get(href).status_code == 403, href
            assert client.post(href, {}).status_code == 403, href
        line = skills.funding.first()
        assert client.post(url("part_delete", skills.pk, "funding", line.pk)).status_code == 403
        assert Funding.objects.filter(pk=line.pk).exists()

    def test_it_refuses_someone_without_a_role(self, client_for, outsider, world):
        skills = world["Skills"]
        assert client_for(outsider).get(url("funding_create", skills.pk)).status_code == 403

    def test_it_does_not_reach_a_confidential_initiative_above_clearance(
        self, client_for, editor, world
    ):
        secret = make.initiative("Secret", classification="secret")
        assert client_for(editor).get(url("funding_create", secret.pk)).status_code == 404

    def test_it_does_not_remove_a_part_of_another_initiative(self, client_for, editor, funded):
        line = funded["Skills"].funding.first()
        other = funded["Accelerator"]
        response = client_for(editor).post(url("part_delete", other.pk, "funding", line.pk))
        assert response.status_code == 404
        assert Funding.objects.filter(pk=line.pk).exists()

    def test_it_refuses_an_unknown_kind_of_part(self, client_for, editor, world):
        response = client_for(editor).post(url("part_delete", world["Skills"].pk, "note", 1))
        assert response.status_code == 403


# Exchange rates ------------------------------------------------------------------------------


class TestRates:
    def test_it_lists_the_rates_with_the_reporting_currency(self, client_for, viewer):
        make.rate("EUR", 2024, "1.08")
        make.rate("JPY", 2024, "0.0066")
        make.rate("EUR", 2023, "1.1")
        response = client_for(viewer).get(RATES)
        assert response.status_code == 200
        rows = [(r.currency, r.year) for r in response.context["object_list"]]
        assert rows == [("EUR", 2024), ("JPY", 2024), ("EUR", 2023)]
        page = text_of(response)
        assert "the reporting currency" in page and "<bdi>USD</bdi>" in page
        assert "<bdi>0.0066</bdi>" in page  # every decimal it has
        assert url("rate_create") not in page  # a viewer adds none

    @pytest.mark.parametrize(
        ("params", "expected"),
        [({"currency": "eur"}, [2024, 2023]), ({"year": 2023}, [2023]), ({"currency": "GBP"}, [])],
    )
    def test_it_filters_the_rates(self, client_for, viewer, params, expected):
        make.rate("EUR", 2024, "1.08")
        make.rate("EUR", 2023, "1.1")
        make.rate("JPY", 2024, "0.0066")
        response = client_for(viewer).get(RATES, params)
        got = [r.year for r in response.context["object_list"] if r.currency in ("EUR", "GBP")]
        if "year" in params:
            got = [r.year for r in response.context["object_list"]]
        assert got == expected

    def test_it_refuses_someone_without_a_role(self, client_for, outsider, viewer_no_clearance):
        assert client_for(outsider).get(RATES).status_code == 403
        assert client_for(viewer_no_clearance).get(RATES).status_code == 200
        assert client_for(viewer_no_clearance).get(RATE_CREATE).status_code == 403

    def test_it_records_edits_and_deletes_a_rate(self, client_for, editor, manager):
        client = client_for(editor)
        response = client.post(RATE_CREATE, {"currency": "eur", "year": 2024, "rate": "1.08"})
        assert response.status_code == 302
        assert response.url == RATES
        rate = ExchangeRate.objects.get()
        assert (rate.currency, rate.rate, rate.created_by) == ("EUR", Decimal("1.08"), editor)
        assert change_records(record=rate, channel="page", action=ChangeAction.CREATE).exists()
        client.post(url("rate_update", rate.pk), {"currency": "EUR", "year": 2024, "rate": "1.09"})
        rate.refresh_from_db()
        assert rate.rate == Decimal("1.09")
        assert client.post(url("rate_delete", rate.pk)).status_code == 403
        response = client_for(manager).post(url("rate_delete", rate.pk))
        assert response.status_code == 302
        assert not ExchangeRate.objects.exists()
        assert change_records(record=rate, action=ChangeAction.DELETE).exists()

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            (
                {"currency": "XYZ", "year": 2024, "rate": "2"},
                "currency",
                "“XYZ” is not an ISO 4217 currency code.",
            ),
            (
                {"currency": "USD", "year": 2024, "rate": "1"},
                "currency",
                "This is the reporting currency: its rate is always 1.",
            ),
            (
                {"currency": "EUR", "year": 2024, "rate": "0"},
                "rate",
                "Ensure this value is greater than or equal to 1E-8.",
            ),
        ],
    )
    def test_it_refuses_a_bad_rate(self, client_for, editor, data, field, message):
        response = client_for(editor).post(RATE_CREATE, data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert message in errors.get(field, []), errors
        assert not ExchangeRate.objects.exists()
        assert not change_records(ExchangeRate).exists()

    def test_it_refuses_a_second_rate_for_the_same_year(self, client_for, editor):
        make.rate("EUR", 2024, "1.08")
        response = client_for(editor).post(
            RATE_CREATE, {"currency": "EUR", "year": 2024, "rate": "1.2"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "year": ["A rate for EUR in 2024 is recorded: change that one instead."]
        }
        assert ExchangeRate.objects.get().rate == Decimal("1.08")
        assert not change_records(ExchangeRate).exists()
