"""Bad input, on the page and through the API: refused with a message naming the field (or
both fields when two contradict each other), and nothing saved."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, AgreementRelation, TreatyAction
from agreements.tests.conftest import add_party, make_agreement
from core.models import ChangeRecord

pytestmark = pytest.mark.django_db

CREATE = reverse("agreements:agreement_create")
API = "/api/v1/agreements/"

VALID = {
    "type": "mou",
    "title_en": "Memorandum on digital skills",
    "title_ar": "مذكرة تفاهم في مجال المهارات الرقمية",
    "classification": "internal",
    "signature_date": "2026-03-01",
    "eif_rule": "on_signature",
    "term_kind": "fixed",
    "term_start": "entry_into_force",
    "term_length": 3,
    "term_unit": "years",
    "renewal_unit": "years",
}

# (what is wrong, the fields the message must name)
BAD_AGREEMENTS = [
    pytest.param(
        {"eif_rule": "fixed_date", "eif_fixed_date": "2026-02-01"},
        {"eif_fixed_date", "signature_date"},
        id="entry-into-force-before-signature",
    ),
    pytest.param({"eif_rule": "fixed_date"}, {"eif_fixed_date"}, id="fixed-date-missing"),
    pytest.param({"eif_rule": "days_after_last"}, {"eif_days"}, id="days-missing"),
    pytest.param({"term_length": ""}, {"term_length"}, id="term-length-missing"),
    pytest.param(
        {"term_kind": "tacit_renewal", "notice_months": ""},
        {"notice_months"},
        id="notice-missing-for-tacit-renewal",
    ),
    pytest.param(
        {"term_kind": "indefinite_review", "review_years": ""},
        {"review_years"},
        id="review-missing",
    ),
    pytest.param({"title_en": ""}, {"title_en"}, id="title-missing"),
    pytest.param({"signature_date": "2026-02-30"}, {"signature_date"}, id="no-such-day"),
    pytest.param({"type": "treaty-ish"}, {"type"}, id="unknown-type"),
    pytest.param({"classification": "secret"}, {"classification"}, id="above-clearance"),
]


def without_blanks(data: dict) -> dict:
    return {name: value for name, value in data.items() if value != ""}


class TestTheAgreementForm:
    @pytest.mark.parametrize(("changes", "fields"), BAD_AGREEMENTS)
    def test_it_names_the_fields_and_saves_nothing(self, client_for, editor, changes, fields):
        response = client_for(editor).post(CREATE, {**VALID, **changes})
        assert response.status_code == 200
        form = response.context["form"]
        assert set(form.errors) == fields
        assert "Nothing was saved" in response.text
        for name in fields:
            assert f'id="id_{name}_error"' in response.text
            assert 'aria-invalid="true"' in str(form[name])
        assert not Agreement.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_names_both_dates_with_the_same_message(self, client_for, editor):
        response = client_for(editor).post(
            CREATE, {**VALID, "eif_rule": "fixed_date", "eif_fixed_date": "2026-02-01"}
        )
        errors = response.context["form"].errors
        assert errors["eif_fixed_date"] == errors["signature_date"]
        assert errors["signature_date"] == ["Entry into force cannot come before signature."]

    def test_it_refuses_a_reference_already_used(self, client_for, editor):
        make_agreement("Older", reference="EG-JP-2019-01")
        response = client_for(editor).post(CREATE, {**VALID, "reference": "EG-JP-2019-01"})
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "reference": ["Another agreement has this reference number."]
        }
        assert Agreement.objects.count() == 1

    def test_it_allows_many_agreements_without_a_reference(self, client_for, editor):
        make_agreement("Older", reference="")
        response = client_for(editor).post(CREATE, {**VALID, "reference": ""})
        assert response.status_code == 302
        assert Agreement.objects.count() == 2

    def test_it_keeps_the_record_as_it_was_when_an_edit_is_refused(self, client_for, editor):
        agreement = make_agreement("Kept", signature_date=date(2026, 3, 1))
        url = reverse("agreements:agreement_update", args=[agreement.pk])
        response = client_for(editor).post(
            url,
            {
                **VALID,
                "title_en": "Changed",
                "eif_rule": "fixed_date",
                "eif_fixed_date": "2025-01-01",
            },
        )
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"eif_fixed_date", "signature_date"}
        agreement.refresh_from_db()
        assert (agreement.title_en, agreement.eif_rule) == ("Kept", "on_signature")
        assert not ChangeRecord.objects.exists()


class TestTheAgreementApi:
    @pytest.mark.parametrize(("changes", "fields"), BAD_AGREEMENTS)
    def test_it_names_the_fields_and_saves_nothing(self, api, editor, changes, fields):
        response = api(editor).post(API, without_blanks({**VALID, **changes}), format="json")
        assert response.status_code == 400
        assert set(response.data) == fields
        assert not Agreement.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_refuses_a_reference_already_used(self, api, editor):
        make_agreement("Older", reference="EG-JP-2019-01")
        response = api(editor).post(API, {**VALID, "reference": "EG-JP-2019-01"}, format="json")
        assert response.status_code == 400
        assert list(response.data) == ["reference"]
        assert Agreement.objects.count() == 1

    def test_it_allows_many_agreements_without_a_reference(self, api, editor):
        make_agreement("Older", reference="")
        response = api(editor).post(API, {**VALID, "reference": ""}, format="json")
        assert response.status_code == 201, response.data
        assert Agreement.objects.count() == 2

    def test_it_refuses_contradicting_dates_in_an_edit(self, api, editor):
        agreement = make_agreement("Kept", signature_date=date(2026, 3, 1))
        response = api(editor).patch(
            f"{API}{agreement.pk}/",
            {"eif_rule": "fixed_date", "eif_fixed_date": "2025-01-01"},
            format="json",
        )
        assert response.status_code == 400
        assert set(response.data) == {"eif_fixed_date", "signature_date"}
        agreement.refresh_from_db()
        assert agreement.eif_rule == "on_signature"

    def test_it_ignores_computed_dates_sent_by_the_client(self, api, editor):
        response = api(editor).post(
            API, {**VALID, "expiry_date": "2099-01-01", "status": "in_force"}, format="json"
        )
        assert response.status_code == 201
        agreement = Agreement.objects.get()
        assert agreement.expiry_date == date(2029, 2, 28)
        assert agreement.status == "proposal"


class TestTreatyActions:
    def test_it_refuses_an_action_before_the_signature_on_the_page(self, client_for, editor, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        party = add_party(agreement, japan)
        url = reverse("agreements:treaty_action_create", args=[agreement.pk])
        response = client_for(editor).post(
            url, {"party": party.pk, "kind": "ratification", "date": "2026-02-01"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "date": ["This action cannot come before the signature of the agreement."]
        }
        assert not TreatyAction.objects.exists()
        assert not ChangeRecord.objects.exists()

    def test_it_refuses_an_action_before_the_signature_in_the_api(self, api, editor, japan):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        party = add_party(agreement, japan)
        response = api(editor).post(
            "/api/v1/treaty-actions/",
            {
                "agreement": agreement.pk,
                "party": party.pk,
                "kind": "ratification",
                "date": "2026-02-01",
            },
            format="json",
        )
        assert response.status_code == 400
        assert list(response.data) == ["date"]
        assert not TreatyAction.objects.exists()

    def test_it_accepts_a_partys_own_signature_before_the_agreements_date(
        self, client_for, editor, japan
    ):
        agreement = make_agreement(signature_date=date(2026, 3, 1))
        party = add_party(agreement, japan)
        url = reverse("agreements:treaty_action_create", args=[agreement.pk])
        response = client_for(editor).post(
            url, {"party": party.pk, "kind": "signature", "date": "2026-02-01"}
        )
        assert response.status_code == 302
        assert TreatyAction.objects.count() == 1

    def test_it_refuses_a_party_of_another_agreement_in_the_api(self, api, editor, japan):
        agreement = make_agreement("This one")
        other = make_agreement("Another one")
        party = add_party(other, japan)
        response = api(editor).post(
            "/api/v1/treaty-actions/",
            {
                "agreement": agreement.pk,
                "party": party.pk,
                "kind": "ratification",
                "date": "2026-02-01",
            },
            format="json",
        )
        assert response.status_code == 400
        assert list(response.data) == ["party"]
        assert not TreatyAction.objects.exists()

    def test_it_offers_only_the_agreements_own_parties_on_the_page(
        self, client_for, editor, japan, france
    ):
        agreement = make_agreement("This one")
        mine = add_party(agreement, japan)
        theirs = add_party(make_agreement("Another one"), france)
        url = reverse("agreements:treaty_action_create", args=[agreement.pk])
        client = client_for(editor)
        choices = list(client.get(url).context["form"].fields["party"].queryset)
        assert choices == [mine]
        response = client.post(
            url, {"party": theirs.pk, "kind": "ratification", "date": "2026-02-01"}
        )
        assert list(response.context["form"].errors) == ["party"]

    def test_it_refuses_the_same_action_twice(self, client_for, editor, japan):
        agreement = make_agreement()
        party = add_party(agreement, japan)
        TreatyAction.objects.create(
            agreement=agreement, party=party, kind="ratification", date=date(2026, 2, 1)
        )
        url = reverse("agreements:treaty_action_create", args=[agreement.pk])
        response = client_for(editor).post(
            url, {"party": party.pk, "kind": "ratification", "date": "2026-02-01"}
        )
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "This action is already recorded for this party."
        ]
        assert TreatyAction.objects.count() == 1


class TestPartiesAndRelations:
    def test_it_refuses_the_same_partner_twice(self, client_for, editor, japan):
        agreement = make_agreement()
        add_party(agreement, japan)
        url = reverse("agreements:party_create", args=[agreement.pk])
        response = client_for(editor).post(url, {"partner": japan.pk, "role": "party"})
        assert response.status_code == 200
        assert "This partner is already a party to the agreement." in response.text
        assert AgreementParty.objects.count() == 1

    def test_it_refuses_the_same_partner_twice_in_the_api(self, api, editor, japan):
        agreement = make_agreement()
        add_party(agreement, japan)
        response = api(editor).post(
            "/api/v1/agreement-parties/",
            {"agreement": agreement.pk, "partner": japan.pk, "role": "party"},
            format="json",
        )
        assert response.status_code == 400
        assert AgreementParty.objects.count() == 1

    def test_it_refuses_a_relation_to_itself_or_twice(self, client_for, editor):
        agreement = make_agreement("Programme")
        other = make_agreement("Agreement")
        AgreementRelation.objects.create(source=agreement, kind="implements", target=other)
        url = reverse("agreements:relation_create", args=[agreement.pk])
        client = client_for(editor)
        itself = client.post(url, {"kind": "amends", "target": agreement.pk})
        assert list(itself.context["form"].errors) == ["target"]
        twice = client.post(url, {"kind": "implements", "target": other.pk})
        assert twice.context["form"].non_field_errors() == ["This relation is already recorded."]
        assert AgreementRelation.objects.count() == 1
