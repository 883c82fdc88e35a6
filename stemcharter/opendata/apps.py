from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """Everything public, for other sites to build on (issue 15): the datasets (one description
    each), their downloads as CSV and JSON built by the task worker (``/open-data/``), and the
    read-only API under ``/api/v1/``."""

    name = "stemcharter.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        # --- opendata ---
        from stemcharter.common.page_cache import register_public_content

        from .models import OpenDataExport

        # /open-data/ shows the current build (its date, rows and sizes): a build that
        # becomes ready makes the cached pages stale.
        register_public_content(OpenDataExport)
        # --- end of opendata ---
        # --- api ---
        from stemcharter.common.errors import register_error_handlers

        from .api import registrations  # noqa: F401  (registers the public datasets)
        from .api.errors import API_PREFIX, ERROR_HANDLERS

        # Every error under /api/ (400, 404, 500 Django hands over) is the API's JSON.
        register_error_handlers(API_PREFIX, ERROR_HANDLERS)

        # --- end of api ---
        pass
