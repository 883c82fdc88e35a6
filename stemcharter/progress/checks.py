"""Django's checks for the progress report's settings (``reporting.check_settings``)."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .reporting import check_settings


@checks.register()
def progress_report_settings(app_configs, **kwargs) -> list[checks.Error]:
    """An error naming what to change when the reporting calendar's settings make none."""
    try:
        check_settings()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="progress.E001")]
    return []
