"""The API's URL patterns (mounted at ``/api/v1/`` as ``api:`` by opendata/urls.py) and the
page of its document (``opendata:api-docs``)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from ..datasets import dataset_list
from .views import ApiDocsView, ApiRootView, OpenApiView, dataset_viewset


def api_patterns() -> list:
    """The root, the OpenAPI document and a list and a detail per registered dataset
    (``<key>-list``, ``<key>-detail``). Called when the URLconf loads, after every app's
    ``ready()`` registered its datasets."""
    router = SimpleRouter(trailing_slash=True)
    for dataset in dataset_list():
        router.register(dataset.key, dataset_viewset(dataset), basename=dataset.key)
    return [
        path("", ApiRootView.as_view(), name="root"),
        path("openapi.json", OpenApiView.as_view(), name="openapi"),
        *router.urls,
    ]


docs_patterns = [
    path("open-data/api/", ApiDocsView.as_view(), name="api-docs"),
]
