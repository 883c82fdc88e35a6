from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "stemcharter.charter"
    label = "charter"
    verbose_name = _("Charter")

    def ready(self) -> None:
        from . import audit_labels, personal_data, receivers  # noqa: F401
