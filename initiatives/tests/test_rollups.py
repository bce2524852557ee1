"""The roll-ups of results and funding equal sums worked out by hand on a small world, are
computed in the database (a constant number of queries, no result period loaded into
Python) and count only what the reader may read.

The world (every figure below is summed by hand in EXPECTED_*):

    Digital skills (internal)        Germany funder, TU Berlin (in Germany) implementer:
                                     two partners, one region (Europe). Agreement: MoU.
        people trained   2022 100/90, 2023 120/130, 2024 150/—
        jobs created     2023 —/40,   2024 50/45
        companies        2023 —/5
        funding          100,000 EUR committed 2023; 40,000 EUR disbursed 2024
    Innovation hubs (public)         Kenya (Africa) beneficiary, JICA implementer: an
                                     institution whose country (Japan) is in Asia.
                                     Agreement: MoU.
        people trained   2023 200/180, 2024 200/210
        FDI (USD)        2024 1,000,000/750,000.50
        funding          250,000 USD committed 2023; 100,000.50 USD disbursed 2024
    Submarine cables (confidential)  France (Europe) partner, Japan (Asia) funder.
                                     Agreements: MoU and cable agreement.
        people trained   2022 50/50, 2024 60/70
        jobs created     2024 30/—
        funding          50,000,000 JPY committed 2023; 12,345,678 JPY disbursed 2024
    AI lab (public)                  UNDP implementer (no region). Agreement: cables.
        jobs created     2024 10/12
        FDI (USD)        2023 500,000/400,000
        funding          1,000 GBP committed 2024 (no rate recorded);
                         333.33 EUR disbursed 2023

    Rates to USD: EUR 1.08 (2023), 1.10 (2024); JPY 0.0071 (2023), 0.0066 (2024).
"""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import services
from initiatives.models import Funding, ResultPeriod
from initiatives.tests import factories as f

pytestmark = pytest.mark.django_db

D = Decimal
PEOPLE, JOBS, COMPANIES, FDI = (
    "People trained",
    "Jobs created",
    "Companies supported",
    "Foreign direct investment attracted (USD)",
)


@pytest.fixture
def world(db, indicators):
    germany = f.country("DE", "Germany", region="150")
    france = f.country("FR", "France", region="150")
    japan = f.country("JP", "Japan", region="142")
    kenya = f.country("KE", "Kenya", region="002")
    tu_berlin = f.institution("TU Berlin", country=germany, institution_type="university")
    jica = f.institution("JICA", country=japan, institution_type="government")
    undp = f.organization("UNDP", "United Nations Development Programme")
    mou = f.agreement("Digital cooperation MoU", classification="internal")
    cables = f.agreement("Submarine cables agreement", classification="internal")

    trained, jobs = indicators["people-trained"], indicators["jobs-created"]
    companies, fdi = indicators["companies-supported"], indicators["fdi-usd"]

    skills = f.initiative(
        "Digital skills",
        classification="internal",
        partners=[(germany, "funder"), (tu_berlin, "implementer")],
        agreements=[mou],
    )
    f.result(skills, trained, [(2022, "100", "90"), (2023, "120", "130"), (2024, "150", None)])
    f.result(skills, jobs, [(2023, None, "40"), (2024, "50", "45")])
    f.result(skills, companies, [(2023, None, "5")])
    f.funding(skills, "100000", "EUR", "commitment", date(2023, 3, 1))
    f.funding(skills, "40000", "EUR", "disbursement", date(2024, 5, 1))

    hubs = f.initiative(
        "Innovation hubs",
        classification="public",
        partners=[(kenya, "beneficiary"), (jica, "implementer")],
        agreements=[mou],
    )
    f.result(hubs, trained, [(2023, "200", "180"), (2024, "200", "210")])
    f.result(hubs, fdi, [(2024, "1000000", "750000.50")])
    f.funding(hubs, "250000", "USD", "commitment", date(2023, 2, 1))
    f.funding(hubs, "100000.50", "USD", "disbursement", date(2024, 2, 1))

    secret = f.initiative(
        "Submarine cables",
        classification="confidential",
        partners=[(france, "partner"), (japan, "funder")],
        agreements=[mou, cables],
    )
    f.result(secret, trained, [(2022, "50", "50"), (2024, "60", "70")])
    f.result(secret, jobs, [(2024, "30", None)])
    f.funding(secret, "50000000", "JPY", "commitment", date(2023, 6, 1))
    f.funding(secret, "12345678", "JPY", "disbursement", date(2024, 6, 1))

    lab = f.initiative(
        "AI lab", classification="public", partners=[(undp, "implementer")], agreements=[cables]
    )
    f.result(lab, jobs, [(2024, "10", "12")])
    f.result(lab, fdi, [(2023, "500000", "400000")])
    f.funding(lab, "1000", "GBP", "commitment", date(2024, 1, 15))  # no GBP rate
    f.funding(lab, "333.33", "EUR", "disbursement", date(2023, 9, 1))

    f.rate("EUR", 2023, "1.08")
    f.rate("EUR", 2024, "1.10")
    f.rate("JPY", 2023, "0.0071")
    f.rate("JPY", 2024, "0.0066")
    return {
        "germany": germany,
        "france": france,
        "japan": japan,
        "kenya": kenya,
        "tu_berlin": tu_berlin,
        "jica": jica,
        "undp": undp,
        "mou": mou,
        "cables": cables,
        "skills": skills,
        "hubs": hubs,
        "secret": secret,
        "lab": lab,
    }


