from django.urls import path

from stemcharter.reviews.portal_urls import item_portal_urlpatterns

from . import feeds
from .portal import STORY_PORTAL
from .views import public

app_name = "stories"

urlpatterns = [
    path("verhalen/", public.StoryListView.as_view(), name="story-list"),
    path("verhalen/feed/rss/", feeds.NewStoriesFeed(), name="story-feed-rss"),
    path("verhalen/feed/atom/", feeds.NewStoriesAtomFeed(), name="story-feed-atom"),
    path(
        "verhalen/feed/<slug:subregion_slug>/rss/",
        feeds.NewStoriesFeed(),
        name="story-feed-subregion-rss",
    ),
    path(
        "verhalen/feed/<slug:subregion_slug>/atom/",
        feeds.NewStoriesAtomFeed(),
        name="story-feed-subregion-atom",
    ),
    path("verhalen/<slug:slug>/", public.StoryDetailView.as_view(), name="story-detail"),
]

# The generic item portal of reviews, configured in portal.py.
portal_urlpatterns = item_portal_urlpatterns(STORY_PORTAL)
