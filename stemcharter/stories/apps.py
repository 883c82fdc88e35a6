from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stemcharter.stories"
    label = "stories"
    verbose_name = _("Stories")

    def ready(self) -> None:
        from django.urls import reverse

        from stemcharter.reviews.registry import ReviewableType, register

        from . import audit_labels  # noqa: F401
        from .models import Story

        def portal_url(story: Story) -> str:
            return reverse(
                "portal:story-detail",
                kwargs={"organisation_slug": story.organisation.slug, "pk": story.pk},
            )

        register(ReviewableType(key="story", model=Story, label=_("story"), portal_url=portal_url))