def table(lines) -> dict:
    """{indicator's English name: (target, actual)}."""
    return {line.indicator.name_en: (line.target, line.actual) for line in lines}


# Worked out by hand from the world above ------------------------------------------------

# An editor (confidential clearance) reads all four initiatives; so does a manager.
EXPECTED_ALL = {
    COMPANIES: (None, D("5")),
    FDI: (D("1500000"), D("1150000.50")),  # 1,000,000 + 500,000; 750,000.50 + 400,000
    JOBS: (D("90"), D("97")),  # 50 + 30 + 10; 40 + 45 + 12 (cables' 2024 actual not set)
    PEOPLE: (D("880"), D("730")),  # 370 + 400 + 110; 220 + 390 + 120
}
# A viewer (internal clearance): not the confidential cables.
EXPECTED_INTERNAL = {
    COMPANIES: (None, D("5")),
    FDI: (D("1500000"), D("1150000.50")),
    JOBS: (D("60"), D("97")),  # 50 + 10; 40 + 45 + 12
    PEOPLE: (D("770"), D("610")),  # 370 + 400; 220 + 390
}
# A viewer with public clearance: the hubs and the lab only.
EXPECTED_PUBLIC = {
    FDI: (D("1500000"), D("1150000.50")),
    JOBS: (D("10"), D("12")),
    PEOPLE: (D("400"), D("390")),
}


