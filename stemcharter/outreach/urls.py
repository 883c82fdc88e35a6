"""The snowball's pages (issue 14), mounted by config/urls.py: public ones here, the portal's
and the back office's in their namespaces (``portal:``, ``backoffice:``)."""

from django.urls import path

from .views import reach, share_links

app_name = "outreach"

urlpatterns: list = [
    path("d/<str:code>/", share_links.share_link_visit, name="share-link-visit"),
    # --- invite ---
    # --- end of invite ---
    # --- reach ---
    # --- end of reach ---
]

# Mounted under /portal/ (the portal's namespace).
portal_urlpatterns: list = [
    # --- invite ---
    # --- end of invite ---
    # --- sharekit ---
    # --- end of sharekit ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = [
    # --- invite ---
    # --- end of invite ---
    # --- pipeline ---
    # --- end of pipeline ---
    # --- reach ---
    path("bereik/", reach.ReachView.as_view(), name="outreach-reach"),
    path("bereik/export.csv", reach.ReachExportView.as_view(), name="outreach-reach-export"),
    # --- end of reach ---
]
