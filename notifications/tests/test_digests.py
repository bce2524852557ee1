"""The digest's content, within the reader's clearance and built when it is sent, and its
e-mail: plain text and HTML, in the user's language, with a stable Message-ID."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from actions.models import Action
from actions.tests.helpers import make_action
from agreements.models import Agreement
from engagements.models import Meeting
from notifications import worker
from notifications.digests import build_digest
from notifications.models import Reminder, ReminderSettings
from notifications.tests.conftest import TODAY, in_force

pytestmark = pytest.mark.django_db


def send_digests():
    """One worker cycle: queue, then send everything pending."""
    worker.schedule_digests()
    worker.process_pending("test-worker")


def mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def html_of(message) -> str:
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


class TestContent:
    def test_it_gathers_actions_meetings_and_deadlines(self, officer, world):
        digest = build_digest(officer)
        assert [a.title_en for a in digest.overdue] == ["Book the delegation's hotel"]
        assert [a.title_en for a in digest.due_soon] == [
            "Brief the minister on cable security",
            "Send the draft MoU",
        ]
        assert {m.title_en for m in digest.meetings} == {
            "Tokyo ICT dialogue",
            "Cable landing talks",
        }
        got = {(d.agreement.title_en, d.kind, d.days) for d in digest.deadlines}
        assert got == {
            ("Memorandum on ICT cooperation", "notice", 90),
            ("Memorandum on ICT cooperation", "review", 30),
            ("Agreement on cyber defence", "notice", 30),
            ("Agreement on cyber defence", "expiry", 180),
        }

    def test_it_announces_a_deadline_on_the_day_it_enters_a_window_only(self, officer):
        for days in (29, 31, 89, 100, 179, 181, -1, 0):
            in_force(f"At {days} days", notice_deadline=TODAY + timedelta(days=days))
        assert build_digest(officer).deadlines == []
        in_force("At 90 days", expiry_date=TODAY + timedelta(days=90))
        assert [d.agreement.title_en for d in build_digest(officer).deadlines] == ["At 90 days"]

    def test_it_leaves_out_agreements_not_in_force(self, officer):
        agreement = in_force("Lapsed", notice_deadline=TODAY + timedelta(days=30))
        type(agreement).objects.filter(pk=agreement.pk).update(status="terminated")
        assert build_digest(officer).is_empty

    def test_it_keeps_to_the_readers_clearance_and_desk(self, desk_viewer, world):
        digest = build_digest(desk_viewer)
        titles = {a.title_en for a in digest.overdue + digest.due_soon}
        assert titles == {"Book the delegation's hotel"}  # the desk's internal action only
        assert [m.title_en for m in digest.meetings] == ["Tokyo ICT dialogue"]
        assert {d.agreement.title_en for d in digest.deadlines} == {"Memorandum on ICT cooperation"}


class TestMessage:
    def test_it_sends_a_restricted_digest_to_each_reader(self, officer, desk_viewer, world):
        send_digests()
        assert len(mail.outbox) == 2
        message = mail_to("viewer@mcit.example")
        text, html = message.body, html_of(message)
        for part in (text, html):
            assert "Book the delegation" in part
            assert "Tokyo ICT dialogue" in part
            assert "Memorandum on ICT cooperation" in part
            # Above the viewer's clearance, or another desk's:
            assert "Brief the minister" not in part
            assert "Cable landing talks" not in part
            assert "Agreement on cyber defence" not in part
            assert "Call the Kenyan embassy" not in part
            assert "Send the draft MoU" not in part  # the officer's own, not the desk's
        officer_mail = mail_to("officer@mcit.example")
        assert "Brief the minister on cable security" in officer_mail.body
        assert "Cable landing talks" in officer_mail.body

    def test_it_writes_plain_text_and_html_with_links(self, officer, world):
        send_digests()
        message = mail_to("officer@mcit.example")
        assert message.subject.startswith("Accord: your reminders for ")
        assert message.from_email == "accord@mcit.example"
        assert "Overdue actions" in message.body
        assert f"http://127.0.0.1:8000/actions/{world['overdue_desk_action'].pk}/" in message.body
        assert "http://127.0.0.1:8000/notifications/settings/" in message.body
        html = html_of(message)
        assert '<html lang="en" dir="ltr">' in html
        assert f'href="http://127.0.0.1:8000/meetings/{world["meeting"].pk}/"' in html
        assert "&lt;" not in message.body  # the text part is not HTML-escaped

    def test_it_escapes_titles_in_html(self, officer, desk):
        make_action("<script>alert(1)</script>", owner=officer, due_date=TODAY)
        send_digests()
        html = html_of(mail_to("officer@mcit.example"))
        assert "<script>" not in html and "&lt;script&gt;" in html

    def test_it_writes_in_the_users_language(self, officer, world):
        officer.language = "ar"
        officer.save()
        action = world["own_action"]
        action.title_ar = "إرسال مسودة المذكرة"
        action.save()
        send_digests()
        message = mail_to("officer@mcit.example")
        html = html_of(message)
        assert '<html lang="ar" dir="rtl">' in html
        assert "إرسال مسودة المذكرة" in message.body and "إرسال مسودة المذكرة" in html
        assert "Send the draft MoU" not in message.body

    def test_it_gives_a_stable_message_id_and_marks_itself_automatic(self, officer, world):
        send_digests()
        message = mail_to("officer@mcit.example")
        reminder = Reminder.objects.get(user=officer)
        expected = f"<accord.digest.{TODAY.isoformat()}.u{officer.pk}@mcit.example>"
        assert message.extra_headers["Message-ID"] == expected
        assert reminder.message_id("mcit.example") == expected
        assert message.message()["Message-ID"] == expected
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"

    def test_it_uses_the_reminder_address_over_the_account_address(self, officer, world):
        ReminderSettings.objects.create(user=officer, email="asian.desk@mcit.example")
        send_digests()
        assert sorted(m.to[0] for m in mail.outbox) == [
            "asian.desk@mcit.example",
            "viewer@mcit.example",
        ]

    def test_it_builds_the_message_when_it_sends_it(self, officer, world):
        """What the user may read is decided at send time, not when the digest was queued."""
        worker.schedule_digests()
        officer.clearance = "internal"
        officer.save()
        worker.process_pending("test-worker")
        body = mail_to("officer@mcit.example").body
        assert "Book the delegation" in body
        assert "Brief the minister" not in body and "Cable landing talks" not in body

    def test_it_skips_a_digest_with_nothing_left_to_report(self, officer, world):
        worker.schedule_digests(timezone.now())
        Action.objects.update(status="cancelled")
        Meeting.objects.all().delete()
        Agreement.objects.update(status="terminated")
        worker.process_pending("test-worker")
        assert mail.outbox == []
        for reminder in Reminder.objects.all():
            assert (reminder.state, reminder.last_error) == ("skipped", "nothing to report")
