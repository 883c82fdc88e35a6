"""Writing actions: create and change them (the review workflow itself is ``reviews.services``).

``data`` holds model field names: the content fields of ``Action.revision_fields`` and the
many-to-many fields of ``Action.revision_m2m_fields`` (as model instances or querysets). A
partial ``data`` changes only those fields, so each step of the portal saves its own part.
"""

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from stemcharter.registrations.registry import RegistrationMode
from stemcharter.registrations.services import capacity_below_taken_message, waitlist_promote
from stemcharter.reviews.editing import (
    EditingRules,
    named_organisations_error,
    reviewable_create,
    reviewable_update,
)
from stemcharter.vocabulary.models import ActionType

from .models import Action

REQUIRED_TEXT_FIELDS = {
    "title": gettext_lazy("Enter a title."),
    "summary": gettext_lazy("Write a short summary of one or two sentences."),
    "description": gettext_lazy(
        "Describe the action: what happens, for whom, what participants need."
    ),
}


def action_search_index(*, action: Action) -> None:
    """Refresh the full-text search vector of a live action (PostgreSQL only; SQLite searches
    without an index, see ``selectors``)."""
    ACTION_SEARCH.index(action)


def action_published(action: Action) -> None:
    """After an action (or a new version of it) is published: the search index, and places
    added by the new version go to the waitlist."""
    action_search_index(action=action)
    if action.participation == Action.Participation.REGISTRATION:
        waitlist_promote(item=action)


def action_search_reindex(actions: QuerySet[Action]) -> None:
    """Refresh the search vectors of ``actions`` in one statement (PostgreSQL only)."""
    ACTION_SEARCH.reindex(actions)


def action_search_vector(*, organisations: QuerySet[Organisation] | None = None) -> SearchVector:
    """What the full-text search of the catalogue reads, weighted: title first; then the
    summary, the place (the location and the regions with their provinces), the type (its
    names and search terms) and the organisations (the organiser and the partners); then the
    description. Subqueries, not joins, so one ``UPDATE`` can fill every row. Accents are
    left out (``common.search.Fold``), as they are of what people type. ``organisations``:
    the ones whose names it reads (all unless given; open data: ``action_public_search``)."""
    organisations = Organisation.objects.all() if organisations is None else organisations
    action_type = ActionType.objects.filter(pk=OuterRef("action_type_id")).annotate(
        words=spaced("name_nl", "name_en", "search_terms_nl", "search_terms_en")
    )
    organiser = organisations.filter(pk=OuterRef("organisation_id"))
    partners = organisations.filter(partner_actions=OuterRef("pk"))
    places = Subregion.objects.filter(actions=OuterRef("pk")).annotate(
        words=spaced("name_nl", "name_en", "province__name_nl", "province__name_en")
    )
    return (
        folded_vector("title", weight="A")
        + folded_vector("summary", weight="B")
        + folded_vector("location", subquery_words(places.values("words")), weight="B")
        + folded_vector(subquery_value(action_type.values("words")), weight="B")
        + folded_vector(
            subquery_value(organiser.values("name")),
            subquery_words(partners.values("name")),
            weight="B",
        )
        + folded_vector("description", weight="C")
    )


# The search of the catalogue (``selectors.action_search``) and its index: published actions
# are indexed (``apps``), and a change to the words of a type, an organisation or a place that
# actions show refreshes theirs (``receivers``).
ACTION_SEARCH = SearchIndex(
    name="actions",
    model=Action,
    vector=action_search_vector,
    # What the SQLite fallback reads (as the vector), by weight in its rank.
    fallback_fields={
        "title": 2,
        "summary": 1,
        "description": 0,
        "location": 0,
        "subregions__name_nl": 0,
        "subregions__name_en": 0,
        "subregions__province__name_nl": 0,
        "subregions__province__name_en": 0,
        "action_type__name_nl": 0,
        "action_type__name_en": 0,
        "action_type__search_terms_nl": 0,
        "action_type__search_terms_en": 0,
        "organisation__name": 0,
        "partners__name": 0,
    },
    # Open data never names a private person (``Category.INDIVIDUAL``): nor finds by the name.
    public_vector=lambda: action_search_vector(
        organisations=Organisation.objects.exclude(category=Category.INDIVIDUAL)
    ),
    public_fallback_conditions={
        "organisation__name": ~Q(organisation__category=Category.INDIVIDUAL),
        "partners__name": ~Q(partners__category=Category.INDIVIDUAL),
    },
    shown_in={
        ActionType: ShownIn(
            frozenset({"name_nl", "name_en", "search_terms_nl", "search_terms_en"}),
            lambda row: Action.objects.filter(action_type=row),
        ),
        Organisation: ShownIn(frozenset({"name"}), lambda row: Action.objects.involving(row)),
        Subregion: ShownIn(
            frozenset({"name_nl", "name_en"}), lambda row: Action.objects.filter(subregions=row)
        ),
        Province: ShownIn(
            frozenset({"name_nl", "name_en"}),
            lambda row: Action.objects.filter(subregions__province=row),
        ),
    },
)


