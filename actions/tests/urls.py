"""The project's URLs, with the actions API mounted under /api/v1/actions/ until
accord/urls.py registers it itself (then this is the project's URLs unchanged)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from accord import urls as project
from actions.api import ActionViewSet

urlpatterns = list(project.urlpatterns)
if not any(prefix == "actions" for prefix, *_ in project.router.registry):
    router = SimpleRouter()
    router.register("actions", ActionViewSet, basename="action")
    urlpatterns.insert(0, path("api/v1/", include(router.urls)))
