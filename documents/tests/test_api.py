"""The documents API: read-only, under the same clearance as the pages (the document's and
its record's), with the filters of filters.py and a download action."""

import pytest
from rest_framework.test import APIClient

from documents import services
from documents.models import Document
from documents.tests.files import docx_bytes, pdf_bytes, png_bytes, upload
from partners.models import Partner

pytestmark = [pytest.mark.django_db, pytest.mark.urls("documents.tests.urls")]

LIST = "/api/v1/documents/"


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def add(record, user, name="mou.pdf", data=None, **kwargs):
    options = {"title": "", "kind": "draft", "language": "en", **kwargs}
    return services.attach(record, upload(name, data or pdf_bytes()), user, **options)


@pytest.fixture
def files(partner, editor):
    """On the NTRA: an English draft, an Arabic draft, a confidential signed copy; on Japan,
    a public note verbale."""
    japan = Partner.objects.create(
        kind="country", iso_alpha2="JP", name_en="Japan", classification="public"
    )
    return {
        "draft_en": add(partner, editor, title="Draft EN"),
        "draft_ar": add(partner, editor, "ar.docx", docx_bytes(), language="ar", title="Draft AR"),
        "signed": add(
            partner,
            editor,
            "signed.png",
            png_bytes(),
            kind="signed_copy",
            classification="confidential",
            title="Signed",
        ),
        "note": add(
            japan,
            editor,
            "note.pdf",
            pdf_bytes("Note verbale No. 12"),
            kind="note_verbale",
            classification="public",
            title="Note",
        ),
        "japan": japan,
    }


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.data["results"]}


def test_it_lists_what_the_caller_may_read(files, editor, viewer, viewer_no_clearance):
    assert titles(api(editor).get(LIST)) == {"Draft EN", "Draft AR", "Signed", "Note"}
    assert titles(api(viewer).get(LIST)) == {"Draft EN", "Draft AR", "Note"}
    assert titles(api(viewer_no_clearance).get(LIST)) == {"Note"}


def test_it_hides_documents_whose_record_was_reclassified(files, partner, viewer):
    Partner.objects.filter(pk=partner.pk).update(classification="secret")
    assert titles(api(viewer).get(LIST)) == {"Note"}
    detail = api(viewer).get(f"{LIST}{files['draft_en'].pk}/")
    assert detail.status_code == 404


def test_it_filters_by_record_kind_and_language(files, partner, editor):
    client = api(editor)
    by_record = client.get(LIST, {"record_type": "partners.partner", "record_id": partner.pk})
    assert titles(by_record) == {"Draft EN", "Draft AR", "Signed"}
    assert titles(client.get(LIST, {"record_type": "partners.person"})) == set()
    assert titles(client.get(LIST, {"record_type": "no.such"})) == set()
    assert titles(client.get(LIST, {"kind": "signed_copy"})) == {"Signed"}
    assert titles(client.get(LIST, {"language": "ar"})) == {"Draft AR"}
    assert titles(client.get(LIST, {"sha256": files["note"].sha256.upper()})) == {"Note"}
    assert client.get(LIST, {"kind": "memo"}).status_code == 400


def test_it_describes_a_document_with_its_text(files, partner, viewer):
    document = files["draft_ar"]
    row = api(viewer).get(f"{LIST}{document.pk}/").data
    assert row["record_type"] == "partners.partner"
    assert row["record_id"] == partner.pk
    assert row["version"] == 1
    assert row["mime_type"] == document.mime_type
    assert row["sha256"] == document.sha256
    assert row["size"] == document.size
    assert "مذكرة تفاهم" in row["text"]
    assert row["download_url"].endswith(f"/api/v1/documents/{document.pk}/download/")
    listed = api(viewer).get(LIST).data["results"][0]
    assert "text" not in listed


def test_it_downloads_the_file(files, viewer, viewer_no_clearance):
    document = files["draft_en"]
    response = api(viewer).get(f"{LIST}{document.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="mou.pdf"'
    hidden = api(viewer_no_clearance).get(f"{LIST}{document.pk}/download/")
    assert hidden.status_code == 404


def test_it_refuses_an_outsider_and_an_anonymous_caller(files, outsider):
    assert api(outsider).get(LIST).status_code == 403
    assert api(outsider).get(f"{LIST}{files['note'].pk}/download/").status_code == 403
    assert api().get(LIST).status_code in (401, 403)


def test_it_is_read_only(files, manager):
    client = api(manager)
    document = files["draft_en"]
    assert client.post(LIST, {"title": "x"}).status_code == 405
    assert client.patch(f"{LIST}{document.pk}/", {"title": "x"}).status_code == 405
    assert client.delete(f"{LIST}{document.pk}/").status_code == 405
    assert Document.objects.filter(pk=document.pk, title="Draft EN").exists()
