from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "stemcharter.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content
        from stemcharter.reviews.registry import ReviewableType, register

        from . import audit_labels, personal_data, rules  # noqa: F401
        from .models import Event, EventSession
        from .portal import EVENT_PORTAL
        from .services import EDITING_RULES, event_published

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(Event, EventSession)

        from stemcharter.registrations.registry import register as register_registrable

        from .registrable import EVENT_REGISTRATIONS

        # Registrations for its places: the one mechanism actions with places use too.
        register_registrable(EVENT_REGISTRATIONS)

        # Events, described once: how they are written and how the portal shows them. Those a
        # contact point or a coordinator writes in the back office skip the queue (they are
        # its reviewers); those a signatory proposes go through it like actions.
        register(
            ReviewableType(
                key="event",
                model=Event,
                label=_("event"),
                editing=EDITING_RULES,
                portal=EVENT_PORTAL,
                after_publish=event_published,
            )
        )
