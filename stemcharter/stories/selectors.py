"""Read queries for stories: the public list, one story, and the lists on other pages.

Every function returns what its page needs in a constant number of queries.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from stemcharter.actions.models import Action
from stemcharter.actions.selectors import action_cards
from stemcharter.charter.selectors import signatory_exists
from stemcharter.common.fragments import with_card_versions
from stemcharter.images.models import Image
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.selectors import organisation_match
from stemcharter.regions.models import Subregion

from .models import Story
from .services import STORY_SEARCH


def _images() -> Prefetch:
    return Prefetch("images", queryset=Image.objects.order_by("position", "pk"))


def story_card_list(stories) -> list[Story]:
    """``stories`` (loaded with ``story_catalogue``) as a list ready for cards: the regions
    and images prefetched, and each card's key (``Story.card_version``) computed from them
    (``common.fragments.with_card_versions``)."""
    return with_card_versions(
        stories,
        Prefetch("subregions", queryset=Subregion.objects.order_by("name_nl")),
        _images(),
    )


def story_catalogue() -> QuerySet[Story]:
    """All published stories, newest first, with the author organisation a card shows;
    ``story_card_list`` makes a page of them ready for cards."""
    return (
        Story.objects.published()
        .select_related("organisation")
        .order_by("-first_published_at", "-pk")
    )


def story_search(queryset: QuerySet[Story], *, text: str) -> QuerySet[Story]:
    """Stories matching ``text`` in the title, summary or text, the organisations (author and
    named ones) or the places, annotated with ``search_rank``: the search of actions
    (``common.search_index``: the full-text index on PostgreSQL, case, accents and other
    forms of a word ignored, "phrases", -without, or), over ``services.STORY_SEARCH``."""
    return STORY_SEARCH.search(queryset, text=text)


def story_public_search(queryset: QuerySet[Story], *, text: str) -> QuerySet[Story]:
    """``story_search`` for open data (the API's ``q``): a story is not found through the name
    of a private person (``Category.INDIVIDUAL``) who wrote it or is named in it, whom open
    data never names (``STORY_SEARCH.public_search``)."""
    return STORY_SEARCH.public_search(queryset, text=text)


def story_get(*, slug: str) -> Story:
    """One published story for its public page; raises ``Story.DoesNotExist`` otherwise
    (drafts, stories under review or taken offline, working copies)."""
    return (
        Story.objects.published()
        # The event it reports on (``Story.event``): its page links back to it.
        .select_related("organisation", "event")
        .annotate(author_is_public=signatory_exists("organisation"))
        .prefetch_related(
            Prefetch(
                "organisations",
                queryset=Organisation.objects.annotate(is_public=signatory_exists()).order_by(
                    "name"
                ),
            ),
            Prefetch(
                "actions",
                queryset=action_cards(Action.objects.published()).order_by(
                    "-first_published_at", "-pk"
                ),
            ),
            Prefetch("subregions", queryset=Subregion.objects.with_province()),
            _images(),
        )
        .get(slug=slug)
    )


def story_latest(*, limit: int = 3) -> list[Story]:
    return story_card_list(story_catalogue()[:limit])


def story_of_organisation(
    *, organisation: Organisation, limit: int = 6
) -> tuple[list[Story], bool]:
    """Published stories the organisation wrote or appears in, newest first; up to ``limit``
    of them and whether there are more."""
    # Both indexed lookups in one ``id IN (… UNION ALL …)``: an ``OR`` of them made the database
    # walk all published stories, newest first, until it had found enough of this organisation.
    written = Story.objects.filter(organisation=organisation).order_by().values("pk")
    named = (
        Story.organisations.through.objects.filter(organisation=organisation)
        .order_by()
        .values("story_id")
    )
    stories = list(story_catalogue().filter(pk__in=written.union(named, all=True))[: limit + 1])
    return story_card_list(stories[:limit]), len(stories) > limit


def story_organisation_match(text: str) -> tuple[bool, Organisation | None]:
    """What the list's organisation filter means by ``text``, in one query: whether an
    organisation that wrote or appears in a published story matches (by slug or by name), and
    that organisation when ``text`` is its slug, else ``None``
    (``organisations.selectors.organisation_match``)."""
    published = Story.objects.published()
    candidates = Organisation.objects.filter(
        Exists(published.filter(organisation=OuterRef("pk")))
        | Exists(published.filter(organisations=OuterRef("pk")))
    )
    return organisation_match(candidates, text=text)


def story_collaborators(organisation) -> Q:
    """The organisations named in a story with ``organisation`` (author or named, either way,
    and fellow named ones), whatever the story's state: registered with
    ``organisations.collaborations`` (a partner call's suggestions leave them out)."""
    through = Story.organisations.through.objects
    return (
        Q(
            pk__in=Story.objects.filter(organisations=organisation)
            .order_by()
            .values("organisation_id")
        )
        | Q(
            pk__in=through.filter(story__organisation=organisation)
            .order_by()
            .values("organisation_id")
        )
        | Q(
            pk__in=through.filter(story__organisations=organisation)
            .exclude(organisation=organisation)
            .order_by()
            .values("organisation_id")
        )
    )
