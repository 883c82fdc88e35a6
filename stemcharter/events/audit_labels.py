"""The words for the audit entries about events (see stemcharter/audit/registry.py); the review
workflow writes created/updated with the prefix of ``services.EDITING_RULES``."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stemcharter.audit.registry import register_audit_labels
from stemcharter.reviews.registry import reviewable_backoffice_url


def event_backoffice_url(event) -> str:
    """An event of the STEM-charter has its back-office page; one a signatory proposed, its
    review page."""
    if event.organisation_id is None and not event.is_revision:
        return reverse("backoffice:event-edit", kwargs={"slug": event.slug})
    return reviewable_backoffice_url(event)


register_audit_labels(
    codes={
        "events.event.created": _("Event created"),
        "events.event.updated": _("Event changed"),
        "events.event.cancelled": _("Event cancelled"),
        "events.event.finished": _("Event closed with a report"),
        "events.event.signed_at": _("Charter signed at the event"),
        "events.event.signed_at_cleared": _("Signing at the event removed"),
    },
    subjects={"events": _("Events"), "events.event": _("Events")},
    details={"attendance": _("Attendance")},
    links={"events.event": event_backoffice_url},
    written_objects=["events.event"],
)
