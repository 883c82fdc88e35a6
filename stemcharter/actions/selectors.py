"""Read queries for actions: the public catalogue, one action, and the lists on other pages.

Every function returns what its page needs in a constant number of queries: the relations a
card or a detail page shows are joined or prefetched here, never loaded per row.
"""

from datetime import date

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from stemcharter.charter.selectors import signatory_exists
from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes, with_card_versions
from stemcharter.images.models import Image
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.selectors import organisation_match
from stemcharter.regions.models import Subregion
from stemcharter.registrations.selectors import seats_taken_of, seats_taken_subquery
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

from .models import Action
from .services import ACTION_SEARCH


def _images() -> Prefetch:
    return Prefetch("images", queryset=Image.objects.order_by("position", "pk"))


def _card_prefetches() -> tuple:
    return (Prefetch("subregions", queryset=Subregion.objects.order_by("name_nl")), _images())


def action_cards(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """``queryset`` with what a card shows: type, organiser, regions, the first image and the
    seats taken (``Action.places_left``)."""
    return (
        queryset.select_related("action_type", "organisation")
        .annotate(registration_seats_taken=seats_taken_subquery(Action))
        .prefetch_related(*_card_prefetches())
    )


def _with_seats_taken(actions: list[Action]) -> list[Action]:
    """``actions`` with ``registration_seats_taken`` (``Action.places_left``) read in one
    query for those that take registrations and have not got it yet; none when none does."""
    missing = [
        action
        for action in actions
        if action.participation == Action.Participation.REGISTRATION
        and action.places is not None
        and "registration_seats_taken" not in action.__dict__
    ]
    taken = seats_taken_of(Action, [action.pk for action in missing])
    for action in missing:
        action.registration_seats_taken = taken.get(action.pk, 0)
    return actions


def action_card_list(actions) -> list[Action]:
    """``actions`` (loaded with ``action_catalogue``) as a list ready for cards: the regions
    and images prefetched, the seats taken of those that take registrations (one query,
    when any does), and each card's key (``Action.card_version``) computed from them
    (``common.fragments.with_card_versions``)."""
    return with_card_versions(_with_seats_taken(list(actions)), *_card_prefetches())


def action_catalogue() -> QuerySet[Action]:
    """All published actions, past ones too, with the type and organiser a card shows (the
    filters narrow it); ``action_card_list`` makes a page of them ready for cards."""
    return (
        Action.objects.published()
        .select_related("action_type", "organisation")
        # The places left of those that take registrations (``Action.places_left``): a
        # subquery in the same query, read only for the rows of the page.
        .annotate(registration_seats_taken=seats_taken_subquery(Action))
    )


def action_search(queryset: QuerySet[Action], *, text: str) -> QuerySet[Action]:
    """Actions matching ``text``, annotated with ``search_rank`` (higher is better).

    Both databases read the title, summary, description, place (location, regions,
    provinces), type (names and search terms) and organisations (organiser, partners), with
    the syntax and the extra forms of ``common.search``: PostgreSQL the full-text index
    (``services.action_search_vector``), SQLite the same fields (``common.search_index``).
    """
    return ACTION_SEARCH.search(queryset, text=text)


def action_public_search(queryset: QuerySet[Action], *, text: str) -> QuerySet[Action]:
    """``action_search`` for open data (the API's ``q``): an action is not found through the
    name of a private person (``Category.INDIVIDUAL``) organising it or taking part, whom open
    data never names (``ACTION_SEARCH.public_search``)."""
    return ACTION_SEARCH.public_search(queryset, text=text)


def action_get(*, slug: str) -> Action:
    """One published action for its public page; raises ``Action.DoesNotExist`` otherwise.

    Drafts, items under review, items taken offline and working copies of a new version are
    never found here, whoever asks.
    """
    return (
        Action.objects.published()
        .select_related("action_type", "organisation")
        .annotate(
            organiser_is_public=signatory_exists("organisation"),
            registration_seats_taken=seats_taken_subquery(Action),
        )
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=Organisation.objects.annotate(is_public=signatory_exists()).order_by(
                    "name"
                ),
            ),
            Prefetch("subregions", queryset=Subregion.objects.with_province()),
            Prefetch("audiences", queryset=Audience.objects.order_by("position", "name_nl")),
            Prefetch("disciplines", queryset=Discipline.objects.order_by("position", "name_nl")),
            _images(),
        )
        .get(slug=slug)
    )


