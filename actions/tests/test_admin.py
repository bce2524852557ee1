"""The admin: restricted reads, recorded writes."""

import pytest

from actions.models import Action
from actions.tests.helpers import make_action
from conftest import make_user
from core.models import ChangeRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = make_user("root", None, "internal", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_it_lists_only_the_actions_within_the_clearance(admin_client, desk):
    make_action("Internal step", owner_unit=desk, classification="internal")
    make_action("Secret step", owner_unit=desk, classification="secret")
    response = admin_client.get("/admin/actions/action/")
    assert response.status_code == 200
    assert "Internal step" in response.text
    assert "Secret step" not in response.text


def test_it_records_a_change_made_in_the_admin(admin_client, desk):
    action = make_action("Step", owner_unit=desk)
    url = f"/admin/actions/action/{action.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "title_en": "Step",
            "title_ar": "",
            "description": "",
            "owner_unit": desk.pk,
            "status": "done",
            "priority": "high",
            "classification": "internal",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    action.refresh_from_db()
    assert (action.status, action.priority, action.completed_on is not None) == (
        "done",
        "high",
        True,
    )
    record = ChangeRecord.objects.get()
    assert (record.channel, record.changes["status"]) == ("admin", ["open", "done"])
    assert Action.objects.count() == 1
