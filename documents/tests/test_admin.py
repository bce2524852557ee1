"""The admin corrects a document's description and deletes it with its file; it never
takes an upload (files come in through the checked upload page)."""

import pytest
from django.urls import reverse

from conftest import make_user
from documents import services
from documents.models import Document
from documents.tests.conftest import stored_files
from documents.tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return make_user("root", "administrator", "secret", is_staff=True, is_superuser=True)


@pytest.fixture
def document(partner, editor):
    return services.attach(
        partner, upload("mou.pdf", pdf_bytes()), editor, title="MoU", kind="draft", language="en"
    )


def test_it_lists_and_shows_documents_with_a_checked_download_link(
    client_for, admin_user, document
):
    client = client_for(admin_user)
    assert "MoU" in client.get(reverse("admin:documents_document_changelist")).text
    page = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert page.status_code == 200
    assert document.get_absolute_url() in page.text
    assert "/media/" not in page.text


def test_it_takes_no_upload(client_for, admin_user):
    assert client_for(admin_user).get(reverse("admin:documents_document_add")).status_code == 403


def test_it_deletes_the_file_with_the_document(
    client_for, admin_user, document, media, django_capture_on_commit_callbacks
):
    url = reverse("admin:documents_document_delete", args=[document.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert stored_files(media) == []
