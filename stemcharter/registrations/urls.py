from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path(
        "inschrijven/<slug:type_key>/<id:pk>/",
        views.RegisterView.as_view(),
        name="register",
    ),
    path(
        "inschrijving/<str:token>/",
        views.RegistrationView.as_view(),
        name="registration",
    ),
]

# Under /portal/ (config/urls.py gathers them in the portal's namespace).
portal_urlpatterns = [
    path(
        "inschrijvingen/inchecken/<str:token>/",
        views.CheckInView.as_view(),
        name="registration-check-in",
    ),
    path(
        "inschrijvingen/<slug:type_key>/<id:pk>/",
        views.RegistrationListView.as_view(),
        name="registration-list",
    ),
    path(
        "inschrijvingen/<slug:type_key>/<id:pk>/export/",
        views.RegistrationExportView.as_view(),
        name="registration-export",
    ),
    path(
        "inschrijvingen/<slug:type_key>/<id:pk>/<id:registration_pk>/",
        views.RegistrationManageView.as_view(),
        name="registration-manage",
    ),
]
