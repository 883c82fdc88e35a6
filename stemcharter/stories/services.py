"""Writing stories: create and change them (the review workflow itself is ``reviews.services``).

``data`` holds model field names: the content fields of ``Story.revision_fields`` and the
many-to-many fields of ``Story.revision_m2m_fields``. A partial ``data`` changes only those
fields, so each step of the portal saves its own part.
"""

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db.models import OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stemcharter.actions.models import Action
from stemcharter.charter.selectors import is_signatory
from stemcharter.common.search_index import (
    SearchIndex,
    ShownIn,
    folded_vector,
    spaced,
    subquery_value,
    subquery_words,
)
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Province, Subregion
from stemcharter.reviews.editing import (
    EditingRules,
    named_organisations_error,
    reviewable_create,
    reviewable_update,
)

from .models import Story


def story_search_vector(*, organisations: QuerySet[Organisation] | None = None) -> SearchVector:
    """What the search of /verhalen/ reads, weighted: the title first; then the summary, the
    places (the regions with their provinces) and the organisations (the author and the
    others in the story); then the text. Without accents, as the search of actions
    (``actions.services.action_search_vector``); ``organisations``: the ones whose names it
    reads (all unless given)."""
    organisations = Organisation.objects.all() if organisations is None else organisations
    author = organisations.filter(pk=OuterRef("organisation_id"))
    others = organisations.filter(linked_stories=OuterRef("pk"))
    places = Subregion.objects.filter(stories=OuterRef("pk")).annotate(
        words=spaced("name_nl", "name_en", "province__name_nl", "province__name_en")
    )
    return (
        folded_vector("title", weight="A")
        + folded_vector("summary", weight="B")
        + folded_vector(subquery_words(places.values("words")), weight="B")
        + folded_vector(
            subquery_value(author.values("name")), subquery_words(others.values("name")), weight="B"
        )
        + folded_vector("body", weight="C")
    )


# The search of /verhalen/ (``selectors.story_search``) and its index: published stories are
# indexed (``apps``), and a change to the name of an organisation or a place they show
# refreshes theirs (``receivers``).
STORY_SEARCH = SearchIndex(
    name="stories",
    model=Story,
    vector=story_search_vector,
    # What SQLite reads instead (as the vector), by weight in the rank.
    fallback_fields={
        "title": 2,
        "summary": 1,
        "body": 0,
        "organisation__name": 0,
        "organisations__name": 0,
        "subregions__name_nl": 0,
        "subregions__name_en": 0,
        "subregions__province__name_nl": 0,
        "subregions__province__name_en": 0,
    },
    # Open data never names a private person (``Category.INDIVIDUAL``): nor finds by the name.
    public_vector=lambda: story_search_vector(
        organisations=Organisation.objects.exclude(category=Category.INDIVIDUAL)
    ),
    public_fallback_conditions={
        "organisation__name": ~Q(organisation__category=Category.INDIVIDUAL),
        "organisations__name": ~Q(organisations__category=Category.INDIVIDUAL),
    },
    shown_in={
        Organisation: ShownIn(frozenset({"name"}), lambda row: _stories_naming(row)),
        Subregion: ShownIn(
            frozenset({"name_nl", "name_en"}), lambda row: Story.objects.filter(subregions=row)
        ),
        Province: ShownIn(
            frozenset({"name_nl", "name_en"}),
            lambda row: Story.objects.filter(subregions__province=row),
        ),
    },
)


def _stories_naming(organisation: Organisation):
    """Stories the organisation wrote or appears in (both indexed lookups in one ``id IN``)."""
    written = Story.objects.filter(organisation=organisation).order_by().values("pk")
    named = (
        Story.organisations.through.objects.filter(organisation=organisation)
        .order_by()
        .values("story_id")
    )
    return Story.objects.filter(pk__in=written.union(named, all=True))


def story_search_index(*, story: Story) -> None:
    """Refresh the search vector of a live story (PostgreSQL only)."""
    STORY_SEARCH.index(story)


REQUIRED_TEXT_FIELDS = {
    "title": gettext_lazy("Enter a title."),
    "summary": gettext_lazy("Write a short summary of one or two sentences."),
    "body": gettext_lazy("Write the story."),
}


def _check(
    values: dict[str, Any], *, organisation: Organisation, added: dict[str, set]
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if values.get("kind") not in Story.Kind.values:
        errors["kind"] = _("Choose the kind of story.")
    organisations_error = named_organisations_error(
        added.get("organisations", set()),
        author=organisation,
        author_named=_("Your own organisation is the author: choose other ones."),
        not_signatory=_("Choose organisations among those that signed the charter."),
    )
    if organisations_error:
        errors["organisations"] = organisations_error
    actions = {a.pk for a in added.get("actions", set())}
    if actions and Action.objects.published().filter(pk__in=actions).count() < len(actions):
        errors["actions"] = _("Choose among the published actions.")
    return errors


EDITING_RULES = EditingRules(
    model=Story,
    audit_prefix="stories.story",
    slug_fallback="verhaal",
    required_text=REQUIRED_TEXT_FIELDS,
    may_create=is_signatory,
    not_signatory_message=gettext_lazy(
        "Your organisation can publish stories once a coordinator has approved its "
        "signature of the charter."
    ),
    not_editable_message=gettext_lazy(
        "This story was sent for review or is published, so it cannot be changed now. "
        "Take it back from review, or start a new version."
    ),
    check=_check,
)


def story_create(*, organisation: Organisation, by, data: dict[str, Any]) -> Story:
    """A new story in draft for ``organisation`` (an approved signatory)."""
    return reviewable_create(rules=EDITING_RULES, organisation=organisation, by=by, data=data)


def story_update(*, story: Story, by, data: dict[str, Any]) -> Story:
    """Change a draft, a story with changes requested, one taken offline, or a working copy
    (see ``reviews.editing.reviewable_update``)."""
    return reviewable_update(rules=EDITING_RULES, item=story, by=by, data=data)
