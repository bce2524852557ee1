"""The public portal's addresses: every page under its language (/public/en/, /public/ar/),
so that each address is one page in one language, for visitors, caches and search engines."""

from django.urls import path, register_converter

from portal import views

app_name = "public"


class LanguageConverter:
    regex = "en|ar"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LanguageConverter, "lang")

urlpatterns = [
    path("", views.language_redirect, name="root"),
    path("<lang:lang>/", views.OverviewView.as_view(), name="overview"),
    path("<lang:lang>/bilateral/", views.BilateralView.as_view(), name="bilateral"),
    path("<lang:lang>/bilateral/<str:iso>/", views.CountryView.as_view(), name="country"),
    path("<lang:lang>/multilateral/", views.MultilateralView.as_view(), name="multilateral"),
    path("<lang:lang>/agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path(
        "<lang:lang>/agreements/<int:pk>/",
        views.AgreementDetailView.as_view(),
        name="agreement_detail",
    ),
    path(
        "<lang:lang>/initiatives/<int:pk>/",
        views.InitiativeDetailView.as_view(),
        name="initiative_detail",
    ),
    path("<lang:lang>/open-data/", views.OpenDataView.as_view(), name="open_data"),
    path(
        "<lang:lang>/open-data/datapackage.json",
        views.DataPackageView.as_view(),
        name="datapackage",
    ),
    path("<lang:lang>/open-data/iati-activities.xml", views.IatiView.as_view(), name="iati"),
    path(
        "<lang:lang>/open-data/<slug:name>.<slug:fmt>",
        views.DatasetView.as_view(),
        name="dataset",
    ),
]
