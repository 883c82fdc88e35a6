"""Reads for the pages that gather several apps: the public region pages (``/regio/``) and
the back-office workspace of contact points and coordinators (``/beheer/``).

Each returns what its page shows in a constant number of queries, whatever the data.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from stemcharter.accounts.rules import is_coordinator
from stemcharter.actions.models import Action
from stemcharter.actions.selectors import action_card_list, action_catalogue
from stemcharter.charter.models import Commitment, Signature
from stemcharter.charter.selectors import signatory_card_list, signatory_exists, signatory_list
from stemcharter.contact.selectors import contact_message_counts
from stemcharter.events.models import Event
from stemcharter.events.selectors import event_upcoming, event_upcoming_in
from stemcharter.organisations.models import Organisation
from stemcharter.regions.models import Subregion
from stemcharter.registrations.models import Registration
from stemcharter.registrations.registry import registrable_type_for
from stemcharter.registrations.selectors import (
    registrations_count_subquery,
    seats_taken_subquery,
)
from stemcharter.reviews.selectors import review_queue
from stemcharter.stories.models import Story
from stemcharter.stories.selectors import story_card_list, story_catalogue
from stemcharter.support.selectors import age_in_days as support_request_age_in_days
from stemcharter.support.selectors import support_requests_waiting_in, support_stats

# How many of each a region page shows; the list behind "See all" has the rest.
REGION_SIGNATORIES = 12
REGION_ACTIONS = 6
REGION_STORIES = 3
REGION_EVENTS = 5


def _count_in_subregion(through, item_field: str, items: QuerySet) -> Coalesce:
    """The number of ``items`` linked to the outer subregion through the many-to-many table
    ``through`` (its columns ``subregion`` and ``item_field``): a subquery per row of one
    query, so a list of subregions counts without a query per subregion."""
    per_subregion = (
        through.objects.filter(
            subregion=OuterRef("pk"), **{f"{item_field}__in": items.values("pk")}
        )
        .order_by()
        .values("subregion")
        .annotate(n=Count(item_field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(per_subregion, output_field=IntegerField()), 0)


def region_overview(*, today: date) -> list[Subregion]:
    """Every subregion with its province (in province order), annotated with
    ``signatory_count`` (public signatories active there) and ``action_count`` (published
    actions there that are not over): one query."""
    return list(
        Subregion.objects.with_province().annotate(
            signatory_count=_count_in_subregion(
                Organisation.subregions.through,
                "organisation",
                Organisation.objects.signatories(),
            ),
            action_count=_count_in_subregion(
                Action.subregions.through,
                "action",
                Action.objects.published().current(today),
            ),
        )
    )


def _in_subregion(through, item_field: str, subregion: Subregion) -> Q:
    """Rows linked to ``subregion`` in the many-to-many table ``through``, as ``pk__in`` (not
    a join, which would repeat a row per subregion and break the annotations that reuse one)."""
    return Q(pk__in=through.objects.filter(subregion=subregion).values(f"{item_field}_id"))


def subregion_page_data(*, slug: str, today: date) -> dict | None:
    """What the public page of subregion ``slug`` shows (``None`` when there is none): its
    province and active contact points, the public signatories active there, the actions
    there that are not over (soonest first), and the newest stories there. Each list holds
    up to its limit, with whether there are more."""
    contact_points = get_user_model().objects.filter(is_active=True).order_by("name", "pk")
    try:
        subregion = (
            Subregion.objects.select_related("province")
            .prefetch_related(Prefetch("contact_points", queryset=contact_points))
            .get(slug=slug)
        )
    except Subregion.DoesNotExist:
        return None
    signatories = list(
        signatory_list()
        .filter(_in_subregion(Organisation.subregions.through, "organisation", subregion))
        # By name as the directory sorts it (accents, case and legal forms ignored). The
        # subregion's few organisations are found first (the many-to-many table's index on
        # subregion), then sorted: an index on the name would not be read.
        .order_by("normalised_name", "name", "pk")[: REGION_SIGNATORIES + 1]
    )
    actions = list(
        action_catalogue()
        .current(today)
        .filter(_in_subregion(Action.subregions.through, "action", subregion))
        # The catalogue's order by date (its index ``action_published_by_date``).
        .order_by(F("start_date").asc(nulls_last=True), "end_date", "-pk")[: REGION_ACTIONS + 1]
    )
    stories = list(
        story_catalogue().filter(_in_subregion(Story.subregions.through, "story", subregion))[
            : REGION_STORIES + 1
        ]
    )
    return {
        "subregion": subregion,
        "contact_points": list(subregion.contact_points.all()),
        "signatories": signatory_card_list(signatories[:REGION_SIGNATORIES]),
        "more_signatories": len(signatories) > REGION_SIGNATORIES,
        "actions": action_card_list(actions[:REGION_ACTIONS]),
        "more_actions": len(actions) > REGION_ACTIONS,
        "stories": story_card_list(stories[:REGION_STORIES]),
        "more_stories": len(stories) > REGION_STORIES,
        # Its next events, soonest first (events.selectors: organiser and regions loaded).
        "upcoming_events": event_upcoming_in(subregion=subregion, limit=REGION_EVENTS),
        # How schools' support requests there were answered (counts only, no details).
        "support_stats": support_stats(subregion=subregion),
    }


# The back-office workspace (``/beheer/``).

WORKSPACE_ITEMS = 10
WORKSPACE_SIGNATORIES = 50
WORKSPACE_EVENTS = 10


@dataclass
class AwaitingDecision:
    """An action or an event with registrations waiting for the organiser's decision."""

    item: Action | Event
    kind: str  # "action" or "event", as the registrable type calls it
    type_key: str  # for the organiser's list: portal:registration-list
    count: int


