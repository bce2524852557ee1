from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportsIndexView.as_view(), name="index"),
    path("dossier/partner/<int:pk>/", views.PartnerDossierView.as_view(), name="dossier_partner"),
    path("dossier/meeting/<int:pk>/", views.MeetingDossierView.as_view(), name="dossier_meeting"),
]
