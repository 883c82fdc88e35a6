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
        from .models import Event, EventSession, EventSignature
        from .portal import EVENT_PORTAL
        from .services import EDITING_RULES, event_published

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        # EventSignature: the organisations that signed at an event, on its page (approving
        # that signature saves charter.Signature, public content too).
        register_public_content(Event, EventSession, EventSignature)

        # Signing the charter at an event: charter's extension points (signing_at.py).
        from stemcharter.charter import signing_notes
        from stemcharter.charter.signals import signature_signed

        from .signing_at import signature_signed_receiver, signing_note

        signing_notes.register(signing_note)
        signature_signed.connect(signature_signed_receiver, dispatch_uid="events_signing_at")

        # The event a signature was signed at, on its back-office page.
        from stemcharter.charter import backoffice_panels

        from .views.signature_event import signature_event_panel

        backoffice_panels.register(signature_event_panel)

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
