"""Progress pages (issue 15), mounted by config/urls.py: the portal's and the back office's in
their namespaces (``portal:``, ``backoffice:``)."""

from django.urls import path

from stemcharter.reviews.portal_urls import item_portal_urlpatterns

from .portal import PROGRESS_REPORT_PORTAL
from .views import backoffice as report_backoffice
from .views import portal as report_portal
from .views import proof

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = [
    # --- proof ---
    path(
        "organisaties/<slug:organisation_slug>/toezeggingen/",
        proof.ProofView.as_view(),
        name="progress-proof",
    ),
    # --- end of proof ---
    # --- report ---
    # Before the item portal's pattern ``voortgang/<id:pk>/``: "starten" is no id anyway.
    path(
        "organisaties/<slug:organisation_slug>/voortgang/starten/",
        report_portal.ProgressReportStartView.as_view(),
        name="progress-report-start",
    ),
    *item_portal_urlpatterns(PROGRESS_REPORT_PORTAL),
    # --- end of report ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = [
    # --- report ---
    path(
        "voortgang/",
        report_backoffice.ProgressReportOverviewView.as_view(),
        name="progress-report-overview",
    ),
    path(
        "voortgang/export.csv",
        report_backoffice.ProgressReportExportView.as_view(),
        name="progress-report-export",
    ),
    path(
        "voortgang/niet-gerapporteerd/",
        report_backoffice.NotReportedView.as_view(),
        name="progress-report-not-reported",
    ),
    # --- end of report ---
]
