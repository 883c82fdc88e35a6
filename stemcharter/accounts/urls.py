from django.urls import path

from . import views

portal_urlpatterns = [
    path("account/voorkeuren/", views.PreferencesView.as_view(), name="account-preferences"),
    path("account/gegevens/", views.DataExportView.as_view(), name="account-data-export"),
    path("account/verwijderen/", views.AccountDeleteView.as_view(), name="account-delete"),
]
