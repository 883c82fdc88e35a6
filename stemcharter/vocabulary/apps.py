from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    name = "stemcharter.vocabulary"
    label = "vocabulary"
    verbose_name = _("Vocabulary")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import ActionType, Audience, Discipline, Sector

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(ActionType, Audience, Discipline, Sector)
