"""The results on the pages: "What it achieved" on an agreement's page, "Results" on a
partner's page and the head of sector's overview. Each shows only what the reader may read
(a confidential initiative's title and numbers never reach a viewer), in English and in
Arabic (mirrored chart), in a number of queries that does not grow with the initiatives."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives import charts
from initiatives.models import Indicator
from initiatives.services import Line
from initiatives.templatetags.initiatives_results import figure, percent
from initiatives.tests import factories as f

pytestmark = pytest.mark.django_db

RESULTS = reverse("initiatives:results")


@pytest.fixture
def scene(db, indicators):
    """An internal agreement carried out by a public and a confidential initiative, both
    with Kenya; a confidential Kenyan university implements the public one."""
    kenya = f.country("KE", "Kenya", region="002", name_ar="كينيا")
    university = f.institution(
        "Nairobi Innovation University",
        country=kenya,
        institution_type="university",
        classification="confidential",
    )
    mou = f.agreement("Digital cooperation MoU", classification="internal")
    hubs = f.initiative(
        "Innovation hubs",
        classification="public",
        partners=[(kenya, "beneficiary"), (university, "implementer")],
        agreements=[mou],
    )
    f.result(hubs, indicators["people-trained"], [(2023, "100", "80")])
    cables = f.initiative(
        "Submarine cables",
        classification="confidential",
        partners=[(kenya, "partner")],
        agreements=[mou],
    )
    f.result(cables, indicators["people-trained"], [(2023, "40", "50")])
    f.result(cables, indicators["jobs-created"], [(2024, "7", "9")])
    return {"kenya": kenya, "university": university, "mou": mou, "hubs": hubs, "cables": cables}


def arabic(client):
    client.post(reverse("core:set_language"), {"language": "ar"})
    return client


def section(html: str, id_: str) -> str:
    match = re.search(rf'<section[^>]*id="{id_}".*?</div></section>', html, re.S)
    assert match, f"no section #{id_}"
    return match.group(0)


def rows(html: str) -> dict:
    """{indicator: (target, actual, achieved)} from the results table(s) in `html`."""
    found = {}
    for row in re.findall(r"<tr data-indicator=.*?</tr>", html, re.S):
        name = re.search(r'<th scope="row"[^>]*>([^<]*)', row).group(1).strip()
        cells = re.findall(r'<td class="text-end">(.*?)</td>', row, re.S)
        found[name] = tuple(re.sub(r"<[^>]+>", "", c).strip() for c in cells)
    return found


def svg_of(html: str) -> str:
    return re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)


class TestAgreementPage:
    def test_it_shows_what_it_achieved_to_an_editor(self, client_for, editor, scene):
        page = client_for(editor).get(scene["mou"].get_absolute_url())
        assert page.status_code == 200
        achieved = section(page.text, "achieved")
        assert "What it achieved" in achieved
        assert "Carried out by 2 initiatives" in achieved
        for initiative in (scene["hubs"], scene["cables"]):
            url = reverse("initiatives:initiative_detail", args=[initiative.pk])
            assert f'<a href="{url}">{initiative.title_en}</a>' in achieved
        assert "Ongoing" in achieved
        assert rows(achieved) == {
            "Jobs created": ("7", "9", "129%"),
            "People trained": ("140", "130", "93%"),  # 100 + 40; 80 + 50
        }
        assert [line.indicator.code for line in page.context["achieved"]] == [
            "jobs-created",
            "people-trained",
        ]

    def test_a_viewer_gets_neither_the_confidential_title_nor_its_numbers(
        self, client_for, viewer, scene
    ):
        page = client_for(viewer).get(scene["mou"].get_absolute_url())
        assert page.status_code == 200
        assert "Submarine cables" not in page.text
        achieved = section(page.text, "achieved")
        assert "Carried out by 1 initiative" in achieved
        assert "Innovation hubs" in achieved
        # The public initiative's numbers only: no jobs, 100 trained of 80.
        assert rows(achieved) == {"People trained": ("100", "80", "80%")}
        assert [(li.target, li.actual) for li in page.context["achieved"]] == [
            (Decimal("100.00"), Decimal("80.00"))
        ]
        assert [i.title_en for i in page.context["agreement_initiatives"]] == ["Innovation hubs"]
        assert "Below target" in achieved

    def test_without_initiatives_it_invites_an_editor_to_record_one(
        self, client_for, editor, viewer, scene
    ):
        other = f.agreement("Cable landing agreement")
        create = reverse("initiatives:initiative_create")
        page = client_for(editor).get(other.get_absolute_url())
        achieved = section(page.text, "achieved")
        assert "No initiative carries out this agreement yet" in achieved
        assert f'href="{create}?agreement={other.pk}"' in achieved
        assert "<svg" not in achieved
        # A viewer may not add an initiative: no link.
        achieved = section(client_for(viewer).get(other.get_absolute_url()).text, "achieved")
        assert "No initiative carries out this agreement yet" in achieved
        assert create not in achieved

    def test_an_initiative_without_results_says_so(self, client_for, editor, scene):
        other = f.agreement("Cable landing agreement")
        f.initiative("Landing station study", agreements=[other])
        achieved = section(client_for(editor).get(other.get_absolute_url()).text, "achieved")
        assert "Landing station study" in achieved
        assert "No results recorded yet." in achieved

    def test_it_lists_20_initiatives_and_links_to_all(self, client_for, editor, scene):
        for i in range(21):
            f.initiative(
                f"Programme {i:02d}", start=date(2000 + i, 1, 1), agreements=[scene["mou"]]
            )
        page = client_for(editor).get(scene["mou"].get_absolute_url())
        assert len(page.context["agreement_initiatives"]) == 20
        assert page.context["agreement_initiative_count"] == 23
        achieved = section(page.text, "achieved")
        assert "All 23 initiatives" in achieved
        assert f"?agreement={scene['mou'].pk}" in achieved


class TestPartnerPage:
    def test_it_shows_the_initiatives_with_the_roles_and_the_results(
        self, client_for, editor, scene
    ):
        page = client_for(editor).get(scene["kenya"].get_absolute_url())
        assert page.status_code == 200
        results = section(page.text, "results")
        assert "2 initiatives with this country or its institutions" in results
        assert "Submarine cables" in results and "Innovation hubs" in results
        # Kenya's own role, and its university's (named: the editor may read it).
        assert "Beneficiary, Implementer (through Nairobi Innovation University)" in results
        assert rows(results) == {
            "Jobs created": ("7", "9", "129%"),
            "People trained": ("140", "130", "93%"),
        }

    def test_a_viewer_gets_neither_the_confidential_title_nor_its_numbers(
        self, client_for, viewer, scene
    ):
        page = client_for(viewer).get(scene["kenya"].get_absolute_url())
        assert "Submarine cables" not in page.text
        # Nor the name of the confidential university: only its role.
        assert "Nairobi Innovation University" not in page.text
        results = section(page.text, "results")
        assert "1 initiative with this country or its institutions" in results
        assert "Beneficiary, Implementer ·" in results
        assert rows(results) == {"People trained": ("100", "80", "80%")}

    def test_a_partner_without_initiatives(self, client_for, editor, scene):
        france = f.country("FR", "France", region="150")
        results = section(client_for(editor).get(france.get_absolute_url()).text, "results")
        assert "No initiative with this partner yet" in results
        assert reverse("initiatives:initiative_create") in results


class TestResultsOverview:
    @pytest.mark.parametrize(
        "persona, trained, jobs",
        [
            ("editor", ("140", "130", "93%"), ("7", "9", "129%")),
            ("manager", ("140", "130", "93%"), ("7", "9", "129%")),
            ("viewer", ("100", "80", "80%"), None),
            ("viewer_no_clearance", ("100", "80", "80%"), None),
        ],
    )
    def test_each_persona_sees_the_sum_of_what_they_may_read(
        self, client_for, request, scene, persona, trained, jobs
    ):
        page = client_for(request.getfixturevalue(persona)).get(RESULTS)
        assert page.status_code == 200
        totals = rows(section(page.text, "totals"))
        assert totals["People trained"] == trained
        assert totals.get("Jobs created") == jobs
        regions = section(page.text, "regions")
        assert "Africa" in regions  # Kenya
        assert rows(regions)["People trained"] == trained
        years = section(page.text, "years")
        assert "2023" in years
        if jobs is None:
            assert "Submarine cables" not in page.text
            assert "2024" not in years  # only the confidential jobs were in 2024

    def test_an_outsider_is_refused(self, client_for, outsider, scene):
        assert client_for(outsider).get(RESULTS).status_code == 403

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, scene):
        response = client.get(RESULTS)
        assert response.status_code == 302 and "login" in response.url

    def test_it_totals_the_funding_in_the_reporting_currency(self, client_for, editor, scene):
        f.rate("EUR", 2023, "1.08")
        f.funding(scene["hubs"], "1000", "EUR", "commitment", date(2023, 3, 1))
        f.funding(scene["cables"], "500.25", "USD", "disbursement", date(2024, 3, 1))
        f.funding(scene["cables"], "700", "CHF", "commitment", date(2024, 3, 1))  # no rate
        page = client_for(editor).get(RESULTS)
        funding = section(page.text, "funding")
        assert "USD\xa01,080" in funding  # 1,000 EUR x 1.08
        assert "USD\xa0500.25" in funding
        assert "1 funding line has no exchange rate" in funding

    def test_with_nothing_recorded(self, client_for, editor, indicators):
        page = client_for(editor).get(RESULTS)
        assert page.status_code == 200
        assert "No results recorded yet." in section(page.text, "totals")
        assert "<svg" not in page.text


class TestChart:
    def test_the_svg_is_an_image_named_by_its_title(self, client_for, editor, scene):
        page = client_for(editor).get(scene["mou"].get_absolute_url())
        svg = svg_of(section(page.text, "achieved"))
        assert 'role="img"' in svg
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1)
        assert f'<title id="{labelled_by}">Target against actual per indicator</title>' in svg
        # Two bars an indicator, each with its figure; the actual coloured by its track.
        assert svg.count('class="bar-target"') == 2
        assert svg.count('class="bar-actual on-track"') == 1  # jobs: 9 of 7
        assert svg.count('class="bar-actual off-track"') == 1  # trained: 130 of 140
        assert ">130 · 93%<" in svg

    def test_the_ids_are_unique_in_the_overview(self, client_for, editor, scene):
        text = client_for(editor).get(RESULTS).text
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids))
        assert text.count('role="img"') == 4  # totals, Africa, 2023, 2024

    def test_each_indicator_is_scaled_to_its_larger_value(self, indicators):
        trained, jobs = indicators["people-trained"], indicators["jobs-created"]
        chart = charts.results_chart(
            [
                Line(trained, Decimal("200"), Decimal("50"), Decimal("200"), Decimal("50")),
                Line(jobs, Decimal("3"), Decimal("6"), Decimal("3"), Decimal("6")),
                Line(jobs, None, Decimal("4")),
            ]
        )
        (target, actual), (target2, actual2), (missing, alone) = (r.bars for r in chart.rows)
        assert target.width == charts.PLOT and actual.width == charts.PLOT / 4
        assert target2.width == charts.PLOT / 2 and actual2.width == charts.PLOT
        assert (target.text, actual.text) == ("200", "50 · 25%")
        assert not missing.drawn and missing.text == "not set"
        assert alone.width == charts.PLOT and alone.css == "bar-actual"
        assert all(bar.x == charts.PAD for row in chart.rows for bar in row.bars)

    def test_it_is_mirrored_right_to_left(self, indicators):
        chart = charts.results_chart(
            [Line(indicators["people-trained"], Decimal("200"), Decimal("50"))], rtl=True
        )
        [row] = chart.rows
        right = charts.WIDTH - charts.PAD
        assert row.name_x == right and chart.anchor == "end"
        target, actual = row.bars
        assert target.x == right - charts.PLOT and target.x + target.width == right
        assert actual.x + actual.width == right
        assert actual.text_x == right - actual.width - 4  # the figure to the bar's left

    def test_a_negative_or_zero_figure_draws_no_length(self, indicators):
        jobs = indicators["jobs-created"]
        chart = charts.results_chart(
            [Line(jobs, Decimal("0"), Decimal("0")), Line(jobs, Decimal("-5"), Decimal("10"))]
        )
        (zero_t, zero_a), (negative, positive) = (r.bars for r in chart.rows)
        assert zero_t.width == zero_a.width == negative.width == 0
        assert negative.text == "-5" and positive.width == charts.PLOT


class TestArabic:
    def test_the_agreement_page_in_arabic(self, client_for, editor, scene):
        page = arabic(client_for(editor)).get(scene["mou"].get_absolute_url())
        assert 'dir="rtl"' in page.text
        achieved = section(page.text, "achieved")
        table = rows(achieved)
        assert table["عدد المتدربين"] == ("140", "130", "93%")
        assert table["فرص العمل المستحدثة"] == ("7", "9", "129%")
        svg = svg_of(achieved)
        right = charts.WIDTH - charts.PAD
        # The names start on the right, the bars grow leftwards from the right.
        names = re.findall(r'<text class="indicator" x="([\d.]+)"[^>]*text-anchor="(\w+)"', svg)
        assert [(float(x), anchor) for x, anchor in names] == [(right, "end")] * 2
        for x, width in re.findall(
            r'<rect class="bar-[^"]*" x="([\d.]+)" y="[\d.]+" '
            r'width="([\d.]+)"',
            svg,
        ):
            assert float(x) + float(width) == pytest.approx(right)
        assert "عدد المتدربين" in svg
        assert 'direction="ltr"' in svg  # anchors are physical, as in the dues chart

    def test_the_partner_page_and_the_overview_in_arabic(self, client_for, viewer, scene):
        client = arabic(client_for(viewer))
        results = section(client.get(scene["kenya"].get_absolute_url()).text, "results")
        assert rows(results) == {"عدد المتدربين": ("100", "80", "80%")}
        overview = client.get(RESULTS).text
        assert 'dir="rtl"' in overview
        assert "عدد المتدربين" in section(overview, "totals")

    def test_figures_keep_latin_digits_and_a_decimal_point(self):
        with translation.override("ar"):
            assert figure(Decimal("1250000.50")) == "1,250,000.5"
            assert percent(93) == "93%"
        with translation.override("en"):
            assert figure(Decimal("12.00")) == "12"
            assert figure(None) == ""


class TestDirection:
    def test_lower_is_better_turns_the_badge(self, client_for, editor):
        waiting = Indicator.objects.create(
            code="days-to-license",
            name_en="Days to issue a licence",
            name_ar="أيام إصدار الترخيص",
            unit="number",
            direction="decrease",
        )
        faster = f.agreement("Licensing reform")
        good = f.initiative("One-stop shop", agreements=[faster])
        f.result(good, waiting, [(2023, "30", "25")])
        achieved = section(client_for(editor).get(faster.get_absolute_url()).text, "achieved")
        assert "Lower is better" in achieved  # 25 days against 30
        assert '<span class="badge text-bg-success">On track</span>' in achieved
        slower = f.agreement("Licensing reform, phase two")
        bad = f.initiative("Paper forms", agreements=[slower])
        f.result(bad, waiting, [(2023, "30", "45")])
        achieved = section(client_for(editor).get(slower.get_absolute_url()).text, "achieved")
        assert '<span class="badge text-bg-warning">Above target</span>' in achieved  # 45
        assert "text-bg-success" not in achieved


# Queries ---------------------------------------------------------------------------------


def count_queries(fetch) -> int:
    fetch()  # warm caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


def add_initiatives(n, start, indicators, agreement, partner, institution):
    for i in range(start, start + n):
        initiative = f.initiative(
            f"Programme {i:02d}",
            classification="internal",
            partners=[(partner, "funder"), (institution, "implementer"), (partner, "partner")],
            agreements=[agreement],
        )
        f.result(initiative, indicators["people-trained"], [(y, "10", "8") for y in (2022, 2023)])
        f.result(initiative, indicators["jobs-created"], [(2024, "5", None)])


@pytest.mark.parametrize("page", ["agreement", "partner"])
def test_the_page_runs_the_same_queries_for_1_and_10_initiatives(
    client_for, viewer, indicators, page
):
    kenya = f.country("KE", "Kenya", region="002")
    university = f.institution("Nairobi University", country=kenya, institution_type="university")
    mou = f.agreement("Digital cooperation MoU")
    url = (mou if page == "agreement" else kenya).get_absolute_url()
    client = client_for(viewer)
    add_initiatives(1, 0, indicators, mou, kenya, university)
    one = count_queries(lambda: client.get(url))
    add_initiatives(9, 1, indicators, mou, kenya, university)
    ten = count_queries(lambda: client.get(url))
    assert one == ten, f"{one} queries for 1 initiative, {ten} for 10"
    response = client.get(url)
    lines = response.context["achieved" if page == "agreement" else "partner_results"]
    assert [(line.target, line.actual) for line in lines] == [
        (Decimal("50"), None),  # jobs
        (Decimal("200"), Decimal("160")),  # trained: 10 initiatives x 2 years
    ]


def test_the_overview_runs_the_same_queries_for_1_and_10_initiatives(
    client_for, viewer, indicators
):
    kenya = f.country("KE", "Kenya", region="002")
    university = f.institution("Nairobi University", country=kenya, institution_type="university")
    mou = f.agreement("Digital cooperation MoU")
    client = client_for(viewer)
    add_initiatives(1, 0, indicators, mou, kenya, university)
    one = count_queries(lambda: client.get(RESULTS))
    add_initiatives(9, 1, indicators, mou, kenya, university)
    assert count_queries(lambda: client.get(RESULTS)) == one
