"""The initiative pages: the list with its filters, sorting, pages, HTMX fragment and
exports; the initiative's page; the IATI download; the Arabic pages. (The forms are in
test_forms.)"""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from initiatives.models import InitiativePartner, Result
from initiatives.tests import factories as make
from initiatives.tests import pages as shared
from initiatives.tests.pages import (
    CREATE,
    IATI,
    LIST,
    RATES,
    arabic,
    text_of,
    titles,
    url,
)

pytestmark = pytest.mark.django_db

world = shared.world
funded = shared.funded
measured = shared.measured


# The list ------------------------------------------------------------------------------


class TestList:
    def test_it_lists_what_the_viewer_may_read_latest_start_first(self, client_for, viewer, world):
        response = client_for(viewer).get(LIST)
        assert response.status_code == 200
        assert titles(response) == ["Research", "Accelerator", "Skills"]
        assert "3 initiatives" in response.text
        assert "Cables" not in response.text

    def test_it_lists_the_confidential_initiative_for_an_officer_cleared_for_it(
        self, client_for, editor, world
    ):
        response = client_for(editor).get(LIST)
        assert titles(response) == ["Research", "Accelerator", "Skills", "Cables"]

    def test_it_lists_only_public_initiatives_without_clearance(
        self, client_for, viewer_no_clearance, world
    ):
        assert titles(client_for(viewer_no_clearance).get(LIST)) == ["Research"]

    def test_it_refuses_someone_without_a_role(self, client_for, outsider, world):
        assert client_for(outsider).get(LIST).status_code == 403

    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, world):
        response = client.get(LIST)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_it_shows_the_columns(self, client_for, viewer, world):
        page = text_of(client_for(viewer).get(LIST))
        skills = world["Skills"]
        assert f'<a href="{skills.get_absolute_url()}">Skills</a>' in page
        assert "Capacity-building programme" in page
        assert "Japan International Cooperation Agency" in page
        assert "(Implementer)" in page
        assert "Ongoing" in page
        assert "01/01/2022 – 31/12/2026" in page
        assert "Published" in page  # Research
        assert 'classification-internal">Internal' in page

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"kind": "research"}, {"Research"}),
            ({"kind": "innovation"}, {"Accelerator"}),
            ({"status": "ongoing"}, {"Skills"}),
            ({"status": "suspended"}, {"Accelerator"}),
            ({"classification": "public"}, {"Research"}),
            ({"classification": "internal"}, {"Skills", "Accelerator"}),
            ({"published": "true"}, {"Research"}),
            ({"published": "false"}, {"Skills", "Accelerator"}),
            ({"start_after": "2023-01-01"}, {"Research", "Accelerator"}),
            ({"start_before": "2023-06-01"}, {"Skills", "Accelerator"}),
            ({"start_after": "2022-06-01", "start_before": "2024-01-01"}, {"Accelerator"}),
            ({"q": "skills"}, {"Skills"}),
            ({"q": "مسرعة"}, {"Accelerator"}),
            ({"q": "nothing like it"}, set()),
        ],
    )
    def test_it_filters(self, client_for, viewer, world, params, expected):
        response = client_for(viewer).get(LIST, params)
        assert response.status_code == 200
        assert set(titles(response)) == expected
        assert response.context["paginator"].count == len(expected)

    def test_it_filters_by_area_and_agreement(self, client_for, viewer, world):
        client = client_for(viewer)
        assert titles(client.get(LIST, {"area": world["ai"].pk})) == ["Skills"]
        response = client.get(LIST, {"agreement": world["mou"].pk})
        assert titles(response) == ["Skills"]
        assert "Initiatives that carry out “Digital cooperation MoU”." in text_of(response)

    def test_it_filters_by_partner_with_a_countrys_institutions_each_once(
        self, client_for, editor, world
    ):
        client = client_for(editor)
        # Japan: its own initiatives (Accelerator has it twice) and JICA's.
        response = client.get(LIST, {"partner": world["japan"].pk})
        assert titles(response) == ["Accelerator", "Skills", "Cables"]
        assert response.context["paginator"].count == 3
        assert "Initiatives with Japan (or, for a country, its institutions)" in response.text
        assert titles(client.get(LIST, {"partner": world["jica"].pk})) == ["Skills", "Cables"]
        assert titles(client.get(LIST, {"partner": world["france"].pk})) == ["Research"]

    @pytest.mark.parametrize(
        ("ordering", "expected"),
        [
            ("title", ["Accelerator", "Research", "Skills"]),
            ("-title", ["Skills", "Research", "Accelerator"]),
            ("start", ["Skills", "Accelerator", "Research"]),
            ("-start", ["Research", "Accelerator", "Skills"]),
            ("status", ["Skills", "Research", "Accelerator"]),
        ],
    )
    def test_it_sorts(self, client_for, viewer, world, ordering, expected):
        assert titles(client_for(viewer).get(LIST, {"ordering": ordering})) == expected

    def test_it_says_what_is_wrong_with_a_filter(self, client_for, viewer, world):
        response = client_for(viewer).get(LIST, {"start_after": "soon", "kind": "war"})
        assert response.status_code == 200
        assert set(response.context["filter"].form.errors) == {"start_after", "kind"}
        assert 'class="alert alert-warning"' in response.text

    def test_it_pages_by_25_keeping_the_filters(self, client_for, viewer):
        for i in range(30):
            make.initiative(f"Programme {i:02d}", kind="research")
        make.initiative("Unrelated")
        client = client_for(viewer)
        first = client.get(LIST, {"kind": "research", "ordering": "title"})
        assert titles(first) == [f"Programme {i:02d}" for i in range(25)]
        assert "30 initiatives" in first.text
        assert "Page 1 of 2" in first.text
        assert 'href="?kind=research&amp;ordering=title&page=2"' in first.text
        second = client.get(LIST, {"kind": "research", "ordering": "title", "page": 2})
        assert titles(second) == [f"Programme {i:02d}" for i in range(25, 30)]

    def test_it_answers_htmx_with_the_results_alone(self, client_for, viewer, world):
        client = client_for(viewer)
        response = client.get(LIST, {"kind": "research"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert response.templates[0].name == "initiatives/partials/initiative_results.html"
        assert "<html" not in response.text
        assert "1 initiative" in response.text
        assert "HX-Request" in response["Vary"]
        full = client.get(LIST, {"kind": "research"})
        assert "<html" in full.text
        assert 'hx-target="#results"' in full.text

    def test_it_helps_when_nothing_matches(self, client_for, editor, viewer, world):
        response = client_for(editor).get(LIST, {"q": "nothing like it"})
        assert "No initiative matches." in response.text
        assert f'href="{CREATE}"' in response.text
        response = client_for(viewer).get(LIST, {"q": "nothing like it"})
        assert "No initiative matches." in response.text
        assert f'href="{CREATE}"' not in response.text

    def test_it_links_the_results_the_rates_and_the_iati_download(self, client_for, viewer, world):
        page = client_for(viewer).get(LIST).text
        assert f'href="{reverse("initiatives:results")}"' in page
        assert f'href="{RATES}"' in page
        assert f'href="{IATI}"' in page


# Exports -------------------------------------------------------------------------------


def csv_of(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


HEADER = [
    "English title",
    "Arabic title",
    "Kind",
    "Status",
    "Start",
    "End",
    "Partners and roles",
    "Agreements implemented",
    "Committed (USD)",
    "Disbursed (USD)",
    "Desk",
    "Classification",
    "Published",
]


class TestExports:
    def test_it_exports_csv(self, client_for, viewer, funded):
        response = client_for(viewer).get(LIST, {"export": "csv"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert re.match(
            r'attachment; filename="initiatives-\d{4}-\d{2}-\d{2}\.csv"',
            response["Content-Disposition"],
        )
        header, *rows = csv_of(response)
        assert header == HEADER
        by_title = {row[0]: row for row in rows}
        assert set(by_title) == {"Skills", "Research", "Accelerator"}  # not Cables
        skills = by_title["Skills"]
        assert skills[2:6] == ["Capacity-building programme", "Ongoing", "2022-01-01", "2026-12-31"]
        assert skills[6] == "Japan (Funder); Japan International Cooperation Agency (Implementer)"
        # The viewer cannot read the confidential treaty it also carries out.
        assert skills[7] == "Digital cooperation MoU"
        assert skills[8:10] == ["3200.0", "500.0"]
        assert skills[10:] == ["Asian desk", "Internal", "No"]
        assert by_title["Accelerator"][1] == "مسرعة الشركات الناشئة"
        assert by_title["Accelerator"][8:10] == ["", ""]
        assert by_title["Research"][12] == "Yes"

    def test_it_exports_the_filtered_list_as_xlsx(self, client_for, editor, funded):
        response = client_for(editor).get(LIST, {"export": "xlsx", "partner": funded["jica"].pk})
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == HEADER
        assert [row[0] for row in rows[1:]] == ["Skills", "Cables"]
        skills = rows[1]
        assert skills[4].date() == date(2022, 1, 1)  # a real date
        assert skills[7] == "Digital cooperation MoU; Undersea cable treaty"
        assert (skills[8], skills[9]) == (3200.0, 500.0)  # numbers, to add up
        assert not sheet.sheet_view.rightToLeft

    def test_it_exports_in_arabic_right_to_left(self, client_for, viewer, world):
        client = arabic(client_for(viewer))
        response = client.get(LIST, {"export": "xlsx", "q": "مسرعة"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.sheet_view.rightToLeft
        assert sheet.cell(2, 2).value == "مسرعة الشركات الناشئة"


# The initiative's page -----------------------------------------------------------------


class TestDetail:
    def test_it_shows_the_initiative(self, client_for, viewer, measured):
        skills = measured["Skills"]
        response = client_for(viewer).get(skills.get_absolute_url())
        assert response.status_code == 200
        page = text_of(response)
        assert '<h1 class="h3 mb-1">Skills</h1>' in page
        assert "Capacity-building programme" in page
        assert 'data-status="ongoing">Ongoing' in page
        assert "1 January 2022 – 31 December 2026" in page
        assert "Training young people in digital skills." in page
        assert "Artificial intelligence" in page
        assert "Asian desk" in page
        assert "Internal" in page

    def test_it_shows_only_the_agreements_the_reader_may_read(
        self, client_for, viewer, editor, world
    ):
        skills = world["Skills"]
        page = client_for(viewer).get(skills.get_absolute_url()).text
        assert world["mou"].get_absolute_url() in page
        assert "Undersea cable treaty" not in page
        page = client_for(editor).get(skills.get_absolute_url()).text
        assert world["secret_mou"].get_absolute_url() in page

    def test_it_groups_the_partners_by_role_with_links(self, client_for, viewer, world):
        page = text_of(client_for(viewer).get(world["Accelerator"].get_absolute_url()))
        japan = world["japan"].get_absolute_url()
        assert re.search(rf'Funder</h3> <ul[^>]*><li[^>]*> <a href="{japan}">Japan</a>', page)
        assert re.search(rf'Partner</h3> <ul[^>]*><li[^>]*> <a href="{japan}">Japan</a>', page)
        assert page.index("Funder</h3>") < page.index("Partner</h3>")

    def test_it_hides_a_partner_above_the_readers_clearance(self, client_for, viewer, world):
        secret = make.institution("Hidden Holdings", classification="secret")
        InitiativePartner.objects.create(
            initiative=world["Skills"], partner=secret, role="beneficiary"
        )
        page = client_for(viewer).get(world["Skills"].get_absolute_url()).text
        assert "Hidden Holdings" not in page

    def test_it_shows_the_funding_in_the_reporting_currency(self, client_for, viewer, funded):
        response = client_for(viewer).get(funded["Skills"].get_absolute_url())
        page = text_of(response)
        totals = response.context["funding"]
        assert (totals.committed, totals.disbursed, totals.unconverted) == (
            Decimal("3200.00"),
            Decimal("500.00"),
            1,
        )
        assert 'id="funding-committed"><bdi>USD\xa03,200</bdi>' in page
        assert 'id="funding-disbursed"><bdi>USD\xa0500</bdi>' in page
        assert "EUR\xa02,000" in page and "USD\xa02,200" in page  # the line, converted
        assert "JPY\xa030,000" in page
        assert "no rate for the year" in page
        assert 'id="funding-unconverted"' in page
        assert "1 funding line has no exchange rate for its year" in page
        # Per source: Japan's 2,000 EUR, and the lines without a source.
        sources = {
            str(row["source"] or ""): (row["committed"], row["disbursed"])
            for row in response.context["funding_sources"]
        }
        assert sources == {
            "Japan": (Decimal("2200.00"), None),
            "": (Decimal("1000.00"), Decimal("500.00")),
        }

    def test_it_shows_the_results_and_their_periods(self, client_for, viewer, measured):
        skills = measured["Skills"]
        response = client_for(viewer).get(skills.get_absolute_url())
        page = text_of(response)
        lines = {line.indicator.code: line for line in response.context["result_lines"]}
        assert (lines["people-trained"].target, lines["people-trained"].actual) == (220, 210)
        assert "initiatives/_results.html" in [t.name for t in response.templates]
        assert 'id="initiative-results"' in page  # the chart and its table
        people = Result.objects.get(indicator__code="people-trained")
        assert f'id="result-{people.pk}"' in page
        assert "Baseline: 10 in 2021" in page
        assert "01/01/2022 – 31/12/2022" in page
        assert "Annual report" in page
        assert "No periods yet" in page  # jobs created
        # A viewer has no buttons.
        assert url("period_create", skills.pk, people.pk) not in page
        assert url("result_create", skills.pk) not in page
        assert url("initiative_update", skills.pk) not in page

    def test_it_gives_an_officer_the_buttons_but_not_the_delete(self, client_for, editor, measured):
        skills = measured["Skills"]
        page = client_for(editor).get(skills.get_absolute_url()).text
        people = Result.objects.get(indicator__code="people-trained")
        period = people.periods.first()
        for href in [
            url("initiative_update", skills.pk),
            url("partner_create", skills.pk),
            url("funding_create", skills.pk),
            url("result_create", skills.pk),
            url("result_update", skills.pk, people.pk),
            url("period_create", skills.pk, people.pk),
            url("period_update", skills.pk, people.pk, period.pk),
            url("part_delete", skills.pk, "period", period.pk),
            url("part_delete", skills.pk, "result", people.pk),
        ]:
            assert href in page, href
        assert url("initiative_delete", skills.pk) not in page

    def test_it_gives_a_manager_the_delete(self, client_for, manager, world):
        page = client_for(manager).get(world["Skills"].get_absolute_url()).text
        assert url("initiative_delete", world["Skills"].pk) in page

    def test_it_has_actions_documents_notes_and_history(self, client_for, editor, world):
        from actions.models import Action

        skills = world["Skills"]
        Action.objects.create(
            title_en="Send the trainee list",
            source=skills,
            owner=editor,
            classification="internal",
            due_date=timezone.localdate() + timedelta(days=7),
        )
        response = client_for(editor).get(skills.get_absolute_url())
        page = response.text
        assert "Send the trainee list" in page
        assert 'id="actions-title"' in page
        assert 'id="documents-title"' in page
        assert "/documents/upload/initiatives/initiative/" in page
        assert 'id="notes-title"' in page
        assert 'id="history-title"' in page

    def test_it_hides_a_confidential_initiative_from_the_viewer(
        self, client_for, viewer, editor, world
    ):
        cables = world["Cables"].get_absolute_url()
        assert client_for(viewer).get(cables).status_code == 404
        assert client_for(editor).get(cables).status_code == 200

    def test_it_refuses_someone_without_a_role(self, client_for, outsider, world):
        assert client_for(outsider).get(world["Skills"].get_absolute_url()).status_code == 403

    def test_it_says_what_is_missing(self, client_for, editor, world):
        page = client_for(editor).get(world["Research"].get_absolute_url()).text
        assert "No funding recorded" in page
        assert "No results recorded yet." in page


# IATI, Arabic ----------------------------------------------------------------------------------


class TestIati:
    def test_it_downloads_the_published_initiatives(self, client_for, viewer, world):
        response = client_for(viewer).get(IATI)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        assert response["Content-Disposition"] == (
            'attachment; filename="accord-iati-activities.xml"'
        )
        body = response.content.decode()
        assert "Research" in body
        assert "Skills" not in body  # internal
        assert "Cables" not in body

    def test_it_refuses_someone_without_a_role(self, client_for, outsider, world):
        assert client_for(outsider).get(IATI).status_code == 403


class TestArabic:
    def test_it_shows_the_arabic_title_right_to_left(self, client_for, viewer, world):
        client = arabic(client_for(viewer))
        page = client.get(world["Accelerator"].get_absolute_url()).text
        assert '<html lang="ar" dir="rtl">' in page
        assert "bootstrap.rtl.min.css" in page
        assert re.search(r"<h1[^>]*>مسرعة الشركات الناشئة</h1>", page)
        listing = client.get(LIST).text
        assert 'dir="rtl"' in listing
        assert "مسرعة الشركات الناشئة" in listing

    def test_it_shows_the_arabic_description(self, client_for, viewer, world):
        client = arabic(client_for(viewer))
        page = client.get(world["Skills"].get_absolute_url()).text
        assert "تدريب الشباب على المهارات الرقمية." in page
        assert "Training young people" not in page
