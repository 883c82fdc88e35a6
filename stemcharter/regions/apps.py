from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "stemcharter.regions"
    label = "regions"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import Province, Subregion

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(Province, Subregion)

        from . import audit_labels, personal_data, receivers  # noqa: F401
