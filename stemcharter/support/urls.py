"""Support requests and partner calls: the portal's and the back office's pages, mounted by
config/urls.py in their namespaces (``portal:``, ``backoffice:``), and the public ones."""

from django.urls import path

from .views import calls

app_name = "support"

urlpatterns: list = []

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = []

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = []

# --- calls: partner calls (the linking of a call to its joint action is in pages) ------------
portal_urlpatterns += [
    path("partneroproepen/", calls.PartnerCallListView.as_view(), name="partner-call-list"),
    path(
        "partneroproepen/<id:pk>/",
        calls.PartnerCallDetailView.as_view(),
        name="partner-call-detail",
    ),
    path(
        "partneroproepen/<id:pk>/sluiten/",
        calls.PartnerCallCloseView.as_view(),
        name="partner-call-close",
    ),
    path(
        "organisaties/<slug:organisation_slug>/partneroproepen/",
        calls.OrganisationPartnerCallListView.as_view(),
        name="partner-call-own-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/partneroproepen/nieuw/",
        calls.PartnerCallCreateView.as_view(),
        name="partner-call-create",
    ),
]
# --- end calls ------------------------------------------------------------------------------