class TestResults:
    @pytest.mark.parametrize(
        "persona, expected",
        [
            ("editor", EXPECTED_ALL),
            ("manager", EXPECTED_ALL),
            ("viewer", EXPECTED_INTERNAL),
            ("viewer_no_clearance", EXPECTED_PUBLIC),
            ("outsider", {}),
        ],
    )
    def test_the_sector_total_is_the_hand_sum_of_what_the_reader_may_read(
        self, world, request, persona, expected
    ):
        user = request.getfixturevalue(persona)
        lines = services.rollup(services.periods_of(services.readable_initiatives(user)))
        assert table(lines) == expected
        # Sorted by the indicator's name in the page's language.
        assert [line.indicator.name_en for line in lines] == sorted(expected)

    def test_an_initiative_alone(self, world):
        assert table(services.results_of_initiative(world["skills"])) == {
            COMPANIES: (None, D("5")),
            JOBS: (D("50"), D("85")),
            PEOPLE: (D("370"), D("220")),
        }

    def test_an_agreement_sums_the_initiatives_that_implement_it(
        self, world, editor, viewer, viewer_no_clearance, outsider
    ):
        mou, cables = world["mou"], world["cables"]
        # MoU: skills + hubs + cables.
        assert table(services.results_of_agreement(mou, editor)) == {
            COMPANIES: (None, D("5")),
            FDI: (D("1000000"), D("750000.50")),
            JOBS: (D("80"), D("85")),  # 50 + 30; 40 + 45
            PEOPLE: (D("880"), D("730")),
        }
        assert table(services.results_of_agreement(mou, viewer)) == {
            COMPANIES: (None, D("5")),
            FDI: (D("1000000"), D("750000.50")),
            JOBS: (D("50"), D("85")),
            PEOPLE: (D("770"), D("610")),
        }
        assert table(services.results_of_agreement(mou, viewer_no_clearance)) == {
            FDI: (D("1000000"), D("750000.50")),
            PEOPLE: (D("400"), D("390")),
        }
        assert services.results_of_agreement(mou, outsider) == []
        # Cables: the confidential cables and the public lab.
        assert table(services.results_of_agreement(cables, editor)) == {
            FDI: (D("500000"), D("400000")),
            JOBS: (D("40"), D("12")),  # 30 + 10; 12 (cables' actual not set)
            PEOPLE: (D("110"), D("120")),
        }
        assert table(services.results_of_agreement(cables, viewer)) == {
            FDI: (D("500000"), D("400000")),
            JOBS: (D("10"), D("12")),
        }

    def test_a_country_counts_its_institutions_initiatives(self, world, editor, viewer):
        # Japan: the cables (Japan itself) and the hubs (JICA, a Japanese institution).
        assert table(services.results_of_partner(world["japan"], editor)) == {
            FDI: (D("1000000"), D("750000.50")),
            JOBS: (D("30"), None),
            PEOPLE: (D("510"), D("510")),  # 400 + 110; 390 + 120
        }
        assert table(services.results_of_partner(world["japan"], viewer)) == {
            FDI: (D("1000000"), D("750000.50")),
            PEOPLE: (D("400"), D("390")),
        }
        # Germany: the skills programme once, though Germany and TU Berlin both take part.
        assert table(services.results_of_partner(world["germany"], viewer)) == {
            COMPANIES: (None, D("5")),
            JOBS: (D("50"), D("85")),
            PEOPLE: (D("370"), D("220")),
        }
        # The institution alone: only its own initiative.
        assert table(services.results_of_partner(world["tu_berlin"], viewer)) == table(
            services.results_of_initiative(world["skills"])
        )

    def test_per_region(self, world, editor):
        regions = {name: table(lines) for name, lines in services.results_by_region(editor)}
        # The M49 order; no Americas, no Oceania (UNDP has no region: the lab is in none).
        assert list(regions) == ["Africa", "Asia", "Europe"]
        assert regions["Africa"] == {  # the hubs (Kenya)
            FDI: (D("1000000"), D("750000.50")),
            PEOPLE: (D("400"), D("390")),
        }
        assert regions["Asia"] == {  # the hubs (JICA's country) and the cables (Japan)
            FDI: (D("1000000"), D("750000.50")),
            JOBS: (D("30"), None),
            PEOPLE: (D("510"), D("510")),
        }
        assert regions["Europe"] == {  # the skills (Germany and TU Berlin: once), cables
            COMPANIES: (None, D("5")),
            JOBS: (D("80"), D("85")),  # 50 + 30; 45 + 40
            PEOPLE: (D("480"), D("340")),  # 370 + 110; 220 + 120
        }

    def test_two_partners_in_one_region_count_the_initiative_once(self, world, viewer):
        # For a viewer, Europe is the skills programme alone (Germany and TU Berlin).
        regions = {name: table(lines) for name, lines in services.results_by_region(viewer)}
        assert regions["Europe"] == table(services.results_of_initiative(world["skills"]))
        assert regions["Asia"] == {  # the hubs only, through JICA
            FDI: (D("1000000"), D("750000.50")),
            PEOPLE: (D("400"), D("390")),
        }

    def test_an_organization_does_not_count_for_its_headquarters_country(self, world, editor):
        # Were UNDP's seat recorded in France, its AI lab would still not be cooperation
        # with France, nor with Europe (an organization without a region belongs to none).
        def europe():
            return dict(services.results_by_region(editor))["Europe"]

        before = table(europe())
        world["undp"].country = world["france"]
        world["undp"].save()
        france = table(services.results_of_partner(world["france"], editor))
        assert france == table(services.results_of_initiative(world["secret"]))
        assert table(europe()) == before

    def test_per_region_shows_nothing_to_an_outsider(self, world, outsider):
        assert services.results_by_region(outsider) == []
        assert services.results_by_year(outsider) == []

    def test_per_year(self, world, editor, viewer_no_clearance):
        years = {year: table(lines) for year, lines in services.results_by_year(editor)}
        assert list(years) == [2022, 2023, 2024]
        assert years[2022] == {PEOPLE: (D("150"), D("140"))}  # skills 100/90, cables 50/50
        assert years[2023] == {
            COMPANIES: (None, D("5")),
            FDI: (D("500000"), D("400000")),
            JOBS: (None, D("40")),  # no target that year
            PEOPLE: (D("320"), D("310")),  # 120 + 200; 130 + 180
        }
        assert years[2024] == {
            FDI: (D("1000000"), D("750000.50")),
            JOBS: (D("90"), D("57")),  # 50 + 30 + 10; 45 + 12
            PEOPLE: (D("410"), D("280")),  # 150 + 200 + 60; 210 + 70 (skills' not set)
        }
        public = {y: table(lines) for y, lines in services.results_by_year(viewer_no_clearance)}
        assert public == {
            2023: {FDI: (D("500000"), D("400000")), PEOPLE: (D("200"), D("180"))},
            2024: {
                FDI: (D("1000000"), D("750000.50")),
                JOBS: (D("10"), D("12")),
                PEOPLE: (D("200"), D("210")),
            },
        }

    def test_a_line_says_how_much_was_achieved_and_whether_on_track(self, world, editor):
        lines = {
            line.indicator.name_en: line
            for line in services.rollup(services.periods_of(services.readable_initiatives(editor)))
        }
        # Like with like: the periods with both a target and an actual. People trained:
        # 100+120+200+200+50+60 = 730 targeted, 90+130+180+210+50+70 = 730 achieved (the
        # skills programme's 2024 target, not yet measured, is no shortfall).
        assert (lines[PEOPLE].achieved, lines[PEOPLE].on_track) == (100, True)
        # Jobs: skills 2024 50/45 and the AI lab 10/12 (40 with no target, 30 not measured).
        assert (lines[JOBS].achieved, lines[JOBS].on_track) == (95, False)  # 57 / 60
        assert (lines[FDI].achieved, lines[FDI].on_track) == (77, False)  # 1,150,000.50 / 1.5m
        assert (lines[COMPANIES].achieved, lines[COMPANIES].on_track) == (None, None)


