from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/calendar/", views.FeedIssueView.as_view(), name="feed_issue"),
    path("settings/calendar/off/", views.FeedRevokeView.as_view(), name="feed_revoke"),
    path("calendar/<slug:token>.ics", views.CalendarFeedView.as_view(), name="calendar_feed"),
]
