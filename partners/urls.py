from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("", views.PartnerListView.as_view(), name="partner_list"),
    path("new/", views.PartnerCreateView.as_view(), name="partner_create"),
    path("<int:pk>/", views.PartnerDetailView.as_view(), name="partner_detail"),
    path("<int:pk>/timeline/", views.PartnerTimelineView.as_view(), name="partner_timeline"),
    path("<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner_update"),
    path("<int:pk>/delete/", views.PartnerDeleteView.as_view(), name="partner_delete"),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path(
        "people/<int:pk>/positions/new/", views.PositionCreateView.as_view(), name="position_create"
    ),
]
