from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "stemcharter.images"
    label = "images"
    verbose_name = _("Images")

    def ready(self) -> None:
        from . import audit_labels  # noqa: F401
