"""The project's URLs plus the documents API, for the API tests until accord/urls.py
registers DocumentViewSet on the main router (then this only repeats it)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from accord.urls import urlpatterns as accord_urlpatterns
from documents.api import DocumentViewSet

router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="document")

urlpatterns = [path("api/v1/", include(router.urls)), *accord_urlpatterns]
