"""The lifecycle: every step of the table for every role, the steps the table does not
have, comments, the legal review, the timeline; through the service, the page and the API."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from agreements import services, workflow
from agreements.choices import LifecycleEvent, Status
from agreements.models import Agreement
from agreements.services import TransitionRefused
from agreements.tests.conftest import (
    ROLE_FIXTURES,
    add_party,
    change_records,
    make_agreement,
    ready_agreement,
    timeline,
)
from conftest import make_user
from core.choices import ChangeChannel

pytestmark = pytest.mark.django_db

ROLES = list(ROLE_FIXTURES)
CASES = [
    pytest.param(step, role, id=f"{step.source}->{step.target}-{role}")
    for step in workflow.TRANSITIONS
    for role in ROLES
]
# Every pair of statuses that the table does not list (and staying put).
MISSING = [
    pytest.param(source, target, id=f"{source}->{target}")
    for source in Status.values
    for target in Status.values
    if workflow.find(source, target) is None
]


def comment_for(step) -> str:
    return "The counterpart asked for changes to article 4." if step.comment_required else ""


def assert_unchanged(agreement):
    """Nothing happened: same status, no step on the timeline, no change record."""
    before = agreement.status
    agreement.refresh_from_db()
    assert agreement.status == before
    assert timeline(agreement) == []
    assert not change_records(agreement).exists()


class TestTheTableForEveryRole:
    @pytest.mark.parametrize(("step", "role"), CASES)
    def test_it_makes_an_allowed_step_and_refuses_any_other_role(self, step, role, as_role, japan):
        user = as_role(role)
        agreement = ready_agreement(step.source, japan)
        comment = comment_for(step)
        if role not in step.roles:
            with pytest.raises(TransitionRefused) as refused:
                services.transition(agreement, step.target, user, comment)
            assert "role does not allow" in " ".join(refused.value.messages)
            assert_unchanged(agreement)
            return
        services.transition(agreement, step.target, user, comment)
        agreement.refresh_from_db()
        assert agreement.status == step.target
        [change] = timeline(agreement)
        assert (change.from_status, change.to_status, change.user, change.comment) == (
            step.source,
            step.target,
            user,
            comment,
        )
        assert change.event == LifecycleEvent.TRANSITION
        [record] = change_records(agreement)
        assert record.changes["status"] == [step.source, step.target]
        assert (record.user, record.channel, record.comment) == (user, ChangeChannel.PAGE, comment)

    def test_it_lets_nobody_but_managers_approve_for_signature(self):
        step = workflow.find(Status.LEGAL_REVIEW, Status.APPROVED)
        assert step.roles == {"manager", "administrator"}

    def test_it_lets_a_viewer_make_no_step_at_all(self):
        assert all("viewer" not in step.roles for step in workflow.TRANSITIONS)

    def test_it_offers_each_role_only_the_steps_it_may_make(self, as_role, japan):
        agreement = ready_agreement(Status.LEGAL_REVIEW, japan)
        offered = {
            role: {t.target for t in services.allowed_transitions(agreement, as_role(role))}
            for role in ROLES
        }
        assert offered == {
            "viewer": set(),
            "officer": {Status.NEGOTIATION},
            "legal_adviser": {Status.NEGOTIATION},
            "manager": {Status.NEGOTIATION, Status.APPROVED, Status.TERMINATED},
            "administrator": {Status.NEGOTIATION, Status.APPROVED, Status.TERMINATED},
        }


class TestStepsTheTableDoesNotHave:
    @pytest.mark.parametrize(("source", "target"), MISSING)
    def test_it_refuses_a_step_not_in_the_table_naming_both_statuses(
        self, source, target, administrator, japan
    ):
        agreement = ready_agreement(source, japan)
        with pytest.raises(TransitionRefused) as refused:
            services.transition(agreement, target, administrator, "Because.")
        message = " ".join(refused.value.messages)
        assert str(Status(source).label) in message
        assert str(Status(target).label) in message
        assert_unchanged(agreement)

    def test_it_refuses_a_status_that_does_not_exist(self, administrator, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        with pytest.raises(TransitionRefused) as refused:
            services.transition(agreement, "ratified", administrator, "Because.")
        assert "“ratified” is not a status" in " ".join(refused.value.messages)
        assert_unchanged(agreement)


class TestPreconditions:
    def test_it_requires_a_comment_where_the_table_says_so_naming_the_field(self, manager, japan):
        agreement = ready_agreement(Status.IN_FORCE, japan)
        for blank in ["", "   \n"]:
            with pytest.raises(TransitionRefused) as refused:
                services.transition(agreement, Status.TERMINATED, manager, blank)
            assert list(refused.value.message_dict) == ["comment"]
        assert_unchanged(agreement)

    def test_it_marks_every_going_back_and_ending_as_needing_a_comment(self):
        backwards = {
            (Status.NEGOTIATION, Status.DRAFTING),
            (Status.LEGAL_REVIEW, Status.NEGOTIATION),
            (Status.APPROVED, Status.NEGOTIATION),
        }
        for step in workflow.TRANSITIONS:
            ending = step.target in (Status.EXPIRED, Status.TERMINATED, Status.SUPERSEDED)
            going_back = (step.source, step.target) in backwards
            assert step.comment_required == (ending or going_back), step

    def test_it_refuses_approval_before_a_legal_adviser_passed_the_review(self, manager):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        with pytest.raises(TransitionRefused) as refused:
            services.transition(agreement, Status.APPROVED, manager)
        assert "legal adviser must pass" in " ".join(refused.value.messages)
        assert_unchanged(agreement)

    def test_it_refuses_signed_without_a_date_of_signature_naming_it(self, editor, japan):
        agreement = make_agreement(status=Status.APPROVED)
        add_party(agreement, japan)
        with pytest.raises(TransitionRefused) as refused:
            services.transition(agreement, Status.SIGNED, editor)
        assert list(refused.value.message_dict) == ["signature_date"]
        assert_unchanged(agreement)

    def test_it_refuses_signed_without_a_party(self, editor, japan):
        agreement = make_agreement(status=Status.APPROVED, signature_date="2026-01-10")
        add_party(agreement, japan, role="witness")  # a witness is not a party
        with pytest.raises(TransitionRefused) as refused:
            services.transition(agreement, Status.SIGNED, editor)
        assert "parties" in " ".join(refused.value.messages)
        assert_unchanged(agreement)

    def test_it_refuses_in_force_before_the_entry_into_force(self, editor, japan):
        tomorrow = timezone.localdate() + timedelta(days=1)
        agreement = make_agreement(
            status=Status.SIGNED,
            signature_date=timezone.localdate(),
            eif_rule="fixed_date",
            eif_fixed_date=tomorrow,
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement)
        assert agreement.entry_into_force == tomorrow
        with pytest.raises(TransitionRefused) as refused:
            services.transition(agreement, Status.IN_FORCE, editor)
        assert "not entered into force" in " ".join(refused.value.messages)
        agreement.refresh_from_db()
        assert agreement.status == Status.SIGNED
        assert timeline(agreement) == []

    def test_it_refuses_in_force_while_a_party_has_not_notified(self, editor, japan, france):
        agreement = make_agreement(
            status=Status.SIGNED, signature_date="2026-01-10", eif_rule="last_notification"
        )
        add_party(agreement, japan)
        add_party(agreement, france)
        services.refresh_dates(agreement)
        with pytest.raises(TransitionRefused):
            services.transition(agreement, Status.IN_FORCE, editor)
        assert_unchanged(agreement)


class TestLegalReview:
    def test_it_lets_a_legal_adviser_pass_the_review_and_a_manager_then_approve(
        self, legal, manager
    ):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        services.clear_legal_review(agreement, legal, "Consistent with our obligations.")
        agreement.refresh_from_db()
        assert agreement.legal_cleared_by == legal
        assert agreement.legal_cleared_at is not None
        assert agreement.status == Status.LEGAL_REVIEW
        services.transition(agreement, Status.APPROVED, manager)
        agreement.refresh_from_db()
        assert agreement.status == Status.APPROVED
        clearance, approval = timeline(agreement)
        assert (clearance.event, clearance.user, clearance.comment) == (
            LifecycleEvent.LEGAL_CLEARANCE,
            legal,
            "Consistent with our obligations.",
        )
        assert (approval.to_status, approval.user) == (Status.APPROVED, manager)

    def test_it_passes_the_review_once(self, legal):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        services.clear_legal_review(agreement, legal, "Cleared.")
        other = make_user("other_legal", "legal_adviser", "confidential")
        with pytest.raises(TransitionRefused) as refused:
            services.clear_legal_review(agreement, other, "Cleared again.")
        assert "already been passed" in " ".join(refused.value.messages)
        agreement.refresh_from_db()
        assert agreement.legal_cleared_by == legal
        assert len(timeline(agreement)) == 1

    @pytest.mark.parametrize("role", ["viewer", "officer", "manager", "administrator"])
    def test_it_refuses_the_legal_review_to_anyone_but_a_legal_adviser(self, role, as_role):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        with pytest.raises(TransitionRefused) as refused:
            services.clear_legal_review(agreement, as_role(role))
        assert "Only a legal adviser" in " ".join(refused.value.messages)
        agreement.refresh_from_db()
        assert agreement.legal_cleared_at is None
        assert_unchanged(agreement)

    @pytest.mark.parametrize("status", [s for s in Status.values if s != Status.LEGAL_REVIEW])
    def test_it_refuses_the_legal_review_outside_legal_review(self, status, legal):
        agreement = make_agreement(status=status)
        with pytest.raises(TransitionRefused) as refused:
            services.clear_legal_review(agreement, legal)
        assert "Only an agreement in legal review" in " ".join(refused.value.messages)
        agreement.refresh_from_db()
        assert agreement.legal_cleared_at is None
        assert_unchanged(agreement)

    @pytest.mark.parametrize(
        ("source", "target", "role"),
        [
            (Status.LEGAL_REVIEW, Status.NEGOTIATION, "legal_adviser"),
            (Status.APPROVED, Status.NEGOTIATION, "manager"),
            (Status.NEGOTIATION, Status.DRAFTING, "officer"),
        ],
    )
    def test_it_clears_the_legal_review_when_the_text_goes_back(
        self, source, target, role, as_role, legal, japan
    ):
        agreement = ready_agreement(source, japan)
        Agreement.objects.filter(pk=agreement.pk).update(
            legal_cleared_by=legal, legal_cleared_at=timezone.now()
        )
        services.transition(agreement, target, as_role(role), "Article 4 was reopened.")
        agreement.refresh_from_db()
        assert (agreement.legal_cleared_by, agreement.legal_cleared_at) == (None, None)

    def test_it_asks_for_a_new_review_after_the_text_came_back(self, legal, manager, editor):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        services.clear_legal_review(agreement, legal)
        services.transition(agreement, Status.NEGOTIATION, legal, "Article 4 is unclear.")
        services.transition(agreement, Status.LEGAL_REVIEW, editor)
        with pytest.raises(TransitionRefused):
            services.transition(agreement, Status.APPROVED, manager)
        agreement.refresh_from_db()
        assert agreement.status == Status.LEGAL_REVIEW

    def test_it_keeps_the_clearance_when_the_agreement_moves_forward(self, legal, manager, japan):
        agreement = make_agreement(status=Status.LEGAL_REVIEW, signature_date="2026-01-10")
        add_party(agreement, japan)
        services.clear_legal_review(agreement, legal)
        services.transition(agreement, Status.APPROVED, manager)
        services.transition(agreement, Status.SIGNED, manager)
        agreement.refresh_from_db()
        assert agreement.legal_cleared_by == legal


class TestTimeline:
    def test_it_records_who_when_and_why_for_a_whole_life(self, editor, legal, manager, japan):
        agreement = make_agreement(status=Status.PROPOSAL, signature_date="2026-01-10")
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=timezone.localdate())
        started = timezone.now()
        services.transition(agreement, Status.DRAFTING, editor)
        services.transition(agreement, Status.NEGOTIATION, editor)
        services.transition(agreement, Status.LEGAL_REVIEW, editor)
        services.transition(agreement, Status.NEGOTIATION, legal, "Article 4 is unclear.")
        services.transition(agreement, Status.LEGAL_REVIEW, editor, "Article 4 redrafted.")
        services.clear_legal_review(agreement, legal, "Cleared.")
        services.transition(agreement, Status.APPROVED, manager)
        services.transition(agreement, Status.SIGNED, editor)
        services.transition(agreement, Status.IN_FORCE, editor)
        steps = [
            (s.event, s.from_status, s.to_status, s.user.username, s.comment)
            for s in timeline(agreement)
        ]
        assert steps == [
            ("transition", "proposal", "drafting", "editor", ""),
            ("transition", "drafting", "negotiation", "editor", ""),
            ("transition", "negotiation", "legal_review", "editor", ""),
            ("transition", "legal_review", "negotiation", "legal", "Article 4 is unclear."),
            ("transition", "negotiation", "legal_review", "editor", "Article 4 redrafted."),
            ("legal_clearance", "legal_review", "legal_review", "legal", "Cleared."),
            ("transition", "legal_review", "approved", "manager", ""),
            ("transition", "approved", "signed", "editor", ""),
            ("transition", "signed", "in_force", "editor", ""),
        ]
        assert all(started <= s.at <= timezone.now() for s in timeline(agreement))

    def test_it_shows_the_timeline_on_the_agreement_page(self, client_for, editor, manager):
        agreement = make_agreement(status=Status.NEGOTIATION)
        services.transition(agreement, Status.TERMINATED, manager, "The partner withdrew.")
        page = client_for(editor).get(agreement.get_absolute_url())
        assert page.status_code == 200
        assert [s.comment for s in page.context["timeline"]] == ["The partner withdrew."]
        section = page.text.split('id="lifecycle-timeline"')[1].split("</ol>")[0]
        assert "Terminated" in section
        assert "The partner withdrew." in section
        assert str(manager) in section


def transition_url(agreement, status):
    return reverse("agreements:agreement_transition", args=[agreement.pk, status])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refused_role(step):
    """A role that holds the change permission but may not make `step` (None if every
    role that may edit may make it)."""
    for role in ("officer", "legal_adviser", "manager"):
        if role not in step.roles:
            return role
    return None


STEPS = [pytest.param(step, id=f"{step.source}->{step.target}") for step in workflow.TRANSITIONS]
# The steps that some role holding the change permission may not make.
GUARDED = [
    pytest.param(step, id=f"{step.source}->{step.target}")
    for step in workflow.TRANSITIONS
    if refused_role(step)
]


class TestThroughThePage:
    @pytest.mark.parametrize("step", STEPS)
    def test_it_makes_each_step_from_the_agreement_page(self, step, client_for, as_role, japan):
        role = sorted(step.roles)[0]
        agreement = ready_agreement(step.source, japan)
        client = client_for(as_role(role))
        page = client.get(agreement.get_absolute_url())
        assert transition_url(agreement, step.target) in page.text
        response = client.post(
            transition_url(agreement, step.target), {"comment": comment_for(step)}
        )
        assert response.status_code == 302
        assert response.url == agreement.get_absolute_url()
        assert messages_of(response) == [f"Status changed to “{Status(step.target).label}”."]
        agreement.refresh_from_db()
        assert agreement.status == step.target
        [record] = change_records(agreement)
        assert record.channel == ChangeChannel.PAGE

    @pytest.mark.parametrize("step", GUARDED)
    def test_it_refuses_a_role_with_the_reason_and_changes_nothing(
        self, step, client_for, as_role, japan
    ):
        role = refused_role(step)
        agreement = ready_agreement(step.source, japan)
        client = client_for(as_role(role))
        assert (
            transition_url(agreement, step.target)
            not in client.get(agreement.get_absolute_url()).text
        )
        response = client.post(transition_url(agreement, step.target), {"comment": "Please."})
        assert response.status_code == 302
        assert messages_of(response) == [
            f"Your role does not allow moving an agreement to “{Status(step.target).label}”."
        ]
        assert_unchanged(agreement)

    def test_it_refuses_a_viewer_with_403(self, client_for, viewer, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        response = client_for(viewer).post(transition_url(agreement, Status.NEGOTIATION))
        assert response.status_code == 403
        assert_unchanged(agreement)

    def test_it_says_a_comment_is_needed(self, client_for, manager, japan):
        agreement = ready_agreement(Status.IN_FORCE, japan)
        response = client_for(manager).post(
            transition_url(agreement, Status.TERMINATED), {"comment": ""}, follow=True
        )
        assert "a comment is required for this step" in response.text
        assert_unchanged(agreement)

    def test_it_refuses_a_step_the_table_does_not_have(self, client_for, manager, japan):
        agreement = ready_agreement(Status.PROPOSAL, japan)
        response = client_for(manager).post(transition_url(agreement, Status.IN_FORCE))
        assert messages_of(response) == ["An agreement cannot go from “Proposal” to “In force”."]
        assert_unchanged(agreement)

    def test_it_refuses_a_made_up_status_without_crashing(self, client_for, manager, japan):
        agreement = ready_agreement(Status.PROPOSAL, japan)
        response = client_for(manager).post(transition_url(agreement, "ratified"))
        assert response.status_code == 302
        assert messages_of(response) == ["“ratified” is not a status."]
        assert_unchanged(agreement)

    def test_it_answers_404_for_an_agreement_above_the_clearance(self, client_for, japan):
        officer = make_user("internal_officer", "officer", "internal")
        agreement = ready_agreement(Status.DRAFTING, japan, classification="confidential")
        response = client_for(officer).post(transition_url(agreement, Status.NEGOTIATION))
        assert response.status_code == 404
        assert_unchanged(agreement)

    def test_it_lets_a_legal_adviser_pass_the_review_from_the_page(self, client_for, legal):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        client = client_for(legal)
        url = reverse("agreements:legal_clearance", args=[agreement.pk])
        assert url in client.get(agreement.get_absolute_url()).text
        response = client.post(url, {"comment": "Cleared."})
        assert messages_of(response) == ["Legal review passed."]
        agreement.refresh_from_db()
        assert agreement.legal_cleared_by == legal
        assert "Legal review passed by" in client.get(agreement.get_absolute_url()).text

    def test_it_refuses_the_review_to_a_manager_from_the_page(self, client_for, manager):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        client = client_for(manager)
        url = reverse("agreements:legal_clearance", args=[agreement.pk])
        assert url not in client.get(agreement.get_absolute_url()).text
        response = client.post(url)
        assert messages_of(response) == ["Only a legal adviser can pass the legal review."]
        assert_unchanged(agreement)

    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        response = client.post(transition_url(agreement, Status.NEGOTIATION))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
        assert_unchanged(agreement)


def api_transition(client, agreement, status, comment=""):
    return client.post(
        f"/api/v1/agreements/{agreement.pk}/transition/",
        {"status": status, "comment": comment},
        format="json",
    )


class TestThroughTheApi:
    @pytest.mark.parametrize("step", STEPS)
    def test_it_makes_each_step_through_the_api(self, step, api, as_role, japan):
        role = sorted(step.roles)[0]
        agreement = ready_agreement(step.source, japan)
        response = api_transition(api(as_role(role)), agreement, step.target, comment_for(step))
        assert response.status_code == 200, response.data
        assert response.data["status"] == step.target
        agreement.refresh_from_db()
        assert agreement.status == step.target
        [record] = change_records(agreement)
        assert record.channel == ChangeChannel.API

    @pytest.mark.parametrize("step", GUARDED)
    def test_it_refuses_a_role_with_400_and_the_reason(self, step, api, as_role, japan):
        role = refused_role(step)
        agreement = ready_agreement(step.source, japan)
        response = api_transition(api(as_role(role)), agreement, step.target, "Please.")
        assert response.status_code == 400
        assert response.data == {
            "non_field_errors": [
                f"Your role does not allow moving an agreement to “{Status(step.target).label}”."
            ]
        }
        assert_unchanged(agreement)

    def test_it_refuses_a_viewer_with_403(self, api, viewer, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        response = api_transition(api(viewer), agreement, Status.NEGOTIATION)
        assert response.status_code == 403
        assert_unchanged(agreement)

    def test_it_refuses_a_step_the_table_does_not_have(self, api, manager, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        response = api_transition(api(manager), agreement, Status.SIGNED)
        assert response.status_code == 400
        assert response.data == {
            "non_field_errors": ["An agreement cannot go from “Drafting” to “Signed”."]
        }
        assert_unchanged(agreement)

    def test_it_names_the_comment_when_one_is_needed(self, api, manager, japan):
        agreement = ready_agreement(Status.IN_FORCE, japan)
        response = api_transition(api(manager), agreement, Status.SUPERSEDED)
        assert response.status_code == 400
        assert list(response.data) == ["comment"]
        assert_unchanged(agreement)

    def test_it_names_the_status_when_it_does_not_exist(self, api, manager, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        response = api_transition(api(manager), agreement, "ratified")
        assert response.status_code == 400
        assert list(response.data) == ["status"]
        assert_unchanged(agreement)

    def test_it_cannot_change_the_status_by_editing_the_record(self, api, manager, japan):
        agreement = ready_agreement(Status.DRAFTING, japan)
        response = api(manager).patch(
            f"/api/v1/agreements/{agreement.pk}/", {"status": "in_force"}, format="json"
        )
        assert response.status_code == 200
        agreement.refresh_from_db()
        assert agreement.status == Status.DRAFTING

    def test_it_answers_404_for_an_agreement_above_the_clearance(self, api, japan):
        officer = make_user("internal_officer", "officer", "internal")
        agreement = ready_agreement(Status.DRAFTING, japan, classification="confidential")
        response = api_transition(api(officer), agreement, Status.NEGOTIATION)
        assert response.status_code == 404
        assert_unchanged(agreement)

    def test_it_passes_the_legal_review_and_shows_the_history(self, api, legal, manager, viewer):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        url = f"/api/v1/agreements/{agreement.pk}/"
        refused = api(manager).post(url + "legal-clearance/", {}, format="json")
        assert refused.status_code == 400
        assert refused.data == {
            "non_field_errors": ["Only a legal adviser can pass the legal review."]
        }
        cleared = api(legal).post(url + "legal-clearance/", {"comment": "Fine."}, format="json")
        assert cleared.status_code == 200
        approved = api_transition(api(manager), agreement, Status.APPROVED)
        assert approved.status_code == 200
        history = api(viewer).get(url + "history/")
        assert history.status_code == 200
        assert [(h["event"], h["to_status"], h["comment"]) for h in history.data] == [
            ("legal_clearance", "legal_review", "Fine."),
            ("transition", "approved", ""),
        ]
        assert history.data[0]["user"] == legal.pk
        assert {r.channel for r in change_records(agreement)} == {ChangeChannel.API}

    def test_it_refuses_the_legal_review_to_a_viewer_with_403(self, api, viewer):
        agreement = make_agreement(status=Status.LEGAL_REVIEW)
        response = api(viewer).post(
            f"/api/v1/agreements/{agreement.pk}/legal-clearance/", {}, format="json"
        )
        assert response.status_code == 403
        assert_unchanged(agreement)

    def test_it_lists_the_steps_in_the_schema(self, api, viewer):
        schema = api(viewer).get("/api/schema/", {"format": "json"})
        assert schema.status_code == 200
        paths = schema.json()["paths"]
        assert "/api/v1/agreements/{id}/transition/" in paths
        assert "/api/v1/agreements/{id}/legal-clearance/" in paths
        assert "/api/v1/agreements/{id}/history/" in paths
