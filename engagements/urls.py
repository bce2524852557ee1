from django.urls import path

from engagements import views

app_name = "engagements"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("calendar/", views.MeetingCalendarView.as_view(), name="meeting_calendar"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path(
        "<int:pk>/participants/new/",
        views.ParticipantCreateView.as_view(),
        name="participant_create",
    ),
    path("<int:pk>/agenda/new/", views.AgendaItemCreateView.as_view(), name="agenda_item_create"),
    path(
        "<int:pk>/agenda/<int:part_pk>/edit/",
        views.AgendaItemUpdateView.as_view(),
        name="agenda_item_update",
    ),
    path("<int:pk>/decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path(
        "<int:pk>/decisions/<int:part_pk>/edit/",
        views.DecisionUpdateView.as_view(),
        name="decision_update",
    ),
    path(
        "<int:pk>/<str:part>/<int:part_pk>/delete/",
        views.PartDeleteView.as_view(),
        name="part_delete",
    ),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/new/", views.CommitteeCreateView.as_view(), name="committee_create"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdateView.as_view(), name="committee_update"),
    path(
        "committees/<int:pk>/delete/",
        views.CommitteeDeleteView.as_view(),
        name="committee_delete",
    ),
    path(
        "committees/<int:pk>/sessions/new/",
        views.SessionCreateView.as_view(),
        name="session_create",
    ),
]
