from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "stemcharter.images"
    label = "images"
    verbose_name = _("Images")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import Image

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(Image)

        from . import audit_labels  # noqa: F401
