"""The platform's own records of one signatory's year, the part of a progress report the
signatory does not write (``ProgressReport.record``): a snapshot, so the report keeps saying
what it said when it was sent, whatever changes afterwards."""

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from stemcharter.actions.models import Action
from stemcharter.events.models import Event
from stemcharter.organisations.models import Organisation
from stemcharter.registrations.selectors import seats_taken_of
from stemcharter.stories.models import Story
from stemcharter.support.models import Offer


def _in_year(field: str, year: int) -> Q:
    """``field`` falls in the Brussels calendar year ``year``."""
    zone = timezone.get_default_timezone()
    return Q(
        **{
            f"{field}__gte": datetime(year, 1, 1, tzinfo=zone),
            f"{field}__lt": datetime(year + 1, 1, 1, tzinfo=zone),
        }
    )


def _actions(organisation: Organisation, year: int) -> list[dict[str, Any]]:
    """The published actions it organises or partners in that were first published in
    ``year`` (the rule of ``proof``: the signatory's page counts them so too). Two queries
    (the actions, the seats their registrations hold)."""
    actions = list(
        Action.objects.published()
        .involving(organisation)
        .filter(_in_year("first_published_at", year))
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
        .filter(_in_year("starts_at", year))
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
    """The school support requests it answered in ``year``: its offers a school accepted that
    year (the rule of ``proof`` and of the support pages' counts). One query."""
    offers = (
        Offer.objects.filter(organisation=organisation, status=Offer.Status.ACCEPTED)
        .alias(accepted_at=Coalesce("support_request__decided_at", "decided_at"))
        .filter(_in_year("accepted_at", year))
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
        .filter(_in_year("first_published_at", year))
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
