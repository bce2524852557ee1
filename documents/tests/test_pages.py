"""The documents' pages: upload to a record, download, delete, and the partial that record
pages include. Who may do what, and what each persona sees."""

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import ChangeRecord
from documents import services
from documents.models import Document
from documents.tests.conftest import stored_files
from documents.tests.files import (
    docx_bytes,
    docx_with_picture,
    exe_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)
from documents.views import documents_for
from partners.models import Partner

pytestmark = pytest.mark.django_db


def upload_url(record):
    return reverse("documents:document_upload", args=["partners", "partner", record.pk])


def download_url(document):
    return reverse("documents:document_download", args=[document.pk])


def delete_url(document):
    return reverse("documents:document_delete", args=[document.pk])


def add(record, user, name="mou.pdf", data=None, **kwargs):
    options = {"title": "", "kind": "draft", "language": "en", **kwargs}
    return services.attach(record, upload(name, data or pdf_bytes()), user, **options)


def partial(record, user) -> str:
    return render_to_string(
        "documents/_documents.html", {"documents": documents_for(record, user), "object": record}
    )


def post_data(name="MoU draft.pdf", data=None, **fields):
    return {
        "file": upload(name, data or pdf_bytes()),
        "title": "",
        "kind": "draft",
        "language": "en",
        "classification": "internal",
        **fields,
    }


class TestUpload:
    def test_it_shows_the_form_with_the_records_classification_as_the_floor(
        self, client_for, editor, partner
    ):
        response = client_for(editor).get(upload_url(partner))
        assert response.status_code == 200
        form = response.context["form"]
        assert [value for value, _label in form.fields["classification"].choices] == [
            "internal",
            "confidential",
        ]
        assert form.fields["classification"].initial == "internal"
        assert 'enctype="multipart/form-data"' in response.text
        assert "at most 50 MB" in response.text

    def test_it_uploads_a_file_and_returns_to_the_record(self, client_for, editor, partner):
        response = client_for(editor).post(upload_url(partner), post_data(is_authentic="on"))
        assert response.status_code == 302
        assert response.url == partner.get_absolute_url()
        document = Document.objects.get()
        assert document.record == partner
        assert document.title == "MoU draft"
        assert document.is_authentic
        assert document.created_by == editor
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Uploaded MoU draft, version 1."
        ]

    def test_it_accepts_a_large_real_docx_spooled_to_a_temporary_file(
        self, client_for, editor, partner, settings
    ):
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # larger uploads go to a temp file
        data = docx_with_picture(png_bytes(1024, 1500, noise=True))
        assert len(data) > 1.4 * 1024 * 1024
        name = "Signed copy.docx"
        response = client_for(editor).post(
            upload_url(partner), post_data(name, data, kind="signed_copy")
        )
        assert response.status_code == 302, response.context["form"].errors
        document = Document.objects.get()
        assert (document.size, document.original_name) == (len(data), name)
        assert "Signed copy, scanned" in document.text

    def test_it_shows_a_refused_file_on_the_file_field_and_saves_nothing(
        self, client_for, editor, partner, media
    ):
        response = client_for(editor).post(upload_url(partner), post_data("setup.pdf", exe_bytes()))
        assert response.status_code == 200
        assert (
            "This type of file is not accepted (EXE)" in response.context["form"].errors["file"][0]
        )
        assert "Nothing was saved" in response.text
        assert 'aria-invalid="true"' in response.text
        assert not Document.objects.exists()
        assert stored_files(media) == []

    def test_it_shows_a_too_large_file_on_the_file_field(
        self, client_for, editor, partner, media, settings
    ):
        settings.ACCORD_MAX_UPLOAD_MB = 1
        data = pdf_bytes() + b"%" + b"0" * (1024 * 1024)
        response = client_for(editor).post(upload_url(partner), post_data(data=data))
        assert "largest accepted is 1 MB" in response.context["form"].errors["file"][0]
        assert stored_files(media) == []

    def test_it_refuses_a_classification_below_the_record(self, client_for, editor, partner):
        response = client_for(editor).post(upload_url(partner), post_data(classification="public"))
        assert response.status_code == 200
        assert "classification" in response.context["form"].errors
        assert not Document.objects.exists()

    def test_it_requires_a_file(self, client_for, editor, partner):
        data = post_data()
        del data["file"]
        response = client_for(editor).post(upload_url(partner), data)
        assert "file" in response.context["form"].errors

    def test_it_refuses_a_viewer_and_an_outsider(self, client_for, viewer, outsider, partner):
        for user in (viewer, outsider):
            client = client_for(user)
            assert client.get(upload_url(partner)).status_code == 403
            assert client.post(upload_url(partner), post_data()).status_code == 403
        assert not Document.objects.exists()

    def test_it_sends_an_anonymous_visitor_to_log_in(self, client, partner):
        response = client.get(upload_url(partner))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_it_answers_404_for_a_record_the_user_cannot_read(self, client_for, editor, partner):
        Partner.objects.filter(pk=partner.pk).update(classification="secret")
        assert client_for(editor).post(upload_url(partner), post_data()).status_code == 404
        assert not Document.objects.exists()

    def test_it_answers_404_for_what_is_not_a_record(self, client_for, editor, partner):
        client = client_for(editor)
        for app_label, model in [("partners", "nothing"), ("core", "note"), ("auth", "user")]:
            url = reverse("documents:document_upload", args=[app_label, model, partner.pk])
            assert client.get(url).status_code == 404, (app_label, model)


