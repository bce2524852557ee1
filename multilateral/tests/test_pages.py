"""The multilateral pages as the desk uses them: the overview of memberships with their dues
standing, an organization's page (membership, seats, posts, candidacies, dues chart,
events, positions, member states), the lists with their filters, pages, HTMX fragments and
exports, the forms (bad input refused on its field, nothing saved), national positions used
at events, what each persona may see and do, and the demo."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core.models import ChangeRecord, OrgUnit
from engagements.models import AgendaItem, Meeting
from multilateral.models import (
    Candidacy,
    Contribution,
    GoverningBody,
    Membership,
    NationalPosition,
    OrganizationMember,
    Seat,
)
from multilateral.tests.factories import (  # noqa: F401
    body,
    candidacy,
    contribution,
    council_fixture,
    country,
    egypt_fixture,
    itu_fixture,
    membership,
    national_fixture,
    organization,
    position,
    post,
    seat,
)
from multilateral.views import MembershipListView
from partners.models import Partner, Person

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("multilateral:membership_list")
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
LISTS = {
    name: reverse(f"multilateral:{name}_list")
    for name in ("membership", "seat", "post", "candidacy", "contribution", "body", "position")
}


def org_page(org) -> str:
    return reverse("multilateral:organization_detail", args=[org.pk])


def csv_of(response) -> list[list[str]]:
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def arabic(client):
    client.post(reverse("core:set_language"), {"language": "ar"})
    return client


def days(n) -> date:
    return timezone.localdate() + timedelta(days=n)


def multilateral_meeting(title, org, start, classification="internal", **fields):
    start = start if isinstance(start, datetime) else timezone.make_aware(datetime(*start, 10))
    return Meeting.objects.create(
        kind="multilateral",
        level="senior_officials",
        title_en=title,
        start=start,
        end=start + timedelta(hours=8),
        organization=org,
        classification=classification,
        **fields,
    )


@pytest.fixture
def desk(db):
    return OrgUnit.objects.create(code="multilateral-desk", name_en="Multilateral Desk")


@pytest.fixture
def las(db):
    return organization("LAS", "League of Arab States", category="regional_arab")


@pytest.fixture
def ntra(egypt):
    return Partner.objects.create(
        kind="institution",
        name_en="National Telecom Regulatory Authority",
        acronym="NTRA",
        institution_type="government",
        country=egypt,
        is_domestic=True,
        classification="public",
    )


@pytest.fixture
def world(egypt, itu, las, ntra, council, national, desk):
    """Egypt in ITU (public) and in the Arab League (confidential), the regulator a sector
    member of ITU (internal); a current seat on the ITU Council, an elected post, two
    candidacies; dues to ITU in CHF with arrears and to the League in USD (confidential);
    an internal cleared position used at an ITU event and a confidential draft one."""
    study_group = body(itu, "ITU-D Study Group 1", kind="study_group")
    records = {
        "itu_member": membership(
            itu,
            egypt,
            since=date(1876, 1, 1),
            focal_unit=desk,
            focal_person=national,
            classification="public",
        ),
        "las_member": membership(
            las, egypt, since=date(1945, 3, 22), classification="confidential"
        ),
        "ntra_member": membership(
            itu, ntra, status="sector_member", since=date(2003, 1, 1), classification="internal"
        ),
        "seat": seat(council, egypt, start=days(-400), end=days(400), classification="public"),
        "old_seat": seat(council, egypt, start=date(2015, 1, 1), end=date(2018, 12, 31)),
        "post": post(study_group, national, title="Vice-Chair", start=days(-30)),
        "elected": candidacy(
            council,
            egypt,
            election_date=date(2022, 10, 5),
            votes_for=141,
            votes_cast=176,
            result="elected",
            classification="public",
        ),
        "pending": candidacy(
            study_group,
            egypt,
            person=national,
            post_en="Chair",
            election_date=days(200),
            result="pending",
        ),
        "cleared": position(
            "AI governance",
            topic_ar="حوكمة الذكاء الاصطناعي",
            organization=itu,
            body=council,
            status="cleared",
            text_en="Egypt supports inclusive AI governance.",
            classification="internal",
        ),
        "draft": position(
            "Satellite spectrum", organization=itu, text_en="Secret line.", status="draft"
        ),
    }
    year = timezone.localdate().year
    for y in range(year - 5, year + 1):
        paid = {year: "0", year - 1: "150000"}.get(y, "318000")
        contribution(itu, y, "318000", paid, paid_on=date(y, 3, 31) if paid != "0" else None)
    contribution(las, year, "1250000", "0", currency="USD", classification="confidential")
    contribution(itu, year - 2, "50000", "50000", kind="voluntary", note="Giga")
    event = multilateral_meeting("ITU Council 2025", itu, (2025, 6, 17), governing_body=council)
    AgendaItem.objects.create(
        meeting=event, title_en="AI", position="Old text", national_position=records["cleared"]
    )
    secret = multilateral_meeting("Closed consultation", itu, (2025, 9, 1), "confidential")
    AgendaItem.objects.create(meeting=secret, title_en="AI", national_position=records["cleared"])
    records["event"], records["secret_event"] = event, secret
    return records


class TestOverview:
    def test_it_lists_every_membership_with_status_focal_point_and_dues_standing(
        self, client_for, editor, world
    ):
        response = client_for(editor).get(OVERVIEW)
        assert response.status_code == 200
        rows = {
            (m.organization.acronym, m.member.name_en): m for m in response.context["object_list"]
        }
        assert set(rows) == {
            ("ITU", "Egypt"),
            ("ITU", "National Telecom Regulatory Authority"),
            ("LAS", "Egypt"),
        }
        itu = rows[("ITU", "Egypt")]
        year = timezone.localdate().year
        assert itu.standing.latest_assessed_year == year
        assert itu.standing.arrears == {"CHF": Decimal("486000.00")}
        assert rows[("LAS", "Egypt")].standing.arrears == {"USD": Decimal("1250000.00")}
        text = response.text
        assert "CHF\xa0486,000" in text
        assert "USD\xa01,250,000" in text
        assert f"assessed to {year}" in text
        assert "Member state" in text and "Sector member" in text
        assert "Multilateral Desk" in text and "Amal Hassan" in text
        # The country comes before its regulator in the same organization.
        names = [m.member.name_en for m in response.context["object_list"]]
        assert names.index("Egypt") < names.index("National Telecom Regulatory Authority")

    def test_it_sums_up_memberships_seats_posts_and_elections_to_come(
        self, client_for, editor, world
    ):
        summary = client_for(editor).get(OVERVIEW).context["summary"]
        assert summary == {"memberships": 3, "seats": 1, "posts": 1, "candidacies": 1}

    def test_it_answers_htmx_with_the_results_only(self, client_for, viewer, world):
        response = client_for(viewer).get(OVERVIEW, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "<html" not in response.text
        assert 'class="results"' in response.text
        assert "HX-Request" in response["Vary"]

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({"status": "sector_member"}, {"NTRA"}),
            ({"category": "regional_arab"}, {"LAS"}),
            ({"member": "NTRA"}, {"NTRA"}),
            ({"q": "league arab"}, {"LAS"}),
            ({"active": "true"}, {"ITU", "NTRA", "LAS"}),
            ({"active": "false"}, {"old ITU"}),
        ],
    )
    def test_it_filters(self, client_for, editor, world, ntra, itu, egypt, params, expected):
        membership(itu, egypt, since=date(1866, 1, 1), until=date(1870, 1, 1))
        if params.get("member") == "NTRA":
            params = {"member": ntra.pk}
        response = client_for(editor).get(OVERVIEW, params)
        found = set()
        for m in response.context["object_list"]:
            if m.until:
                found.add("old ITU")
            elif m.member_id == ntra.pk:
                found.add("NTRA")
            else:
                found.add(m.organization.acronym)
        assert found == expected

    def test_it_offers_only_the_partners_that_hold_memberships_as_members(
        self, client_for, editor, world, egypt, ntra
    ):
        country("JP", "Japan")
        response = client_for(editor).get(OVERVIEW)
        choices = dict(response.context["filter"].form.fields["member"].choices)
        assert set(choices) - {""} == {egypt.pk, ntra.pk}

    def test_it_pages_the_list(self, client_for, editor, egypt):
        for i in range(30):
            membership(organization(f"O{i:02d}", f"Organization {i:02d}"), egypt)
        client = client_for(editor)
        first = client.get(OVERVIEW)
        assert first.context["paginator"].count == 30
        assert len(first.context["object_list"]) == 25
        second = client.get(OVERVIEW, {"page": 2})
        assert len(second.context["object_list"]) == 5
        assert "Page 1 of 2" in first.text


class TestExports:
    def test_it_exports_the_overview_with_the_dues_standing(self, client_for, editor, world):
        response = client_for(editor).get(OVERVIEW, {"export": "csv"})
        assert re.match(
            r'attachment; filename="memberships-\d{4}-\d{2}-\d{2}\.csv"',
            response["Content-Disposition"],
        )
        header, *rows = csv_of(response)
        assert header == [
            "Organization",
            "Member",
            "Status",
            "Since",
            "Until",
            "Focal point (desk)",
            "Focal point (person)",
            "Latest year assessed",
            "Arrears",
            "Classification",
        ]
        itu = next(r for r in rows if r[1] == "Egypt" and r[0].startswith("International"))
        assert itu[2:4] == ["Member state", "1876-01-01"]
        assert itu[5:10] == [
            "Multilateral Desk",
            "Amal Hassan",
            str(timezone.localdate().year),
            "CHF\xa0486,000",
            "Public",
        ]

    def test_it_exports_xlsx(self, client_for, editor, world):
        response = client_for(editor).get(OVERVIEW, {"export": "xlsx", "status": "member_state"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "Organization"
        assert sorted(r[0] for r in rows[1:]) == [
            "International Telecommunication Union (ITU)",
            "League of Arab States (LAS)",
        ]
        assert not sheet.sheet_view.rightToLeft

    @pytest.mark.parametrize("name", list(LISTS))
    def test_it_exports_every_list_with_headers_in_the_user_language(
        self, client_for, editor, world, name
    ):
        from django.urls import resolve

        view = resolve(LISTS[name]).func.view_class
        with translation.override("ar"):
            expected = [str(label) for label, _ in view.export_columns]
        client = arabic(client_for(editor))
        header, *rows = csv_of(client.get(LISTS[name], {"export": "csv"}))
        assert rows
        assert header == expected
        response = client.get(LISTS[name], {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.sheet_view.rightToLeft
        assert [c.value for c in sheet[1]] == expected

    def test_it_writes_the_overview_headers_in_the_user_language(self, client_for, viewer, world):
        client = arabic(client_for(viewer))
        with translation.override("ar"):
            expected = [str(label) for label, _ in MembershipListView.export_columns]
        header, *_ = csv_of(client.get(OVERVIEW, {"export": "csv"}))
        assert header == expected
        assert "منظمة" in header  # "Organization", already in the catalogue

    def test_it_exports_a_filtered_list_as_shown(self, client_for, editor, world):
        rows = csv_of(
            client_for(editor).get(LISTS["contribution"], {"export": "csv", "in_arrears": "true"})
        )[1:]
        assert sorted((r[0], r[1], r[6]) for r in rows) == sorted(
            [
                (
                    "International Telecommunication Union",
                    str(timezone.localdate().year),
                    "318000.00",
                ),
                (
                    "International Telecommunication Union",
                    str(timezone.localdate().year - 1),
                    "168000.00",
                ),
                ("League of Arab States", str(timezone.localdate().year), "1250000.00"),
            ]
        )


class TestOrganizationPage:
    def test_it_shows_the_membership_seats_posts_and_candidacies(
        self, client_for, editor, world, itu
    ):
        response = client_for(editor).get(org_page(itu))
        assert response.status_code == 200
        context = response.context
        assert [m.member.name_en for m in context["memberships"]] == [
            "Egypt",
            "National Telecom Regulatory Authority",
        ]
        [council] = context["seat_bodies"]
        assert [(s.term_start.year, s.current) for s in council.our_seats] == [
            (days(-400).year, True),
            (2015, False),
        ]
        assert [b.name_en for b in context["other_bodies"]] == ["ITU-D Study Group 1"]
        assert [(p.title_en, p.current) for p in context["posts"]] == [("Vice-Chair", True)]
        assert [c.result for c in context["candidacies"]] == ["pending", "elected"]
        text = response.text
        assert 'id="seats-table"' in text
        assert "current" in text and "ended" in text
        assert "141 of 176" in text
        assert "Elected" in text and "Election to come" in text

    def test_it_draws_the_dues_chart_with_a_table_of_the_same_figures(
        self, client_for, editor, world, itu
    ):
        response = client_for(editor).get(org_page(itu))
        text = response.text
        svg = re.search(r"<svg[^>]*>.*?</svg>", text, re.S).group(0)
        assert 'role="img"' in svg
        assert re.search(r'aria-labelledby="(dues-chart-title-1)"', svg)
        assert (
            '<title id="dues-chart-title-1">Dues assessed and paid per year, in CHF</title>' in svg
        )
        assert svg.count('class="bar-due"') == 6 and svg.count('class="bar-paid"') == 6
        years = [int(y) for y in re.findall(r'class="year"[^>]*>(\d{4})<', svg)]
        year = timezone.localdate().year
        assert years == list(range(year - 5, year + 1))
        # The table fallback: the same six years, latest first, with the arrears.
        table = re.search(r'<table[^>]*id="dues-table".*?</table>', text, re.S).group(0)
        assert re.findall(r"<th scope=\"row\"[^>]*>(\d{4})</th>", table) == [
            str(y) for y in range(year, year - 6, -1)
        ]
        assert "CHF\xa0168,000" in table
        [totals] = response.context["dues_totals"]
        assert (totals["currency"], totals["arrears"]) == ("CHF", Decimal("486000.00"))
        assert [v.note for v in response.context["voluntary"]] == ["Giga"]
        assert "In arrears" in text

    def test_it_draws_the_chart_right_to_left_in_arabic(self, client_for, editor, world, itu):
        response = arabic(client_for(editor)).get(org_page(itu))
        svg = re.search(r"<svg[^>]*>.*?</svg>", response.text, re.S).group(0)
        labels = re.findall(r'class="year" x="([\d.]+)"[^>]*>(\d{4})<', svg)
        xs = {int(year): float(x) for x, year in labels}
        year = timezone.localdate().year
        assert xs[year - 5] > xs[year]  # the earliest year on the right
        assert 'direction="ltr"' in svg  # anchors are physical, numbers never reordered

    def test_it_lists_the_events_latest_first_and_bounded(self, client_for, editor, world, itu):
        for i in range(12):
            multilateral_meeting(f"Study group meeting {i}", itu, (2024, 1, i + 1))
        # A meeting with the organization as a partner (not one of its events) counts too.
        visit = multilateral_meeting("Visit of the Secretary-General", None, (2025, 10, 1))
        visit.partners.add(itu)
        events = client_for(editor).get(org_page(itu)).context["events"]
        assert len(events) == 10
        assert [e.title_en for e in events[:3]] == [
            "Visit of the Secretary-General",
            "Closed consultation",
            "ITU Council 2025",
        ]
        assert [e.start for e in events] == sorted((e.start for e in events), reverse=True)

    def test_it_shows_the_positions_with_where_they_were_last_used(
        self, client_for, editor, world, itu
    ):
        positions = client_for(editor).get(org_page(itu)).context["positions"]
        by_topic = {p.topic_en: p for p in positions}
        assert by_topic["AI governance"].uses == 2
        assert by_topic["Satellite spectrum"].uses == 0

    def test_it_lists_the_current_member_states_with_a_count(self, client_for, viewer, las):
        for iso, name, until in [("EG", "Egypt", None), ("SA", "Saudi Arabia", None)]:
            OrganizationMember.objects.create(
                organization=las, country=country(iso, name), since=1945, until=until
            )
        OrganizationMember.objects.create(
            organization=las, country=country("XX", "Former member"), since=1950, until=1960
        )
        response = client_for(viewer).get(org_page(las))
        assert [m.country.name_en for m in response.context["member_states"]] == [
            "Egypt",
            "Saudi Arabia",
        ]
        assert re.search(r'id="member-state-count">2<', response.text)

    def test_it_is_only_for_organizations(self, client_for, viewer, egypt):
        assert client_for(viewer).get(org_page(egypt)).status_code == 404

    def test_it_is_linked_from_the_partner_page(self, client_for, viewer, itu, egypt):
        client = client_for(viewer)
        assert org_page(itu) in client.get(itu.get_absolute_url()).text
        assert 'id="multilateral-page"' not in client.get(egypt.get_absolute_url()).text

    def test_it_helps_on_an_organization_with_nothing_recorded(self, client_for, editor, itu):
        response = client_for(editor).get(org_page(itu))
        for text in (
            "No membership recorded",
            "No governing body recorded",
            "No dues recorded",
            "No meeting recorded",
        ):
            assert text in response.text
        assert f"{reverse('multilateral:membership_create')}?organization={itu.pk}" in (
            response.text
        )


class TestPersonas:
    PAGES = [
        "overview",
        "organization",
        *[f"list:{name}" for name in LISTS],
        "position",
        "create:membership",
    ]

    def url(self, page, world, itu):
        kind, _, name = page.partition(":")
        if kind == "overview":
            return OVERVIEW
        if kind == "organization":
            return org_page(itu)
        if kind == "list":
            return LISTS[name]
        if kind == "position":
            return world["cleared"].get_absolute_url()
        return reverse(f"multilateral:{name}_create")

    @pytest.mark.parametrize("page", PAGES[:-1])
    def test_a_viewer_sees_every_page_but_no_edit_link(self, client_for, viewer, world, itu, page):
        response = client_for(viewer).get(self.url(page, world, itu))
        assert response.status_code == 200
        assert "/edit/" not in response.text
        assert "/new/" not in response.text
        assert 'id="use-form"' not in response.text

    def test_a_viewer_cannot_create_edit_or_delete(self, client_for, viewer, world, itu, egypt):
        client = client_for(viewer)
        create = reverse("multilateral:membership_create")
        assert client.get(create).status_code == 403
        assert client.post(create, {"organization": itu.pk}).status_code == 403
        seat = world["seat"]
        for action in ("update", "delete"):
            url = reverse(f"multilateral:seat_{action}", args=[seat.pk])
            assert client.post(url, {}).status_code == 403
        assert Seat.objects.filter(pk=seat.pk).exists()
        use = reverse("multilateral:position_use", args=[world["cleared"].pk])
        assert client.post(use, {"agenda_item": 1}).status_code == 403

    def test_an_officer_edits_but_does_not_delete(self, client_for, editor, world):
        client = client_for(editor)
        seat = world["seat"]
        assert client.get(reverse("multilateral:seat_update", args=[seat.pk])).status_code == 200
        assert client.post(reverse("multilateral:seat_delete", args=[seat.pk])).status_code == 403

    def test_a_manager_deletes_and_lands_on_the_organization_page(
        self, client_for, manager, world, itu
    ):
        row = Contribution.objects.filter(kind="voluntary").get()
        response = client_for(manager).post(
            reverse("multilateral:contribution_delete", args=[row.pk])
        )
        assert response.status_code == 302 and response.url == org_page(itu)
        assert not Contribution.objects.filter(pk=row.pk).exists()
        assert ChangeRecord.objects.filter(action="delete", object_id=str(row.pk)).exists()

    def test_a_body_in_use_is_kept_saying_what_uses_it(self, client_for, manager, world, council):
        client = client_for(manager)
        response = client.post(reverse("multilateral:body_delete", args=[council.pk]))
        assert response.status_code == 302
        assert GoverningBody.objects.filter(pk=council.pk).exists()
        page = client.get(response.url)
        assert "cannot be deleted because other records use it" in page.text

    @pytest.mark.parametrize("page", PAGES)
    def test_an_outsider_is_refused(self, client_for, outsider, world, itu, page):
        assert client_for(outsider).get(self.url(page, world, itu)).status_code == 403

    @pytest.mark.parametrize("page", PAGES)
    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, world, itu, page):
        response = client.get(self.url(page, world, itu))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


class TestClearance:
    """viewer_no_clearance reads public records only: a confidential membership or position
    is nowhere, not in the lists, the counts, the exports, nor the organization page."""

    def test_it_leaves_a_confidential_membership_out_of_the_overview_count_and_export(
        self, client_for, viewer_no_clearance, world
    ):
        client = client_for(viewer_no_clearance)
        response = client.get(OVERVIEW)
        assert [m.organization.acronym for m in response.context["object_list"]] == ["ITU"]
        assert response.context["paginator"].count == 1
        assert response.context["summary"]["memberships"] == 1
        assert "League of Arab States" not in response.text
        rows = csv_of(client.get(OVERVIEW, {"export": "csv"}))[1:]
        assert [r[0] for r in rows] == ["International Telecommunication Union (ITU)"]
        sheet = load_workbook(io.BytesIO(client.get(OVERVIEW, {"export": "xlsx"}).content)).active
        assert sheet.max_row == 2

    def test_it_leaves_confidential_dues_out_of_the_standing(
        self, client_for, viewer_no_clearance, world, itu
    ):
        client = client_for(viewer_no_clearance)
        [row] = client.get(OVERVIEW).context["object_list"]
        # The dues are internal: a public-only reader sees no standing at all.
        assert row.standing.arrears == {}
        page = client.get(org_page(itu))
        assert page.context["dues"] == [] and page.context["dues_totals"] == []
        assert "<svg" not in page.text

    def test_it_never_shows_a_confidential_position(
        self, client_for, viewer, viewer_no_clearance, world, itu
    ):
        draft = world["draft"]
        for user in (viewer, viewer_no_clearance):
            client = client_for(user)
            listed = client.get(LISTS["position"])
            assert draft not in listed.context["object_list"]
            assert "Satellite spectrum" not in listed.text
            rows = csv_of(client.get(LISTS["position"], {"export": "csv"}))[1:]
            assert "Satellite spectrum" not in {r[0] for r in rows}
            assert client.get(draft.get_absolute_url()).status_code == 404
            page = client.get(org_page(itu))
            assert "Satellite spectrum" not in page.text
            client.logout()

    def test_it_counts_only_the_events_the_reader_may_read(self, client_for, viewer, editor, world):
        cleared = world["cleared"]
        as_viewer = client_for(viewer).get(cleared.get_absolute_url())
        assert [i.meeting.title_en for i in as_viewer.context["uses"]] == ["ITU Council 2025"]
        assert "Closed consultation" not in as_viewer.text
        listed = client_for(viewer).get(LISTS["position"]).context["object_list"]
        assert [p.uses for p in listed] == [1]
        as_editor = client_for(editor).get(cleared.get_absolute_url())
        assert len(as_editor.context["uses"]) == 2

    def test_it_offers_only_readable_records_in_the_forms(self, client_for, world, itu, las):
        from conftest import make_user

        officer = make_user("low_officer", "officer", "internal")
        las.classification = "confidential"
        las.save()
        form = client_for(officer).get(reverse("multilateral:contribution_create")).context["form"]
        assert list(form.fields["organization"].queryset) == [itu]
        assert "confidential" not in dict(form.fields["classification"].choices)


class TestForms:
    def test_it_records_a_membership_and_lands_on_the_organization_page(
        self, client_for, editor, itu, egypt, desk
    ):
        response = client_for(editor).post(
            reverse("multilateral:membership_create"),
            {
                "organization": itu.pk,
                "member": egypt.pk,
                "status": "member_state",
                "since": "1876-01-01",
                "focal_unit": desk.pk,
                "classification": "public",
            },
        )
        assert response.status_code == 302 and response.url == org_page(itu)
        membership = Membership.objects.get()
        record = ChangeRecord.objects.get(
            content_type=ContentType.objects.get_for_model(Membership),
            object_id=str(membership.pk),
        )
        assert (record.action, record.user) == ("create", editor)

    def test_it_narrows_the_bodies_to_the_organization_it_was_opened_from(
        self, client_for, editor, itu, council
    ):
        upu = organization("UPU", "Universal Postal Union")
        other = body(upu, "Council of Administration")
        response = client_for(editor).get(
            reverse("multilateral:seat_create"), {"organization": itu.pk}
        )
        form = response.context["form"]
        assert list(form.fields["body"].queryset) == [council]
        assert "ITU — ITU Council" in response.text
        unscoped = client_for(editor).get(reverse("multilateral:seat_create")).context["form"]
        assert set(unscoped.fields["body"].queryset) == {council, other}

    def test_it_edits_a_seat_and_shows_its_history(self, client_for, editor, world):
        seat_ = world["seat"]
        url = reverse("multilateral:seat_update", args=[seat_.pk])
        client = client_for(editor)
        response = client.post(
            url,
            {
                "body": seat_.body_id,
                "holder": seat_.holder_id,
                "term_start": seat_.term_start.isoformat(),
                "term_end": "2030-12-31",
                "classification": "public",
            },
        )
        assert response.status_code == 302
        seat_.refresh_from_db()
        assert seat_.term_end == date(2030, 12, 31)
        page = client.get(url)
        assert page.context["history"][0].changes["term_end"][1] == "2030-12-31"

    def test_it_records_a_governing_body_and_lands_on_its_organization(
        self, client_for, editor, itu
    ):
        response = client_for(editor).post(
            reverse("multilateral:body_create"),
            {"organization": itu.pk, "name_en": "Radio Regulations Board", "kind": "committee"},
        )
        assert response.status_code == 302 and response.url == org_page(itu)
        assert GoverningBody.objects.get().name_en == "Radio Regulations Board"

    def test_it_makes_a_new_position_confidential_by_default(self, client_for, editor, itu):
        form = (
            client_for(editor)
            .get(reverse("multilateral:position_create"), {"organization": itu.pk})
            .context["form"]
        )
        assert form["classification"].value() == "confidential"
        assert form["organization"].value() == itu.pk


class TestBadInput:
    """Each refusal names the field at fault, says nothing was saved, and saves nothing."""

    def refused(self, response) -> dict:
        assert response.status_code == 200
        assert "Nothing was saved" in response.text
        return response.context["form"].errors

    def test_a_seat_term_that_ends_before_it_starts(self, client_for, editor, egypt, council):
        errors = self.refused(
            client_for(editor).post(
                reverse("multilateral:seat_create"),
                {
                    "body": council.pk,
                    "holder": egypt.pk,
                    "term_start": "2026-01-01",
                    "term_end": "2023-01-01",
                    "classification": "internal",
                },
            )
        )
        assert errors["term_end"] == ["The term cannot end before it starts."]
        assert not Seat.objects.exists()

    def test_a_second_active_membership(self, client_for, editor, itu, egypt):
        membership(itu, egypt)
        response = client_for(editor).post(
            reverse("multilateral:membership_create"),
            {
                "organization": itu.pk,
                "member": egypt.pk,
                "status": "observer",
                "classification": "internal",
            },
        )
        errors = self.refused(response)
        assert errors["member"] == ["This member already has an active membership here."]
        assert 'aria-invalid="true"' in response.text
        assert Membership.objects.count() == 1

    def test_a_currency_that_is_not_iso_4217(self, client_for, editor, itu):
        errors = self.refused(
            client_for(editor).post(
                reverse("multilateral:contribution_create"),
                {
                    "organization": itu.pk,
                    "year": 2026,
                    "kind": "assessed",
                    "currency": "XYZ",
                    "amount_due": "1000",
                    "amount_paid": "0",
                    "classification": "internal",
                },
            )
        )
        assert list(errors) == ["currency"]
        assert "ISO 4217" in errors["currency"][0]
        assert not Contribution.objects.exists()

    @pytest.mark.parametrize("field", ["amount_due", "amount_paid"])
    def test_a_negative_amount(self, client_for, editor, itu, field):
        data = {
            "organization": itu.pk,
            "year": 2026,
            "kind": "voluntary",
            "currency": "chf",
            "amount_due": "1000",
            "amount_paid": "0",
            "classification": "internal",
            field: "-5",
        }
        errors = self.refused(
            client_for(editor).post(reverse("multilateral:contribution_create"), data)
        )
        assert list(errors) == [field]
        assert not Contribution.objects.exists()

    def test_a_currency_in_lower_case_is_accepted_in_capitals(self, client_for, editor, itu):
        response = client_for(editor).post(
            reverse("multilateral:contribution_create"),
            {
                "organization": itu.pk,
                "year": 2026,
                "kind": "assessed",
                "currency": "chf",
                "amount_due": "1000",
                "amount_paid": "0",
                "classification": "internal",
            },
        )
        assert response.status_code == 302
        assert Contribution.objects.get().currency == "CHF"

    def test_more_votes_received_than_cast(self, client_for, editor, egypt, council):
        response = client_for(editor).post(
            reverse("multilateral:candidacy_create"),
            {
                "body": council.pk,
                "country": egypt.pk,
                "result": "elected",
                "votes_for": "200",
                "votes_cast": "100",
                "classification": "internal",
            },
        )
        errors = self.refused(response)
        assert "More votes received than cast." in str(errors)
        assert not Candidacy.objects.exists()

    def test_a_body_part_of_another_organization(self, client_for, editor, itu, council):
        upu = organization("UPU", "Universal Postal Union")
        errors = self.refused(
            client_for(editor).post(
                reverse("multilateral:body_create"),
                {
                    "organization": upu.pk,
                    "name_en": "Postal Operations Council",
                    "kind": "council",
                    "parent": council.pk,
                },
            )
        )
        assert list(errors) == ["parent"]
        assert GoverningBody.objects.count() == 1


class TestPositions:
    @pytest.fixture
    def next_event(self, world, itu):
        meeting = multilateral_meeting("ITU Council 2026", itu, (2026, 6, 9))
        return AgendaItem.objects.create(meeting=meeting, title_en="Artificial intelligence")

    def test_it_shows_the_position_and_where_it_was_used(self, client_for, editor, world):
        response = client_for(editor).get(world["cleared"].get_absolute_url())
        assert "Egypt supports inclusive AI governance." in response.text
        assert [i.meeting.title_en for i in response.context["uses"]] == [
            "Closed consultation",
            "ITU Council 2025",
        ]
        assert 'id="use-form"' in response.text

    def test_it_uses_the_position_at_a_new_event(self, client_for, editor, world, next_event):
        position_ = world["cleared"]
        client = client_for(editor)
        form = client.get(position_.get_absolute_url()).context["use_form"]
        assert next_event in form.fields["agenda_item"].queryset
        # An item already using it is not offered again.
        assert not form.fields["agenda_item"].queryset.filter(national_position=position_)
        response = client.post(
            reverse("multilateral:position_use", args=[position_.pk]),
            {"agenda_item": next_event.pk},
        )
        assert response.status_code == 302
        next_event.refresh_from_db()
        assert next_event.national_position == position_
        # An item with no text of its own starts from the position's.
        assert next_event.position == "Egypt supports inclusive AI governance."
        assert ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(AgendaItem),
            object_id=str(next_event.pk),
            user=editor,
        ).exists()
        page = client.get(position_.get_absolute_url())
        assert len(page.context["uses"]) == 3

    def test_it_replaces_the_item_text_only_when_asked(self, client_for, editor, world):
        position_ = world["cleared"]
        item = AgendaItem.objects.create(
            meeting=world["event"], title_en="Another item", position="Our own words", order=2
        )
        url = reverse("multilateral:position_use", args=[position_.pk])
        client_for(editor).post(url, {"agenda_item": item.pk})
        item.refresh_from_db()
        assert (item.national_position, item.position) == (position_, "Our own words")
        item.national_position = None
        item.save()
        client_for(editor).post(url, {"agenda_item": item.pk, "replace_text": "on"})
        item.refresh_from_db()
        assert item.position == "Egypt supports inclusive AI governance."

    def test_it_refuses_an_item_of_a_meeting_above_the_clearance(self, client_for, world, itu):
        from conftest import make_user

        officer = make_user("low_officer", "officer", "internal")
        secret = multilateral_meeting("Secret talks", itu, (2026, 7, 1), "confidential")
        item = AgendaItem.objects.create(meeting=secret, title_en="AI")
        response = client_for(officer).post(
            reverse("multilateral:position_use", args=[world["cleared"].pk]),
            {"agenda_item": item.pk},
        )
        assert response.status_code == 200
        assert list(response.context["use_form"].errors) == ["agenda_item"]
        item.refresh_from_db()
        assert item.national_position is None

    def test_it_stops_using_the_position_at_an_event(self, client_for, editor, world):
        position_ = world["cleared"]
        item = world["event"].agenda_items.get()
        response = client_for(editor).post(
            reverse("multilateral:position_unuse", args=[position_.pk, item.pk])
        )
        assert response.status_code == 302
        item.refresh_from_db()
        assert item.national_position is None and item.position == "Old text"

    def test_it_filters_positions(self, client_for, editor, world, council):
        client = client_for(editor)
        assert [
            p.topic_en
            for p in client.get(LISTS["position"], {"status": "draft"}).context["object_list"]
        ] == ["Satellite spectrum"]
        assert [
            p.topic_en for p in client.get(LISTS["position"], {"q": "حوكمة"}).context["object_list"]
        ] == ["AI governance"]
        assert [
            p.topic_en
            for p in client.get(LISTS["position"], {"body": council.pk}).context["object_list"]
        ] == ["AI governance"]


class TestLists:
    def test_it_filters_seats_by_organization_and_whether_current(
        self, client_for, editor, world, itu
    ):
        client = client_for(editor)
        current = client.get(LISTS["seat"], {"organization": itu.pk, "current": "true"})
        assert [s.term_start.year for s in current.context["object_list"]] == [days(-400).year]
        ended = client.get(LISTS["seat"], {"current": "false"})
        assert [s.term_start.year for s in ended.context["object_list"]] == [2015]

    def test_it_filters_candidacies_by_organization_result_and_year(
        self, client_for, editor, world, itu
    ):
        client = client_for(editor)
        rows = client.get(LISTS["candidacy"], {"organization": itu.pk, "result": "elected"})
        assert [c.votes_for for c in rows.context["object_list"]] == [141]
        rows = client.get(LISTS["candidacy"], {"year": 2022})
        assert [c.result for c in rows.context["object_list"]] == ["elected"]

    def test_it_totals_the_filtered_contributions_per_currency(
        self, client_for, editor, world, itu
    ):
        response = client_for(editor).get(LISTS["contribution"], {"organization": itu.pk})
        [chf] = response.context["totals"]
        assert (chf["currency"], chf["arrears"], chf["voluntary"]) == (
            "CHF",
            Decimal("486000.00"),
            Decimal("50000.00"),
        )

    def test_it_names_each_body_with_its_organization_in_the_filters(
        self, client_for, editor, world
    ):
        response = client_for(editor).get(LISTS["post"])
        assert "ITU — ITU-D Study Group 1" in response.text

    @pytest.mark.parametrize("name", list(LISTS))
    def test_every_list_answers_htmx_with_its_results(self, client_for, viewer, world, name):
        response = client_for(viewer).get(LISTS[name], headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "<html" not in response.text and 'class="results"' in response.text


class TestDemo:
    def test_it_loads_the_multilateral_demo_once(self):
        from django.core.management import call_command

        from multilateral import demo

        call_command("load_reference", stdout=io.StringIO())
        call_command("seed_demo", no_users=True, stdout=io.StringIO())
        egypt = Partner.objects.get(kind="country", iso_alpha2="EG")
        itu = Partner.objects.get(kind="organization", acronym="ITU")
        members = set(
            Membership.objects.filter(member=egypt).values_list("organization__acronym", flat=True)
        )
        assert members == {"ITU", "UNESCO", "UPU", "WTO", "LAS", "AU", "OIC", "AICTO", "ATU"}
        ntra = Membership.objects.get(member__acronym="NTRA")
        assert (ntra.organization, ntra.status) == (itu, "sector_member")
        seat_ = Seat.objects.get(body__organization=itu, body__name_en="ITU Council")
        assert (seat_.term_start.year, seat_.term_end.year) == (2023, 2026)
        assert Person.objects.filter(elected_posts__isnull=False).count() == 1
        results = sorted(Candidacy.objects.values_list("result", flat=True))
        assert results == ["elected", "pending"]
        pending = Candidacy.objects.get(result="pending")
        assert pending.election_date.year == timezone.localdate().year + 1
        currencies = set(
            Contribution.objects.filter(kind="assessed").values_list(
                "organization__acronym", "currency"
            )
        )
        assert currencies == {("ITU", "CHF"), ("LAS", "USD")}
        assert Contribution.objects.filter(kind="assessed", organization=itu).count() == 6
        assert any(c.arrears for c in Contribution.objects.filter(organization=itu))
        ai = NationalPosition.objects.get(topic_en__icontains="artificial intelligence")
        events = Meeting.objects.filter(agenda_items__national_position=ai)
        assert events.count() == 2
        assert set(events.values_list("kind", "organization")) == {("multilateral", itu.pk)}
        records = ChangeRecord.objects.count()
        assert demo.load_demo(egypt) == 0
        assert ChangeRecord.objects.count() == records
