"""Writing events: signatories propose them through review (``reviews.editing``), contact
points and coordinators write them in the back office and publish them at once; cancelling
and the programme.

``data`` holds model field names: the content fields of ``Event.revision_fields`` and the
many-to-many ``subregions`` (Subregion objects). A partial ``data`` changes only those fields.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.accounts.rules import is_coordinator
from stemcharter.audit.services import audit_record
from stemcharter.charter.selectors import is_signatory
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.services import (
    capacity_below_taken_message,
    registrations_item_cancelled,
    waitlist_promote,
)
from stemcharter.reviews.editing import (
    EditingRules,
    reviewable_create,
    reviewable_create_published,
    reviewable_update,
    reviewable_update_published,
)

from .models import CAPACITY_MAX, Event, EventSession

REQUIRED_TEXT_FIELDS = {
    "title": gettext_lazy("Enter a title."),
    "summary": gettext_lazy("Write a short summary of one or two sentences."),
    "description": gettext_lazy(
        "Describe the event: what happens, for whom, what participants need."
    ),
}


# The years an event may start in: a typing error such as 9999 or 1900 is refused before it
# reaches calendars, reminders and the erasure of visitors' data.
EARLIEST_YEAR = 2000
YEARS_AHEAD = 5


def event_errors(values: dict[str, Any], *, complete: bool = True) -> dict[str, str]:
    """The rules between an event's fields, by field (empty when all is well). The forms show
    these beside their fields; the services check them again on save.

    ``complete``: the event must be whole (times and a place), as it must be to be published;
    a draft that a signatory writes step by step is checked with ``complete=False``, and its
    missing parts are named before it is sent for review (``Event.review_problems``)."""
    errors: dict[str, str] = {}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if complete and not starts:
        errors["starts_at"] = _("Enter the date and time the event starts.")
    if complete and not ends:
        errors["ends_at"] = _("Enter the date and time the event ends.")
    elif starts and ends and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    if starts and not EARLIEST_YEAR <= starts.year <= timezone.now().year + YEARS_AHEAD:
        errors["starts_at"] = _(
            "Choose a start between %(first)s and %(last)s: an event is planned at most "
            "%(years)s years ahead."
        ) % {
            "first": EARLIEST_YEAR,
            "last": timezone.now().year + YEARS_AHEAD,
            "years": YEARS_AHEAD,
        }
    capacity = values.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = _("Enter a number of places of 1 or more, or leave it empty.")
    elif capacity is not None and capacity > CAPACITY_MAX:
        errors["capacity"] = _(
            "Enter at most %(max)s places, or leave it empty if the number is not limited."
        ) % {"max": CAPACITY_MAX}
    deadline = values.get("registration_deadline")
    if deadline and starts and deadline > starts:
        errors["registration_deadline"] = _(
            "The registration deadline must be before the start of the event, or leave it empty."
        )
    venue = (values.get("venue_name") or "").strip()
    if complete and not venue and not values.get("online_url"):
        errors["venue_name"] = _(
            "Enter the venue and its address, or an online link for an online event."
        )
    elif venue and not (values.get("venue_address") or "").strip():
        errors["venue_address"] = _("Enter the address of the venue.")
    return errors


def _check(
    values: dict[str, Any], *, organisation: Organisation | None, added: dict[str, set]
) -> dict[str, Any]:
    return dict(event_errors(values, complete=False))


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    for name in ("venue_name", "venue_address", "online_url"):
        values[name] = (values.get(name) or "").strip()
    if not values["venue_name"]:
        values["venue_address"] = ""
    return values


EDITING_RULES = EditingRules(
    model=Event,
    audit_prefix="events.event",
    slug_fallback="evenement",
    required_text=REQUIRED_TEXT_FIELDS,
    may_create=is_signatory,
    not_signatory_message=gettext_lazy(
        "Your organisation can propose events once a coordinator has approved its "
        "signature of the charter."
    ),
    not_editable_message=gettext_lazy(
        "This event was sent for review or is published, so it cannot be changed now. "
        "Take it back from review, or start a new version."
    ),
    defaults={
        "venue_name": "",
        "venue_address": "",
        "online_url": "",
        "audience": Event.Audience.PUBLIC,
    },
    check=_check,
    normalise=_normalised,
)


def _subregions_required(data: dict[str, Any]) -> None:
    if "subregions" in data and not data["subregions"]:
        raise ValidationError({"subregions": _("Choose the region of the event.")})


# A signatory proposes an event: a draft of its own that goes through review.


def event_create(*, organisation: Organisation, by, data: dict[str, Any]) -> Event:
    """A new event in draft proposed by ``organisation`` (an approved signatory)."""
    _subregions_required(data)
    return reviewable_create(rules=EDITING_RULES, organisation=organisation, by=by, data=data)


def event_update(*, event: Event, by, data: dict[str, Any]) -> Event:
    """Change a draft, an event with changes requested, one taken offline, or a working copy
    (``reviews.editing.reviewable_update``)."""
    _subregions_required(data)
    return reviewable_update(rules=EDITING_RULES, item=event, by=by, data=data)


# Contact points and coordinators write events in the back office: published at once.


def may_manage_event(user, subregions: Iterable) -> bool:
    """A coordinator manages every event; a contact point those whose regions are all theirs
    (the views check this before calling the services below)."""
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    subregions = list(subregions)
    if not subregions:
        return False
    own = set(user.contact_point_for.values_list("pk", flat=True))
    return all(subregion.pk in own for subregion in subregions)


@dataclass(frozen=True)
class SessionRow:
    """One row of the programme as a form gives it."""

    starts_at: datetime
    title: str
    ends_at: datetime | None = None
    speaker: str = ""


def _session_errors(event_values: dict[str, Any], sessions: list[SessionRow]) -> dict[str, Any]:
    starts, ends = event_values.get("starts_at"), event_values.get("ends_at")
    for row in sessions:
        if row.ends_at and row.ends_at <= row.starts_at:
            return {
                "sessions": _("A session must end after it starts: %(title)s.")
                % {"title": row.title}
            }
        if starts and ends and not (starts <= row.starts_at <= ends):
            return {
                "sessions": _("Every session takes place during the event: %(title)s does not.")
                % {"title": row.title}
            }
    return {}


def _set_sessions(event: Event, sessions: list[SessionRow]) -> None:
    event.sessions.all().delete()
    EventSession.objects.bulk_create(
        EventSession(
            event=event,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            title=row.title,
            speaker=row.speaker,
        )
        for row in sorted(sessions, key=lambda row: row.starts_at)
    )


@transaction.atomic
def event_create_published(
    *, by, data: dict[str, Any], sessions: list[SessionRow] | None = None
) -> Event:
    """A new event of the STEM-charter (no signatory organises it), written by a contact point
    or a coordinator and published at once. The caller checked ``may_manage_event``."""
    if not data.get("subregions"):
        raise ValidationError({"subregions": _("Choose the region of the event.")})
    if not may_manage_event(by, data["subregions"]):
        raise ValidationError(
            _("You can only create events in the regions you are contact point of."),
            code="not_your_region",
        )
    values = _normalised({**EDITING_RULES.defaults, **data})
    errors = {**_session_errors(values, sessions or []), **event_errors(values)}
    if errors:
        raise ValidationError(errors)
    event = reviewable_create_published(rules=EDITING_RULES, by=by, data=data)
    _set_sessions(event, sessions or [])
    return event


@transaction.atomic
def event_update_published(
    *, event: Event, by, data: dict[str, Any], sessions: list[SessionRow] | None = None
) -> Event:
    """Change a published event in place (a contact point of its region, or a coordinator).
    ``sessions`` None leaves the programme as it is."""
    if not may_manage_event(by, event.subregions.all()) or (
        "subregions" in data and not may_manage_event(by, data["subregions"] or [])
    ):
        raise ValidationError(
            _("You can only change events in the regions you are contact point of."),
            code="not_your_region",
        )
    _subregions_required(data)
    values = _normalised(
        {name: data.get(name, getattr(event, name)) for name in Event.revision_fields}
    )
    errors = {**_session_errors(values, sessions or []), **event_errors(values)}
    capacity_error = capacity_below_taken_message(item=event, capacity=values.get("capacity"))
    if capacity_error:
        errors.setdefault("capacity", capacity_error)
    if errors:
        raise ValidationError(errors)
    event = reviewable_update_published(rules=EDITING_RULES, item=event, by=by, data=data)
    if sessions is not None:
        _set_sessions(event, sessions)
    # More places (or none limited): the waitlist moves up at once, in order, with an email.
    waitlist_promote(item=event)
    return event


def event_cancelled(*, event: Event, by, reason: str) -> None:
    """What follows a cancellation: the audit entry, and every registration is cancelled with
    an email to the people who had confirmed (``registrations_item_cancelled``)."""
    audit_record(
        actor=by,
        code="events.event.cancelled",
        target=event,
        data={"title": event.title, "reason": reason},
    )
    registrations_item_cancelled(item=event, by=by)


@transaction.atomic
def event_cancel(*, event: Event, by, reason: str = "") -> Event:
    """Cancel an event: it stays online with its page saying so, calendars strike it
    (STATUS:CANCELLED, a higher SEQUENCE). The caller checked the permission."""
    event = Event.objects.select_for_update().get(pk=event.live_item.pk)
    if event.is_cancelled:
        raise ValidationError(_("This event is cancelled already."), code="cancelled")
    if event.is_past:
        raise ValidationError(_("This event is over: it can no longer be cancelled."), code="past")
    event.event_status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancelled_by = by
    event.cancellation_reason = reason.strip()
    event.save(
        update_fields=[
            "event_status",
            "cancelled_at",
            "cancelled_by",
            "cancellation_reason",
            "updated_at",
        ]
    )
    event_cancelled(event=event, by=by, reason=reason.strip())
    return event
