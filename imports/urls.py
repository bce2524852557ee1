from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.JobListView.as_view(), name="job_list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="job_detail"),
    path("<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path("<int:pk>/mapping/", views.MappingView.as_view(), name="mapping"),
    path("<int:pk>/rows/<int:number>/resolve/", views.ResolveView.as_view(), name="resolve"),
    path("<int:pk>/import/", views.ImportView.as_view(), name="import"),
    path("<int:pk>/undo/", views.UndoView.as_view(), name="undo"),
]
