"""The portal's addresses: managers' pages under /portal/ (`portal:`), and the public
portal under /public/<language>/ (`public:`, in public_urls)."""

from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("texts/<slug:key>/", views.TextUpdateView.as_view(), name="text_update"),
    path("publish/<slug:kind>/<int:pk>/", views.PublishView.as_view(), name="publish"),
]
