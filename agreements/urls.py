from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="agreement_list"),
    path("deadlines/", views.DeadlinesView.as_view(), name="deadlines"),
    path("new/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path("<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="agreement_update"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="agreement_delete"),
    path(
        "<int:pk>/status/<str:status>/",
        views.TransitionView.as_view(),
        name="agreement_transition",
    ),
    path("<int:pk>/legal-clearance/", views.LegalClearanceView.as_view(), name="legal_clearance"),
    path("<int:pk>/parties/new/", views.PartyCreateView.as_view(), name="party_create"),
    path(
        "<int:pk>/treaty-actions/new/",
        views.TreatyActionCreateView.as_view(),
        name="treaty_action_create",
    ),
    path("<int:pk>/relations/new/", views.RelationCreateView.as_view(), name="relation_create"),
    path(
        "<int:pk>/<str:part>/<int:part_pk>/delete/",
        views.PartDeleteView.as_view(),
        name="part_delete",
    ),
]
