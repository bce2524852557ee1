"""The initiatives API: roles and clearance (a confidential initiative never reaches a reader
cleared for internal records: not in a list, a detail, a part, a filter or a roll-up), the
detail's results and funding roll-ups against hand-computed numbers, writes through the
services with change records on the "api" channel, bad input refused on its field with
nothing saved, and a fixed number of queries for 1 initiative as for 10."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import make_user
from core.models import ChangeRecord
from initiatives.models import (
    ExchangeRate,
    Funding,
    Initiative,
    InitiativePartner,
    Result,
    ResultPeriod,
)
from initiatives.tests.factories import (
    agreement,
    country,
    funding,
    initiative,
    institution,
    organization,
    rate,
    result,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/initiatives/",
    "/api/v1/initiative-partners/",
    "/api/v1/funding/",
    "/api/v1/results/",
    "/api/v1/result-periods/",
    "/api/v1/exchange-rates/",
    "/api/v1/indicators/",
    "/api/v1/initiative-results/",
]
LEVELS = ["public", "internal", "confidential", "secret"]


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def nothing_written():
    return not ChangeRecord.objects.exists()


@pytest.fixture
def world(indicators):
    """Egypt, Germany (GIZ) and Japan; an internal MoU with Germany and a secret one."""
    egypt = country("EG", "Egypt", "002", "مصر")
    germany = country("DE", "Germany", "150", "ألمانيا")
    japan = country("JP", "Japan", "142", "اليابان")
    giz = institution("GIZ", germany, "government", acronym="GIZ")
    iti = institution("Information Technology Institute", egypt, "government", is_domestic=True)
    return {
        "egypt": egypt,
        "germany": germany,
        "japan": japan,
        "giz": giz,
        "iti": iti,
        "mou": agreement("Digital transformation agreement", "internal"),
        "secret_mou": agreement("Data centre side letter", "secret"),
        "indicators": indicators,
    }


@pytest.fixture
def by_level(world):
    """One initiative at each classification, in calendar year 2023 periods."""
    return {
        level: initiative(f"{level.title()} programme", classification=level) for level in LEVELS
    }


def payload(**fields):
    return {
        "title_en": "Digital skills for youth",
        "title_ar": "المهارات الرقمية للشباب",
        "kind": "capacity_building",
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "classification": "internal",
        **fields,
    }


class TestPermissions:
    @pytest.mark.parametrize("url", LISTS)
    def test_it_lets_no_one_without_a_role_read(self, api, outsider, client, url):
        assert api(outsider).get(url).status_code == 403
        assert client.get(url).status_code in (401, 403)

    @pytest.mark.parametrize("url", LISTS)
    def test_a_viewer_reads_every_list(self, api, viewer, url):
        assert api(viewer).get(url).status_code == 200

    @pytest.mark.parametrize(
        ("persona", "seen"),
        [
            ("viewer_no_clearance", ["public"]),
            ("viewer", ["public", "internal"]),
            ("editor", ["public", "internal", "confidential"]),
            ("manager", LEVELS),
        ],
    )
    def test_each_persona_reads_up_to_its_clearance(self, api, by_level, request, persona, seen):
        client = api(request.getfixturevalue(persona))
        listed = client.get("/api/v1/initiatives/", {"page_size": 100}).json()
        assert listed["count"] == len(seen)
        assert sorted(row["classification"] for row in listed["results"]) == sorted(seen)
        for level, record in by_level.items():
            status = client.get(f"/api/v1/initiatives/{record.pk}/").status_code
            assert status == (200 if level in seen else 404), level

    def test_an_outsider_reads_no_initiative(self, api, outsider, by_level):
        record = by_level["public"]
        assert api(outsider).get(f"/api/v1/initiatives/{record.pk}/").status_code == 403

    def test_a_viewer_may_not_write(self, api, viewer, by_level):
        client = api(viewer)
        assert client.post("/api/v1/initiatives/", payload(), format="json").status_code == 403
        record = by_level["internal"]
        url = f"/api/v1/initiatives/{record.pk}/"
        assert client.patch(url, {"title_en": "Renamed"}, format="json").status_code == 403
        assert client.delete(url).status_code == 403
        assert Initiative.objects.count() == 4
        assert nothing_written()

    def test_an_officer_creates_and_the_change_is_recorded(self, api, editor, world):
        mou = world["mou"]
        response = api(editor).post(
            "/api/v1/initiatives/", payload(agreements=[mou.pk]), format="json"
        )
        assert response.status_code == 201, response.content
        created = Initiative.objects.get()
        assert (created.created_by, created.status, created.published) == (
            editor,
            "planned",
            False,
        )
        assert created.search_text == "digital skills for youth المهارات الرقميه للشباب"
        body = response.json()
        assert (body["agreements"], body["participants"], body["results"]) == ([mou.pk], [], [])
        assert body["funding"]["committed"] == "0.00"
        assert "search_text" not in body and "created_by" not in body
        [record] = ChangeRecord.objects.filter(object_id=str(created.pk))
        assert (record.action, record.channel, record.user) == ("create", "api", editor)
        assert record.changes["agreements"] == [None, [mou.pk]]

    def test_an_officer_updates_and_the_change_is_recorded(self, api, editor, by_level):
        record = by_level["confidential"]
        response = api(editor).patch(
            f"/api/v1/initiatives/{record.pk}/", {"status": "completed"}, format="json"
        )
        assert response.status_code == 200, response.content
        record.refresh_from_db()
        assert (record.status, record.updated_by) == ("completed", editor)
        [change] = ChangeRecord.objects.all()
        assert (change.action, change.channel, change.changes["status"]) == (
            "update",
            "api",
            ["ongoing", "completed"],
        )

    def test_only_a_manager_deletes(self, api, editor, manager, by_level, indicators):
        record = by_level["internal"]
        result(record, indicators["people-trained"], [(2023, "10", "8")])
        url = f"/api/v1/initiatives/{record.pk}/"
        assert api(editor).delete(url).status_code == 403
        assert api(manager).delete(url).status_code == 204
        assert not Initiative.objects.filter(pk=record.pk).exists()
        assert not ResultPeriod.objects.exists()
        [change] = ChangeRecord.objects.all()
        assert (change.action, change.channel) == ("delete", "api")

    def test_nobody_files_an_initiative_above_their_clearance(self, api, editor):
        response = api(editor).post(
            "/api/v1/initiatives/", payload(classification="secret"), format="json"
        )
        assert response.status_code == 400
        assert "classification" in response.json()
        junior = make_user("junior", "officer", "public")
        data = payload()
        del data["classification"]  # the default, internal, is above a public clearance
        response = api(junior).post("/api/v1/initiatives/", data, format="json")
        assert response.status_code == 400
        assert "classification" in response.json()
        assert not Initiative.objects.exists()
        assert nothing_written()

    def test_it_shows_only_the_agreements_the_reader_may_read(self, api, viewer, manager, world):
        mou, secret_mou = world["mou"], world["secret_mou"]
        record = initiative(agreements=[mou, secret_mou])
        url = f"/api/v1/initiatives/{record.pk}/"
        assert api(viewer).get(url).json()["agreements"] == [mou.pk]
        assert sorted(api(manager).get(url).json()["agreements"]) == sorted([mou.pk, secret_mou.pk])
        [row] = api(viewer).get("/api/v1/initiatives/").json()["results"]
        assert row["agreements"] == [mou.pk]

    def test_an_update_keeps_the_links_the_writer_cannot_see(self, api, editor, world):
        mou, secret_mou = world["mou"], world["secret_mou"]
        record = initiative(agreements=[secret_mou])
        response = api(editor).patch(
            f"/api/v1/initiatives/{record.pk}/", {"agreements": [mou.pk]}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["agreements"] == [mou.pk]
        assert set(record.agreements.values_list("pk", flat=True)) == {mou.pk, secret_mou.pk}
        [change] = ChangeRecord.objects.all()
        assert change.changes["agreements"] == [[secret_mou.pk], sorted([mou.pk, secret_mou.pk])]
        # Sending the links again changes nothing.
        response = api(editor).put(
            f"/api/v1/initiatives/{record.pk}/",
            payload(agreements=[mou.pk], start_date="2022-01-01"),
            format="json",
        )
        assert response.status_code == 200, response.content
        assert record.agreements.count() == 2

    def test_nobody_links_an_agreement_they_cannot_read(self, api, editor, world):
        response = api(editor).post(
            "/api/v1/initiatives/",
            payload(agreements=[world["secret_mou"].pk]),
            format="json",
        )
        assert response.status_code == 400
        assert "does not exist" in str(response.json()["agreements"])
        assert not Initiative.objects.exists()

    def test_the_detail_leaves_out_partners_above_the_readers_clearance(
        self, api, viewer, manager, world
    ):
        hidden = institution("Undisclosed investor", world["japan"], classification="secret")
        record = initiative(partners=[(world["giz"], "funder"), (hidden, "funder")])
        url = f"/api/v1/initiatives/{record.pk}/"
        shown = api(viewer).get(url).json()["participants"]
        assert [(p["partner"], p["partner_name"], p["role"]) for p in shown] == [
            (world["giz"].pk, "GIZ", "funder")
        ]
        assert len(api(manager).get(url).json()["participants"]) == 2


class TestDetail:
    @pytest.fixture
    def programme(self, world, indicators):
        record = initiative(
            partners=[(world["giz"], "funder"), (world["iti"], "implementer")],
            agreements=[world["mou"]],
        )
        result(record, indicators["people-trained"], [(2022, "100", "90"), (2023, "200", "210")])
        result(record, indicators["jobs-created"], [(2022, "50", None)])
        rate("EUR", 2023, "1.1")
        funding(record, "1000", "USD")
        funding(record, "1000", "EUR", source=world["giz"])
        funding(record, "500", "USD", kind="disbursement")
        return record

    def test_it_rolls_up_the_results_per_indicator(self, api, viewer, programme):
        body = api(viewer).get(f"/api/v1/initiatives/{programme.pk}/").json()
        lines = {line["code"]: line for line in body["results"]}
        trained = lines["people-trained"]
        assert (trained["target"], trained["actual"], trained["achieved"]) == (
            "300.00",
            "300.00",
            100,
        )
        assert (trained["name"], trained["unit"], trained["on_track"]) == (
            "People trained",
            "people",
            True,
        )
        jobs = lines["jobs-created"]
        assert (jobs["target"], jobs["actual"], jobs["achieved"]) == ("50.00", None, None)

    def test_it_adds_up_the_funding_in_the_reporting_currency(self, api, viewer, programme):
        totals = api(viewer).get(f"/api/v1/initiatives/{programme.pk}/").json()["funding"]
        assert totals == {
            "committed": "2100.00",  # 1000 USD + 1000 EUR at 1.1
            "disbursed": "500.00",
            "currency": "USD",
            "unconverted": 0,
            "disbursed_share": 24,  # 500 / 2100
        }

    def test_the_list_stays_light(self, api, viewer, programme):
        [row] = api(viewer).get("/api/v1/initiatives/").json()["results"]
        assert row["id"] == programme.pk
        assert not {"results", "funding", "participants"} & set(row)
        assert row["title"] == "Digital skills for youth"


def part_payloads(world, record, indicators):
    """For each part endpoint: a valid new part of `record`, and a change to it."""
    a_result = Result.objects.create(initiative=record, indicator=indicators["jobs-created"])
    return {
        "/api/v1/initiative-partners/": (
            InitiativePartner,
            {"initiative": record.pk, "partner": world["giz"].pk, "role": "funder"},
            {"role": "implementer"},
        ),
        "/api/v1/funding/": (
            Funding,
            {
                "initiative": record.pk,
                "kind": "commitment",
                "amount": "250000.00",
                "currency": "USD",
                "date": "2024-02-01",
                "source": world["giz"].pk,
            },
            {"amount": "300000.00"},
        ),
        "/api/v1/results/": (
            Result,
            {
                "initiative": record.pk,
                "indicator": indicators["people-trained"].pk,
                "baseline": "0",
                "baseline_year": 2023,
            },
            {"baseline_source": "Inception report"},
        ),
        "/api/v1/result-periods/": (
            ResultPeriod,
            {
                "result": a_result.pk,
                "period_start": "2024-01-01",
                "period_end": "2024-12-31",
                "target": "100",
                "actual": "80",
            },
            {"actual": "95.00"},
        ),
    }


PARTS = [
    "/api/v1/initiative-partners/",
    "/api/v1/funding/",
    "/api/v1/results/",
    "/api/v1/result-periods/",
]


class TestParts:
    @pytest.fixture
    def record(self, world):
        return initiative(start=date(2024, 1, 1), end=date(2026, 12, 31))

    @pytest.mark.parametrize("url", PARTS)
    def test_an_officer_adds_changes_and_a_manager_removes_a_part(
        self, api, editor, manager, world, indicators, record, url
    ):
        model, new, change = part_payloads(world, record, indicators)[url]
        before = model.objects.count()
        client = api(editor)
        response = client.post(url, new, format="json")
        assert response.status_code == 201, response.content
        part = model.objects.get(pk=response.json()["id"])
        [created] = ChangeRecord.objects.filter(object_id=str(part.pk))
        assert (created.action, created.channel) == ("create", "api")

        response = client.patch(f"{url}{part.pk}/", change, format="json")
        assert response.status_code == 200, response.content
        field, value = next(iter(change.items()))
        assert response.json()[field] == value
        assert ChangeRecord.objects.filter(action="update", channel="api").count() == 1

        assert client.delete(f"{url}{part.pk}/").status_code == 403
        assert api(manager).delete(f"{url}{part.pk}/").status_code == 204
        assert model.objects.count() == before
        assert ChangeRecord.objects.filter(action="delete", channel="api").count() == 1

    @pytest.mark.parametrize("url", PARTS)
    def test_parts_are_read_under_their_initiatives_restriction(
        self, api, viewer, editor, world, indicators, url
    ):
        confidential = initiative(classification="confidential")
        model, new, _change = part_payloads(world, confidential, indicators)[url]
        response = api(editor).post(url, new, format="json")
        assert response.status_code == 201, response.content
        pk = response.json()["id"]
        assert pk in ids(api(editor).get(url))
        assert pk not in ids(api(viewer).get(url))
        assert api(viewer).get(f"{url}{pk}/").status_code == 404
        assert ids(api(viewer).get(url, {"initiative": confidential.pk})) == []

    @pytest.mark.parametrize("url", PARTS)
    def test_nobody_attaches_a_part_to_an_initiative_they_cannot_read(
        self, api, world, indicators, url
    ):
        confidential = initiative(classification="confidential")
        model, new, _change = part_payloads(world, confidential, indicators)[url]
        before = model.objects.count()
        junior = make_user("junior", "officer", "internal")
        response = api(junior).post(url, new, format="json")
        assert response.status_code == 400
        field = "result" if url == "/api/v1/result-periods/" else "initiative"
        assert "does not exist" in str(response.json()[field])
        assert model.objects.count() == before
        assert nothing_written()

    def test_a_viewer_cannot_add_a_result_period(self, api, viewer, world, indicators):
        confidential = initiative(classification="confidential")
        _model, new, _change = part_payloads(world, confidential, indicators)[
            "/api/v1/result-periods/"
        ]
        assert api(viewer).post("/api/v1/result-periods/", new, format="json").status_code == 403
        assert not ResultPeriod.objects.exists()

    def test_a_funding_source_above_the_readers_clearance_is_null(
        self, api, viewer, manager, world, record
    ):
        hidden = institution("Undisclosed investor", world["japan"], classification="secret")
        line = funding(record, "1000", source=hidden)
        assert api(viewer).get(f"/api/v1/funding/{line.pk}/").json()["source"] is None
        assert api(manager).get(f"/api/v1/funding/{line.pk}/").json()["source"] == hidden.pk

    def test_partners_above_the_readers_clearance_are_left_out(
        self, api, viewer, manager, world, record
    ):
        hidden = institution("Undisclosed investor", world["japan"], classification="secret")
        InitiativePartner.objects.create(initiative=record, partner=hidden, role="funder")
        assert ids(api(viewer).get("/api/v1/initiative-partners/")) == []
        assert len(ids(api(manager).get("/api/v1/initiative-partners/"))) == 1

    def test_periods_filter_by_initiative_and_name_it(self, api, viewer, world, indicators):
        one, other = initiative("One"), initiative("Other")
        result(one, indicators["people-trained"], [(2023, "10", "9")])
        result(other, indicators["people-trained"], [(2023, "20", None)])
        rows = api(viewer).get("/api/v1/result-periods/", {"initiative": one.pk}).json()
        [row] = rows["results"]
        assert (row["initiative"], row["target"], row["actual"]) == (one.pk, "10.00", "9.00")


class TestBadInput:
    """Each refused with 400 on its field; no row and no change record is written."""

    @pytest.fixture
    def record(self, world):
        return initiative(start=date(2024, 1, 1), end=date(2026, 12, 31))

    def refused(self, response, field, model, count=0):
        assert response.status_code == 400, response.content
        assert field in response.json(), response.json()
        assert model.objects.count() == count
        assert nothing_written()
        return response.json()[field]

    def test_a_period_outside_the_initiatives_dates(self, api, editor, record, indicators):
        target = Result.objects.create(initiative=record, indicator=indicators["people-trained"])
        response = api(editor).post(
            "/api/v1/result-periods/",
            {
                "result": target.pk,
                "period_start": "2023-01-01",
                "period_end": "2023-12-31",
                "target": "100",
            },
            format="json",
        )
        [message] = self.refused(response, "period_start", ResultPeriod)
        assert "within the initiative's dates" in message

    def test_an_actual_for_a_period_to_come(self, api, editor, indicators, world):
        today = timezone.localdate()
        record = initiative(start=today.replace(day=1), end=today.replace(year=today.year + 3))
        target = Result.objects.create(initiative=record, indicator=indicators["people-trained"])
        soon = today.replace(year=today.year + 1, day=1)
        response = api(editor).post(
            "/api/v1/result-periods/",
            {
                "result": target.pk,
                "period_start": soon.isoformat(),
                "period_end": (soon + timedelta(days=20)).isoformat(),
                "target": "100",
                "actual": "20",
            },
            format="json",
        )
        [message] = self.refused(response, "actual", ResultPeriod)
        assert message == "An actual value cannot be recorded for a period to come."

    @pytest.mark.parametrize(
        ("currency", "message"),
        [
            ("XYZ", "not an ISO 4217 currency code"),
            ("EUR", "No rate from EUR to USD is recorded for 2024"),
        ],
    )
    def test_funding_in_a_currency_without_a_rate(self, api, editor, record, currency, message):
        rate("EUR", 2023, "1.1")  # not the year of the line
        response = api(editor).post(
            "/api/v1/funding/",
            {
                "initiative": record.pk,
                "kind": "commitment",
                "amount": "1000.00",
                "currency": currency,
                "date": "2024-03-01",
            },
            format="json",
        )
        [text] = self.refused(response, "currency", Funding)
        assert message in text

    def test_a_partner_twice_in_the_same_role(self, api, editor, record, world):
        InitiativePartner.objects.create(initiative=record, partner=world["giz"], role="funder")
        response = api(editor).post(
            "/api/v1/initiative-partners/",
            {"initiative": record.pk, "partner": world["giz"].pk, "role": "funder"},
            format="json",
        )
        [message] = self.refused(response, "partner", InitiativePartner, count=1)
        assert message == "This partner is already listed in this role."

    def test_an_end_before_the_start(self, api, editor):
        response = api(editor).post(
            "/api/v1/initiatives/",
            payload(start_date="2025-01-01", end_date="2024-12-31"),
            format="json",
        )
        [message] = self.refused(response, "end_date", Initiative)
        assert message == "An initiative cannot end before it starts."

    def test_publishing_an_initiative_that_is_not_public(self, api, manager):
        response = api(manager).post("/api/v1/initiatives/", payload(published=True), format="json")
        [message] = self.refused(response, "published", Initiative)
        assert message == "Only a public record can be published."

    def test_publishing_as_an_officer(self, api, editor, world):
        record = initiative(classification="public")
        response = api(editor).patch(
            f"/api/v1/initiatives/{record.pk}/", {"published": True}, format="json"
        )
        [message] = self.refused(response, "published", Initiative, count=1)
        assert message == "Only a manager can publish or unpublish."
        record.refresh_from_db()
        assert not record.published
        response = api(editor).post(
            "/api/v1/initiatives/",
            payload(classification="public", published=True),
            format="json",
        )
        self.refused(response, "published", Initiative, count=1)

    def test_a_manager_publishes_a_public_initiative(self, api, manager, world):
        record = initiative(classification="public")
        response = api(manager).patch(
            f"/api/v1/initiatives/{record.pk}/", {"published": True}, format="json"
        )
        assert response.status_code == 200, response.content
        record.refresh_from_db()
        assert record.published
        [change] = ChangeRecord.objects.all()
        assert (change.channel, change.changes["published"]) == ("api", ["False", "True"])

    def test_an_update_with_bad_input_leaves_the_record_as_it_was(self, api, editor, record):
        response = api(editor).patch(
            f"/api/v1/initiatives/{record.pk}/", {"end_date": "2023-01-01"}, format="json"
        )
        self.refused(response, "end_date", Initiative, count=1)
        record.refresh_from_db()
        assert record.end_date == date(2026, 12, 31)


class TestExchangeRatesAndIndicators:
    def test_every_role_reads_the_rates_and_officers_enter_them(self, api, viewer, editor):
        rate("EUR", 2023, "1.08")
        assert len(ids(api(viewer).get("/api/v1/exchange-rates/"))) == 1
        new = {"currency": "JPY", "year": 2024, "rate": "0.0066"}
        assert api(viewer).post("/api/v1/exchange-rates/", new, format="json").status_code == 403
        response = api(editor).post("/api/v1/exchange-rates/", new, format="json")
        assert response.status_code == 201, response.content
        [change] = ChangeRecord.objects.all()
        assert (change.action, change.channel) == ("create", "api")
        assert ids(api(viewer).get("/api/v1/exchange-rates/", {"currency": "jpy"})) == [
            response.json()["id"]
        ]

    def test_a_rate_for_the_reporting_currency_is_refused(self, api, editor):
        response = api(editor).post(
            "/api/v1/exchange-rates/",
            {"currency": "USD", "year": 2024, "rate": "1"},
            format="json",
        )
        assert response.status_code == 400
        assert "currency" in response.json()
        assert not ExchangeRate.objects.exists()

    def test_a_second_rate_for_a_year_is_refused(self, api, editor):
        rate("EUR", 2023, "1.08")
        response = api(editor).post(
            "/api/v1/exchange-rates/",
            {"currency": "EUR", "year": 2023, "rate": "1.10"},
            format="json",
        )
        assert response.status_code == 400
        assert ExchangeRate.objects.count() == 1
        assert nothing_written()

    def test_the_indicators_are_read_only(self, api, viewer, manager, indicators):
        rows = api(viewer).get("/api/v1/indicators/", {"page_size": 100}).json()["results"]
        assert {row["code"] for row in rows} == set(indicators)
        response = api(manager).post("/api/v1/indicators/", {"code": "x"}, format="json")
        assert response.status_code in (403, 405)


class TestRollups:
    """The roll-ups add up the periods of the initiatives the caller may read."""

    @pytest.fixture
    def results(self, world, indicators):
        trained = indicators["people-trained"]
        mou, giz, japan = world["mou"], world["giz"], world["japan"]
        tokyo = institution("University of Tokyo", japan, "university")
        ours = initiative("Skills", agreements=[mou], partners=[(giz, "funder")])
        result(ours, trained, [(2022, "100", "80"), (2023, "200", "150")])
        result(ours, indicators["jobs-created"], [(2023, "10", "12")])
        hidden = initiative(
            "Hidden", classification="confidential", agreements=[mou], partners=[(tokyo, "partner")]
        )
        result(hidden, trained, [(2023, "1000", "900")])
        other = initiative("Research", partners=[(tokyo, "implementer")])
        result(other, trained, [(2024, "40", None)])
        return {"ours": ours, "hidden": hidden, "other": other, "tokyo": tokyo}

    def rollup(self, client, **params):
        response = client.get("/api/v1/initiative-results/", params)
        assert response.status_code == 200, response.content
        return response.json()

    @staticmethod
    def lines(group):
        return {line["code"]: (line["target"], line["actual"]) for line in group["lines"]}

    def test_of_an_agreement(self, api, viewer, editor, world, results):
        mou = world["mou"]
        answer = self.rollup(api(viewer), agreement=mou.pk)
        [group] = answer["groups"]
        assert (answer["by"], group["key"], group["label"]) == (
            "agreement",
            str(mou.pk),
            "Digital transformation agreement",
        )
        assert self.lines(group) == {
            "people-trained": ("300.00", "230.00"),
            "jobs-created": ("10.00", "12.00"),
        }
        [group] = self.rollup(api(editor), agreement=mou.pk)["groups"]
        assert self.lines(group)["people-trained"] == ("1300.00", "1130.00")

    def test_of_a_partner_and_its_country(self, api, viewer, editor, world, results):
        [group] = self.rollup(api(viewer), partner=results["tokyo"].pk)["groups"]
        assert self.lines(group) == {"people-trained": ("40.00", None)}
        [group] = self.rollup(api(viewer), partner=world["japan"].pk)["groups"]
        assert self.lines(group) == {"people-trained": ("40.00", None)}
        [group] = self.rollup(api(editor), partner=world["japan"].pk)["groups"]
        assert self.lines(group) == {"people-trained": ("1040.00", "900.00")}

    def test_by_region(self, api, viewer, editor, results):
        answer = self.rollup(api(viewer), by="region")
        assert answer["by"] == "region"
        groups = {g["key"]: g for g in answer["groups"]}
        assert set(groups) == {"150", "142"}
        assert (groups["150"]["label"], groups["142"]["label"]) == ("Europe", "Asia")
        assert self.lines(groups["150"])["people-trained"] == ("300.00", "230.00")
        assert self.lines(groups["142"]) == {"people-trained": ("40.00", None)}
        groups = {g["key"]: g for g in self.rollup(api(editor), by="region")["groups"]}
        assert self.lines(groups["142"]) == {"people-trained": ("1040.00", "900.00")}

    def test_by_year(self, api, viewer, results):
        groups = {g["key"]: g for g in self.rollup(api(viewer), by="year")["groups"]}
        assert list(groups) == ["2022", "2023", "2024"]
        assert self.lines(groups["2023"]) == {
            "people-trained": ("200.00", "150.00"),
            "jobs-created": ("10.00", "12.00"),
        }
        line = next(x for x in groups["2023"]["lines"] if x["code"] == "jobs-created")
        assert (line["achieved"], line["on_track"]) == (120, True)

    def test_of_everything_the_reader_may_read(self, api, viewer, viewer_no_clearance, results):
        [group] = self.rollup(api(viewer))["groups"]
        assert group["key"] is None
        assert self.lines(group)["people-trained"] == ("340.00", "230.00")
        [group] = self.rollup(api(viewer_no_clearance))["groups"]
        assert group["lines"] == []

    def test_an_agreement_above_the_readers_clearance_does_not_exist(
        self, api, viewer, world, results
    ):
        response = api(viewer).get(
            "/api/v1/initiative-results/", {"agreement": world["secret_mou"].pk}
        )
        assert response.status_code == 400
        assert "does not exist" in str(response.json()["agreement"])

    def test_one_question_at_a_time(self, api, viewer, world, results):
        response = api(viewer).get(
            "/api/v1/initiative-results/", {"agreement": world["mou"].pk, "by": "year"}
        )
        assert response.status_code == 400
        response = api(viewer).get("/api/v1/initiative-results/", {"by": "decade"})
        assert response.status_code == 400
        assert "by" in response.json()


class TestFilters:
    def test_the_list_filters_and_sorts(self, api, viewer, world):
        mou, giz = world["mou"], world["giz"]
        skills = initiative(
            "Digital skills for youth",
            title_ar="المهارات الرقمية للشباب",
            agreements=[mou],
            partners=[(giz, "funder"), (giz, "implementer")],
            classification="public",
            published=True,
            start=date(2023, 1, 1),
        )
        research = initiative(
            "AI research", kind="research", status="planned", start=date(2025, 1, 1)
        )
        hidden = initiative("Digital secret", classification="secret", agreements=[mou])
        client = api(viewer).get
        url = "/api/v1/initiatives/"
        assert ids(client(url, {"q": "الرقميه"})) == [skills.pk]
        assert ids(client(url, {"q": "digital"})) == [skills.pk]
        assert ids(client(url, {"kind": "research"})) == [research.pk]
        assert ids(client(url, {"status": "planned"})) == [research.pk]
        assert ids(client(url, {"agreement": mou.pk})) == [skills.pk]
        assert ids(client(url, {"partner": giz.pk})) == [skills.pk]
        assert ids(client(url, {"partner": world["germany"].pk})) == [skills.pk]
        assert ids(client(url, {"published": "true"})) == [skills.pk]
        assert ids(client(url, {"start_after": "2024-01-01"})) == [research.pk]
        assert ids(client(url, {"ordering": "title"})) == [research.pk, skills.pk]
        assert hidden.pk not in ids(client(url, {"classification": "secret"}))


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per request (content types, the user's roles)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200, response.content
    return len(queries)


class TestQueryCounts:
    """Each list answers in the same number of queries for 1 row as for 10."""

    def adders(self, world, indicators):
        giz, mou = world["giz"], world["mou"]

        def initiatives(start, end):
            for i in range(start, end):
                initiative(f"Programme {i}", agreements=[mou], partners=[(giz, "funder")])

        def parts(start, end):
            for i in range(start, end):
                record = initiative(f"Programme {i}", partners=[(giz, "funder")])
                result(record, indicators["people-trained"], [(2023, "10", "5")])
                funding(record, "100", source=giz)

        return {
            "/api/v1/initiatives/": initiatives,
            "/api/v1/initiative-partners/": parts,
            "/api/v1/funding/": parts,
            "/api/v1/results/": parts,
            "/api/v1/result-periods/": parts,
        }

    @pytest.mark.parametrize("url", [*PARTS, "/api/v1/initiatives/"])
    def test_it_lists_in_the_same_queries_for_1_and_10(self, api, viewer, world, indicators, url):
        client = api(viewer)
        add = self.adders(world, indicators)[url]
        add(0, 1)
        one = count_queries(lambda: client.get(url, {"page_size": 100}))
        add(1, 10)
        ten = count_queries(lambda: client.get(url, {"page_size": 100}))
        assert one == ten, f"{one} queries for 1, {ten} for 10"
        assert ten <= 6, ten

    def test_the_detail_answers_in_a_fixed_number_of_queries(self, api, viewer, world, indicators):
        record = initiative(partners=[(world["giz"], "funder")], agreements=[world["mou"]])
        result(record, indicators["people-trained"], [(2022, "10", "5"), (2023, "10", "5")])
        result(record, indicators["jobs-created"], [(2023, "10", "5")])
        funding(record, "100")
        assert count_queries(lambda: api(viewer).get(f"/api/v1/initiatives/{record.pk}/")) <= 10


def test_the_schema_is_valid_without_warnings():
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null", stdout=io.StringIO()
    )


def test_an_organization_can_be_a_partner_in_a_role(api, editor, world):
    undp = organization("UNDP", "United Nations Development Programme")
    record = initiative()
    response = api(editor).post(
        "/api/v1/initiative-partners/",
        {"initiative": record.pk, "partner": undp.pk, "role": "implementer"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["partner_name"] == "United Nations Development Programme"
