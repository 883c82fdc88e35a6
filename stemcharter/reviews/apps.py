from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "stemcharter.reviews"
    label = "reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import Assessment, CriteriaSet, Criterion, Review

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(CriteriaSet, Criterion, Review, Assessment)

        from . import audit_labels, personal_data  # noqa: F401
