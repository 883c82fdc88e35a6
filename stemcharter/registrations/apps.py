from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "stemcharter.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from . import audit_labels, personal_data  # noqa: F401
        from .models import Registration

        # The places left on a public page are counted from registrations: a new one, a
        # cancellation or a promotion makes the cached pages stale (common.page_cache).
        register_public_content(Registration)
