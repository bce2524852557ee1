"""The actions' pages: who may see and do what, the preset lists, filters, creating for a
source, changing the status, and the partial that record pages include."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.tests.helpers import make_action
from conftest import make_user
from core.models import ChangeRecord, OrgUnit

pytestmark = pytest.mark.django_db

LIST = reverse("actions:action_list")
MINE = reverse("actions:my_actions")
DESK = reverse("actions:desk_actions")
CREATE = reverse("actions:action_create")
TODAY = timezone.localdate()


def titles(response) -> list[str]:
    return [a.title_en for a in response.context["object_list"]]


def status_url(action) -> str:
    return reverse("actions:action_status", args=[action.pk])


def for_source(record) -> str:
    return f"{CREATE}?source={record._meta.app_label}.{record._meta.model_name}:{record.pk}"


NEW = {
    "title_en": "Send the draft MoU",
    "title_ar": "إرسال مسودة مذكرة التفاهم",
    "priority": "high",
}


@pytest.fixture
def action(desk, japan):
    return make_action("Send the draft MoU", source=japan, owner_unit=desk)


class TestWhoMaySee:
    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, action):
        urls = [LIST, MINE, DESK, CREATE, action.get_absolute_url(), status_url(action)]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login") + "?next="), url
        assert client.post(status_url(action), {"status": "done"}).status_code == 302
        assert Action.objects.get(pk=action.pk).status == "open"

    def test_it_refuses_everything_to_a_user_without_a_role(self, client_for, outsider, action):
        client = client_for(outsider)
        urls = [LIST, MINE, DESK, CREATE, action.get_absolute_url(), status_url(action)]
        for url in urls:
            assert client.get(url).status_code == 403, url
        assert client.get(for_source(action.source)).status_code == 403
        assert client.post(status_url(action), {"status": "done"}).status_code == 403
        assert client.post(CREATE, {**NEW, "owner_unit": action.owner_unit_id}).status_code == 403
        assert Action.objects.count() == 1

    def test_it_shows_a_viewer_the_list_and_an_action(self, client_for, viewer, action):
        client = client_for(viewer)
        assert titles(client.get(LIST)) == ["Send the draft MoU"]
        detail = client.get(action.get_absolute_url())
        assert detail.status_code == 200
        assert "Japan" in detail.text
        assert japan_url(action) in detail.text

    def test_it_refuses_a_viewer_create_edit_status_and_delete(self, client_for, viewer, action):
        client = client_for(viewer)
        edit = reverse("actions:action_update", args=[action.pk])
        delete = reverse("actions:action_delete", args=[action.pk])
        for url in [CREATE, for_source(action.source), edit, delete, status_url(action)]:
            assert client.get(url).status_code == 403, url
        assert client.post(CREATE, {**NEW, "owner_unit": action.owner_unit_id}).status_code == 403
        assert client.post(edit, {**NEW, "owner_unit": action.owner_unit_id}).status_code == 403
        assert client.post(status_url(action), {"status": "done"}).status_code == 403
        assert client.post(delete).status_code == 403
        action.refresh_from_db()
        assert (action.status, action.priority, Action.objects.count()) == ("open", "normal", 1)
        assert not ChangeRecord.objects.exists()

    def test_it_hides_the_buttons_a_viewer_cannot_use(self, client_for, viewer, action):
        client = client_for(viewer)
        for page in [client.get(LIST), client.get(action.get_absolute_url())]:
            assert CREATE not in page.text
            assert status_url(action) not in page.text
            assert reverse("actions:action_update", args=[action.pk]) not in page.text

    def test_it_hides_an_action_above_the_clearance(self, client_for, viewer, desk, cyber):
        hidden = make_action("Exchange points of contact", source=cyber)
        client = client_for(viewer)
        response = client.get(LIST)
        assert titles(response) == []
        assert response.context["paginator"].count == 0
        assert "Exchange points of contact" not in response.text
        assert client.get(hidden.get_absolute_url()).status_code == 404
        assert client.get(MINE).context["paginator"].count == 0
        officer = make_user("officer_internal", "officer", "internal")
        client = client_for(officer)
        for url in [
            reverse("actions:action_update", args=[hidden.pk]),
            status_url(hidden),
        ]:
            assert client.get(url).status_code == 404, url
        assert client.post(status_url(hidden), {"status": "done"}).status_code == 404
        assert Action.objects.get(pk=hidden.pk).status == "open"


def japan_url(action) -> str:
    return action.source.get_absolute_url()


class TestCreate:
    def test_it_lets_an_editor_file_a_standalone_action(self, client_for, editor, desk):
        response = client_for(editor).post(
            CREATE, {**NEW, "owner": editor.pk, "classification": "internal"}
        )
        action = Action.objects.get()
        assert response.status_code == 302
        assert response.url == action.get_absolute_url()
        assert (action.owner, action.source, action.created_by) == (editor, None, editor)
        assert ChangeRecord.objects.get().action == "create"

    def test_it_proposes_the_editor_and_their_desk_as_owners(self, client_for, desk):
        officer = make_user("officer_desk", "officer", "confidential", org_unit=desk)
        form = client_for(officer).get(CREATE).context["form"]
        assert (form.initial["owner"], form.initial["owner_unit"]) == (officer.pk, desk.pk)

    def test_it_files_an_action_for_a_source_and_returns_to_it(
        self, client_for, editor, desk, cyber
    ):
        client = client_for(editor)
        page = client.get(for_source(cyber))
        assert page.status_code == 200
        assert "A follow-up action for this partner" in page.text
        assert cyber.get_absolute_url() in page.text
        assert page.context["form"].initial["classification"] == "confidential"
        response = client.post(
            for_source(cyber), {**NEW, "owner_unit": desk.pk, "classification": "confidential"}
        )
        assert response.status_code == 302
        assert response.url == cyber.get_absolute_url()
        action = Action.objects.get()
        assert (action.source, action.classification) == (cyber, "confidential")

    def test_it_refuses_a_classification_below_the_source_on_its_field(
        self, client_for, editor, desk, cyber
    ):
        response = client_for(editor).post(
            for_source(cyber), {**NEW, "owner_unit": desk.pk, "classification": "internal"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "classification": [
                "An action cannot be classified below its source record (Confidential)."
            ]
        }
        assert 'id="id_classification_error"' in response.text
        assert "Nothing was saved" in response.text
        assert not Action.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_requires_an_owner_or_a_desk_on_the_owner_field(self, client_for, editor):
        response = client_for(editor).post(CREATE, {**NEW, "classification": "internal"})
        assert response.context["form"].errors == {
            "owner": ["Choose who owns the action: a person, a desk or both."]
        }
        assert not Action.objects.exists()

    @pytest.mark.parametrize(
        "key",
        [
            "partners.partner:{cyber}",  # above the user's clearance
            "partners.partner:999999",  # does not exist
            "core.orgunit:{desk}",  # not a classified record
            "nothing.here:1",
            "partners.partner",
        ],
    )
    def test_it_answers_404_for_a_source_the_user_cannot_read(self, client_for, desk, cyber, key):
        officer = make_user("officer_internal", "officer", "internal")
        url = f"{CREATE}?source={key.format(cyber=cyber.pk, desk=desk.pk)}"
        client = client_for(officer)
        assert client.get(url).status_code == 404
        assert client.post(url, {**NEW, "owner_unit": desk.pk}).status_code == 404
        assert not Action.objects.exists()

    def test_it_offers_only_classifications_up_to_the_clearance(self, client_for, editor):
        choices = client_for(editor).get(CREATE).context["form"].fields["classification"].choices
        assert [value for value, _ in choices] == ["public", "internal", "confidential"]

    def test_it_edits_an_action_and_keeps_its_source(self, client_for, editor, action):
        url = reverse("actions:action_update", args=[action.pk])
        client = client_for(editor)
        assert "Japan" in client.get(url).text
        response = client.post(
            url,
            {
                "title_en": "Send the signed MoU",
                "owner_unit": action.owner_unit_id,
                "priority": "urgent",
                "classification": "public",
                "due_date": (TODAY + timedelta(days=3)).isoformat(),
            },
        )
        assert response.status_code == 302
        action.refresh_from_db()
        assert (action.title_en, action.priority, action.source) == (
            "Send the signed MoU",
            "urgent",
            action.source,
        )
        assert action.source_id is not None
        assert ChangeRecord.objects.get().changes["priority"] == ["normal", "urgent"]


class TestStatus:
    def test_it_marks_an_action_done_from_the_detail_page(self, client_for, editor, action):
        client = client_for(editor)
        detail = client.get(action.get_absolute_url())
        assert detail.context["status_form"] is not None
        response = client.post(
            status_url(action),
            {"status": "done", "comment": "Sent on Monday", "next": action.get_absolute_url()},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == action.get_absolute_url()
        action.refresh_from_db()
        assert (action.status, action.completed_on) == ("done", TODAY)
        record = ChangeRecord.objects.get()
        assert (record.changes["status"], record.comment) == (["open", "done"], "Sent on Monday")
        assert "is now done" in response.text

    def test_it_needs_a_comment_to_cancel_and_names_the_field(self, client_for, editor, action):
        response = client_for(editor).post(status_url(action), {"status": "cancelled"})
        assert response.status_code == 200
        assert response.context["form"].errors == {"comment": ["Say why the action is cancelled."]}
        assert 'id="id_comment_error"' in response.text
        assert "Nothing was saved" in response.text
        assert Action.objects.get(pk=action.pk).status == "open"
        assert not ChangeRecord.objects.exists()

    def test_it_cancels_with_a_comment(self, client_for, editor, action):
        client_for(editor).post(
            status_url(action), {"status": "cancelled", "comment": "Overtaken by the visit"}
        )
        assert Action.objects.get(pk=action.pk).status == "cancelled"
        assert ChangeRecord.objects.get().comment == "Overtaken by the visit"

    def test_it_changes_the_status_from_the_list_and_returns_to_it(
        self, client_for, editor, action
    ):
        client = client_for(editor)
        back = f"{LIST}?status=active"
        page = client.get(back)
        assert status_url(action) in page.text
        response = client.post(status_url(action), {"status": "done", "next": back})
        assert response.status_code == 302
        assert response.url == back
        assert Action.objects.get(pk=action.pk).status == "done"
        reopen = client.post(status_url(action), {"status": "open", "next": back})
        assert reopen.url == back
        action.refresh_from_db()
        assert (action.status, action.completed_on) == ("open", None)

    def test_it_offers_the_cancel_form_on_its_own_page(self, client_for, editor, action):
        page = client_for(editor).get(status_url(action), {"status": "cancelled", "next": LIST})
        assert page.status_code == 200
        assert page.context["form"].initial["status"] == "cancelled"
        assert [v for v, _ in page.context["form"].fields["status"].choices] == [
            "in_progress",
            "done",
            "cancelled",
        ]

    def test_it_ignores_a_next_url_on_another_site(self, client_for, editor, action):
        response = client_for(editor).post(
            status_url(action), {"status": "done", "next": "https://evil.example/"}
        )
        assert response.url == action.get_absolute_url()


class TestPresetLists:
    @pytest.fixture
    def rows(self, desk, editor, manager):
        other = OrgUnit.objects.create(code="african", name_en="African desk")
        return {
            "mine": make_action("Mine", owner=editor),
            "mine_on_desk": make_action("Mine, on the desk", owner=editor, owner_unit=desk),
            "desk": make_action("The desk's", owner_unit=desk),
            "other": make_action("Another desk's", owner=manager, owner_unit=other),
        }

    def test_it_lists_my_actions(self, client_for, editor, rows):
        response = client_for(editor).get(MINE)
        assert sorted(titles(response)) == ["Mine", "Mine, on the desk"]
        assert "owner" not in response.context["filter"].form.fields
        assert response.context["title"] == "My actions"

    def test_it_lists_my_desks_actions(self, client_for, desk, rows):
        officer = make_user("desk_officer", "officer", "confidential", org_unit=desk)
        response = client_for(officer).get(DESK)
        assert sorted(titles(response)) == ["Mine, on the desk", "The desk's"]
        assert "owner_unit" not in response.context["filter"].form.fields

    def test_it_explains_the_desk_list_to_someone_without_a_desk(self, client_for, editor, rows):
        response = client_for(editor).get(DESK)
        assert titles(response) == []
        assert "You are not assigned to a desk." in response.text

    def test_it_filters_the_preset_list_further(self, client_for, editor, rows):
        response = client_for(editor).get(MINE, {"q": "desk"})
        assert titles(response) == ["Mine, on the desk"]

    def test_it_says_so_when_nothing_is_mine(self, client_for, viewer, rows):
        assert "Nothing is assigned to you." in client_for(viewer).get(MINE).text

    def test_it_marks_the_current_tab(self, client_for, editor, rows):
        text = client_for(editor).get(MINE).text
        assert re.search(rf'class="nav-link active" aria-current="page" href="{MINE}"', text)


class TestListing:
    @pytest.fixture
    def rows(self, desk, japan, editor):
        return {
            "late": make_action(
                "Late report",
                source=japan,
                due_date=TODAY - timedelta(days=3),
                owner=editor,
                priority="high",
            ),
            "soon": make_action("Soon", due_date=TODAY + timedelta(days=2), priority="urgent"),
            "undated": make_action("Undated", title_ar="بلا موعد", priority="low"),
            "done_late": make_action(
                "Done late", due_date=TODAY - timedelta(days=9), status="done", completed_on=TODAY
            ),
            "progress": make_action(
                "In progress", due_date=TODAY + timedelta(days=20), status="in_progress"
            ),
        }

    @pytest.fixture
    def reader(self, client_for, viewer, rows):
        return client_for(viewer)

    def test_it_lists_by_due_date_with_undated_actions_last(self, reader):
        assert titles(reader.get(LIST)) == [
            "Done late",
            "Late report",
            "Soon",
            "In progress",
            "Undated",
        ]

    def test_it_filters_overdue_actions(self, reader):
        response = reader.get(LIST, {"overdue": "true"})
        assert titles(response) == ["Late report"]
        assert '<option value="true" selected>' in response.text
        assert "Late report" not in titles(reader.get(LIST, {"overdue": "false"}))
        assert len(titles(reader.get(LIST, {"overdue": "false"}))) == 4

    def test_it_lists_what_is_due_this_week(self, reader):
        # Due in two days: listed; overdue, done, undated and three weeks away: not.
        response = reader.get(LIST, {"due_this_week": "true"})
        assert titles(response) == ["Soon"]
        assert 'id="due-week-link"' in response.text

    def test_it_shows_an_overdue_action_in_red(self, reader):
        text = reader.get(LIST, {"overdue": "true"}).text
        assert 'class="text-danger fw-semibold"' in text
        assert "overdue</span>" in text

    def test_it_filters_by_status(self, reader):
        assert titles(reader.get(LIST, {"status": "done"})) == ["Done late"]
        assert titles(reader.get(LIST, {"status": "active"})) == [
            "Late report",
            "Soon",
            "In progress",
            "Undated",
        ]

    def test_it_filters_by_priority(self, reader):
        assert titles(reader.get(LIST, {"priority": "urgent"})) == ["Soon"]

    def test_it_filters_by_owner_me(self, client_for, editor, rows):
        assert titles(client_for(editor).get(LIST, {"owner": "me"})) == ["Late report"]

    def test_it_filters_by_desk(self, reader, desk, rows):
        make_action("Asian", owner_unit=desk)
        assert titles(reader.get(LIST, {"owner_unit": desk.pk})) == ["Asian"]

    def test_it_filters_by_due_dates(self, reader):
        window = {"due_after": TODAY.isoformat(), "due_before": (TODAY + timedelta(5)).isoformat()}
        assert titles(reader.get(LIST, window)) == ["Soon"]

    def test_it_filters_by_kind_of_source_and_by_source(self, reader, japan):
        assert titles(reader.get(LIST, {"source_type": "partners.partner"})) == ["Late report"]
        response = reader.get(LIST, {"source": f"partners.partner:{japan.pk}"})
        assert titles(response) == ["Late report"]
        assert response.context["source_filter"] == japan

    def test_it_finds_titles_in_either_language(self, reader):
        assert titles(reader.get(LIST, {"q": "بلا موعد"})) == ["Undated"]
        assert titles(reader.get(LIST, {"q": "REPORT"})) == ["Late report"]

    def test_it_sorts_by_priority_and_by_update(self, reader, rows):
        assert titles(reader.get(LIST, {"ordering": "-priority"}))[:2] == ["Soon", "Late report"]
        assert titles(reader.get(LIST, {"ordering": "priority"}))[0] == "Undated"
        Action.objects.filter(pk=rows["undated"].pk).update(updated_at=timezone.now())
        assert titles(reader.get(LIST, {"ordering": "-updated"}))[0] == "Undated"

    def test_it_keeps_undated_actions_last_when_sorting_by_latest_due(self, reader):
        assert titles(reader.get(LIST, {"ordering": "-due"}))[-1] == "Undated"

    def test_it_links_the_source_record(self, reader, japan):
        assert f'href="{japan.get_absolute_url()}"' in reader.get(LIST).text

    def test_it_says_so_when_nothing_matches(self, reader):
        response = reader.get(LIST, {"q": "Atlantis"})
        assert titles(response) == []
        assert "No action matches." in response.text

    def test_it_helps_when_there_are_no_actions_at_all(self, client_for, editor):
        text = client_for(editor).get(LIST).text
        assert "No follow-up actions yet." in text
        assert CREATE in text

    def test_it_answers_htmx_with_the_results_fragment_only(self, reader):
        response = reader.get(MINE, {"q": "report"}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "<html" not in response.text
        assert "actions/partials/action_results.html" in [t.name for t in response.templates]
        assert response["Vary"] and "HX-Request" in response["Vary"]

    def test_it_paginates(self, reader, desk):
        for i in range(30):
            make_action(f"Bulk {i:02d}", due_date=TODAY + timedelta(days=100 + i))
        first = reader.get(LIST, {"q": "bulk"})
        second = reader.get(LIST, {"q": "bulk", "page": 2})
        assert (len(titles(first)), len(titles(second))) == (25, 5)
        assert not set(titles(first)) & set(titles(second))

    def test_it_refuses_an_unknown_filter_value_quietly(self, reader):
        response = reader.get(LIST, {"status": "finished"})
        assert response.status_code == 200
        assert response.context["filter"].errors


class TestDetailAndDelete:
    def test_it_shows_notes_history_and_the_source(self, client_for, editor, action):
        response = client_for(editor).get(action.get_absolute_url())
        assert "core/_notes.html" in [t.name for t in response.templates]
        assert "core/_history.html" in [t.name for t in response.templates]
        assert response.context["object"].source_record == action.source

    def test_it_hides_a_source_the_reader_cannot_see(self, client_for, viewer, desk, cyber):
        action = make_action("Reclassified source", source=cyber)
        Action.objects.filter(pk=action.pk).update(classification="internal")
        response = client_for(viewer).get(action.get_absolute_url())
        assert response.status_code == 200
        assert "Cyber Defence Agency" not in response.text
        assert "A record you cannot see" in response.text

    def test_it_lets_a_manager_delete_and_records_it(self, client_for, manager, action):
        response = client_for(manager).post(reverse("actions:action_delete", args=[action.pk]))
        assert response.url == LIST
        assert not Action.objects.exists()
        assert ChangeRecord.objects.get().action == "delete"

    def test_it_refuses_an_officer_the_delete(self, client_for, editor, action):
        response = client_for(editor).post(reverse("actions:action_delete", args=[action.pk]))
        assert response.status_code == 403
        assert Action.objects.exists()


def render_partial(user, record):
    request = RequestFactory().get(record.get_absolute_url())
    request.user = user
    actions = Action.objects.restrict(user).for_source(record)
    return render_to_string(
        "actions/_actions.html", {"actions": actions, "object": record}, request=request
    )


class TestPartial:
    def test_it_lists_a_records_actions_with_status_due_date_and_owner(self, editor, desk, japan):
        make_action("Late", source=japan, owner=editor, due_date=TODAY - timedelta(days=1))
        make_action("Done", source=japan, owner_unit=desk, status="done", completed_on=TODAY)
        html = render_partial(editor, japan)
        assert "Late" in html and "Done" in html
        assert 'class="text-danger fw-semibold"' in html
        assert "1 overdue" in html
        assert "1 still open" in html
        assert "editor" in html and "Asian desk" in html
        assert f"{CREATE}?source=partners.partner%3A{japan.pk}" in html
        assert f"{LIST}?source=partners.partner%3A{japan.pk}" in html

    def test_it_never_shows_a_viewer_a_confidential_action_nor_its_count(
        self, viewer, editor, desk, japan
    ):
        make_action("Public step", source=japan, classification="public")
        make_action("Confidential step", source=japan, classification="confidential")
        html = render_partial(viewer, japan)
        assert "Public step" in html
        assert "Confidential step" not in html
        assert '<span class="badge text-bg-secondary">1</span>' in html
        assert '<span class="badge text-bg-secondary">2</span>' in render_partial(editor, japan)

    def test_it_hides_the_add_button_from_a_viewer(self, viewer, japan):
        html = render_partial(viewer, japan)
        assert CREATE not in html
        assert "No follow-up actions yet." in html

    def test_it_is_filled_by_the_mixin_of_any_records_detail_view(self, viewer, desk, japan):
        from actions.views import WithActionsMixin
        from partners.views import PartnerDetailView

        class JapanWithActions(WithActionsMixin, PartnerDetailView):
            template_name = "actions/_actions.html"

        make_action("Public step", source=japan, classification="public")
        make_action("Confidential step", source=japan, classification="confidential")
        request = RequestFactory().get(japan.get_absolute_url())
        request.user = viewer
        response = JapanWithActions.as_view()(request, pk=japan.pk)
        response.render()
        assert [a.title for a in response.context_data["actions"]] == ["Public step"]
        assert "Public step" in response.content.decode()

    def test_it_links_to_the_create_page_that_opens_for_the_record(self, client_for, editor, japan):
        html = render_partial(editor, japan)
        url = re.search(r'href="([^"]*/actions/new/\?source=[^"]*)"', html).group(1)
        assert client_for(editor).get(url).context["source"] == japan