@dataclass
class Workspace:
    """What the back-office home shows a contact point about their subregions, or a
    coordinator about all of them (or the one they chose)."""

    choices: list[Subregion]  # the subregions the filter offers (all of them: coordinators)
    chosen: Subregion | None  # the one chosen with ``?subregion=``, if any
    waiting: list  # the oldest items waiting for review there (up to WORKSPACE_ITEMS)
    waiting_count: int
    message_counts: dict[str, int]  # the contact messages there (open, handled, all)
    signatories: list[Organisation]  # with ``approved_signatures`` and their commitments
    signatory_count: int
    now: datetime
    # The next events there (up to WORKSPACE_EVENTS), each with ``registration_seats_taken``
    # and ``registration_waiting`` (the waitlist); how many there are in all.
    events: list[Event]
    event_count: int
    # Actions and events there with registrations waiting for a decision (on approval).
    awaiting: list[AwaitingDecision]
    # The open school requests there (up to WORKSPACE_ITEMS), overdue ones first, then the
    # oldest, each with ``offer_count``, ``overdue`` and ``age_days`` (support.selectors).
    support_requests: list = field(default_factory=list)


def workspace(*, user, subregion_slug: str = "") -> Workspace:
    """The workspace of ``user`` (a contact point or a coordinator): what waits for them in
    their subregions (items in review, with their age; registrations waiting for a decision;
    contact messages not handled), the upcoming events there with their registrations, and
    the signatories active there with their commitments. A coordinator sees all subregions, or
    the one ``subregion_slug`` names; a contact point theirs, or one of them. A constant
    number of queries."""
    coordinator = is_coordinator(user)
    subregions = Subregion.objects.with_province()
    if not coordinator:
        subregions = subregions.filter(contact_points=user)
    choices = list(subregions)
    chosen = next((s for s in choices if s.slug == subregion_slug), None)
    scope = [chosen] if chosen else (None if coordinator else choices)
    scope_ids = None if scope is None else {subregion.pk for subregion in scope}

    waiting = review_queue(user=user)  # oldest first; a contact point's subregions only
    if scope_ids is not None:
        waiting = [
            item
            for item in waiting
            if scope_ids & {subregion.pk for subregion in item.subregions.all()}
        ]

    signatories = signatory_list()
    if scope_ids is not None:
        signatories = signatories.filter(
            pk__in=Organisation.subregions.through.objects.filter(subregion__in=scope_ids).values(
                "organisation_id"
            )
        )
    commitments = Commitment.objects.prefetch_related("action_types").order_by("pk")
    approved = Signature.objects.approved().prefetch_related(
        Prefetch("commitments", queryset=commitments)
    )
    shown = list(
        signatories.order_by("normalised_name", "name", "pk").prefetch_related(
            Prefetch("subregions", queryset=Subregion.objects.order_by("name_nl")),
            Prefetch("signatures", queryset=approved, to_attr="approved_signatures"),
        )[:WORKSPACE_SIGNATORIES]
    )
    events = event_upcoming().annotate(
        registration_seats_taken=seats_taken_subquery(Event),
        registration_waiting=registrations_count_subquery(Event, Registration.State.WAITLISTED),
    )
    if scope_ids is not None:
        events = events.filter(
            pk__in=Event.subregions.through.objects.filter(subregion__in=scope_ids).values(
                "event_id"
            )
        )
    shown_events = list(events[:WORKSPACE_EVENTS])
    return Workspace(
        choices=choices,
        chosen=chosen,
        waiting=waiting[:WORKSPACE_ITEMS],
        waiting_count=len(waiting),
        message_counts=contact_message_counts(user=user, subregions=scope),
        signatories=shown,
        signatory_count=signatories.count(),
        now=timezone.now(),
        events=shown_events,
        event_count=events.count(),
        awaiting=_awaiting_decision(scope_ids),
        support_requests=_support_requests_waiting(scope_ids),
    )


