from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "stemcharter.actions"
    label = "actions"
    verbose_name = _("Actions")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import Action

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(Action)

        from stemcharter.reviews.registry import ReviewableType, register

        from . import audit_labels, receivers  # noqa: F401
        from .models import Action
        from .portal import ACTION_PORTAL
        from .services import EDITING_RULES, action_published

        # Actions, described once: how they are written, how the portal shows them, and the
        # search index refreshed on publication.
        register(
            ReviewableType(
                key="action",
                model=Action,
                label=_("action"),
                editing=EDITING_RULES,
                portal=ACTION_PORTAL,
                after_publish=action_published,
                action_type_id=lambda action: action.action_type_id,
            )
        )

        from stemcharter.registrations.registry import register as register_registrable

        from .registrable import ACTION_REGISTRATIONS

        # Actions with "register on this site" take registrations through the one mechanism.
        register_registrable(ACTION_REGISTRATIONS)

        from stemcharter.organisations.offers import offer_source_register

        from .offers import ACTION_OFFERS

        # Support requests (issue 13) match signatories on the actions they published.
        offer_source_register(ACTION_OFFERS)
        from stemcharter.organisations.collaborations import collaborations_register

        from .selectors import action_collaborators

        # Organisations named on one action have worked together (partner calls' suggestions).
        collaborations_register("actions", action_collaborators)
