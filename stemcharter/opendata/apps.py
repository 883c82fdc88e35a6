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
        # --- end of opendata ---
        # --- api ---
        from .api import registrations  # noqa: F401  (registers the public datasets)

        # --- end of api ---
        pass
