"""The snowball's pages (issue 14), mounted by config/urls.py: public ones here, the portal's
and the back office's in their namespaces (``portal:``, ``backoffice:``)."""

from django.urls import path

from .views import invite, pipeline, reach, share_links, sharekit

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
    path(
        "organisaties/<slug:organisation_slug>/uitnodigingen/",
        invite.SigningInvitationListView.as_view(),
        name="outreach-invitation-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/uitnodigingen/nieuw/",
        invite.SigningInvitationCreateView.as_view(),
        name="outreach-invitation-create",
    ),
    # Not ``uitnodigingen/<pk>/intrekken/``: that is a colleague invitation's (organisations,
    # mounted first).
    path(
        "organisaties/<slug:organisation_slug>/uitnodigingen/ondertekenen/<id:pk>/intrekken/",
        invite.SigningInvitationRevokeView.as_view(),
        name="outreach-invitation-revoke",
    ),
    # --- end of invite ---
    # --- sharekit ---
    path(
        "organisaties/<slug:organisation_slug>/deelkit/",
        sharekit.ShareKitView.as_view(),
        name="outreach-share-kit",
    ),
    # --- end of sharekit ---
]

# Mounted under /beheer/ (the back office's namespace).
backoffice_urlpatterns: list = [
    # --- invite ---
    path(
        "niet-contacteren/",
        invite.DoNotContactListView.as_view(),
        name="do-not-contact-list",
    ),
    path(
        "niet-contacteren/<id:pk>/verwijderen/",
        invite.DoNotContactDeleteView.as_view(),
        name="do-not-contact-delete",
    ),
    # --- end of invite ---
    # --- pipeline ---
    path("prospecten/", pipeline.ProspectListView.as_view(), name="prospect-list"),
    path("prospecten/export.csv", pipeline.ProspectExportView.as_view(), name="prospect-export"),
    path("prospecten/nieuw/", pipeline.ProspectCreateView.as_view(), name="prospect-create"),
    path("prospecten/importeren/", pipeline.ProspectImportView.as_view(), name="prospect-import"),
    path("prospecten/<id:pk>/", pipeline.ProspectDetailView.as_view(), name="prospect-detail"),
    # --- end of pipeline ---
    # --- reach ---
    path("bereik/", reach.ReachView.as_view(), name="outreach-reach"),
    path("bereik/export.csv", reach.ReachExportView.as_view(), name="outreach-reach-export"),
    # --- end of reach ---
]
