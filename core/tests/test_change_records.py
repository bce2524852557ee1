"""Every change, whichever way it comes in, leaves exactly one change record: who, what,
through which channel, each field's before and after. Nothing changed: nothing recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.test import APIClient

from core import services
from core.choices import ChangeAction, ChangeChannel
from core.models import ChangeRecord
from partners.forms import PartnerForm
from partners.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def egypt(db):
    return Partner.objects.create(
        kind="country",
        iso_alpha2="EG",
        iso_alpha3="EGY",
        name_en="Egypt",
        name_ar="مصر",
        classification="public",
    )


@pytest.fixture
def itu(db):
    return Partner.objects.create(
        kind="organization",
        acronym="ITU",
        name_en="International Telecommunication Union",
        category="un",
        classification="public",
    )


@pytest.fixture
def api(editor, manager):
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user


def page_data(partner, **changes) -> dict:
    """What the edit form posts back for `partner`, with `changes` applied."""
    values = {**model_to_dict(partner, fields=PartnerForm._meta.fields), **changes}
    data = {}
    for name, value in values.items():
        if name == "areas":
            data[name] = [getattr(area, "pk", area) for area in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return data


def records_of(partner_or_pk):
    pk = getattr(partner_or_pk, "pk", partner_or_pk)
    return list(ChangeRecord.objects.filter(object_id=str(pk)))


NEW_ORGANIZATION = {
    "kind": "organization",
    "name_en": "Arab ICT Organization",
    "name_ar": "المنظمة العربية لتكنولوجيات الاتصال والمعلومات",
    "acronym": "AICTO",
    "category": "regional_arab",
    "classification": "public",
}


class TestThroughPages:
    def test_it_records_a_create_with_the_user_and_the_page_channel(self, client_for, editor):
        response = client_for(editor).post(reverse("partners:partner_create"), NEW_ORGANIZATION)
        assert response.status_code == 302
        partner = Partner.objects.get(acronym="AICTO")
        [record] = records_of(partner)
        assert (record.action, record.channel, record.user) == (
            ChangeAction.CREATE,
            ChangeChannel.PAGE,
            editor,
        )
        assert record.changes["name_en"] == [None, "Arab ICT Organization"]
        assert record.object_repr == "Arab ICT Organization (AICTO)"

    def test_it_records_an_update_with_each_fields_before_and_after(self, client_for, editor, itu):
        url = reverse("partners:partner_update", args=[itu.pk])
        response = client_for(editor).post(url, page_data(itu, website="https://www.itu.int"))
        assert response.status_code == 302
        [record] = records_of(itu)
        assert (record.action, record.channel, record.user) == (
            ChangeAction.UPDATE,
            ChangeChannel.PAGE,
            editor,
        )
        assert record.changes == {"website": ["", "https://www.itu.int"]}

    def test_it_records_a_change_of_areas_of_cooperation(self, client_for, editor, itu):
        from core.models import AreaOfCooperation

        ai = AreaOfCooperation.objects.create(code="ai", name_en="AI", name_ar="الذكاء الاصطناعي")
        url = reverse("partners:partner_update", args=[itu.pk])
        client_for(editor).post(url, page_data(itu, areas=[ai.pk]))
        [record] = records_of(itu)
        assert record.changes == {"areas": [[], [ai.pk]]}

    def test_it_records_a_delete_with_the_values_it_removed(self, client_for, manager, itu):
        pk = itu.pk
        response = client_for(manager).post(reverse("partners:partner_delete", args=[pk]))
        assert response.status_code == 302
        assert not Partner.objects.filter(pk=pk).exists()
        [record] = records_of(pk)
        assert (record.action, record.channel, record.user) == (
            ChangeAction.DELETE,
            ChangeChannel.PAGE,
            manager,
        )
        assert record.changes["acronym"] == ["ITU", None]

    def test_it_records_nothing_when_a_save_changes_nothing(self, client_for, editor, itu):
        url = reverse("partners:partner_update", args=[itu.pk])
        response = client_for(editor).post(url, page_data(itu))
        assert response.status_code == 302
        assert records_of(itu) == []

    def test_it_records_nothing_and_keeps_the_row_when_the_form_is_invalid(
        self, client_for, editor, itu
    ):
        url = reverse("partners:partner_update", args=[itu.pk])
        response = client_for(editor).post(url, page_data(itu, name_en="", category=""))
        assert response.status_code == 200
        assert set(response.context["form"].errors) >= {"name_en", "category"}
        itu.refresh_from_db()
        assert (itu.name_en, itu.category) == ("International Telecommunication Union", "un")
        assert ChangeRecord.objects.count() == 0


class TestThroughTheApi:
    def test_it_records_a_create_with_the_api_channel(self, api, editor):
        response = api(editor).post("/api/v1/partners/", NEW_ORGANIZATION, format="json")
        assert response.status_code == 201, response.data
        [record] = records_of(response.data["id"])
        assert (record.action, record.channel, record.user) == (
            ChangeAction.CREATE,
            ChangeChannel.API,
            editor,
        )

    def test_it_records_an_update_with_each_fields_before_and_after(self, api, editor, egypt):
        response = api(editor).patch(
            f"/api/v1/partners/{egypt.pk}/", {"name_en": "Arab Republic of Egypt"}, format="json"
        )
        assert response.status_code == 200, response.data
        [record] = records_of(egypt)
        assert (record.action, record.channel, record.user) == (
            ChangeAction.UPDATE,
            ChangeChannel.API,
            editor,
        )
        assert record.changes["name_en"] == ["Egypt", "Arab Republic of Egypt"]
        # Only the field the user changed: derived fields (the search text) are not history.
        assert set(record.changes) == {"name_en"}

    def test_it_records_a_delete(self, api, manager, itu):
        pk = itu.pk
        response = api(manager).delete(f"/api/v1/partners/{pk}/")
        assert response.status_code == 204
        [record] = records_of(pk)
        assert (record.action, record.channel, record.user) == (
            ChangeAction.DELETE,
            ChangeChannel.API,
            manager,
        )

    def test_it_records_nothing_when_a_patch_changes_nothing(self, api, editor, egypt):
        response = api(editor).patch(
            f"/api/v1/partners/{egypt.pk}/", {"name_en": "Egypt", "name_ar": "مصر"}, format="json"
        )
        assert response.status_code == 200
        assert records_of(egypt) == []

    def test_it_records_nothing_and_keeps_the_row_when_the_data_is_invalid(
        self, api, editor, egypt
    ):
        Partner.objects.create(kind="country", iso_alpha2="SD", name_en="Sudan")
        response = api(editor).patch(
            f"/api/v1/partners/{egypt.pk}/", {"iso_alpha2": "SD", "name_en": "Oops"}, format="json"
        )
        assert response.status_code == 400
        assert "iso_alpha2" in response.data
        egypt.refresh_from_db()
        assert (egypt.iso_alpha2, egypt.name_en) == ("EG", "Egypt")
        assert ChangeRecord.objects.count() == 0


class TestThroughCommands:
    def test_it_records_a_create_update_and_delete_with_the_command_channel(self, editor):
        partner = services.save(
            Partner(kind="country", iso_alpha2="JP", name_en="Japan"),
            editor,
            channel=ChangeChannel.COMMAND,
        )
        partner.name_ar = "اليابان"
        services.save(partner, editor, channel=ChangeChannel.COMMAND)
        pk = partner.pk
        services.delete(partner, editor, channel=ChangeChannel.COMMAND)

        create, update, delete = reversed(records_of(pk))
        assert [r.action for r in (create, update, delete)] == ["create", "update", "delete"]
        assert {r.channel for r in (create, update, delete)} == {ChangeChannel.COMMAND}
        assert {r.user for r in (create, update, delete)} == {editor}
        assert update.changes["name_ar"] == ["", "اليابان"]

    def test_it_records_a_script_without_a_user_as_the_system(self):
        partner = services.save(
            Partner(kind="country", iso_alpha2="JP", name_en="Japan"),
            None,
            channel=ChangeChannel.COMMAND,
        )
        [record] = records_of(partner)
        assert record.user is None
        assert record.channel == ChangeChannel.COMMAND

    def test_it_records_nothing_when_nothing_changed(self, editor, egypt):
        services.save(egypt, editor, channel=ChangeChannel.COMMAND)
        assert records_of(egypt) == []

    def test_it_writes_nothing_when_the_record_is_invalid(self, editor, egypt):
        egypt.iso_alpha2 = ""
        with pytest.raises(ValidationError):
            services.save(egypt, editor, channel=ChangeChannel.COMMAND)
        egypt.refresh_from_db()
        assert egypt.iso_alpha2 == "EG"
        assert ChangeRecord.objects.count() == 0

    def test_it_writes_nothing_when_a_delete_is_refused(self, manager, egypt):
        Partner.objects.create(
            kind="institution", name_en="NTRA", institution_type="government", country=egypt
        )
        with pytest.raises(services.InUse):
            services.delete(egypt, manager, channel=ChangeChannel.COMMAND)
        assert Partner.objects.filter(pk=egypt.pk).exists()
        assert ChangeRecord.objects.count() == 0

    def test_it_records_who_created_and_last_updated_the_record(self, editor, manager):
        partner = services.save(Partner(kind="country", iso_alpha2="JP", name_en="Japan"), editor)
        partner.name_ar = "اليابان"
        services.save(partner, manager)
        partner.refresh_from_db()
        assert (partner.created_by, partner.updated_by) == (editor, manager)


def test_it_shows_the_change_history_on_the_record_page(client_for, editor, itu):
    client = client_for(editor)
    client.post(
        reverse("partners:partner_update", args=[itu.pk]),
        page_data(itu, website="https://www.itu.int"),
    )
    page = client.get(itu.get_absolute_url())
    assert [r.action for r in page.context["history"]] == ["update"]
    assert "https://www.itu.int" in page.text


def test_it_names_fields_and_choices_in_the_readers_language(client_for, editor, itu):
    client = client_for(editor)
    client.post(
        reverse("partners:partner_update", args=[itu.pk]),
        page_data(itu, category="standards_industry"),
    )
    page = client.get(itu.get_absolute_url())
    # "Category: UN agency or programme → Standards and industry body", not the codes.
    assert "Category: UN agency or programme → Standards and industry body" in page.text
    assert "standards_industry" not in page.text.split('id="history-title"')[1]