# Funding ---------------------------------------------------------------------------------

# EUR 100,000 x 1.08 = 108,000.00; USD 250,000; JPY 50,000,000 x 0.0071 = 355,000.00;
# GBP 1,000 has no rate: unconverted.
# EUR 40,000 x 1.10 = 44,000.00; USD 100,000.50; JPY 12,345,678 x 0.0066 = 81,481.4748;
# EUR 333.33 x 1.08 = 359.9964.
EXPECTED_FUNDING = {
    "editor": (D("713000.00"), D("225841.97"), 1),  # 44,000 + 100,000.50 + 81,481.4748 + 359.9964
    "manager": (D("713000.00"), D("225841.97"), 1),
    "viewer": (D("358000.00"), D("144360.50"), 1),  # 44,000 + 100,000.50 + 359.9964
    "viewer_no_clearance": (D("250000.00"), D("100360.50"), 1),  # 100,000.50 + 359.9964
    "outsider": (D("0.00"), D("0.00"), 0),
}


class TestFunding:
    @pytest.mark.parametrize("persona", list(EXPECTED_FUNDING))
    def test_totals_in_the_reporting_currency_are_the_hand_sums(self, world, request, persona):
        user = request.getfixturevalue(persona)
        funding = Funding.objects.filter(initiative__in=services.readable_initiatives(user))
        totals = services.funding_totals(funding)
        assert (totals.committed, totals.disbursed, totals.unconverted) == EXPECTED_FUNDING[persona]
        assert totals.currency == "USD"
        assert str(totals.committed).endswith(".00")  # two decimals, always

    def test_each_line_is_converted_at_the_rate_of_its_year(self, world):
        rates = {
            (line.currency, line.date.year): line.rate
            for line in services.converted(Funding.objects.all())
        }
        assert rates[("EUR", 2023)] == D("1.08")
        assert rates[("EUR", 2024)] == D("1.10")
        assert rates[("JPY", 2024)] == D("0.0066")
        assert rates[("USD", 2023)] == rates[("USD", 2024)] == 1  # the reporting currency
        assert rates[("GBP", 2024)] is None  # reported as unconverted, not counted as 0

    def test_a_rate_of_another_year_is_not_used(self, world):
        # Only a 2025 GBP rate: the 2024 GBP line stays unconverted.
        f.rate("GBP", 2025, "1.27")
        totals = services.funding_of_initiative(world["lab"])
        assert (totals.committed, totals.disbursed, totals.unconverted) == (
            D("0.00"),
            D("360.00"),  # 359.9964, to the cent
            1,
        )
        f.rate("GBP", 2024, "1.25")
        totals = services.funding_of_initiative(world["lab"])
        assert (totals.committed, totals.unconverted) == (D("1250.00"), 0)

    def test_the_disbursed_share(self, world):
        totals = services.funding_of_initiative(world["hubs"])
        assert totals.disbursed_share == 40  # 100,000.50 of 250,000


