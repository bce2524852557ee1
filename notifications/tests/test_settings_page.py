"""The settings page: the feed's status, creating, resetting and turning off the address
(shown once, never stored), and the reminder address and digest choice, with bad input
refused by a message that names the field."""

import re

import pytest
from django.urls import reverse

from core.models import ChangeRecord
from notifications.models import CalendarFeed, ReminderSettings, hash_token

pytestmark = pytest.mark.django_db

SETTINGS = reverse("notifications:settings")
ISSUE = reverse("notifications:feed_issue")
REVOKE = reverse("notifications:feed_revoke")
FEED = re.compile(r"http://testserver/notifications/calendar/([A-Za-z0-9_-]{43})\.ics")


class TestWhoMay:
    def test_it_sends_an_anonymous_visitor_to_log_in(self, client):
        for url in (SETTINGS,):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("login"))
        assert client.post(ISSUE).status_code == 302
        assert client.post(SETTINGS, {"email": "a@b.example"}).status_code == 302
        assert not CalendarFeed.objects.exists() and not ReminderSettings.objects.exists()

    def test_it_refuses_a_user_without_a_role(self, client_for, outsider):
        client = client_for(outsider)
        assert client.get(SETTINGS).status_code == 403
        assert client.post(ISSUE).status_code == 403
        assert not CalendarFeed.objects.exists()

    def test_it_takes_feed_changes_by_post_only(self, client_for, viewer):
        client = client_for(viewer)
        assert client.get(ISSUE).status_code == 405
        assert client.get(REVOKE).status_code == 405
        assert not CalendarFeed.objects.exists()


class TestFeed:
    def test_it_shows_a_new_address_once(self, client_for, viewer):
        client = client_for(viewer)
        page = client.get(SETTINGS)
        assert "You have no calendar address." in page.text
        response = client.post(ISSUE)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        token = FEED.search(response.text).group(1)
        feed = CalendarFeed.objects.get(user=viewer)
        assert feed.token_hash == hash_token(token)
        # The page shows the secret once; afterwards only its first characters.
        again = client.get(SETTINGS)
        assert token not in again.text
        assert f"/notifications/calendar/{token[:4]}…" in again.text
        assert client.get(f"/notifications/calendar/{token}.ics").status_code == 200

    def test_it_resets_the_address_and_the_old_one_stops_working(self, client_for, viewer):
        client = client_for(viewer)
        old = FEED.search(client.post(ISSUE).text).group(1)
        new = FEED.search(client.post(ISSUE).text).group(1)
        assert old != new
        assert client.get(f"/notifications/calendar/{old}.ics").status_code == 404
        assert client.get(f"/notifications/calendar/{new}.ics").status_code == 200
        feed = CalendarFeed.objects.get(user=viewer)
        records = ChangeRecord.objects.filter(object_id=str(feed.pk)).order_by("at", "id")
        assert [r.comment for r in records] == [
            "Calendar address issued.",
            "New calendar address issued; the previous one no longer works.",
        ]
        assert all(r.user == viewer and r.channel == "page" for r in records)

    def test_it_turns_the_feed_off(self, client_for, viewer):
        client = client_for(viewer)
        token = FEED.search(client.post(ISSUE).text).group(1)
        response = client.post(REVOKE, follow=True)
        assert "Your calendar address was turned off." in response.text
        assert "You have no calendar address." in response.text
        assert client.get(f"/notifications/calendar/{token}.ics").status_code == 404
        assert CalendarFeed.objects.get(user=viewer).token_hash is None


class TestReminderSettings:
    def test_it_defaults_to_the_account_address_and_digests_on(self, client_for, viewer):
        viewer.email = "viewer@mcit.example"
        viewer.save()
        page = client_for(viewer).get(SETTINGS)
        assert "Your daily digest goes to viewer@mcit.example" in page.text
        assert page.context["form"]["digest"].value() is True

    def test_it_saves_an_address_and_the_digest_choice(self, client_for, viewer):
        client = client_for(viewer)
        response = client.post(SETTINGS, {"email": " desk@mcit.example ", "digest": ""})
        assert response.status_code == 302
        saved = ReminderSettings.objects.get(user=viewer)
        assert (saved.email, saved.digest) == ("desk@mcit.example", False)
        record = ChangeRecord.objects.get(object_id=str(saved.pk), action="create")
        assert record.user == viewer
        page = client.get(SETTINGS)
        assert "Reminder settings saved." in page.text
        assert "You receive no digest." in page.text

    def test_it_refuses_an_address_that_is_not_one(self, client_for, viewer):
        client = client_for(viewer)
        client.post(SETTINGS, {"email": "good@mcit.example", "digest": "on"})
        response = client.post(SETTINGS, {"email": "not an address", "digest": ""})
        assert response.status_code == 200
        assert response.context["form"].errors["email"] == [
            "Reminder e-mail address: “not an address” is not a valid e-mail address."
        ]
        assert "Reminder e-mail address: “not an address”" in response.text
        assert "Nothing was saved." in response.text
        assert 'aria-invalid="true"' in response.text
        saved = ReminderSettings.objects.get(user=viewer)
        assert (saved.email, saved.digest) == ("good@mcit.example", True)  # unchanged
        assert "Your daily digest goes to good@mcit.example" in response.text

    def test_it_refuses_a_bad_address_from_any_channel(self, viewer):
        from django.core.exceptions import ValidationError

        from notifications import services

        settings = ReminderSettings(user=viewer, email="viewer@@mcit")
        with pytest.raises(ValidationError) as error:
            services.save_reminder_settings(settings, viewer)
        assert "email" in error.value.message_dict
        assert not ReminderSettings.objects.exists()

    def test_it_says_when_no_address_can_be_reached(self, client_for, viewer):
        page = client_for(viewer).get(SETTINGS)
        assert "You have no e-mail address: no digest can reach you." in page.text
