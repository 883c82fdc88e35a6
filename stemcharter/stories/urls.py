from django.urls import path

from . import feeds
from .views import portal, public

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

# The generic item portal of reviews, configured in views/portal.py.
portal_urlpatterns = portal.urlpatterns