def _support_requests_waiting(scope_ids: set[int] | None) -> list:
    """The open school requests of the subregions ``scope_ids`` (None: everywhere), overdue
    ones first, with their age in days: one query."""
    found = support_requests_waiting_in(scope_ids=scope_ids, limit=WORKSPACE_ITEMS)
    today = timezone.localdate()
    for support_request in found:
        support_request.age_days = support_request_age_in_days(support_request, today=today)
    return found


def _awaiting_decision(scope_ids: set[int] | None) -> list[AwaitingDecision]:
    """The live actions and events in the subregions ``scope_ids`` (None: everywhere) with
    applications waiting for the organiser's decision, the most waiting first: one query per
    kind, whatever the number."""
    found = []
    for model in (Action, Event):
        applied = registrations_count_subquery(model, Registration.State.APPLIED)
        items = model.objects.filter(revision_of__isnull=True).annotate(applied=applied)
        if scope_ids is not None:
            items = items.filter(
                pk__in=model.subregions.through.objects.filter(subregion__in=scope_ids).values(
                    f"{model._meta.model_name}_id"
                )
            )
        registrable_type = registrable_type_for(model)
        found.extend(
            AwaitingDecision(
                item=item,
                kind=model._meta.model_name,
                type_key=registrable_type.key,
                count=item.applied,
            )
            for item in items.filter(applied__gt=0).order_by("-applied", "pk")[:WORKSPACE_ITEMS]
        )
    found.sort(key=lambda row: -row.count)
    return found[:WORKSPACE_ITEMS]


# --- images-reach ---
# What a share image shows (``views/share_images.py``): one query each, the item with its
# organisation. The page of the item decides what is public; these find the same items.


def share_image_signatory(*, slug: str) -> Organisation | None:
    """The public signatory ``slug`` with its approval date (``signed_at``), or None."""
    return signatory_list().filter(slug=slug).first()


def share_image_action(*, slug: str) -> Action | None:
    """The published action ``slug`` with its organisation (and whether that one is a public
    signatory: ``organiser_is_public``), or None."""
    return (
        Action.objects.published()
        .select_related("organisation")
        .annotate(organiser_is_public=signatory_exists("organisation"))
        .filter(slug=slug)
        .first()
    )


def share_image_story(*, slug: str) -> Story | None:
    """The published story ``slug`` with its author organisation (``author_is_public``), or
    None."""
    return (
        Story.objects.published()
        .select_related("organisation")
        .annotate(author_is_public=signatory_exists("organisation"))
        .filter(slug=slug)
        .first()
    )
