from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("language/", views.set_language, name="set_language"),
    path(
        "notes/<str:app_label>/<str:model>/<int:pk>/",
        views.NoteCreateView.as_view(),
        name="note_create",
    ),
]
