"""The Document model: its constraints, its classification floor, and restrict() on both the
document and its record."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents import services
from documents.models import Document, record_models
from documents.tests.files import pdf_bytes, upload
from partners.models import Partner, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(partner, editor):
    return services.attach(
        partner, upload("mou.pdf", pdf_bytes()), editor, title="MoU", kind="draft", language="en"
    )


def readable(user, **kwargs):
    return list(Document.objects.restrict(user, models=[Partner, Person]).filter(**kwargs))


def test_it_names_itself_by_title_and_version(document):
    assert str(document) == "MoU (v1)"
    assert document.get_absolute_url() == f"/documents/{document.pk}/download/"


def test_it_refuses_a_version_below_one_in_the_database(document):
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(version=0)


def test_it_refuses_two_documents_with_the_same_version(document):
    copy = Document.objects.get(pk=document.pk)
    copy.pk = None
    copy._state.adding = True
    with pytest.raises(ValidationError) as caught:
        copy.full_clean()
    assert "already has this version" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_it_is_never_classified_below_its_record(document, partner):
    partner.classification = "confidential"
    partner.save()
    document.classification = "internal"
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert list(caught.value.message_dict) == ["classification"]
    document.classification = "secret"
    document.full_clean()


def test_it_needs_its_record_to_exist(document):
    document.object_id = 999_999
    with pytest.raises(ValidationError) as caught:
        document.full_clean()
    assert "object_id" in caught.value.message_dict


def test_it_lists_the_documents_of_one_record(document, partner, editor):
    other = Partner.objects.create(kind="country", iso_alpha2="JP", name_en="Japan")
    services.attach(
        other, upload("b.pdf", pdf_bytes()), editor, title="", kind="draft", language="en"
    )
    assert list(Document.objects.for_record(partner)) == [document]


def test_it_hides_a_document_above_the_users_clearance(document, viewer, viewer_no_clearance):
    assert readable(viewer) == [document]
    assert readable(viewer_no_clearance) == []


def test_it_hides_a_document_whose_record_was_reclassified_upwards(document, partner, viewer):
    Partner.objects.filter(pk=partner.pk).update(classification="secret")
    assert readable(viewer) == []


def test_it_hides_a_document_whose_record_is_gone(document, partner, viewer):
    # A generic link does not cascade: a document left behind by a deleted record is unread.
    Document.objects.filter(pk=document.pk).update(object_id=partner.pk + 1000)
    assert readable(viewer) == []


def test_it_shows_nothing_to_a_user_without_a_role(document, outsider):
    assert readable(outsider) == []


def test_it_attaches_to_every_primary_record_but_documents(db):
    models = record_models()
    assert Partner in models and Person in models
    assert Document not in models
    assert all(hasattr(model.objects, "restrict") for model in models)


def test_it_narrows_restrict_to_the_record_types_asked_for(document, partner, editor):
    person = Person.objects.create(name_en="Kenji Sato")
    services.attach(
        person, upload("cv.pdf", pdf_bytes()), editor, title="", kind="other", language="en"
    )
    assert Document.objects.restrict(editor, models=[Partner]).get() == document
    assert Document.objects.restrict(editor, models=[Partner, Person]).count() == 2
    assert ContentType.objects.get_for_model(Person) in {
        d.content_type for d in Document.objects.restrict(editor, models=[Person])
    }