def action_stories(*, action: Action, limit: int = 6):
    """The published stories that tell about this action, newest first."""
    return list(
        action.stories.published()
        .select_related("organisation")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def action_latest(*, limit: int = 3, today: date | None = None) -> list[Action]:
    """The most recently published actions that are not over yet."""
    today = today or timezone.localdate()
    return action_card_list(
        action_catalogue().current(today).order_by("-first_published_at", "-pk")[:limit]
    )


def action_of_organisation(
    *, organisation: Organisation, limit: int = 12, today: date | None = None
) -> tuple[list[Action], bool]:
    """The organisation's published actions, as organiser or partner: the current ones first
    (soonest first), then past ones (latest first). Returns up to ``limit`` of them and
    whether there are more."""
    today = today or timezone.localdate()
    actions = list(
        action_catalogue()
        .involving(organisation)
        .annotate(
            is_past=Case(
                When(timing=Action.Timing.ON_REQUEST, then=Value(0)),
                When(end_date__lt=today, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "is_past",
            Case(When(is_past=0, then=F("start_date"))).asc(nulls_last=True),
            Case(When(is_past=1, then=F("end_date"))).desc(nulls_last=True),
            "-published_at",
            "-pk",
        )[: limit + 1]
    )
    return action_card_list(actions[:limit]), len(actions) > limit


# The vocabulary of the catalogue's filters: the same for every visitor and rarely changed, so
# kept until public content changes (``common.fragments.until_content_changes``).


def action_type_list() -> list[ActionType]:
    # Inactive types too: published actions may still have one.
    return until_content_changes(
        "action-types",
        lambda: list(ActionType.objects.order_by("position", "name_nl")),
        store=PAGE_DATA_CACHE,
    )


def audience_list() -> list[Audience]:
    return until_content_changes(
        "audiences",
        lambda: list(Audience.objects.order_by("position", "name_nl")),
        store=PAGE_DATA_CACHE,
    )


def discipline_list() -> list[Discipline]:
    return until_content_changes(
        "disciplines",
        lambda: list(Discipline.objects.order_by("position", "name_nl")),
        store=PAGE_DATA_CACHE,
    )


def organiser_match(text: str) -> tuple[bool, Organisation | None]:
    """What the catalogue's organisation filter means by ``text``, in one query: whether an
    organisation that organises or takes part in a published action matches (by slug or by
    name), and that organisation when ``text`` is its slug, else ``None``
    (``organisations.selectors.organisation_match``)."""
    published = Action.objects.published()
    candidates = Organisation.objects.filter(
        Exists(published.filter(organisation=OuterRef("pk")))
        | Exists(published.filter(partners=OuterRef("pk")))
    )
    return organisation_match(candidates, text=text)


def action_collaborators(organisation) -> Q:
    """The organisations named on an action with ``organisation`` (organiser or partner, either
    way, and fellow partners), whatever the action's state: registered with
    ``organisations.collaborations`` (a partner call's suggestions leave them out)."""
    through = Action.partners.through.objects
    return (
        Q(pk__in=Action.objects.filter(partners=organisation).order_by().values("organisation_id"))
        | Q(
            pk__in=through.filter(action__organisation=organisation)
            .order_by()
            .values("organisation_id")
        )
        | Q(
            pk__in=through.filter(action__partners=organisation)
            .exclude(organisation=organisation)
            .order_by()
            .values("organisation_id")
        )
    )
