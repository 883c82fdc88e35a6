from django.urls import path

from stemcharter.reviews.portal_urls import item_portal_urlpatterns

from . import feeds
from .portal import ACTION_PORTAL
from .views import public

app_name = "actions"

urlpatterns = [
    path("acties/", public.ActionListView.as_view(), name="action-list"),
    path("acties/feed/rss/", feeds.NewActionsFeed(), name="action-feed-rss"),
    path("acties/feed/atom/", feeds.NewActionsAtomFeed(), name="action-feed-atom"),
    path(
        "acties/feed/<slug:subregion_slug>/rss/",
        feeds.NewActionsFeed(),
        name="action-feed-subregion-rss",
    ),
    path(
        "acties/feed/<slug:subregion_slug>/atom/",
        feeds.NewActionsAtomFeed(),
        name="action-feed-subregion-atom",
    ),
    path("acties/<slug:slug>/", public.ActionDetailView.as_view(), name="action-detail"),
    path("acties/<slug:slug>/agenda.ics", public.ActionCalendarView.as_view(), name="action-ics"),
]

# The generic item portal of reviews, configured in portal.py.
portal_urlpatterns = item_portal_urlpatterns(ACTION_PORTAL)
