"""Support requests and partner calls: the portal's and the back office's pages, mounted by
config/urls.py in their namespaces (``portal:``, ``backoffice:``), and the public ones."""

from django.urls import path

from .views import deliver

app_name = "support"

urlpatterns: list = []

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = []

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = []

# --- deliver: after the help, both sides say whether it took place --------------------------
portal_urlpatterns += [
    path(
        "hulpvragen/<id:pk>/bevestigen/",
        deliver.SchoolConfirmView.as_view(),
        name="support-request-confirm",
    ),
    path(
        "organisaties/<slug:organisation_slug>/aanbiedingen/<id:pk>/bevestigen/",
        deliver.OfferConfirmView.as_view(),
        name="support-offer-confirm",
    ),
]
# --- end deliver ----------------------------------------------------------------------------
