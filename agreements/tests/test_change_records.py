"""Every change to an agreement or its parts leaves one change record (who, which channel,
each field's before and after), written with the change; a refused change leaves none."""

from datetime import date

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementParty, AgreementRelation, TreatyAction
from agreements.tests.conftest import add_party, change_records, make_agreement
from core.choices import ChangeAction, ChangeChannel
from core.models import ChangeRecord

pytestmark = pytest.mark.django_db

NEW = {
    "type": "mou",
    "title_en": "Memorandum on digital government",
    "classification": "internal",
    "signature_date": "2026-03-01",
    "eif_rule": "on_signature",
    "term_kind": "fixed",
    "term_start": "entry_into_force",
    "term_length": 3,
    "term_unit": "years",
    "renewal_unit": "years",
}


def only_record(record):
    [change] = change_records(record)
    return change


class TestAgreement:
    def test_it_records_a_creation_on_the_page(self, client_for, editor):
        client_for(editor).post(reverse("agreements:agreement_create"), NEW)
        change = only_record(Agreement.objects.get())
        assert (change.action, change.channel, change.user) == (
            ChangeAction.CREATE,
            ChangeChannel.PAGE,
            editor,
        )
        assert change.changes["title_en"] == [None, "Memorandum on digital government"]
        assert change.changes["signature_date"] == [None, "2026-03-01"]

    def test_it_records_a_creation_in_the_api(self, api, editor):
        response = api(editor).post("/api/v1/agreements/", NEW, format="json")
        assert response.status_code == 201
        change = only_record(Agreement.objects.get())
        assert (change.action, change.channel, change.user) == (
            ChangeAction.CREATE,
            ChangeChannel.API,
            editor,
        )

    def test_it_records_an_edit_on_the_page_with_before_and_after(self, client_for, editor):
        agreement = make_agreement("Old title", signature_date=date(2026, 3, 1))
        client_for(editor).post(
            reverse("agreements:agreement_update", args=[agreement.pk]),
            {**NEW, "title_en": "New title"},
        )
        change = only_record(agreement)
        assert change.action == ChangeAction.UPDATE
        assert change.changes["title_en"] == ["Old title", "New title"]
        assert change.changes["term_length"] == ["5", "3"]
        # Computed dates are not edits: they are stored apart and not recorded as changes.
        assert "expiry_date" not in change.changes

    def test_it_records_an_edit_in_the_api(self, api, editor):
        agreement = make_agreement("Old title")
        api(editor).patch(
            f"/api/v1/agreements/{agreement.pk}/", {"title_en": "New title"}, format="json"
        )
        change = only_record(agreement)
        assert change.channel == ChangeChannel.API
        assert change.changes["title_en"] == ["Old title", "New title"]

    def test_it_records_nothing_when_nothing_changed(self, client_for, api, editor):
        agreement = make_agreement(NEW["title_en"], signature_date=date(2026, 3, 1), term_length=3)
        client_for(editor).post(reverse("agreements:agreement_update", args=[agreement.pk]), NEW)
        api(editor).patch(
            f"/api/v1/agreements/{agreement.pk}/", {"title_en": NEW["title_en"]}, format="json"
        )
        assert not change_records(agreement).exists()

    def test_it_records_a_deletion_on_the_page_and_in_the_api(self, client_for, api, manager):
        first = make_agreement("First")
        second = make_agreement("Second")
        client_for(manager).post(reverse("agreements:agreement_delete", args=[first.pk]))
        assert api(manager).delete(f"/api/v1/agreements/{second.pk}/").status_code == 204
        assert not Agreement.objects.exists()
        page, through_api = only_record(first), only_record(second)
        assert (page.action, page.channel, page.object_repr) == (
            ChangeAction.DELETE,
            ChangeChannel.PAGE,
            "First",
        )
        assert (through_api.action, through_api.channel) == (ChangeAction.DELETE, ChangeChannel.API)
        assert page.changes["title_en"] == ["First", None]


