"""Writing events: signatories propose them through review (``reviews.editing``), contact
points and coordinators write them in the back office and publish them at once; cancelling
and the programme.

``data`` holds model field names: the content fields of ``Event.revision_fields`` and the
many-to-many ``subregions`` (Subregion objects). A partial ``data`` changes only those fields.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.accounts.rules import is_coordinator
from stemcharter.audit.services import audit_record
from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import is_signatory
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.services import (
    capacity_below_taken_message,
    registrations_exist,
    registrations_item_cancelled,
    registrations_item_changed,
    waitlist_promote,
)
from stemcharter.reviews.editing import (
    EditingRules,
    reviewable_create,
    reviewable_create_published,
    reviewable_update,
    reviewable_update_published,
)
from stemcharter.reviews.models import ReviewStatus

from .models import CAPACITY_MAX, NOTIFIED_FIELDS, Event, EventSession, EventSignature

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


def _mode_kept(live: Event, data: dict[str, Any]) -> None:
    """Once people registered, how places are given stays: a waitlist and applications do
    not turn into each other."""
    mode = data.get("registration_mode")
    if mode and mode != live.registration_mode and registrations_exist(item=live):
        raise ValidationError(
            {
                "registration_mode": _(
                    "People have registered already, so how places are given can no longer "
                    "change. Keep it as it is, or cancel the registrations first."
                )
            }
        )


def _time_and_place_kept(live: Event, values: dict[str, Any]) -> dict[str, str]:
    """A finished or cancelled event keeps its time and place: moving it would put a "past"
    or "cancelled" event in the future on its page, with places to take. Its other fields
    (its description, for instance) may still be corrected. The errors by field."""
    if live.pk is None or not (live.is_cancelled or live.is_finished):
        return {}
    message = (
        _("This event is cancelled: its time and place can no longer change.")
        if live.is_cancelled
        else _("This event is over: its time and place can no longer change.")
    )
    return {
        name: message
        for name in NOTIFIED_FIELDS
        if name in values and values[name] != getattr(live, name)
    }


def _not_ended(values: dict[str, Any]) -> dict[str, str]:
    """A new event in the back office is published at once: one that has already ended is
    refused (the demo writes past events in code)."""
    ends = values.get("ends_at")
    if ends is not None and ends <= timezone.now():
        return {
            "ends_at": _(
                "This event has already ended. Add an event before it takes place; it is "
                "published at once."
            )
        }
    return {}


def _subregions_required(data: dict[str, Any]) -> None:
    if "subregions" in data and not data["subregions"]:
        raise ValidationError({"subregions": _("Choose the region of the event.")})


# A signatory proposes an event: a draft of its own that goes through review.


def event_create(*, organisation: Organisation, by, data: dict[str, Any]) -> Event:
    """A new event in draft proposed by ``organisation`` (an approved signatory)."""
    _subregions_required(data)
    return reviewable_create(rules=EDITING_RULES, organisation=organisation, by=by, data=data)


@transaction.atomic
def event_update(
    *, event: Event, by, data: dict[str, Any], sessions: list["SessionRow"] | None = None
) -> Event:
    """Change a draft, an event with changes requested, one taken offline, or a working copy
    (``reviews.editing.reviewable_update``); ``sessions``: its programme (None leaves it)."""
    _subregions_required(data)
    _mode_kept(event.live_item, data)
    if event.is_revision:
        kept = _time_and_place_kept(event.live_item, data)
        if kept:
            raise ValidationError(kept)
    event = reviewable_update(rules=EDITING_RULES, item=event, by=by, data=data)
    if sessions is not None:
        errors = session_errors({"starts_at": event.starts_at, "ends_at": event.ends_at}, sessions)
        if errors:
            raise ValidationError(errors)
        if _session_values(event) != _row_values(sessions):
            _set_sessions(event, sessions)
            Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
    return event


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


def session_errors(event_values: dict[str, Any], sessions: list[SessionRow]) -> dict[str, Any]:
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


def _session_values(event: Event) -> list[tuple]:
    return [
        (session.starts_at, session.ends_at, session.title, session.speaker)
        for session in event.sessions.order_by("starts_at", "pk")
    ]


def _row_values(sessions: list[SessionRow]) -> list[tuple]:
    return [
        (row.starts_at, row.ends_at, row.title, row.speaker)
        for row in sorted(sessions, key=lambda row: row.starts_at)
    ]


@transaction.atomic
def event_create_published(
    *,
    by,
    data: dict[str, Any],
    sessions: list[SessionRow] | None = None,
    past_allowed: bool = False,
) -> Event:
    """A new event of the STEM-charter (no signatory organises it), written by a contact point
    or a coordinator and published at once. The caller checked ``may_manage_event``. One that
    has already ended is refused, unless ``past_allowed`` (the demo's past events)."""
    if not data.get("subregions"):
        raise ValidationError({"subregions": _("Choose the region of the event.")})
    if not may_manage_event(by, data["subregions"]):
        raise ValidationError(
            _("You can only create events in the regions you are contact point of."),
            code="not_your_region",
        )
    values = _normalised({**EDITING_RULES.defaults, **data})
    errors = {
        **session_errors(values, sessions or []),
        **({} if past_allowed else _not_ended(values)),
        **event_errors(values),
    }
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
    errors = {**session_errors(values, sessions or []), **event_errors(values)}
    capacity_error = capacity_below_taken_message(item=event, capacity=values.get("capacity"))
    if capacity_error:
        errors.setdefault("capacity", capacity_error)
    for name, message in _time_and_place_kept(event, values).items():
        errors.setdefault(name, message)
    try:
        _mode_kept(event, values)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(event, name) for name in (*NOTIFIED_FIELDS, "capacity")}
    event = reviewable_update_published(rules=EDITING_RULES, item=event, by=by, data=data)
    if sessions is not None and _session_values(event) != _row_values(sessions):
        _set_sessions(event, sessions)
        # The event's version changes with its programme (``common.concurrency``).
        Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
    if _more_places(before["capacity"], event.capacity):
        # The waitlist moves up at once, in order, with an email.
        waitlist_promote(item=event)
    changes = {
        name: (before[name], getattr(event, name))
        for name in NOTIFIED_FIELDS
        if before[name] != getattr(event, name)
    }
    if changes:
        registrations_item_changed(item=event, changes=changes)
    return event


