"""Insight pages (issue 15), mounted by config/urls.py: the public figures here (``insight:``),
the coordinators' dashboards in the back office's namespace (``backoffice:``)."""

from django.urls import path

from . import public_views
from .views import dashboard

app_name = "insight"

urlpatterns: list = [
    # --- numbers ---
    path("in-cijfers/", public_views.NumbersView.as_view(), name="numbers"),
    path("in-cijfers/<id:year>/", public_views.NumbersYearView.as_view(), name="numbers-year"),
    # --- end of numbers ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = [
    # --- dashboard ---
    path("inzicht/", dashboard.DashboardView.as_view(), name="insight"),
    path("inzicht/<slug:chart>.csv", dashboard.DashboardCsvView.as_view(), name="insight-csv"),
    # --- end of dashboard ---
]
