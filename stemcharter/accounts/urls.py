from django.urls import path

from . import views

portal_urlpatterns = [
    path("account/voorkeuren/", views.PreferencesView.as_view(), name="account-preferences"),
]