class TestDownload:
    def test_it_sends_the_file_as_an_attachment_under_its_original_name(
        self, client_for, editor, viewer, partner
    ):
        data = docx_bytes()
        document = add(partner, editor, "مذكرة تفاهم.docx", data, language="ar")
        response = client_for(viewer).get(download_url(document))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data
        assert response["Content-Type"] == document.mime_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''%D9%85" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"

    def test_it_answers_404_above_the_users_clearance(
        self, client_for, editor, viewer_no_clearance, partner
    ):
        document = add(partner, editor)
        assert client_for(viewer_no_clearance).get(download_url(document)).status_code == 404

    def test_it_answers_404_when_the_record_cannot_be_read(
        self, client_for, editor, viewer, partner
    ):
        document = add(partner, editor)  # internal, as its record was
        Partner.objects.filter(pk=partner.pk).update(classification="secret")
        assert client_for(viewer).get(download_url(document)).status_code == 404

    def test_it_answers_404_for_a_missing_document_or_file(self, client_for, editor, partner):
        client = client_for(editor)
        assert client.get(reverse("documents:document_download", args=[999])).status_code == 404
        document = add(partner, editor)
        document.file.storage.delete(document.file.name)
        assert client.get(download_url(document)).status_code == 404

    def test_it_refuses_an_outsider_and_an_anonymous_visitor(
        self, client, client_for, editor, outsider, partner
    ):
        document = add(partner, editor)
        assert client.get(download_url(document)).status_code == 302
        assert client_for(outsider).get(download_url(document)).status_code == 403


class TestDelete:
    def test_it_lets_a_manager_delete_after_confirming(
        self, client_for, editor, manager, partner, media, django_capture_on_commit_callbacks
    ):
        document = add(partner, editor)
        client = client_for(manager)
        page = client.get(delete_url(document))
        assert page.status_code == 200
        assert "The file is removed from storage" in page.text
        assert partner.get_absolute_url() in page.text  # Cancel goes back to the record
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(delete_url(document))
        assert response.status_code == 302
        assert response.url == partner.get_absolute_url()
        assert not Document.objects.exists()
        assert stored_files(media) == []
        assert ChangeRecord.objects.filter(
            content_type__model="document",
            object_id=str(document.pk),
            action="delete",
            user=manager,
        ).exists()

    def test_it_refuses_an_officer_a_viewer_and_an_outsider(
        self, client_for, editor, viewer, outsider, partner
    ):
        document = add(partner, editor)
        for user in (editor, viewer, outsider):
            client = client_for(user)
            assert client.get(delete_url(document)).status_code == 403
            assert client.post(delete_url(document)).status_code == 403
        assert Document.objects.filter(pk=document.pk).exists()

    def test_it_answers_404_when_the_manager_cannot_read_the_record(
        self, client_for, editor, manager, partner
    ):
        document = add(partner, editor)
        manager.clearance = "confidential"
        manager.save()
        Partner.objects.filter(pk=partner.pk).update(classification="secret")
        assert client_for(manager).post(delete_url(document)).status_code == 404
        assert Document.objects.filter(pk=document.pk).exists()


class TestPartial:
    def test_it_lists_the_documents_with_links_and_an_upload_button(self, editor, partner):
        add(partner, editor, "mou.pdf", title="MoU draft")
        add(partner, editor, "mou.pdf", title="MoU draft, revised")
        add(partner, editor, "scan.png", png_bytes(), kind="signed_copy", is_authentic=True)
        html = partial(partner, editor)
        for document in Document.objects.all():
            assert download_url(document) in html
            assert document.title in html
        assert "Signed copy" in html and "English" in html and "Authentic text" in html
        assert upload_url(partner) in html
        assert "/delete/" not in html  # an officer does not delete

    def test_it_shows_a_manager_the_delete_links(self, editor, manager, partner):
        document = add(partner, editor)
        assert delete_url(document) in partial(partner, manager)

    def test_it_hides_the_upload_button_from_a_viewer(self, viewer, partner):
        html = partial(partner, viewer)
        assert upload_url(partner) not in html
        assert "No documents are attached to this record yet." in html

    def test_it_invites_an_editor_to_upload_when_there_is_nothing(self, editor, partner):
        html = partial(partner, editor)
        assert "No documents are attached to this record yet." in html
        assert "Upload its drafts" in html
        assert upload_url(partner) in html

    def test_it_hides_a_confidential_document_from_a_viewer_without_clearance(
        self, editor, viewer_no_clearance, partner
    ):
        partner.classification = "public"
        partner.save()
        add(partner, editor, title="Public summary", classification="public")
        add(partner, editor, title="Negotiating brief", classification="confidential")
        html = partial(partner, viewer_no_clearance)
        assert "Public summary" in html
        assert "Negotiating brief" not in html
        assert "Negotiating brief" in partial(partner, editor)

    def test_it_says_when_only_the_most_recent_are_shown(self, editor, partner):
        for i in range(3):
            add(partner, editor, title=f"Draft {i}")
        documents = documents_for(partner, editor, limit=2)
        assert [d.title for d in documents] == ["Draft 2", "Draft 1"]
        assert documents.truncated
        html = render_to_string(
            "documents/_documents.html", {"documents": documents, "object": partner}
        )
        assert "Only the 2 most recent documents are shown." in html
