from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stemcharter.stories"
    label = "stories"
    verbose_name = _("Stories")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import Story

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(Story)

        from stemcharter.reviews.registry import ReviewableType, register

        from . import audit_labels, receivers  # noqa: F401
        from .models import Story
        from .portal import STORY_PORTAL
        from .services import EDITING_RULES, story_search_index

        # Stories, described once: how they are written, how the portal shows them, and the
        # search index refreshed on publication.
        register(
            ReviewableType(
                key="story",
                model=Story,
                label=_("story"),
                editing=EDITING_RULES,
                portal=STORY_PORTAL,
                after_publish=lambda story: story_search_index(story=story),
            )
        )

        from stemcharter.organisations.collaborations import collaborations_register

        from .selectors import story_collaborators

        # Organisations named in one story have worked together (partner calls' suggestions).
        collaborations_register("stories", story_collaborators)
