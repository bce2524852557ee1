"""The admin: restricted reads; the meeting and its delegations, agenda and decisions
recorded like any other change."""

import pytest

from conftest import make_user
from engagements.tests.conftest import add_item, change_records, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("root", None, "internal", is_staff=True, is_superuser=True))
    return client


def test_it_lists_only_the_meetings_within_the_clearance(admin_client):
    make_meeting("Internal talks", classification="internal")
    make_meeting("Secret talks", classification="secret")
    response = admin_client.get("/admin/engagements/meeting/")
    assert response.status_code == 200
    assert "Internal talks" in response.text and "Secret talks" not in response.text
    assert admin_client.get("/admin/engagements/jointcommittee/").status_code == 200


def test_it_records_the_agenda_edited_inline(admin_client):
    meeting = make_meeting("Talks")
    item = add_item(meeting, "Old title")
    url = f"/admin/engagements/meeting/{meeting.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        name: form[name].value() if not isinstance(form[name].value(), list) else form[name].value()
        for name in form.fields
    }
    data = {k: v for k, v in data.items() if v is not None}
    data.update(
        {
            "start_0": meeting.start.strftime("%Y-%m-%d"),
            "start_1": meeting.start.strftime("%H:%M:%S"),
            "end_0": meeting.end.strftime("%Y-%m-%d"),
            "end_1": meeting.end.strftime("%H:%M:%S"),
        }
    )
    for prefix in ("participants", "agenda_items", "decisions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(
        {
            "agenda_items-TOTAL_FORMS": "1",
            "agenda_items-INITIAL_FORMS": "1",
            "agenda_items-0-id": item.pk,
            "agenda_items-0-meeting": meeting.pk,
            "agenda_items-0-order": "1",
            "agenda_items-0-title_en": "New title",
            "agenda_items-0-title_ar": "",
            "agenda_items-0-position_status": "draft",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.title_en == "New title"
    record = change_records(item, action="update").get()
    assert (record.channel, record.changes["title_en"]) == ("admin", ["Old title", "New title"])
