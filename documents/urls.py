from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path(
        "upload/<str:app_label>/<str:model>/<int:pk>/",
        views.DocumentUploadView.as_view(),
        name="document_upload",
    ),
    path("<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
]
