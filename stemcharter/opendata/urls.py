"""Open data (issue 15), mounted by config/urls.py: the download page and files here
(``opendata:``, in both languages), the API under ``/api/v1/`` (``api:``, one language-neutral
address, outside the language prefixes)."""

from django.urls import path  # noqa: F401

# --- api ---
from .api import urls as api_urls

# --- end of api ---

app_name = "opendata"

urlpatterns: list = [
    # --- opendata ---
    # --- end of opendata ---
    # --- api ---
    *api_urls.docs_patterns,
    # --- end of api ---
]

# Mounted at /api/v1/ (the ``api:`` namespace).
api_urlpatterns: list = [
    # --- api ---
    *api_urls.api_patterns(),
    # --- end of api ---
]
