from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "stemcharter.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from . import audit_labels, personal_data  # noqa: F401

        # Registrations are not registered as public content (common.page_cache): the cached
        # pages go stale when an item becomes full or frees its last seat, not on every
        # registration (services._locked).
