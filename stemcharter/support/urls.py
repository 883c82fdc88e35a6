"""Support requests and partner calls: the portal's and the back office's pages, mounted by
config/urls.py in their namespaces (``portal:``, ``backoffice:``), and the public ones."""

from django.urls import path

from .views import match

app_name = "support"

urlpatterns: list = [
    # --- match ---
    path(
        "hulpvragen/digest/uit/<str:token>/",
        match.DigestOptOutView.as_view(),
        name="digest-opt-out",
    ),
    # --- end of match ---
]

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = [
    # --- match ---
    path(
        "organisaties/<slug:organisation_slug>/schoolvragen/",
        match.SupportRequestMatchingListView.as_view(),
        name="support-request-matching",
    ),
    # --- end of match ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = []
