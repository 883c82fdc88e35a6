from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "stemcharter.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from . import audit_labels, personal_data  # noqa: F401