# In the database -------------------------------------------------------------------------


def count(call) -> tuple[int, object]:
    call()  # warm what is cached per user (the roles) and per process
    loaded = AssertionError("a period was loaded")
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(ResultPeriod, "from_db", side_effect=loaded),
    ):
        value = call()
    return len(queries), value


def add_periods(initiative, indicator, n):
    """`n` monthly periods of `initiative` for `indicator`, each target 10, actual 7."""
    result = initiative.results.get_or_create(indicator=indicator)[0]
    existing = result.periods.count()
    for i in range(existing, existing + n):
        start = date(2000 + i // 12, i % 12 + 1, 1)
        ResultPeriod.objects.create(
            result=result, period_start=start, period_end=start, target=10, actual=7
        )


ROLLUPS = {
    # name: (call, queries)
    "sector": (
        lambda w, u: services.rollup(services.periods_of(services.readable_initiatives(u))),
        2,  # the aggregate, the indicators
    ),
    "initiative": (lambda w, u: services.results_of_initiative(w["skills"]), 2),
    "agreement": (lambda w, u: services.results_of_agreement(w["mou"], u), 2),
    "partner": (lambda w, u: services.results_of_partner(w["germany"], u), 2),
    "regions": (lambda w, u: services.results_by_region(u), 2 * 5),  # two per M49 region
    "years": (lambda w, u: services.results_by_year(u), 2),
    "funding": (
        lambda w, u: services.funding_totals(
            Funding.objects.filter(initiative__in=services.readable_initiatives(u))
        ),
        1,
    ),
}


@pytest.mark.parametrize("name", list(ROLLUPS))
def test_each_rollup_runs_the_same_queries_for_3_and_30_periods(world, indicators, viewer, name):
    call, budget = ROLLUPS[name]
    trained = indicators["people-trained"]
    add_periods(world["skills"], trained, 3)
    three, before = count(lambda: call(world, viewer))
    add_periods(world["skills"], trained, 27)
    for i in range(27):  # and as many funding lines
        f.funding(world["skills"], "10", "EUR", "commitment", date(2023, 1, 1 + i))
    thirty, after = count(lambda: call(world, viewer))
    assert three == thirty <= budget, f"{three} queries for 3 periods, {thirty} for 30"
    if name in ("sector", "initiative", "partner"):
        # The 27 new periods were summed: 27 x 10 more target, 27 x 7 more actual.
        was, now = table(before)[PEOPLE], table(after)[PEOPLE]
        assert (now[0] - was[0], now[1] - was[1]) == (270, 189)
    if name == "funding":
        assert after.committed - before.committed == D("291.60")  # 27 x 10 EUR x 1.08


def test_the_sums_are_aggregates_in_sql(world, viewer):
    services.results_of_agreement(world["mou"], viewer)  # the viewer's roles, read once
    with CaptureQueriesContext(connection) as queries:
        services.results_of_agreement(world["mou"], viewer)
    aggregate = queries.captured_queries[0]["sql"].upper()
    assert "SUM(" in aggregate and "GROUP BY" in aggregate
