"""Publishing: a manager's call, only for public records, recorded like any change; the
database refuses a published record that is not public, whichever way it is written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from agreements.models import Agreement
from core.models import ChangeRecord
from initiatives.tests import factories
from initiatives.tests.factories import country
from multilateral.models import Membership
from portal import services
from portal.models import Generation

pytestmark = pytest.mark.django_db


def agreement(title, **fields):
    """A valid agreement (the service validates the whole record)."""
    return factories.agreement(title, term_kind="until_notice", term_length=None, **fields)


def changes_of(record):
    return ChangeRecord.objects.filter(object_id=str(record.pk), object_repr=str(record))


def test_it_lets_a_manager_publish_and_withdraw_with_change_records(manager):
    record = agreement("Memorandum on 5G", classification="public")
    services.set_published(record, manager, True)
    record.refresh_from_db()
    assert record.published
    services.set_published(record, manager, False)
    record.refresh_from_db()
    assert not record.published
    history = list(changes_of(record).order_by("at", "id"))
    assert [c.changes["published"] for c in history] == [["False", "True"], ["True", "False"]]
    assert [c.comment for c in history] == ["Published on the portal", "Withdrawn from the portal"]
    assert all(c.user == manager for c in history)


def test_it_refuses_to_publish_a_record_that_is_not_public(manager):
    for level in ("internal", "confidential", "secret"):
        record = agreement(f"Draft {level}", classification=level)
        with pytest.raises(ValidationError) as error:
            services.set_published(record, manager, True)
        assert "published" in error.value.message_dict
        record.refresh_from_db()
        assert not record.published
        assert not changes_of(record).exists()


@pytest.mark.parametrize("persona", ["editor", "viewer", "viewer_no_clearance", "outsider"])
def test_it_refuses_publishing_to_anyone_but_a_manager(persona, request):
    user = request.getfixturevalue(persona)
    record = agreement("Memorandum on 5G", classification="public")
    with pytest.raises(PermissionDenied):
        services.set_published(record, user, True)
    record.refresh_from_db()
    assert not record.published


def test_the_database_refuses_a_published_record_that_is_not_public(db):
    record = agreement("Memorandum on 5G", classification="public", published=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.filter(pk=record.pk).update(classification="confidential")
    home = country("EG", "Egypt")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            organization=country("ZZ", "Not an organization"),
            member=home,
            status="observer",
            classification="secret",
            published=True,
        )


def test_it_refuses_raising_the_classification_of_a_published_record(client_for, manager):
    record = agreement("Memorandum on 5G", classification="public", published=True)
    client = client_for(manager)
    page = client.get(reverse("agreements:agreement_update", args=[record.pk]))
    form = page.context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(classification="confidential", title_en=record.title_en, type=record.type)
    response = client.post(reverse("agreements:agreement_update", args=[record.pk]), data)
    assert response.status_code == 200
    assert "unpublish it first" in response.context["form"].errors["classification"][0]
    record.refresh_from_db()
    assert record.classification == "public"


def test_the_button_publishes_and_is_refused_to_an_editor(client_for, manager, editor):
    record = agreement("Memorandum on 5G", classification="public")
    url = reverse("portal:publish", args=["agreement", record.pk])
    detail = record.get_absolute_url()
    page = client_for(manager).get(detail)
    assert url.encode() in page.content
    response = client_for(manager).post(url, {"published": "1", "next": detail})
    assert response.status_code == 302 and response["Location"] == detail
    record.refresh_from_db()
    assert record.published
    client_for(editor)
    assert url.encode() not in client_for(editor).get(detail).content
    assert client_for(editor).post(url, {"published": "0"}).status_code == 403
    record.refresh_from_db()
    assert record.published


def test_the_button_names_the_reason_when_the_record_is_not_public(client_for, manager):
    record = agreement("Draft", classification="internal")
    client = client_for(manager)
    response = client.post(
        reverse("portal:publish", args=["agreement", record.pk]), {"published": "1"}, follow=True
    )
    assert "Only a public record can be published" in response.content.decode()
    record.refresh_from_db()
    assert not record.published


def test_the_button_does_not_reach_a_record_above_the_managers_clearance(client_for, db):
    from conftest import make_user

    reader = make_user("low-manager", "manager", "internal")
    record = agreement("Secret memo", classification="secret")
    response = client_for(reader).post(
        reverse("portal:publish", args=["agreement", record.pk]), {"published": "1"}
    )
    assert response.status_code == 404
    assert client_for(reader).post("/portal/publish/user/1/", {"published": "1"}).status_code == 404


def test_it_starts_a_new_generation_of_the_portal_on_each_change(manager):
    record = agreement("Memorandum on 5G", classification="public")
    before = Generation.objects.count()
    services.set_published(record, manager, True)
    assert Generation.objects.count() > before