def event_published(event: Event) -> None:
    """After the review workflow published an event (``ReviewableType.after_publish``): when a
    new version moved its time or place, everyone registered is told, as after a change in
    the back office (``Event.revision_applied`` noted what changed)."""
    changes = getattr(event, "notified_changes", None)
    if changes:
        registrations_item_changed(item=event, changes=changes)


def _more_places(before: int | None, after: int | None) -> bool:
    """Whether a new capacity frees places for the waitlist: more places, or no limit now."""
    if before is None:
        return False
    return after is None or after > before


def event_cancelled(*, event: Event, by, reason: str) -> None:
    """What follows a cancellation: the audit entry, and every registration is cancelled with
    an email to the people who had confirmed, with the reason and the calendar entry struck
    (``registrations_item_cancelled``)."""
    audit_record(
        actor=by,
        code="events.event.cancelled",
        target=event,
        data={"title": event.title, "reason": reason},
    )
    registrations_item_cancelled(item=event, by=by, reason=reason)


# The longest reason for a cancellation (the model's field): it is shown on the page and in
# the email to everyone registered.
REASON_MAX = Event._meta.get_field("cancellation_reason").max_length


def cancellation_reason_error(reason: str) -> str:
    """What is wrong with a reason for a cancellation, in words; "" when it will do."""
    reason = reason.strip()
    if not reason:
        return _(
            "Say why the event is cancelled: the reason is on its page and in the email to "
            "everyone registered."
        )
    if len(reason) > REASON_MAX:
        return _("Shorten the reason to at most %(max)s characters (it has %(length)s).") % {
            "max": REASON_MAX,
            "length": len(reason),
        }
    return ""


