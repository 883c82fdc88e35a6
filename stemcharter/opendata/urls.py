"""Open data (issue 15), mounted by config/urls.py: the download page and files here
(``opendata:``, in both languages), the API under ``/api/v1/`` (``api:``, one language-neutral
address, outside the language prefixes)."""

from django.urls import path, register_converter

from .api import urls as api_urls
from .views import public as opendata_public


class DownloadFormatConverter:
    """``csv`` or ``json``: the formats of a dataset's download (``exports.FORMATS``)."""

    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DownloadFormatConverter, "opendata_format")

app_name = "opendata"

urlpatterns: list = [
    # --- opendata ---
    path("open-data/", opendata_public.OpenDataView.as_view(), name="open-data"),
    path("open-data/stemcharter-open-data.zip", opendata_public.download_all, name="download-all"),
    path(
        "open-data/<slug:dataset>.<opendata_format:extension>",
        opendata_public.download,
        name="download",
    ),
    # --- end of opendata ---
    # --- api ---
    *api_urls.docs_patterns,
    # --- end of api ---
]

# Mounted at /api/v1/ (the ``api:`` namespace).
api_urlpatterns: list = [
    # --- api ---
    *api_urls.api_patterns(),
    # --- end of api ---
]
