from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "stemcharter.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from . import audit_labels, personal_data  # noqa: F401
