"""Support requests and partner calls: the portal's and the back office's pages, mounted by
config/urls.py in their namespaces (``portal:``, ``backoffice:``), and the public ones."""

from django.urls import path

from .views import ask

app_name = "support"

urlpatterns: list = []

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = [
    # --- ask: the school's side ---
    path(
        "organisaties/<slug:organisation_slug>/hulpvragen/",
        ask.SchoolRequestListView.as_view(),
        name="support-request-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/hulpvragen/nieuw/",
        ask.SchoolRequestCreateView.as_view(),
        name="support-request-create",
    ),
    path(
        "hulpvragen/nieuw/",
        ask.TeacherRequestCreateView.as_view(),
        name="support-request-create-teacher",
    ),
    path(
        "hulpvragen/<id:pk>/",
        ask.RequestDetailView.as_view(),
        name="support-request-detail",
    ),
    # --- end of ask ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = []
