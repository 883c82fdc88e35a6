"""Progress pages (issue 15), mounted by config/urls.py: the portal's and the back office's in
their namespaces (``portal:``, ``backoffice:``)."""

from django.urls import path

# --- proof ---
from .views import proof

# --- end of proof ---

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
    # --- end of report ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = [
    # --- report ---
    # --- end of report ---
]
