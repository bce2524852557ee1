"""Accord's URLs: pages per app, the API under /api/v1/, its schema and offline docs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from actions.api import ActionViewSet
from agreements.api import AgreementViewSet, PartyViewSet, TreatyActionViewSet
from core.forms import LoginForm
from documents.api import DocumentViewSet
from engagements.api import (
    AgendaItemViewSet,
    DecisionViewSet,
    JointCommitteeViewSet,
    MeetingViewSet,
    ParticipantViewSet,
)
from initiatives.api import (
    ExchangeRateViewSet,
    FundingViewSet,
    IndicatorViewSet,
    InitiativePartnerViewSet,
    InitiativeResultsViewSet,
    InitiativeViewSet,
    ResultPeriodViewSet,
    ResultViewSet,
)
from multilateral.api import (
    CandidacyViewSet,
    ContributionViewSet,
    ElectedPostViewSet,
    GoverningBodyViewSet,
    MembershipViewSet,
    NationalPositionViewSet,
    OrganizationMemberViewSet,
    SeatViewSet,
)
from partners.api import PartnerViewSet, PersonViewSet
from reports.views import DashboardView
from search.api import SearchAPIView

router = DefaultRouter()
router.register("partners", PartnerViewSet, basename="partner")
router.register("people", PersonViewSet, basename="person")
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("agreement-parties", PartyViewSet, basename="agreementparty")
router.register("treaty-actions", TreatyActionViewSet, basename="treatyaction")
router.register("documents", DocumentViewSet, basename="document")
router.register("actions", ActionViewSet, basename="action")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("joint-committees", JointCommitteeViewSet, basename="jointcommittee")
router.register("meeting-participants", ParticipantViewSet, basename="participant")
router.register("agenda-items", AgendaItemViewSet, basename="agendaitem")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("governing-bodies", GoverningBodyViewSet, basename="governingbody")
router.register("seats", SeatViewSet, basename="seat")
router.register("elected-posts", ElectedPostViewSet, basename="electedpost")
router.register("candidacies", CandidacyViewSet, basename="candidacy")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("national-positions", NationalPositionViewSet, basename="nationalposition")
router.register("member-states", OrganizationMemberViewSet, basename="organizationmember")
router.register("initiatives", InitiativeViewSet, basename="initiative")
router.register("initiative-partners", InitiativePartnerViewSet, basename="initiativepartner")
router.register("funding", FundingViewSet, basename="funding")
router.register("results", ResultViewSet, basename="result")
router.register("result-periods", ResultPeriodViewSet, basename="resultperiod")
router.register("initiative-results", InitiativeResultsViewSet, basename="initiativeresults")
router.register("exchange-rates", ExchangeRateViewSet, basename="exchangerate")
router.register("indicators", IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("", DashboardView.as_view(), name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(form_class=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("core.urls")),
    path("partners/", include("partners.urls")),
    path("agreements/", include("agreements.urls")),
    path("actions/", include("actions.urls")),
    path("documents/", include("documents.urls")),
    path("meetings/", include("engagements.urls")),
    path("notifications/", include("notifications.urls")),
    path("multilateral/", include("multilateral.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
    path("portal/", include("portal.urls")),
    path("imports/", include("imports.urls")),
    path("public/", include("portal.public_urls")),
    path("api/v1/search/", SearchAPIView.as_view(), name="api_search"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api_redoc"),
    path("admin/", admin.site.urls),
]
