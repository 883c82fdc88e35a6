from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "stemcharter.contact"
    label = "contact"
    verbose_name = _("Contact")

    def ready(self) -> None:
        from . import audit_labels, personal_data  # noqa: F401
