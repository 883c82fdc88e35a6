"""Read queries for events: the public list and one event, the calendars, the back office.

Every function returns what its page needs in a constant number of queries: the relations a
row or the page shows are joined or prefetched here, never loaded per row.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from stemcharter.accounts.rules import is_coordinator
from stemcharter.charter.models import Signature
from stemcharter.charter.selectors import signatory_exists
from stemcharter.common.fragments import with_card_versions
from stemcharter.organisations.models import Organisation
from stemcharter.regions.models import Subregion

from .models import Event, EventSignature


def _subregions() -> Prefetch:
    return Prefetch("subregions", queryset=Subregion.objects.with_province())


def event_published() -> QuerySet[Event]:
    """Published events with what a row of the list shows: organiser and region."""
    return Event.objects.published().select_related("organisation").prefetch_related(_subregions())


def event_upcoming(now=None) -> QuerySet[Event]:
    """Published events that have not ended, soonest first (``event_published_by_time``)."""
    return event_published().upcoming(now).order_by("starts_at", "pk")


def event_past(now=None) -> QuerySet[Event]:
    """Published events that are over, the latest first (``event_published_newest``)."""
    return event_published().past(now).order_by("-starts_at", "-pk")


def event_card_list(events) -> list[Event]:
    """``events`` (loaded with ``event_published``: the regions prefetched) as a list ready
    for the rows of ``/evenementen/``: each row's key (``Event.card_version``) computed
    (``common.fragments.with_card_versions``), so a page kept with ``common.filters.KeptResults``
    keeps the keys and a page whose rows are all cached reads nothing."""
    return with_card_versions(events, _subregions())


def event_get(*, slug: str) -> Event:
    """One published event for its public page with its programme; raises
    ``Event.DoesNotExist`` for anything else (drafts, working copies, events under review)."""
    return (
        Event.objects.published()
        .select_related("organisation")
        .annotate(organiser_is_public=signatory_exists("organisation"))
        .prefetch_related(_subregions(), "sessions")
        .get(slug=slug)
    )


def event_calendar(*, subregion: Subregion | None = None, now=None) -> list[Event]:
    """The events of a subscribable calendar: upcoming ones, and those of the last 30 days
    (a calendar keeps what it showed, with its last state), soonest first."""
    since = (now or timezone.now()) - timedelta(days=30)
    events = event_published().filter(ends_at__gte=since)
    if subregion is not None:
        events = events.filter(subregions=subregion)
    return list(events.order_by("starts_at", "pk")[:500])


def event_backoffice_list(*, user) -> QuerySet[Event]:
    """The events a contact point or a coordinator looks after in the back office: every
    published event for a coordinator, those of their regions for a contact point; the newest
    start first."""
    events = event_published()
    if not is_coordinator(user):
        events = events.in_subregions_of(user)
    return events.order_by("-starts_at", "-pk")


def event_for_backoffice(*, slug: str) -> Event:
    """One live event (any review state) for the back office; raises ``Event.DoesNotExist``."""
    return (
        Event.objects.live()
        .select_related("organisation")
        .prefetch_related(_subregions(), "sessions")
        .get(slug=slug)
    )


def event_upcoming_in(*, subregion: Subregion, limit: int = 5) -> list[Event]:
    """The next published events of a subregion (for its region page), soonest first."""
    return list(event_upcoming().filter(subregions=subregion)[:limit])


def event_signatories(*, event: Event) -> list[Organisation]:
    """The organisations that signed the charter at ``event`` (``EventSignature``) and are
    public signatories by that signature (approved, or approved and since replaced by a newer
    approved one), by name; one query. Nothing of a person."""
    return list(
        Organisation.objects.signatories()
        .filter(
            Exists(
                EventSignature.objects.filter(
                    event=event,
                    organisation=OuterRef("pk"),
                    signature__status__in=(
                        Signature.Status.APPROVED,
                        Signature.Status.SUPERSEDED,
                    ),
                )
            )
        )
        .only("pk", "name", "slug")
        .order_by("name", "pk")
    )


def event_signed_at(*, signature: Signature) -> Event | None:
    """The event ``signature`` was signed at (``EventSignature``), if any."""
    return Event.objects.filter(signatures__signature=signature).first()


def event_choices_for_signature(*, now=None) -> QuerySet[Event]:
    """The events a coordinator may say a signature was signed at: published, not cancelled,
    started in the last two years (not later than now); the latest first."""
    now = now or timezone.now()
    return (
        Event.objects.published()
        .exclude(event_status=Event.Status.CANCELLED)
        .filter(starts_at__lte=now, starts_at__gte=now - timedelta(days=2 * 365))
        .order_by("-starts_at", "-pk")
    )
