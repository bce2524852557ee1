from django.urls import path

from initiatives import part_views, results_views, views

app_name = "initiatives"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="initiative_list"),
    path("new/", views.InitiativeCreateView.as_view(), name="initiative_create"),
    path("results/", results_views.ResultsOverviewView.as_view(), name="results"),
    path("iati.xml", views.IatiExportView.as_view(), name="iati"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="initiative_detail"),
    path("<int:pk>/edit/", views.InitiativeUpdateView.as_view(), name="initiative_update"),
    path("<int:pk>/delete/", views.InitiativeDeleteView.as_view(), name="initiative_delete"),
    # The parts of an initiative, from its page.
    path("<int:pk>/partners/new/", part_views.PartnerCreateView.as_view(), name="partner_create"),
    path(
        "<int:pk>/partners/<int:part_pk>/edit/",
        part_views.PartnerUpdateView.as_view(),
        name="partner_update",
    ),
    path("<int:pk>/funding/new/", part_views.FundingCreateView.as_view(), name="funding_create"),
    path(
        "<int:pk>/funding/<int:part_pk>/edit/",
        part_views.FundingUpdateView.as_view(),
        name="funding_update",
    ),
    path("<int:pk>/results/new/", part_views.ResultCreateView.as_view(), name="result_create"),
    path(
        "<int:pk>/results/<int:part_pk>/edit/",
        part_views.ResultUpdateView.as_view(),
        name="result_update",
    ),
    path(
        "<int:pk>/results/<int:result_pk>/periods/new/",
        part_views.PeriodCreateView.as_view(),
        name="period_create",
    ),
    path(
        "<int:pk>/results/<int:result_pk>/periods/<int:part_pk>/edit/",
        part_views.PeriodUpdateView.as_view(),
        name="period_update",
    ),
    path(
        "<int:pk>/<str:part>/<int:part_pk>/delete/",
        part_views.PartDeleteView.as_view(),
        name="part_delete",
    ),
    # Exchange rates to the reporting currency.
    path("rates/", views.ExchangeRateListView.as_view(), name="rate_list"),
    path("rates/new/", views.ExchangeRateCreateView.as_view(), name="rate_create"),
    path("rates/<int:pk>/edit/", views.ExchangeRateUpdateView.as_view(), name="rate_update"),
    path("rates/<int:pk>/delete/", views.ExchangeRateDeleteView.as_view(), name="rate_delete"),
]