class TestLifecycle:
    def test_it_records_each_transition_with_its_comment_on_the_page(
        self, client_for, editor, manager
    ):
        agreement = make_agreement(status="drafting")
        client_for(editor).post(
            reverse("agreements:agreement_transition", args=[agreement.pk, "negotiation"])
        )
        client_for(manager).post(
            reverse("agreements:agreement_transition", args=[agreement.pk, "terminated"]),
            {"comment": "The partner withdrew."},
        )
        steps = [
            (c.user, c.channel, c.changes, c.comment)
            for c in change_records(agreement).order_by("at", "id")
        ]
        assert steps == [
            (editor, "page", {"status": ["drafting", "negotiation"]}, ""),
            (manager, "page", {"status": ["negotiation", "terminated"]}, "The partner withdrew."),
        ]

    def test_it_records_each_transition_in_the_api(self, api, editor):
        agreement = make_agreement(status="drafting")
        api(editor).post(
            f"/api/v1/agreements/{agreement.pk}/transition/",
            {"status": "negotiation"},
            format="json",
        )
        change = only_record(agreement)
        assert (change.channel, change.changes) == (
            ChangeChannel.API,
            {"status": ["drafting", "negotiation"]},
        )

    @pytest.mark.parametrize(
        ("channel", "post"),
        [
            (
                ChangeChannel.PAGE,
                lambda c, a: c.post(
                    reverse("agreements:legal_clearance", args=[a.pk]), {"comment": "Fine."}
                ),
            ),
            (
                ChangeChannel.API,
                lambda c, a: c.post(
                    f"/api/v1/agreements/{a.pk}/legal-clearance/",
                    {"comment": "Fine."},
                    format="json",
                ),
            ),
        ],
        ids=["page", "api"],
    )
    def test_it_records_the_legal_clearance_with_its_channel(
        self, client_for, api, legal, channel, post
    ):
        agreement = make_agreement(status="legal_review")
        client = client_for(legal) if channel == ChangeChannel.PAGE else api(legal)
        assert post(client, agreement).status_code in (200, 302)
        change = only_record(agreement)
        assert (change.channel, change.user, change.comment) == (channel, legal, "Fine.")
        assert set(change.changes) == {"legal_cleared_by", "legal_cleared_at"}

    def test_it_records_an_automatic_change_as_done_by_the_system(self, japan):
        agreement = make_agreement(
            status="in_force", signature_date=date(2020, 1, 1), term_length=1
        )
        add_party(agreement, japan)
        services.refresh_dates(agreement, today=date(2026, 11, 29))
        change = only_record(agreement)
        assert (change.user, change.channel, change.changes) == (
            None,
            ChangeChannel.COMMAND,
            {"status": ["in_force", "expired"]},
        )

    def test_it_records_nothing_for_a_refused_step(self, client_for, api, editor):
        agreement = make_agreement(status="drafting")
        client_for(editor).post(
            reverse("agreements:agreement_transition", args=[agreement.pk, "approved"])
        )
        api(editor).post(
            f"/api/v1/agreements/{agreement.pk}/transition/",
            {"status": "terminated", "comment": "No."},
            format="json",
        )
        assert not ChangeRecord.objects.exists()


class TestParts:
    def test_it_records_adding_and_removing_each_part_on_the_page(self, client_for, editor, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        other = make_agreement("Framework agreement")
        client = client_for(editor)
        client.post(
            reverse("agreements:party_create", args=[agreement.pk]),
            {"partner": japan.pk, "role": "party"},
        )
        party = AgreementParty.objects.get()
        client.post(
            reverse("agreements:treaty_action_create", args=[agreement.pk]),
            {"party": party.pk, "kind": "ratification", "date": "2026-04-01"},
        )
        action = TreatyAction.objects.get()
        client.post(
            reverse("agreements:relation_create", args=[agreement.pk]),
            {"kind": "implements", "target": other.pk},
        )
        relation = AgreementRelation.objects.get()
        for kind, part in [("relation", relation), ("treaty-action", action), ("party", party)]:
            client.post(reverse("agreements:part_delete", args=[agreement.pk, kind, part.pk]))
        for part in (party, action, relation):
            actions = [
                (c.action, c.channel, c.user) for c in change_records(part).order_by("at", "id")
            ]
            assert actions == [
                (ChangeAction.CREATE, ChangeChannel.PAGE, editor),
                (ChangeAction.DELETE, ChangeChannel.PAGE, editor),
            ], part

    def test_it_records_adding_and_removing_parts_in_the_api(self, api, editor, manager, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        response = api(editor).post(
            "/api/v1/agreement-parties/",
            {"agreement": agreement.pk, "partner": japan.pk, "role": "party"},
            format="json",
        )
        assert response.status_code == 201
        party = AgreementParty.objects.get()
        response = api(editor).post(
            "/api/v1/treaty-actions/",
            {
                "agreement": agreement.pk,
                "party": party.pk,
                "kind": "notification",
                "date": "2026-04-01",
            },
            format="json",
        )
        assert response.status_code == 201
        action = TreatyAction.objects.get()
        agreement.refresh_from_db()
        assert agreement.entry_into_force == date(2026, 3, 1)  # on signature
        assert api(manager).delete(f"/api/v1/treaty-actions/{action.pk}/").status_code == 204
        assert api(manager).delete(f"/api/v1/agreement-parties/{party.pk}/").status_code == 204
        for part in (party, action):
            assert [(c.action, c.channel) for c in change_records(part).order_by("at", "id")] == [
                (ChangeAction.CREATE, ChangeChannel.API),
                (ChangeAction.DELETE, ChangeChannel.API),
            ]

    def test_it_records_nothing_when_a_party_cannot_be_removed(self, client_for, editor, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        party = add_party(agreement, japan)
        TreatyAction.objects.create(
            agreement=agreement, party=party, kind="ratification", date=date(2026, 4, 1)
        )
        client_for(editor).post(
            reverse("agreements:part_delete", args=[agreement.pk, "party", party.pk])
        )
        assert not ChangeRecord.objects.exists()