def action_when_how_errors(values: dict[str, Any]) -> dict[str, str]:
    """The rules between the fields of "when and how", by field (empty when all is well).

    The portal form shows these beside its fields; the services check them again on save.
    """
    errors: dict[str, str] = {}
    timing, start, end = values.get("timing"), values.get("start_date"), values.get("end_date")
    if timing == Action.Timing.DATE and not start:
        errors["start_date"] = _("Enter the date of the action, for example 2027-03-27.")
    elif timing == Action.Timing.PERIOD:
        if not start:
            errors["start_date"] = _("Enter the first day, for example 2027-03-27.")
        if not end:
            errors["end_date"] = _("Enter the last day, for example 2027-04-30.")
        elif start and end < start:
            errors["end_date"] = _("The last day must be the same as or later than the first day.")
    low, high = values.get("group_min"), values.get("group_max")
    if low and high and high < low:
        errors["group_max"] = _(
            "The largest group must be as large as the smallest group or larger "
            "(%(min)s or more), or leave it empty."
        ) % {"min": low}
    participation = values.get("participation")
    if participation == Action.Participation.LINK and not values.get("participation_url"):
        errors["participation_url"] = _(
            "Enter the web address where people sign up, for example https://www.example.be."
        )
    elif participation == Action.Participation.EMAIL and not values.get("participation_email"):
        errors["participation_email"] = _(
            "Enter the email address where people sign up, for example info@example.be."
        )
    deadline = values.get("registration_deadline")
    last_day = end or start
    if (
        participation == Action.Participation.REGISTRATION
        and deadline is not None
        and last_day is not None
        and timezone.localdate(deadline) > last_day
    ):
        errors["registration_deadline"] = _(
            "Registration must close on or before the last day of the action."
        )
    return errors


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """One day ends on its start date; "on request" has no dates; only the chosen way to take
    part keeps its address."""
    values = dict(values)
    if values.get("timing") == Action.Timing.ON_REQUEST:
        values["start_date"] = values["end_date"] = None
    elif values.get("timing") == Action.Timing.DATE:
        values["end_date"] = values.get("start_date")
    if values.get("participation") != Action.Participation.LINK:
        values["participation_url"] = ""
    if values.get("participation") != Action.Participation.EMAIL:
        values["participation_email"] = ""
    if values.get("participation") != Action.Participation.REGISTRATION:
        values["registration_deadline"] = None
        values["registration_mode"] = RegistrationMode.FIRST_COME
    return values


def _check(
    values: dict[str, Any], *, organisation: Organisation, added: dict[str, set]
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if values.get("places") is not None and values["places"] < 1:
        errors["places"] = _("Enter a number of places of 1 or more, or leave it empty.")
    for field in ("group_min", "group_max"):
        if values.get(field) is not None and values[field] < 1:
            errors[field] = _("Enter a group size of 1 or more, or leave it empty.")
    errors.update(action_when_how_errors(values))
    partners_error = named_organisations_error(
        added.get("partners", set()),
        author=organisation,
        author_named=_("Your own organisation is the organiser, not a partner."),
        not_signatory=_("Choose partners among the organisations that signed the charter."),
    )
    if partners_error:
        errors["partners"] = partners_error
    return errors


EDITING_RULES = EditingRules(
    model=Action,
    audit_prefix="actions.action",
    slug_fallback="actie",
    required_text=REQUIRED_TEXT_FIELDS,
    may_create=is_signatory,
    not_signatory_message=gettext_lazy(
        "Your organisation can publish actions once a coordinator has approved its "
        "signature of the charter."
    ),
    not_editable_message=gettext_lazy(
        "This action was sent for review or is published, so it cannot be changed now. "
        "Take it back from review, or start a new version."
    ),
    defaults={
        "location": "",
        "participation_url": "",
        "participation_email": "",
        "cost": "",
        "timing": Action.Timing.ON_REQUEST,
        "participation": Action.Participation.ORGANISER,
    },
    check=_check,
    normalise=_normalised,
)


def action_create(*, organisation: Organisation, by, data: dict[str, Any]) -> Action:
    """A new action in draft for ``organisation`` (an approved signatory)."""
    return reviewable_create(rules=EDITING_RULES, organisation=organisation, by=by, data=data)


def action_update(*, action: Action, by, data: dict[str, Any]) -> Action:
    """Change a draft, an action with changes requested, one taken offline, or a working copy
    (see ``reviews.editing.reviewable_update``).

    The places of an action that takes registrations cannot go below the seats its live
    version has given already (``registrations.services.capacity_below_taken_message``, the
    events' rule): the error comes with the others, and nothing is saved."""
    with transaction.atomic():
        errors: dict = {}
        try:
            updated = reviewable_update(rules=EDITING_RULES, item=action, by=by, data=data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            errors = dict(error.error_dict)
            updated = None
        if "places" in data and "places" not in errors:
            places_error = capacity_below_taken_message(
                item=action.live_item, capacity=data["places"]
            )
            if places_error:
                errors["places"] = [ValidationError(places_error)]
        if errors:
            raise ValidationError(errors)
    return updated