@transaction.atomic
def event_cancel(*, event: Event, by, reason: str) -> Event:
    """Cancel an event with the organiser's reason: it stays online with its page saying so
    and why, calendars strike it (STATUS:CANCELLED, a higher SEQUENCE) and everyone registered
    is told. The caller checked the permission."""
    error = cancellation_reason_error(reason)
    if error:
        raise ValidationError({"reason": error})
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


# Closing: the organiser records that a finished event is over, with its attendance (the report
# itself is a story: ``pages.event_report``, which gathers events, stories and registrations).

ATTENDANCE_MAX = CAPACITY_MAX * 10


def event_close_error(event: Event) -> str:
    """Why ``event`` cannot be closed with a report now ("" when it can)."""
    if event.is_cancelled:
        return _("This event was cancelled: there is nothing to report.")
    if not event.is_past:
        return _("This event has not ended yet: close it with a report once it is over.")
    return ""


@transaction.atomic
def event_finish(*, event: Event, by, attendance: int | None) -> Event:
    """Mark an ended event finished and keep how many people came (audited). The caller
    checked that ``by`` organises it."""
    event = Event.objects.select_for_update().get(pk=event.live_item.pk)
    if error := event_close_error(event):
        raise ValidationError(error, code="not_ended")
    if attendance is not None and not 0 <= attendance <= ATTENDANCE_MAX:
        raise ValidationError({"attendance": _("Enter the number of people who came (0 or more).")})
    event.event_status = Event.Status.FINISHED
    event.attendance = attendance
    event.save(update_fields=["event_status", "attendance", "updated_at"])
    audit_record(
        actor=by,
        code="events.event.finished",
        target=event,
        data={"title": event.title, "attendance": attendance},
    )
    return event


# Signing the charter at an event (the event page's "Sign the charter here"): from the day it
# starts to this many days after the day it ends (Brussels dates). Not before: signing a week
# ahead is not signing there; a week after, so those who decided there can sign at home.
SIGN_AT_EVENT_DAYS_AFTER = 7


def event_signable(event: Event, *, now: datetime | None = None) -> bool:
    """Whether the charter can be signed at ``event`` now: a published, live event that is not
    cancelled, from its first day to ``SIGN_AT_EVENT_DAYS_AFTER`` days after its last."""
    if event.status != ReviewStatus.PUBLISHED or event.is_revision or event.is_cancelled:
        return False
    if event.starts_at is None or event.ends_at is None:
        return False
    today = timezone.localdate(now or timezone.now())
    first = timezone.localdate(event.starts_at)
    last = timezone.localdate(event.ends_at) + timedelta(days=SIGN_AT_EVENT_DAYS_AFTER)
    return first <= today <= last


@transaction.atomic
def event_signature_record(*, event: Event, signature: Signature, by=None) -> EventSignature:
    """Record that ``signature`` was signed at ``event``: from the signing form (``by`` None:
    the signer) or set by a coordinator. A signature has one event: recording another moves
    it. The organisation's earlier signature at the same event is replaced by this one (e.g.
    a signing again after a refusal)."""
    EventSignature.objects.filter(organisation=signature.organisation_id, event=event).exclude(
        signature=signature
    ).delete()
    recorded, _created = EventSignature.objects.update_or_create(
        signature=signature,
        defaults={"event": event, "organisation_id": signature.organisation_id},
    )
    audit_record(
        actor=by if by is not None else signature.signer,
        code="events.event.signed_at",
        target=event,
        data={"signature": signature.pk, "organisation": signature.organisation_id},
    )
    return recorded


@transaction.atomic
def event_signature_clear(*, signature: Signature, by) -> None:
    """Forget the event ``signature`` was signed at (a coordinator's correction)."""
    recorded = EventSignature.objects.filter(signature=signature).select_related("event").first()
    if recorded is None:
        return
    recorded.delete()
    audit_record(
        actor=by,
        code="events.event.signed_at_cleared",
        target=recorded.event,
        data={"signature": signature.pk, "organisation": signature.organisation_id},
    )
