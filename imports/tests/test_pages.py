"""The import pages: upload, mapping, the review with its counts and filters, resolving an
ambiguous row, importing, undoing; files that are not what they say refused with a clear
message and nothing written; the personas that must not import or see others' imports."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from agreements.models import Agreement
from imports import services
from imports.choices import JobStatus
from imports.models import ImportJob
from imports.tests.files import AGREEMENTS, csv_bytes

pytestmark = pytest.mark.django_db
LIST = reverse("imports:job_list")
UPLOAD = reverse("imports:upload")


def upload(client, data: bytes, name="register.csv", kind="agreements"):
    handle = io.BytesIO(data)
    handle.name = name
    return client.post(UPLOAD, {"file": handle, "kind": kind, "date_order": "dmy"})


def test_an_officer_uploads_maps_checks_imports_and_undoes(client_for, editor, partners):
    client = client_for(editor)
    assert client.get(LIST).status_code == 200
    response = upload(client, csv_bytes(AGREEMENTS))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="mapping-form"' in page and "EG-DE-1" in page  # the first rows
    data = {f"map-{field}": index for field, index in job.mapping.items()}
    response = client.post(
        reverse("imports:mapping", args=[job.pk]),
        {**data, "date_order": "dmy", "save_as": "Our MoU register"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKING
    progress = client.get(reverse("imports:progress", args=[job.pk]))
    assert b'role="progressbar"' in progress.content
    services.check(job)  # the worker's part
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="import-button"' in page and 'data-outcome="error"' in page
    errors = client.get(job.get_absolute_url(), {"outcome": "error"}).content.decode()
    assert "Atlantis" in errors and "EG-DE-1" not in errors
    client.post(reverse("imports:import", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    services.run(job)
    assert Agreement.objects.count() == 2
    assert b'id="undo-button"' in client.get(job.get_absolute_url()).content
    client.post(reverse("imports:undo", args=[job.pk]))
    assert not Agreement.objects.exists()
    # The mapping was kept for the next file of the register.
    assert "Our MoU register" in client.get(LIST).content.decode()


@pytest.mark.parametrize("persona", ["viewer", "viewer_no_clearance", "outsider"])
def test_who_cannot_add_records_cannot_import(client_for, request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert upload(client, csv_bytes(AGREEMENTS)).status_code == 403
    assert not ImportJob.objects.exists()


def test_an_officer_does_not_see_anothers_import(client_for, editor, manager, partners):
    job = services.upload(csv_bytes(AGREEMENTS), "theirs.csv", "agreements", manager)
    assert client_for(editor).get(job.get_absolute_url()).status_code == 404
    assert "theirs.csv" not in client_for(editor).get(LIST).content.decode()
    assert client_for(manager).get(job.get_absolute_url()).status_code == 200


def xlsx(build) -> bytes:
    book = Workbook()
    build(book.active)
    handle = io.BytesIO()
    book.save(handle)
    return handle.getvalue()


def with_macros(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def formula_sheet(sheet):
    sheet.append(["Title", "Date of signature"])
    sheet.append(["MoU", "2020-01-01"])
    sheet["A3"] = '=HYPERLINK("http://evil.example","x")'


def plain_sheet(sheet):
    sheet.append(["Title", "Date of signature"])
    sheet.append(["MoU", "2020-01-01"])


BAD_FILES = [
    ("a PDF named .xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 not a workbook", "register.xlsx"),
    ("a CSV named .xlsx", b"Title,Date\nMoU,2020-01-01\n", "register.xlsx"),
    ("an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "register.csv"),
    ("a workbook with formulas", xlsx(formula_sheet), "register.xlsx"),
    ("a workbook with macros", with_macros(xlsx(plain_sheet)), "register.xlsx"),
]


@pytest.mark.parametrize("label,data,name", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_with_a_message_and_nothing_written(
    client_for, editor, label, data, name
):
    response = upload(client_for(editor), data, name)
    assert response.status_code == 400, label
    errors = response.context["form"].errors["file"]
    assert errors and all(len(e) > 20 for e in errors), errors
    assert not ImportJob.objects.exists()


def test_a_200_mb_file_is_refused_before_it_is_read(client_for, editor, tmp_path):
    big = tmp_path / "register.csv"
    with open(big, "wb") as handle:
        handle.write(b"Title,Date\n")
        handle.truncate(200 * 1024 * 1024)
    with open(big, "rb") as handle:
        response = client_for(editor).post(
            UPLOAD, {"file": handle, "kind": "agreements", "date_order": "dmy"}
        )
    assert response.status_code == 400
    assert "200 MB" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_a_csv_formula_cell_is_refused_on_its_row(editor, partners):
    job = services.upload(csv_bytes(AGREEMENTS), "register.csv", "agreements", editor)
    services.set_mapping(job, job.mapping, editor)
    services.request_check(job)
    job = services.check(job)
    row = job.rows.get(number=5)
    assert row.outcome == "error"
    assert any("formula" in m["text"] for m in row.messages)


def test_the_pages_run_a_bounded_number_of_queries(
    client_for, editor, partners, django_assert_max_num_queries
):
    client = client_for(editor)
    job = services.upload(csv_bytes(AGREEMENTS * 10), "register.csv", "agreements", editor)
    services.set_mapping(job, job.mapping, editor)
    services.request_check(job)
    services.check(job)
    client.get(job.get_absolute_url())
    with django_assert_max_num_queries(12):
        assert client.get(job.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_an_unknown_partner_is_added_from_the_review_and_the_row_checked_again(
    client_for, editor, manager, partners
):
    from partners.models import Partner

    client = client_for(manager)  # adding a partner is a manager's or officer's right
    job = services.upload(csv_bytes(AGREEMENTS), "register.csv", "agreements", manager)
    services.set_mapping(job, job.mapping, manager)
    services.request_check(job)
    services.check(job)
    errors = client.get(job.get_absolute_url(), {"outcome": "error"}).content.decode()
    link = "/partners/new/?name_en=Atlantis&amp;next=" + job.get_absolute_url()
    assert link in errors
    response = client.post(
        "/partners/new/?name_en=Atlantis&next=" + job.get_absolute_url(),
        {
            "kind": "organization",
            "name_en": "Atlantis",
            "category": "regional_other",
            "classification": "public",
        },
    )
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert Partner.objects.filter(name_en="Atlantis").exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="recheck-button"' in page
    data = {f"map-{field}": index for field, index in job.mapping.items()}
    client.post(reverse("imports:mapping", args=[job.pk]), {**data, "date_order": "dmy"})
    job = services.check(job)
    assert job.rows.get(number=4).outcome == "create"
