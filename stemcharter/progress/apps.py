from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    """From pledge to proof (issue 15): what each signatory delivered against its commitments,
    per year, and its yearly progress report (prefilled from the platform's records, reviewed
    with the one review workflow)."""

    name = "stemcharter.progress"
    label = "progress"
    verbose_name = _("Progress")

    def ready(self) -> None:
        # --- proof ---
        # --- end of proof ---
        # --- report ---
        # --- end of report ---
        pass
