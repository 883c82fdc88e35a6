from django.urls import path

from .views import portal, public

app_name = "actions"

urlpatterns = [
    path("acties/", public.ActionListView.as_view(), name="action-list"),
    path("acties/<slug:slug>/", public.ActionDetailView.as_view(), name="action-detail"),
]

portal_urlpatterns = [
    path(
        "organisaties/<slug:organisation_slug>/acties/",
        portal.ActionListView.as_view(),
        name="action-list",
    ),
    path(
        "organisaties/<slug:organisation_slug>/acties/nieuw/",
        portal.ActionCreateView.as_view(),
        name="action-create",
    ),
    path(
        "organisaties/<slug:organisation_slug>/acties/<int:pk>/",
        portal.ActionDetailView.as_view(),
        name="action-detail",
    ),
]
