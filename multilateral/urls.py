from django.urls import path

from multilateral import position_views, views

app_name = "multilateral"


def crud(prefix: str, name: str, list_view, create, update, delete) -> list:
    """The list, create, edit and delete URLs of a record of the area."""
    return [
        path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"),
        path(f"{prefix}/new/", create.as_view(), name=f"{name}_create"),
        path(f"{prefix}/<int:pk>/edit/", update.as_view(), name=f"{name}_update"),
        path(f"{prefix}/<int:pk>/delete/", delete.as_view(), name=f"{name}_delete"),
    ]


urlpatterns = [
    path("", views.MembershipListView.as_view(), name="membership_list"),
    path("memberships/new/", views.MembershipCreateView.as_view(), name="membership_create"),
    path(
        "memberships/<int:pk>/edit/",
        views.MembershipUpdateView.as_view(),
        name="membership_update",
    ),
    path(
        "memberships/<int:pk>/delete/",
        views.MembershipDeleteView.as_view(),
        name="membership_delete",
    ),
    path(
        "organizations/<int:pk>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    *crud(
        "seats",
        "seat",
        views.SeatListView,
        views.SeatCreateView,
        views.SeatUpdateView,
        views.SeatDeleteView,
    ),
    *crud(
        "posts",
        "post",
        views.PostListView,
        views.PostCreateView,
        views.PostUpdateView,
        views.PostDeleteView,
    ),
    *crud(
        "candidacies",
        "candidacy",
        views.CandidacyListView,
        views.CandidacyCreateView,
        views.CandidacyUpdateView,
        views.CandidacyDeleteView,
    ),
    *crud(
        "contributions",
        "contribution",
        views.ContributionListView,
        views.ContributionCreateView,
        views.ContributionUpdateView,
        views.ContributionDeleteView,
    ),
    *crud(
        "bodies",
        "body",
        views.BodyListView,
        views.BodyCreateView,
        views.BodyUpdateView,
        views.BodyDeleteView,
    ),
    *crud(
        "positions",
        "position",
        position_views.PositionListView,
        views.PositionCreateView,
        views.PositionUpdateView,
        views.PositionDeleteView,
    ),
    path(
        "positions/<int:pk>/", position_views.PositionDetailView.as_view(), name="position_detail"
    ),
    path("positions/<int:pk>/use/", position_views.PositionUseView.as_view(), name="position_use"),
    path(
        "positions/<int:pk>/uses/<int:item_pk>/remove/",
        position_views.PositionUnuseView.as_view(),
        name="position_unuse",
    ),
]
