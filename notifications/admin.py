"""The admin of notifications: feeds can be revoked (never shown), reminder settings read and
edited, and the reminder queue watched; a failed reminder can be queued again."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import ChangeChannel
from notifications import services
from notifications.choices import ReminderState
from notifications.models import CalendarFeed, Reminder, ReminderSettings


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "is_active", "token_hint", "issued_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "token_hint", "issued_at", "last_used_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a user creates their own address, and sees it once

    @admin.display(boolean=True, description=_("on"))
    def is_active(self, obj):
        return obj.is_active

    @admin.action(description=_("Turn the selected calendar feeds off"))
    def revoke(self, request, queryset):
        count = sum(
            services.revoke_feed(feed.user, by=request.user, channel=ChangeChannel.ADMIN)
            for feed in queryset.select_related("user")
        )
        self.message_user(request, _("%(count)d feed(s) turned off.") % {"count": count})


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "digest"]
    list_select_related = ["user"]
    list_filter = ["digest"]
    search_fields = ["user__username", "email"]
    raw_id_fields = ["user"]

    def save_model(self, request, obj, form, change):
        services.save_reminder_settings(obj, request.user, channel=ChangeChannel.ADMIN)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "state", "attempts", "next_attempt_at", "sent_at", "locked_by"]
    list_select_related = ["user"]
    list_filter = ["state", "kind", "day"]
    search_fields = ["key", "user__username"]
    date_hierarchy = "day"
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False  # the worker schedules

    def has_change_permission(self, request, obj=None):
        return False  # the queue is the worker's; `retry` is the one way to act on it

    @admin.action(description=_("Queue the selected failed reminders again"))
    def retry(self, request, queryset):
        count = queryset.filter(state=ReminderState.FAILED).update(
            state=ReminderState.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, _("%(count)d reminder(s) queued again.") % {"count": count})
        if not count:
            self.message_user(
                request, _("Only failed reminders can be queued again."), messages.WARNING
            )
