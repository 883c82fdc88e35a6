"""The platform's own records of one signatory's year, the part of a progress report the
signatory does not write (``ProgressReport.record``): a snapshot, so the report keeps saying
what it said when it was sent, whatever changes afterwards."""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.events.models import Event
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.selectors import seats_taken_of
from stemcharter.stories.models import Story
from stemcharter.support.models import Offer


def _actions(organisation: Organisation, year: int) -> list[dict[str, Any]]:
    """Its published actions of ``year``: dated ones that start in it, and those on request
    first published in it. Two queries (the actions, the seats their registrations hold)."""
    actions = list(
        Action.objects.published()
        .filter(organisation=organisation)
        .filter(
            Q(start_date__year=year) | Q(start_date__isnull=True, first_published_at__year=year)
        )
        .select_related("action_type")
        .order_by("start_date", "first_published_at", "pk")
    )
    taken = seats_taken_of(Action, [action.pk for action in actions])
    return [
        {
            "title": action.title,
            "slug": action.slug,
            "type_nl": action.action_type.name_nl,
            "type_en": action.action_type.name_en,
            "start_date": action.start_date.isoformat() if action.start_date else None,
            "places_offered": action.places,
            "places_taken": taken.get(action.pk, 0),
        }
        for action in actions
    ]


def _events(organisation: Organisation, year: int) -> list[dict[str, Any]]:
    """The published events of ``year`` it organised or signed the charter at. One query."""
    events = (
        Event.objects.published()
        .filter(starts_at__year=year)
        .filter(Q(organisation=organisation) | Q(signatures__organisation=organisation))
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [
        {
            "title": event.title,
            "slug": event.slug,
            "starts_at": timezone.localtime(event.starts_at).date().isoformat(),
            "organised": event.organisation_id == organisation.pk,
        }
        for event in events
    ]


def _support(organisation: Organisation, year: int) -> list[dict[str, Any]]:
    """The school support requests it answered in ``year``: its offers made that year, not
    withdrawn. One query."""
    offers = (
        Offer.objects.filter(organisation=organisation, created_at__year=year)
        .exclude(status=Offer.Status.WITHDRAWN)
        .select_related("support_request")
        .order_by("created_at", "pk")
    )
    return [
        {
            "title": offer.support_request.title,
            "offered_at": timezone.localtime(offer.created_at).date().isoformat(),
            "accepted": offer.status == Offer.Status.ACCEPTED,
        }
        for offer in offers
    ]


def _stories(organisation: Organisation, year: int) -> list[dict[str, Any]]:
    """The published stories of ``year`` it wrote or is named in. One query."""
    stories = (
        Story.objects.published()
        .filter(first_published_at__year=year)
        .filter(Q(organisation=organisation) | Q(organisations=organisation))
        .distinct()
        .order_by("first_published_at", "pk")
    )
    return [
        {
            "title": story.title,
            "slug": story.slug,
            "published_at": timezone.localtime(story.first_published_at).date().isoformat(),
        }
        for story in stories
    ]


def year_record(organisation: Organisation, year: int) -> dict[str, Any]:
    """What the platform recorded of ``organisation`` in the calendar year ``year``, as plain
    JSON data: its published actions (title, type, places offered and taken), the events it
    organised or signed at, the school support requests it answered, the stories published
    about it, and their totals. At most five queries, whatever the numbers."""
    actions = _actions(organisation, year)
    events = _events(organisation, year)
    support = _support(organisation, year)
    stories = _stories(organisation, year)
    return {
        "year": year,
        "made_at": timezone.now().isoformat(),
        "actions": actions,
        "events": events,
        "support": support,
        "stories": stories,
        "totals": {
            "actions": len(actions),
            "places_offered": sum(action["places_offered"] or 0 for action in actions),
            "places_taken": sum(action["places_taken"] for action in actions),
            "events": len(events),
            "support_requests_answered": len(support),
            "support_offers_accepted": sum(1 for offer in support if offer["accepted"]),
            "stories": len(stories),
        },
    }
