"""Pages of notifications: the user's settings (calendar feed and reminders) and the feed
itself, which calendar applications fetch without a session."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from core.permissions import readable_levels
from core.views import RoleRequiredMixin
from notifications import services
from notifications.digests import user_language
from notifications.feeds import build_calendar
from notifications.forms import ReminderSettingsForm
from notifications.models import CalendarFeed, ReminderSettings


class CalendarFeedView(View):
    """`/notifications/calendar/<token>.ics`: the calendar of the token's owner, read with
    their clearance as it is now. No session: the token is the credential. An unknown or
    revoked token, or a user who may no longer read anything, is a 404 (nothing says which).
    """

    http_method_names = ["get", "head", "options"]

    def get(self, request, token):
        feed = CalendarFeed.objects.for_token(token)
        if feed is None or not feed.user.is_active or not readable_levels(feed.user):
            raise Http404(_("No such calendar."))
        user = feed.user
        with translation.override(user_language(user)):
            body = build_calendar(user, link=request.build_absolute_uri)
        services.mark_used(feed)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        # Proxies must not keep a copy; the client may (it polls anyway).
        response["Cache-Control"] = "private"
        response["Content-Disposition"] = 'inline; filename="accord.ics"'
        # The URL is a secret: never leak it in a Referer, never index it.
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class SettingsView(RoleRequiredMixin, View):
    """The user's notification settings: their calendar feed (status, create, reset, turn
    off) and their reminders (address, digest on or off). Anyone with a role."""

    model = CalendarFeed
    template_name = "notifications/settings.html"

    def get(self, request):
        return self.render(ReminderSettingsForm(instance=self.settings(), user=request.user))

    def post(self, request):
        """Save the reminder settings; nothing is saved unless all of it is valid."""
        instance = self.settings()
        form = ReminderSettingsForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            try:
                services.save_reminder_settings(form.save(commit=False), request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Reminder settings saved."))
                return redirect("notifications:settings")
        return self.render(form, status=200)

    def settings(self):
        return services.reminder_settings_for(self.request.user)

    def render(self, form, *, new_token=None, status=200):
        user = self.request.user
        feed = CalendarFeed.objects.filter(user=user).first()
        saved = ReminderSettings.objects.filter(user=user).first()
        feed_url = None
        if new_token:
            path = reverse("notifications:calendar_feed", args=[new_token])
            feed_url = self.request.build_absolute_uri(path)
        hint_url = None
        if feed is not None and feed.is_active:
            # Enough of the address to recognise it in a calendar application, no more.
            path = reverse("notifications:calendar_feed", args=[feed.token_hint])
            hint_url = self.request.build_absolute_uri(path).removesuffix(".ics") + "….ics"
        context = {
            "feed": feed,
            "feed_url": feed_url,
            "hint_url": hint_url,
            "form": form,
            # What is saved, not what the form holds (it may hold a refused address).
            "address": (saved.email if saved else "") or user.email,
            "digest_on": saved.digest if saved else True,
        }
        response = render(self.request, self.template_name, context, status=status)
        if feed_url:
            # The one page that shows the secret: no cache may keep it.
            add_never_cache_headers(response)
        return response


class FeedIssueView(SettingsView):
    """POST: create the calendar address, or replace it (the old one stops working). The new
    address is shown on this response only; it is never stored."""

    http_method_names = ["post"]

    def post(self, request):
        feed, token = services.issue_feed(request.user)
        form = ReminderSettingsForm(instance=self.settings(), user=request.user)
        return self.render(form, new_token=token)


class FeedRevokeView(SettingsView):
    """POST: turn the calendar feed off."""

    http_method_names = ["post"]

    def post(self, request):
        if services.revoke_feed(request.user):
            messages.success(request, _("Your calendar address was turned off."))
        return redirect("notifications:settings")
