from django.urls import path

from .views import (
    backoffice,
    event_report,
    partner_call_action,
    portal,
    public,
    regions,
    share_images,
    sharekit,
    snowball,
    support_story,
)

app_name = "public"

urlpatterns = [
    path("", public.HomeView.as_view(), name="home"),
    # --- snowball ---
    # How the movement grows, who brought whom in (issue 14), and the same as JSON.
    path("sneeuwbal/", snowball.SnowballView.as_view(), name="snowball"),
    path("sneeuwbal/data.json", snowball.snowball_data_view, name="snowball-data"),
    # --- end of snowball ---
    # --- images-reach ---
    # The share images that the pages' og:image name (1200 by 630 PNG).
    path(
        "deelbeeld/ondertekenaars/<slug:slug>.png",
        share_images.signatory_share_image,
        name="share-image-signatory",
    ),
    path(
        "deelbeeld/acties/<slug:slug>.png",
        share_images.action_share_image,
        name="share-image-action",
    ),
    path(
        "deelbeeld/verhalen/<slug:slug>.png",
        share_images.story_share_image,
        name="share-image-story",
    ),
    # --- end of images-reach ---
]

# Each signatory's page, in the ``organisations`` namespace (see config/urls.py).
signatory_urlpatterns = [
    path(
        "ondertekenaars/<slug:slug>/",
        public.SignatoryDetailView.as_view(),
        name="organisation-detail",
    ),
    # --- sharekit: the signatory's badge, widget (the one framable page) and certificate ---
    path("ondertekenaars/<slug:slug>/badge.svg", sharekit.signatory_badge, name="signatory-badge"),
    path("ondertekenaars/<slug:slug>/widget/", sharekit.signatory_widget, name="signatory-widget"),
    path(
        "ondertekenaars/<slug:slug>/certificaat.pdf",
        sharekit.signatory_certificate,
        name="signatory-certificate",
    ),
    # --- end of sharekit ---
]

# The public region pages, in the ``regions`` namespace (see config/urls.py; the contact form of
# a region is the contact app's, in the same namespace).
region_urlpatterns = [
    path("regio/", regions.RegionListView.as_view(), name="region-list"),
    path("regio/<slug:slug>/", regions.SubregionDetailView.as_view(), name="subregion-detail"),
]

# The portal home, in the ``portal`` namespace (see config/urls.py).
portal_urlpatterns = [
    path("", portal.PortalHomeView.as_view(), name="home"),
    # Closing an event the organisation proposed with a report (events, stories, registrations).
    path(
        "organisaties/<slug:organisation_slug>/evenementen/<id:pk>/verslag/",
        event_report.EventReportPortalView.as_view(),
        name="event-report",
    ),
    # The joint action a partner call led to (support, actions).
    path(
        "partneroproepen/<id:pk>/actie/",
        partner_call_action.PartnerCallActionView.as_view(),
        name="partner-call-action",
    ),
    # Turning a delivered support request into a story (support, stories).
    path(
        "organisaties/<slug:organisation_slug>/aanbiedingen/<id:pk>/verhaal/",
        support_story.SupportStoryView.as_view(),
        name="support-offer-story",
    ),
]

# The back-office home, in the ``backoffice`` namespace (see config/urls.py).
backoffice_urlpatterns = [
    path("", backoffice.HomeView.as_view(), name="home"),
    # Closing an event of the STEM-charter with a report (events, stories, registrations).
    path(
        "evenementen/<slug:slug>/afsluiten/",
        event_report.EventReportBackofficeView.as_view(),
        name="event-report",
    ),
]
