"""The agreement pages: the list with its filters, sorting, pages and HTMX fragment; the
forms; parties, treaty actions and relations; exports in the user's language; deadlines."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from agreements import services
from agreements.models import Agreement, AgreementParty, AgreementRelation, TreatyAction
from agreements.tests.conftest import add_party, change_records, make_agreement
from agreements.views import AgreementListView
from core.choices import ChangeAction
from core.models import AreaOfCooperation, OrgUnit
from partners.models import Partner

pytestmark = pytest.mark.django_db

LIST = reverse("agreements:agreement_list")
CREATE = reverse("agreements:agreement_create")
DEADLINES = reverse("agreements:deadlines")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def titles(response) -> list[str]:
    return [a.title_en for a in response.context["object_list"]]


@pytest.fixture
def desks(db):
    return {
        "asian": OrgUnit.objects.create(
            code="asian-desk", name_en="Asian desk", name_ar="إدارة آسيا"
        ),
        "european": OrgUnit.objects.create(
            code="european-desk", name_en="European desk", name_ar="إدارة أوروبا"
        ),
    }


@pytest.fixture
def areas(db):
    return {
        "ai": AreaOfCooperation.objects.create(
            code="ai", name_en="Artificial intelligence", name_ar="الذكاء الاصطناعي"
        ),
        "cables": AreaOfCooperation.objects.create(
            code="cables", name_en="Submarine cables", name_ar="الكابلات البحرية"
        ),
    }


@pytest.fixture
def book(japan, france, kenya, desks, areas):
    """Five agreements, their dates computed as of today:
    - Skills: MoU with Japan (Asia), in force, fixed 1 year, expires in about 65 days;
    - Cloud: agreement with France (Europe), in force, renewed tacitly every year with 3
      months' notice: notice deadline in about 75 days, expiry in about 165;
    - Cables: agreement with France, still being drafted;
    - Broadband: protocol with Kenya (Africa) signed in 2015 for 3 years, expired;
    - Research: MoU with Japan and France, in force since 2021, reviewed every year."""
    today = timezone.localdate()
    rows = [
        (
            "Skills",
            "mou",
            "in_force",
            today - timedelta(days=300),
            [japan],
            "asian",
            "ai",
            {"term_length": 1},
        ),
        (
            "Cloud",
            "agreement",
            "in_force",
            today - timedelta(days=200),
            [france],
            "european",
            "ai",
            {"term_kind": "tacit_renewal", "term_length": 1, "notice_months": 3},
        ),
        ("Cables", "agreement", "drafting", None, [france], "european", "cables", {}),
        (
            "Broadband",
            "protocol",
            "expired",
            date(2015, 3, 1),
            [kenya],
            "european",
            "cables",
            {"term_length": 3},
        ),
        (
            "Research",
            "mou",
            "in_force",
            date(2021, 6, 1),
            [japan, france],
            "asian",
            "ai",
            {"term_kind": "indefinite_review", "term_length": None, "review_years": 1},
        ),
    ]
    made = {}
    for title, kind, status, signed, partners, desk, area, term in rows:
        agreement = make_agreement(
            title,
            type=kind,
            status=status,
            signature_date=signed,
            owner_unit=desks[desk],
            **term,
        )
        agreement.areas.add(areas[area])
        for partner in partners:
            add_party(agreement, partner)
        services.refresh_dates(agreement, today=today)
        made[title] = agreement
    return made


class TestFilters:
    def test_it_lists_every_readable_agreement_newest_signature_first(
        self, client_for, viewer, book
    ):
        response = client_for(viewer).get(LIST)
        assert response.status_code == 200
        # Unsigned last on PostgreSQL, first on SQLite: compare the signed ones.
        signed = [t for t in titles(response) if t != "Cables"]
        assert signed == ["Cloud", "Skills", "Research", "Broadband"]
        assert "5 agreements" in response.text

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"type": "mou"}, {"Skills", "Research"}),
            ({"type": "protocol"}, {"Broadband"}),
            ({"status": "in_force"}, {"Skills", "Cloud", "Research"}),
            ({"status": "drafting"}, {"Cables"}),
            ({"region": "142"}, {"Skills", "Research"}),
            ({"region": "002"}, {"Broadband"}),
            ({"year": 2015}, {"Broadband"}),
            ({"year": 2021}, {"Research"}),
            ({"in_force_on": "2016-06-01"}, {"Broadband"}),
            ({"in_force_on": "2019-01-01"}, set()),
            ({"expiring_within": 90}, {"Skills"}),
            ({"expiring_within": 30}, set()),
            ({"expiring_within": 200}, {"Skills"}),  # Cloud renews tacitly
            ({"notice_within": 90}, {"Cloud"}),
            ({"notice_within": 30}, set()),
            ({"q": "skills"}, {"Skills"}),
            ({"type": "mou", "status": "in_force", "region": "150"}, {"Research"}),
        ],
    )
    def test_it_returns_the_right_rows_for_each_filter(
        self, client_for, viewer, book, params, expected
    ):
        response = client_for(viewer).get(LIST, params)
        assert response.status_code == 200
        assert set(titles(response)) == expected
        assert response.context["paginator"].count == len(expected)

    def test_it_filters_by_partner_desk_and_area(
        self, client_for, viewer, book, kenya, desks, areas
    ):
        client = client_for(viewer)
        france = Partner.objects.get(iso_alpha2="FR")
        assert set(titles(client.get(LIST, {"partner": france.pk}))) == {
            "Cloud",
            "Cables",
            "Research",
        }
        assert set(titles(client.get(LIST, {"partner": kenya.pk}))) == {"Broadband"}
        assert set(titles(client.get(LIST, {"desk": desks["asian"].pk}))) == {"Skills", "Research"}
        assert set(titles(client.get(LIST, {"area": areas["cables"].pk}))) == {
            "Cables",
            "Broadband",
        }

    def test_it_lists_an_agreement_with_two_partners_in_the_region_once(
        self, client_for, viewer, book
    ):
        response = client_for(viewer).get(LIST, {"region": "150"})
        assert titles(response).count("Research") == 1

    def test_it_says_what_is_wrong_with_a_filter(self, client_for, viewer, book):
        response = client_for(viewer).get(LIST, {"expiring_within": "-5", "year": "soon"})
        assert response.status_code == 200
        assert set(response.context["filter"].form.errors) == {"expiring_within", "year"}
        assert 'class="alert alert-warning"' in response.text

    def test_it_counts_a_tacit_renewal_in_force_after_its_current_period(
        self, client_for, viewer, book
    ):
        client = client_for(viewer)
        after = book["Cloud"].expiry_date + timedelta(days=30)
        in_force = set(titles(client.get(LIST, {"in_force_on": after.isoformat()})))
        assert in_force == {"Cloud", "Research"}  # Skills has expired by then

    def test_it_counts_a_tacit_renewal_as_expiring_once_notice_was_given(
        self, client_for, viewer, book, france
    ):
        cloud = book["Cloud"]
        TreatyAction.objects.create(
            agreement=cloud,
            party=cloud.parties.get(),
            kind="denunciation",
            date=timezone.localdate(),
        )
        services.refresh_dates(cloud)
        assert cloud.termination_date == cloud.expiry_date  # notice given in time
        client = client_for(viewer)
        assert set(titles(client.get(LIST, {"expiring_within": 200}))) == {"Skills", "Cloud"}
        after = (cloud.expiry_date + timedelta(days=1)).isoformat()
        assert set(titles(client.get(LIST, {"in_force_on": after}))) == {"Research"}


class TestSortingAndPages:
    @pytest.mark.parametrize(
        ("ordering", "expected"),
        [
            ("title", ["Broadband", "Cables", "Cloud", "Research", "Skills"]),
            ("-title", ["Skills", "Research", "Cloud", "Cables", "Broadband"]),
            ("signed", ["Broadband", "Research", "Skills", "Cloud"]),
            ("-signed", ["Cloud", "Skills", "Research", "Broadband"]),
            ("expiry", ["Broadband", "Skills", "Cloud"]),
            ("-expiry", ["Cloud", "Skills", "Broadband"]),
            ("notice", ["Cloud"]),
        ],
    )
    def test_it_sorts(self, client_for, viewer, book, ordering, expected):
        response = client_for(viewer).get(LIST, {"ordering": ordering})
        # Rows without the date sort first or last depending on the database.
        shown = [t for t in titles(response) if t in expected]
        assert shown == expected

    def test_it_pages_by_25_keeping_the_filters(self, client_for, viewer):
        for i in range(30):
            make_agreement(f"Programme {i:02d}", type="executive_programme")
        make_agreement("Unrelated memorandum")
        client = client_for(viewer)
        first = client.get(LIST, {"type": "executive_programme", "ordering": "title"})
        assert titles(first) == [f"Programme {i:02d}" for i in range(25)]
        assert "30 agreements" in first.text
        assert "Page 1 of 2" in first.text
        assert 'href="?type=executive_programme&amp;ordering=title&page=2"' in first.text
        second = client.get(LIST, {"type": "executive_programme", "ordering": "title", "page": 2})
        assert titles(second) == [f"Programme {i:02d}" for i in range(25, 30)]
        assert client.get(LIST, {"page": 9}).status_code == 404

    def test_it_answers_htmx_with_the_results_alone(self, client_for, viewer, book):
        response = client_for(viewer).get(LIST, {"type": "mou"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert [t.name for t in response.templates][
            0
        ] == "agreements/partials/agreement_results.html"
        assert "<html" not in response.text
        assert "2 agreements" in response.text
        assert "HX-Request" in response["Vary"]
        full = client_for(viewer).get(LIST, {"type": "mou"})
        assert "<html" in full.text
        assert 'hx-target="#results"' in full.text

    def test_it_answers_a_history_restore_with_the_whole_page(self, client_for, viewer, book):
        response = client_for(viewer).get(
            LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
        )
        assert "<html" in response.text


def form_data(**changes) -> dict:
    data = {
        "type": "mou",
        "title_en": "Memorandum on digital skills",
        "title_ar": "مذكرة تفاهم في مجال المهارات الرقمية",
        "reference": "EG-JP-2026-01",
        "classification": "internal",
        "signature_date": "2026-03-01",
        "signature_place": "Tokyo",
        "eif_rule": "on_signature",
        "term_kind": "tacit_renewal",
        "term_start": "entry_into_force",
        "term_length": 5,
        "term_unit": "years",
        "renewal_length": 2,
        "renewal_unit": "years",
        "notice_months": 6,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


class TestCreateAndEdit:
    def test_it_creates_an_agreement_with_its_computed_dates(
        self, client_for, editor, desks, areas
    ):
        response = client_for(editor).post(
            CREATE,
            form_data(owner_unit=desks["asian"].pk, areas=[areas["ai"].pk], responsible=editor.pk),
        )
        agreement = Agreement.objects.get()
        assert response.status_code == 302
        assert response.url == agreement.get_absolute_url()
        assert messages_of(response) == ["Agreement saved."]
        assert agreement.entry_into_force == date(2026, 3, 1)
        assert agreement.expiry_date == date(2031, 2, 28)
        assert agreement.notice_deadline == date(2030, 9, 1)
        assert list(agreement.areas.all()) == [areas["ai"]]
        assert (agreement.created_by, agreement.status) == (editor, "proposal")
        [record] = change_records(agreement)
        assert record.action == ChangeAction.CREATE
        assert record.changes["areas"] == [None, [areas["ai"].pk]]

    def test_it_shows_the_computed_dates_and_how_on_the_page(self, client_for, editor):
        client_for(editor).post(CREATE, form_data(signature_date="2019-05-20"))
        agreement = Agreement.objects.get()
        page = client_for(editor).get(agreement.get_absolute_url())
        text = re.sub(r"\s+", " ", page.text)
        assert "On signature" in text
        assert (
            "Renewed for periods of 2 years unless notice is given 6 months before expiry." in text
        )
        assert agreement.expiry_date.strftime("%B") in text
        assert "Renewal history" in text
        assert "Last day to give notice to stop the next renewal." in text

    def test_it_edits_and_recomputes(self, client_for, editor):
        agreement = make_agreement("Draft", signature_date=date(2026, 3, 1))
        url = reverse("agreements:agreement_update", args=[agreement.pk])
        response = client_for(editor).post(url, form_data(title_en="Signed text", term_length=3))
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.title_en == "Signed text"
        assert agreement.expiry_date == date(2029, 2, 28)
        [record] = change_records(agreement)
        assert record.changes["title_en"] == ["Draft", "Signed text"]
        assert record.changes["term_kind"] == ["fixed", "tacit_renewal"]

    def test_it_offers_only_domestic_implementing_bodies(self, client_for, editor, japan):
        regulator = Partner.objects.create(
            kind="institution",
            name_en="National Telecom Regulatory Authority",
            institution_type="government",
            is_domestic=True,
            classification="internal",
        )
        form = client_for(editor).get(CREATE).context["form"]
        assert list(form.fields["implementers"].queryset) == [regulator]

    def test_it_lets_a_manager_delete_an_agreement_with_its_parts(self, client_for, manager, japan):
        agreement = make_agreement(signature_date=date(2026, 1, 10))
        party = add_party(agreement, japan)
        TreatyAction.objects.create(
            agreement=agreement, party=party, kind="ratification", date=date(2026, 2, 1)
        )
        response = client_for(manager).post(
            reverse("agreements:agreement_delete", args=[agreement.pk])
        )
        assert response.status_code == 302
        assert not Agreement.objects.exists()
        assert not AgreementParty.objects.exists()
        assert not TreatyAction.objects.exists()
        [record] = change_records(agreement, action=ChangeAction.DELETE)
        assert record.user == manager

    def test_it_refuses_an_officer_the_delete(self, client_for, editor):
        agreement = make_agreement()
        url = reverse("agreements:agreement_delete", args=[agreement.pk])
        assert client_for(editor).post(url).status_code == 403
        assert Agreement.objects.exists()


class TestParties:
    def test_it_adds_and_removes_a_party(self, client_for, editor, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        client = client_for(editor)
        response = client.post(
            reverse("agreements:party_create", args=[agreement.pk]),
            {
                "partner": japan.pk,
                "role": "party",
                "signatory_name": "Kenji Sato",
                "signatory_title": "Minister",
                "signed_on": "2026-03-01",
                "signed_at": "Tokyo",
            },
        )
        assert response.status_code == 302
        party = agreement.parties.get()
        page = client.get(agreement.get_absolute_url())
        assert "Kenji Sato, Minister" in page.text
        assert "Japan" in page.text
        remove = reverse("agreements:part_delete", args=[agreement.pk, "party", party.pk])
        assert remove in page.text
        response = client.post(remove)
        assert messages_of(response) == ["Removed."]
        assert not agreement.parties.exists()
        [record] = change_records(party, action=ChangeAction.DELETE)
        assert record.user == editor

    def test_it_refuses_to_remove_a_party_with_treaty_actions(self, client_for, editor, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1), eif_rule="last_notification")
        client = client_for(editor)
        party = add_party(agreement, japan)
        client.post(
            reverse("agreements:treaty_action_create", args=[agreement.pk]),
            {"party": party.pk, "kind": "notification", "date": "2026-04-01"},
        )
        agreement.refresh_from_db()
        assert agreement.entry_into_force == date(2026, 4, 1)
        response = client.post(
            reverse("agreements:part_delete", args=[agreement.pk, "party", party.pk])
        )
        assert messages_of(response)[-1].startswith("This cannot be removed: treaty action: Japan:")
        assert AgreementParty.objects.filter(pk=party.pk).exists()
        assert agreement.treaty_actions.count() == 1
        agreement.refresh_from_db()
        assert agreement.entry_into_force == date(2026, 4, 1)
        assert not change_records(party, action=ChangeAction.DELETE).exists()

    def test_it_refuses_to_remove_a_party_with_treaty_actions_in_the_api(self, api, manager, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        party = add_party(agreement, japan)
        TreatyAction.objects.create(
            agreement=agreement, party=party, kind="ratification", date=date(2026, 4, 1)
        )
        response = api(manager).delete(f"/api/v1/agreement-parties/{party.pk}/")
        assert response.status_code == 409
        assert "treaty action" in response.data["detail"]
        assert AgreementParty.objects.filter(pk=party.pk).exists()

    def test_it_removes_a_party_once_its_treaty_actions_are_removed(
        self, client_for, editor, japan
    ):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        party = add_party(agreement, japan)
        action = TreatyAction.objects.create(
            agreement=agreement, party=party, kind="ratification", date=date(2026, 4, 1)
        )
        client = client_for(editor)
        client.post(
            reverse("agreements:part_delete", args=[agreement.pk, "treaty-action", action.pk])
        )
        client.post(reverse("agreements:part_delete", args=[agreement.pk, "party", party.pk]))
        assert not AgreementParty.objects.exists()
        assert change_records(action, action=ChangeAction.DELETE).exists()

    def test_it_does_not_remove_a_part_of_another_agreement(self, client_for, editor, japan):
        agreement = make_agreement("This one")
        other = make_agreement("Another one")
        party = add_party(other, japan)
        url = reverse("agreements:part_delete", args=[agreement.pk, "party", party.pk])
        assert client_for(editor).post(url).status_code == 404
        assert AgreementParty.objects.filter(pk=party.pk).exists()

    def test_it_refuses_an_unknown_kind_of_part(self, client_for, editor):
        agreement = make_agreement()
        url = reverse("agreements:part_delete", args=[agreement.pk, "document", 1])
        assert client_for(editor).post(url).status_code == 403

    def test_it_hides_the_treaty_action_button_until_there_is_a_party(
        self, client_for, editor, japan
    ):
        agreement = make_agreement()
        client = client_for(editor)
        assert 'id="add-treaty-action"' not in client.get(agreement.get_absolute_url()).text
        add_party(agreement, japan)
        assert 'id="add-treaty-action"' in client.get(agreement.get_absolute_url()).text


class TestTreatyActions:
    def test_it_records_and_removes_a_treaty_action_and_recomputes(
        self, client_for, editor, japan, france
    ):
        agreement = make_agreement(signature_date=date(2026, 3, 1), eif_rule="last_notification")
        tokyo, paris = add_party(agreement, japan), add_party(agreement, france)
        client = client_for(editor)
        url = reverse("agreements:treaty_action_create", args=[agreement.pk])
        client.post(url, {"party": tokyo.pk, "kind": "notification", "date": "2026-04-01"})
        response = client.post(
            url, {"party": paris.pk, "kind": "ratification", "date": "2026-05-10", "note": "Law 12"}
        )
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.entry_into_force == date(2026, 5, 10)
        page = client.get(agreement.get_absolute_url())
        assert "Notification of completion of internal procedures" in page.text
        assert "Law 12" in page.text
        last = agreement.treaty_actions.get(party=paris)
        client.post(
            reverse("agreements:part_delete", args=[agreement.pk, "treaty-action", last.pk])
        )
        agreement.refresh_from_db()
        assert agreement.entry_into_force is None


class TestRelations:
    def test_it_shows_a_relation_on_both_ends_with_the_inverse_label(self, client_for, editor):
        framework = make_agreement("Framework agreement")
        programme = make_agreement("Executive programme 2026-2027", type="executive_programme")
        client = client_for(editor)
        response = client.post(
            reverse("agreements:relation_create", args=[programme.pk]),
            {"kind": "implements", "target": framework.pk},
        )
        assert response.status_code == 302
        relation = AgreementRelation.objects.get()
        here = re.sub(r"\s+", " ", client.get(programme.get_absolute_url()).text)
        assert (
            f'This agreement implements <a href="{framework.get_absolute_url()}">'
            "Framework agreement</a>" in here
        )
        there = re.sub(r"\s+", " ", client.get(framework.get_absolute_url()).text)
        assert (
            f'This agreement is implemented by <a href="{programme.get_absolute_url()}">'
            "Executive programme 2026-2027</a>" in there
        )
        remove = reverse("agreements:part_delete", args=[programme.pk, "relation", relation.pk])
        assert remove in here
        client.post(remove)
        assert not AgreementRelation.objects.exists()
        assert "Not related to other agreements." in client.get(framework.get_absolute_url()).text

    def test_it_reads_every_kind_both_ways(self, client_for, viewer):
        older = make_agreement("Older")
        newer = make_agreement("Newer")
        for kind in ["amends", "supersedes", "renews", "extends"]:
            AgreementRelation.objects.create(source=newer, kind=kind, target=older)
        page = client_for(viewer).get(older.get_absolute_url())
        labels = sorted(str(label) for label, _, _ in page.context["relations_in"])
        assert labels == ["amended by", "extended by", "renewed by", "superseded by"]


def arabic(client):
    client.post(reverse("core:set_language"), {"language": "ar"})
    return client


def csv_of(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


class TestExports:
    def test_it_exports_csv_with_a_bom_and_english_headers(self, client_for, viewer, book):
        response = client_for(viewer).get(LIST, {"export": "csv", "status": "in_force"})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert re.match(
            r'attachment; filename="agreements-\d{4}-\d{2}-\d{2}\.csv"',
            response["Content-Disposition"],
        )
        raw, (header, *rows) = csv_of(response)
        assert raw.startswith(b"\xef\xbb\xbf")
        assert header == [
            "Reference",
            "Type",
            "Title",
            "Status",
            "Parties",
            "Date of signature",
            "Entry into force",
            "Expiry",
            "Notice deadline",
            "Desk",
            "Classification",
        ]
        by_title = {row[2]: row for row in rows}
        assert set(by_title) == {"Skills", "Cloud", "Research"}
        research = by_title["Research"]
        assert research[1] == "Memorandum of understanding"
        assert research[3] == "In force"
        assert research[4] == "Japan; France"
        assert research[5] == "2021-06-01"
        assert research[9] == "Asian desk"

    def test_it_exports_xlsx_left_to_right_in_english(self, client_for, viewer, book):
        response = client_for(viewer).get(LIST, {"export": "xlsx", "type": "protocol"})
        assert response["Content-Disposition"].endswith('.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Reference", "Type", "Title")
        assert [row[2] for row in rows[1:]] == ["Broadband"]
        assert rows[1][5].date() == date(2015, 3, 1)  # a real date, not text
        assert not sheet.sheet_view.rightToLeft

    def test_it_exports_in_arabic_right_to_left(self, client_for, viewer, book):
        book["Skills"].title_ar = "مذكرة المهارات"
        book["Skills"].save()
        client = arabic(client_for(viewer))
        with translation.override("ar"):
            expected = [str(label) for label, _ in AgreementListView.export_columns]
            in_force = str(Agreement._meta.get_field("status").choices[6][1])
        _, (header, *rows) = csv_of(client.get(LIST, {"export": "csv", "q": "Skills"}))
        assert header == expected
        assert rows[0][2] == "مذكرة المهارات"
        assert rows[0][3] == in_force
        response = client.get(LIST, {"export": "xlsx", "q": "Skills"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet.sheet_view.rightToLeft
        assert [cell.value for cell in sheet[1]] == expected
        assert sheet.cell(2, 3).value == "مذكرة المهارات"

    def test_it_writes_every_export_header_in_arabic(self, client_for, viewer, book):
        client = arabic(client_for(viewer))
        _, (header, *_) = csv_of(client.get(LIST, {"export": "csv"}))
        assert [h for h in header if not ARABIC_LETTER.search(h)] == []

    def test_it_neutralises_a_title_that_looks_like_a_formula(self, client_for, viewer):
        make_agreement('=HYPERLINK("http://evil.example","click")')
        _, (_, row) = csv_of(client_for(viewer).get(LIST, {"export": "csv"}))
        assert row[2].startswith("'=")


class TestDeadlines:
    def test_it_lists_notice_deadlines_expiries_and_reviews_soonest_first(
        self, client_for, viewer, book
    ):
        response = client_for(viewer).get(DEADLINES)
        assert response.status_code == 200
        rows = response.context["rows"]
        whens = [row["when"] for row in rows]
        assert whens == sorted(whens)
        assert all(when >= timezone.localdate() for when in whens)
        kinds = [(row["title"], row["kind"]) for row in rows]
        assert sorted(kinds) == sorted(
            [
                ("Skills", "expiry"),
                ("Cloud", "notice"),
                ("Cloud", "expiry"),
                ("Research", "review"),
            ]
        )
        skills, cloud_notice = rows[0], next(r for r in rows if r["kind"] == "notice")
        assert skills["title"] == "Skills"
        assert skills["days"] == (book["Skills"].expiry_date - timezone.localdate()).days
        assert cloud_notice["when"] == book["Cloud"].notice_deadline
        assert cloud_notice["label"] == "Notice deadline"
        assert book["Cloud"].get_absolute_url() in response.text

    def test_it_marks_a_deadline_inside_the_shortest_alert_window(
        self, client_for, viewer, settings
    ):
        soon = make_agreement(
            "Soon",
            status="in_force",
            signature_date=timezone.localdate() - timedelta(days=350),
            term_length=1,
        )
        services.refresh_dates(soon)
        settings.ACCORD_ALERT_DAYS = [180, 90, 30]
        [row] = client_for(viewer).get(DEADLINES).context["rows"]
        assert row["urgent"] is True
        assert "deadline-urgent" in client_for(viewer).get(DEADLINES).text

    def test_it_says_when_nothing_is_ahead(self, client_for, viewer):
        response = client_for(viewer).get(DEADLINES)
        assert "Nothing ahead." in response.text
