"""The reports pages: the index, the dossier's form with its preview, and the download;
who may make a dossier of what."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from reports import dossier_pdf
from reports.tests.conftest import CLEARANCE, above, add_records, docx_text, make_meeting

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def partner_url(partner):
    return reverse("reports:dossier_partner", args=[partner.pk])


def meeting_url(meeting):
    return reverse("reports:dossier_meeting", args=[meeting.pk])


def test_it_shows_the_form_and_a_preview(client_for, editor, world):
    response = client_for(editor).get(partner_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("language", "format", "talking_points"):
        assert f'name="{name}"' in page
    assert response.context["form"]["language"].value() == "en"
    preview = response.context["preview"]
    assert preview.classification == "confidential"
    assert 'id="preview-classification"' in page
    assert "CONFIDENTIAL-MARK-AGREEMENT" in page
    assert "SECRET-MARK" not in page


def test_it_proposes_the_users_language(client_for, editor, world):
    editor.language = "ar"
    editor.save()
    response = client_for(editor).get(partner_url(world))
    assert response.context["form"]["language"].value() == "ar"


def test_it_downloads_a_pdf(client_for, editor, world):
    response = client_for(editor).post(
        partner_url(world), {"language": "en", "format": "pdf", "talking_points": "Thank them"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="dossier-japan-{today:%Y-%m-%d}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_it_downloads_a_docx_with_the_talking_points(client_for, viewer, world):
    response = client_for(viewer).post(
        partner_url(world),
        {"language": "ar", "format": "docx", "talking_points": "- First\n\n- Second"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].endswith('.docx"')
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    text = docx_text(response.content)
    assert "First" in text["body"] and "Second" in text["body"]
    assert "INTERNAL-MARK-ACTION" in text["body"]
    for level in above(CLEARANCE["viewer"]):
        assert f"{level.upper()}-MARK" not in text["body"]


def test_it_makes_a_meeting_dossier_named_after_its_partner(client_for, viewer, visit):
    response = client_for(viewer).get(meeting_url(visit))
    assert response.status_code == 200
    assert response.context["preview"].meeting.title == visit.title_en
    response = client_for(viewer).post(meeting_url(visit), {"language": "en", "format": "pdf"})
    assert response.status_code == 200
    assert 'filename="dossier-japan-' in response["Content-Disposition"]


def test_it_refuses_a_user_without_a_role(client_for, outsider, world, visit):
    client = client_for(outsider)
    assert client.get(partner_url(world)).status_code == 403
    assert client.post(partner_url(world), {"language": "en", "format": "pdf"}).status_code == 403
    assert client.get(meeting_url(visit)).status_code == 403
    assert client.get(reverse("reports:index")).status_code == 403


def test_it_sends_an_anonymous_visitor_to_log_in(client, world):
    response = client.get(partner_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_answers_404_for_a_subject_the_user_may_not_read(
    client_for, viewer, viewer_no_clearance, japan
):
    secret = make_meeting("SECRET-MARK-MEETING", japan, classification="secret")
    internal = make_meeting("Internal meeting", japan, classification="internal")
    japan.classification = "confidential"
    japan.save()
    client = client_for(viewer)
    assert client.get(partner_url(japan)).status_code == 404
    assert client.post(partner_url(japan), {"language": "en", "format": "pdf"}).status_code == 404
    assert client.get(meeting_url(secret)).status_code == 404
    client = client_for(viewer_no_clearance)
    assert client.get(meeting_url(internal)).status_code == 404
    assert client.get(reverse("reports:dossier_partner", args=[999999])).status_code == 404


@pytest.mark.parametrize(
    "data, field",
    [
        ({"language": "fr", "format": "pdf"}, "language"),
        ({"language": "en", "format": "odt"}, "format"),
        ({"language": "en", "format": "pdf", "talking_points": "x\n" * 41}, "talking_points"),
        ({"language": "en", "format": "pdf", "talking_points": "y" * 700}, "talking_points"),
    ],
)
def test_it_names_the_field_of_a_bad_input(client_for, editor, japan, data, field):
    response = client_for(editor).post(partner_url(japan), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()


def test_it_says_when_the_pdf_font_is_missing(client_for, editor, japan, monkeypatch):
    def missing():
        raise dossier_pdf.FontMissing

    monkeypatch.setattr(dossier_pdf, "font_files", missing)
    response = client_for(editor).post(partner_url(japan), {"language": "en", "format": "pdf"})
    assert response.status_code == 503
    assert "format" in response.context["form"].errors
    # The DOCX is still made.
    response = client_for(editor).post(partner_url(japan), {"language": "en", "format": "docx"})
    assert response.status_code == 200


def test_it_lists_readable_partners_and_coming_meetings_on_the_index(client_for, viewer, japan):
    world = japan
    hidden = type(world).objects.create(
        kind="country", iso_alpha2="XS", name_en="SECRET-MARK-PARTNER", classification="secret"
    )
    coming = make_meeting("Coming visit", world, days_ago=-5)
    secret = make_meeting("SECRET-MARK-COMING", world, days_ago=-6, classification="secret")
    client = client_for(viewer)
    response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert partner_url(world) in page
    assert partner_url(hidden) not in page and "SECRET-MARK" not in page
    assert meeting_url(coming) in page and meeting_url(secret) not in page
    response = client.get(reverse("reports:index"), {"q": "japan"})
    assert list(response.context["partner_page"].object_list) == [world]
    response = client.get(reverse("reports:index"), {"q": "اليابان"})
    assert list(response.context["partner_page"].object_list) == [world]


def test_it_pages_the_index(client_for, viewer, db):
    from partners.models import Partner

    Partner.objects.bulk_create(
        Partner(
            kind="country",
            iso_alpha2=f"{chr(65 + i // 26)}{chr(65 + i % 26)}",
            name_en=f"Country {i:02d}",
            classification="public",
        )
        for i in range(40)
    )
    client = client_for(viewer)
    response = client.get(reverse("reports:index"), {"page": 3, "mpage": 1})
    assert response.context["partner_page"].number == 3
    assert len(response.context["partner_page"].object_list) == 10
    assert "mpage=1" in response.content.decode()


def test_the_meeting_and_partner_pages_have_the_dossier_button(client_for, viewer, visit):
    client = client_for(viewer)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert f'href="{meeting_url(visit)}"' in page
    japan = visit.partners.get(iso_alpha2="JP")
    page = client.get(japan.get_absolute_url()).content.decode()
    assert f'href="{partner_url(japan)}"' in page


def test_a_superuser_without_a_role_reads_up_to_their_clearance(client, world):
    admin = make_user("root", None, "internal", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(partner_url(world))
    assert response.status_code == 200
    assert response.context["preview"].classification == "internal"


def count_queries(fetch) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fetch()  # warm the caches that are not per request (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    assert response.status_code == 200
    return len(queries)


def test_it_makes_the_dossier_in_the_same_queries_for_1_and_20_records(
    client_for, editor, world, desk
):
    client = client_for(editor)
    url = partner_url(world)
    data = {"language": "en", "format": "docx"}
    add_records(world, desk, 1, 0)
    form, made = (
        count_queries(lambda: client.get(url)),
        count_queries(lambda: client.post(url, data)),
    )
    add_records(world, desk, 19, 1)
    assert count_queries(lambda: client.get(url)) == form
    assert count_queries(lambda: client.post(url, data)) == made


def test_it_lists_the_index_in_the_same_queries_for_1_and_20(client_for, viewer, japan):
    from partners.models import Partner

    client = client_for(viewer)
    url = reverse("reports:index")

    def add(count, start):
        for i in range(start, start + count):
            Partner.objects.create(
                kind="organization",
                name_en=f"Organization {i}",
                acronym=f"ORG{i}",
                category="un",
                classification="public",
            )
            make_meeting(f"Coming {i}", japan, days_ago=-1 - i)

    add(1, 0)
    one = count_queries(lambda: client.get(url))
    add(19, 1)
    assert count_queries(lambda: client.get(url)) == one
