from django.urls import path

from stemcharter.reviews.portal_urls import item_portal_urlpatterns

from . import feeds
from .portal import EVENT_PORTAL
from .views import backoffice, public, signature_event, signing

app_name = "events"

urlpatterns = [
    path("evenementen/", public.EventListView.as_view(), name="event-list"),
    path("evenementen/voorbij/", public.EventListView.as_view(past=True), name="event-list-past"),
    path("evenementen/agenda.ics", public.EventsCalendarFeedView.as_view(), name="event-calendar"),
    path(
        "evenementen/regio/<slug:subregion_slug>/agenda.ics",
        public.EventsCalendarFeedView.as_view(),
        name="event-calendar-subregion",
    ),
    path("evenementen/feed/rss/", feeds.NewEventsFeed(), name="event-feed-rss"),
    path("evenementen/feed/atom/", feeds.NewEventsAtomFeed(), name="event-feed-atom"),
    path(
        "evenementen/feed/<slug:subregion_slug>/rss/",
        feeds.NewEventsFeed(),
        name="event-feed-subregion-rss",
    ),
    path(
        "evenementen/feed/<slug:subregion_slug>/atom/",
        feeds.NewEventsAtomFeed(),
        name="event-feed-subregion-atom",
    ),
    path("evenementen/<slug:slug>/", public.EventDetailView.as_view(), name="event-detail"),
    path(
        "evenementen/<slug:slug>/ondertekenen/",
        signing.SignAtEventView.as_view(),
        name="event-sign",
    ),
    path(
        "evenementen/<slug:slug>/agenda.ics",
        public.EventCalendarView.as_view(),
        name="event-ics",
    ),
]

# Mounted under /beheer/ by config/urls.py (the back office's namespace).
backoffice_urlpatterns = [
    path(
        "ondertekeningen/<id:pk>/evenement/",
        signature_event.SignatureEventView.as_view(),
        name="signature-event",
    ),
    path("evenementen/", backoffice.EventListView.as_view(), name="event-list"),
    path("evenementen/nieuw/", backoffice.EventCreateView.as_view(), name="event-create"),
    path("evenementen/<slug:slug>/", backoffice.EventEditView.as_view(), name="event-edit"),
    path(
        "evenementen/<slug:slug>/annuleren/",
        backoffice.EventCancelView.as_view(),
        name="event-cancel",
    ),
]

# The generic item portal of reviews, configured in portal.py.
portal_urlpatterns = item_portal_urlpatterns(EVENT_PORTAL)
