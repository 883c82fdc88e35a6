from django.urls import path

from .views import portal, public

app_name = "stories"

urlpatterns = [
    path("verhalen/", public.StoryListView.as_view(), name="story-list"),
    path("verhalen/<slug:slug>/", public.StoryDetailView.as_view(), name="story-detail"),
]

portal_urlpatterns = [
    path(
        "organisaties/<slug:organisation_slug>/verhalen/",
        portal.StoryListView.as_view(),
        name="story-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/verhalen/nieuw/",
        portal.StoryCreateView.as_view(),
        name="story-create",
    ),
    path(
        "organisaties/<slug:organisation_slug>/verhalen/<int:pk>/",
        portal.StoryDetailView.as_view(),
        name="story-detail",
    ),
]
