"""documents.services.attach and remove: real files are accepted with their type, hash,
size, version and text; hostile ones are refused on the "file" field, leaving no row and no
stored file."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from core.choices import ChangeAction
from core.models import ChangeRecord
from documents import content, services
from documents.models import Document
from documents.tests.conftest import stored_files
from documents.tests.files import (
    ARABIC,
    ARABIC_CELL,
    DOCX,
    JPEG,
    PDF,
    PNG,
    TIFF,
    XLSX,
    docx_bytes,
    exe_bytes,
    html_bytes,
    jpeg_bytes,
    many_entries_docx,
    nested_archive_docx,
    pdf_bytes,
    plain_zip,
    png_bytes,
    tiff_bytes,
    upload,
    xlsx_bytes,
    zip_bomb_docx,
)

pytestmark = pytest.mark.django_db


def attach(record, name, data, user, **kwargs):
    options = {"title": "", "kind": "draft", "language": "en", **kwargs}
    return services.attach(record, upload(name, data), user, **options)


def changes_for(document):
    return ChangeRecord.objects.filter(content_type__model="document", object_id=str(document.pk))


class TestAccepted:
    def test_it_attaches_a_real_pdf_with_its_hash_size_pages_and_text(self, partner, editor):
        data = pdf_bytes("Memorandum of Understanding on digital cooperation", "Annex one")
        document = attach(partner, "MoU draft.pdf", data, editor, title="MoU with NTRA")
        document.refresh_from_db()
        assert document.record == partner
        assert document.mime_type == PDF
        assert document.size == len(data)
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert document.pages == 2
        assert "Memorandum of Understanding on digital cooperation" in document.text
        assert "Annex one" in document.text
        assert document.original_name == "MoU draft.pdf"
        assert document.title == "MoU with NTRA"
        assert document.created_by == editor
        with document.file.open("rb") as stored:
            assert stored.read() == data

    def test_it_numbers_versions_per_record_kind_and_language(self, partner, editor):
        first = attach(partner, "a.pdf", pdf_bytes("one"), editor)
        second = attach(partner, "b.pdf", pdf_bytes("two"), editor)
        arabic = attach(partner, "c.docx", docx_bytes(), editor, language="ar")
        signed = attach(partner, "d.pdf", pdf_bytes("signed"), editor, kind="signed_copy")
        third = attach(partner, "e.png", png_bytes(), editor)
        assert [first.version, second.version, third.version] == [1, 2, 3]
        assert arabic.version == 1
        assert signed.version == 1

    def test_it_counts_versions_past_a_deleted_one(self, partner, editor, manager):
        attach(partner, "a.pdf", pdf_bytes("one"), editor)
        second = attach(partner, "b.pdf", pdf_bytes("two"), editor)
        services.remove(second, manager)
        assert attach(partner, "c.pdf", pdf_bytes("three"), editor).version == 2

    def test_it_extracts_arabic_text_from_a_real_docx(self, partner, editor):
        data = docx_bytes()
        document = attach(partner, "mou-ar.docx", data, editor, language="ar")
        document.refresh_from_db()
        assert document.mime_type == DOCX
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert ARABIC in document.text
        assert ARABIC_CELL in document.text  # from the table
        assert document.pages is None

    def test_it_accepts_a_real_xlsx_and_reads_its_cells(self, partner, editor):
        document = attach(partner, "plan.xlsx", xlsx_bytes(), editor, kind="other")
        assert document.mime_type == XLSX
        assert "Joint working group on 5G" in document.text
        assert ARABIC_CELL in document.text

    @pytest.mark.parametrize(
        ("name", "data", "mime"),
        [
            ("logo.png", png_bytes(), PNG),
            ("scan.tiff", tiff_bytes(), TIFF),
            ("photo.jpeg", jpeg_bytes(), JPEG),
        ],
    )
    def test_it_accepts_images_without_text(self, partner, editor, name, data, mime):
        document = attach(partner, name, data, editor, kind="signed_copy")
        assert document.mime_type == mime
        assert document.text == ""
        assert document.size == len(data)

    def test_it_shortens_a_title_taken_from_a_long_file_name(self, partner, editor):
        document = attach(partner, "x" * 300 + ".pdf", pdf_bytes(), editor)
        assert len(document.title) == 250
        assert len(document.original_name) == 255
        assert document.original_name.endswith(".pdf")

    def test_it_accepts_a_name_without_an_extension(self, partner, editor):
        assert attach(partner, "scan", pdf_bytes(), editor).mime_type == PDF

    def test_it_stores_under_a_random_dated_name_never_the_users(self, partner, editor, media):
        document = attach(partner, "../../etc/Secret plan.pdf", pdf_bytes(), editor)
        assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
        assert document.original_name == "Secret plan.pdf"
        assert [path.name for path in stored_files(media)] == [document.file.name.split("/")[-1]]

    def test_it_cleans_the_name_it_keeps(self, partner, editor):
        document = attach(partner, "C:\\Users\\x\\invoice\u202efdp.pdf", pdf_bytes(), editor)
        assert document.original_name == "invoicefdp.pdf"

    def test_it_defaults_the_title_and_the_classification_to_the_records(self, partner, editor):
        partner.classification = "confidential"
        partner.save()
        document = attach(partner, "Agreed minutes.pdf", pdf_bytes(), editor)
        assert document.title == "Agreed minutes"
        assert document.classification == "confidential"

    def test_it_writes_one_change_record_without_the_extracted_text(self, partner, editor):
        document = attach(partner, "mou.docx", docx_bytes(), editor)
        (change,) = changes_for(document)
        assert change.action == ChangeAction.CREATE
        assert change.user == editor
        assert change.changes["sha256"] == [None, document.sha256]
        assert change.changes["original_name"] == [None, "mou.docx"]
        assert "text" not in change.changes

    def test_it_caps_the_extracted_text(self, partner, editor, monkeypatch):
        monkeypatch.setattr(content, "MAX_TEXT", 20)
        document = attach(partner, "a.pdf", pdf_bytes("x" * 50, "y" * 50), editor)
        document.refresh_from_db()
        assert len(document.text) == 20


HOSTILE = [
    pytest.param("setup.pdf", exe_bytes(), "type", id="executable-renamed-pdf"),
    pytest.param("report.docx", html_bytes(), "type", id="html-renamed-docx"),
    pytest.param("report.docx", zip_bomb_docx(), "archive_bomb", id="zip-bomb-renamed-docx"),
    pytest.param("report.docx", many_entries_docx(), "archive_bomb", id="too-many-entries"),
    pytest.param("report.docx", nested_archive_docx(), "nested_archive", id="nested-archive"),
    pytest.param(
        "report.docx", nested_archive_docx(disguised=True), "nested_archive", id="disguised-nest"
    ),
    pytest.param("report.docx", plain_zip(), "type", id="plain-zip-renamed-docx"),
    pytest.param("mou.pdf", pdf_bytes()[:300], "corrupt", id="truncated-pdf"),
    pytest.param("mou.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200, "corrupt", id="corrupt-pdf"),
    pytest.param("plan.xlsx", docx_bytes(), "extension", id="docx-named-xlsx"),
    pytest.param("photo.jpg", png_bytes(), "extension", id="png-named-jpg"),
    pytest.param("mou.txt", pdf_bytes(), "extension", id="pdf-named-txt"),
    pytest.param("empty.pdf", b"", "empty", id="empty-file"),
]


class TestRefused:
    @pytest.mark.parametrize(("name", "data", "code"), HOSTILE)
    def test_it_refuses_a_hostile_file_and_leaves_nothing(
        self, partner, editor, media, name, data, code
    ):
        with pytest.raises(ValidationError) as caught:
            attach(partner, name, data, editor)
        assert list(caught.value.error_dict) == ["file"]
        assert [e.code for e in caught.value.error_dict["file"]] == [code]
        assert caught.value.message_dict["file"][0]  # a sentence the user can read
        assert not Document.objects.exists()
        assert stored_files(media) == []
        assert not ChangeRecord.objects.filter(content_type__model="document").exists()

    def test_it_refuses_a_file_over_the_size_limit(self, partner, editor, media, settings):
        settings.ACCORD_MAX_UPLOAD_MB = 1
        data = pdf_bytes() + b"%" + b"0" * (1024 * 1024)
        with pytest.raises(ValidationError) as caught:
            attach(partner, "big.pdf", data, editor)
        assert caught.value.error_dict["file"][0].code == "too_large"
        assert "1 MB" in caught.value.message_dict["file"][0]
        assert not Document.objects.exists()
        assert stored_files(media) == []

    def test_it_refuses_an_archive_that_expands_past_the_cap(
        self, partner, editor, media, monkeypatch
    ):
        monkeypatch.setattr(content, "MAX_UNCOMPRESSED", 20_000)
        with pytest.raises(ValidationError) as caught:
            attach(partner, "mou.docx", docx_bytes("x" * 30_000), editor)
        assert caught.value.error_dict["file"][0].code == "archive_bomb"
        assert stored_files(media) == []

    def test_it_refuses_a_classification_below_the_record(self, partner, editor, media):
        with pytest.raises(ValidationError) as caught:
            attach(partner, "a.pdf", pdf_bytes(), editor, classification="public")
        assert "below its record" in caught.value.message_dict["classification"][0]
        assert not Document.objects.exists()
        assert stored_files(media) == []

    def test_it_refuses_a_classification_above_the_users_clearance(self, partner, editor, media):
        with pytest.raises(ValidationError) as caught:
            attach(partner, "a.pdf", pdf_bytes(), editor, classification="secret")
        assert "classification" in caught.value.message_dict
        assert stored_files(media) == []

    def test_it_refuses_an_unknown_kind(self, partner, editor, media):
        with pytest.raises(ValidationError) as caught:
            attach(partner, "a.pdf", pdf_bytes(), editor, kind="memo")
        assert "kind" in caught.value.message_dict
        assert stored_files(media) == []

    def test_it_deletes_the_stored_file_when_saving_fails_afterwards(
        self, partner, editor, media, monkeypatch
    ):
        def broken_save(*args, **kwargs):
            assert stored_files(media), "the file was stored before the row is saved"
            raise ValidationError({"title": "the database refused it"})

        monkeypatch.setattr(services.services, "save", broken_save)
        with pytest.raises(ValidationError):
            attach(partner, "a.pdf", pdf_bytes(), editor)
        assert stored_files(media) == []
        assert not Document.objects.exists()

    def test_it_attaches_only_to_saved_primary_records(self, partner, editor):
        document = attach(partner, "a.pdf", pdf_bytes(), editor)
        with pytest.raises(TypeError):
            attach(document, "b.pdf", pdf_bytes(), editor)
        with pytest.raises(TypeError):
            attach(type(partner)(name_en="unsaved"), "b.pdf", pdf_bytes(), editor)


class TestRemove:
    def test_it_deletes_the_row_and_the_file_and_records_it(
        self, partner, editor, manager, media, django_capture_on_commit_callbacks
    ):
        document = attach(partner, "mou.docx", docx_bytes(), editor)
        pk = document.pk
        with django_capture_on_commit_callbacks(execute=True):
            services.remove(document, manager)
        assert not Document.objects.filter(pk=pk).exists()
        assert stored_files(media) == []
        change = ChangeRecord.objects.get(
            content_type__model="document", object_id=str(pk), action=ChangeAction.DELETE
        )
        assert change.user == manager
        assert "text" not in change.changes

    def test_it_keeps_the_file_when_the_deletion_is_rolled_back(
        self, partner, editor, manager, media, django_capture_on_commit_callbacks
    ):
        document = attach(partner, "a.pdf", pdf_bytes(), editor)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    services.remove(document, manager)
                    raise RuntimeError("something later in the same transaction failed")
            except RuntimeError:
                pass
        assert callbacks == []
        assert Document.objects.filter(pk=document.pk).exists()
        assert len(stored_files(media)) == 1
