"""Support requests and partner calls: the portal's and the back office's pages, mounted by
config/urls.py in their namespaces (``portal:``, ``backoffice:``), and the public ones."""

from django.urls import path

from .views import ask, calls, deliver, match, offer, wait

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
    # --- offer (the signatory's side) ---
    path(
        "organisaties/<slug:organisation_slug>/schoolvragen/<id:pk>/",
        offer.OfferCreateView.as_view(),
        name="support-offer-create",
    ),
    path(
        "organisaties/<slug:organisation_slug>/aanbiedingen/",
        offer.OfferListView.as_view(),
        name="support-offer-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/aanbiedingen/<id:pk>/intrekken/",
        offer.OfferWithdrawView.as_view(),
        name="support-offer-withdraw",
    ),
    # --- end of offer ---
    # --- match ---
    path(
        "organisaties/<slug:organisation_slug>/schoolvragen/",
        match.SupportRequestMatchingListView.as_view(),
        name="support-request-matching",
    ),
    # --- end of match ---
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
backoffice_urlpatterns: list = [
    # --- wait: the requests of a contact point's subregions, suggesting a signatory ---
    path("hulpvragen/", wait.SupportRequestListView.as_view(), name="support-request-list"),
    path(
        "hulpvragen/<id:pk>/",
        wait.SupportRequestDetailView.as_view(),
        name="support-request-detail",
    ),
    # --- end wait ---
]

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
