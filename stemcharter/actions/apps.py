from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "stemcharter.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from django.urls import reverse

        from stemcharter.reviews.registry import ReviewableType, register

        from . import audit_labels  # noqa: F401
        from .models import Action

        def portal_url(action: Action) -> str:
            return reverse(
                "portal:action-detail",
                kwargs={"organisation_slug": action.organisation.slug, "pk": action.pk},
            )

        def after_publish(action: Action) -> None:
            from .services import action_search_index

            action_search_index(action=action)

        register(
            ReviewableType(
                key="action",
                model=Action,
                label=_("action"),
                portal_url=portal_url,
                after_publish=after_publish,
            )
        )
