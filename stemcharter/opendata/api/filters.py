"""The API's filters are the public pages' own FilterSets (django-filter), given the choices
the pages give them, and applied by ``PublicPageFilterBackend``: where a page leaves out an
unknown value with a notice, the API refuses the request (400, ``errors.InvalidParameters``)
and says why in its own words (``errors.dropped_value_error``: "Unknown value …", not the
page's "so we left it out"), so a client never takes a list filtered on less than it asked
for as the answer to its question.

The lists filter as the pages do, by default too: ``/api/v1/actions/`` lists current actions
(``past=1`` adds the past ones, as on ``/acties/``), ``/api/v1/events/`` upcoming events
(``tab=past`` the past ones, as on ``/evenementen/``). A detail (``/api/v1/actions/<slug>/``)
finds every public row. The page's ``sort`` is not read (nor documented, so it is refused as
an unknown parameter): a list keeps its stable order (the cursor's).
"""

import operator
from functools import reduce

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from stemcharter.actions.filters import ActionFilterSet
from stemcharter.actions.selectors import (
    action_public_search,
    action_type_list,
    audience_list,
    discipline_list,
)
from stemcharter.charter.filters import SignatoryFilterSet
from stemcharter.charter.selectors import signatory_exists
from stemcharter.common.filters import exists_in
from stemcharter.events.filters import EventFilterSet
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.selectors import (
    organisation_match,
    organisations_filtered,
    sector_list,
    subregion_list,
)
from stemcharter.stories.filters import StoryFilterSet
from stemcharter.stories.selectors import story_public_search

from .errors import InvalidParameters, dropped_value_error

# Parameters of the pages that say nothing about which rows: left out of the API's document,
# so refused as unknown (``views.DatasetViewSet.known_parameters``).
NOT_FILTERS = frozenset({"sort"})
PAST_TAB = "past"
UPCOMING_TAB = "upcoming"


def public_organisation_match(
    text: str, published: QuerySet, relations: tuple[str, ...]
) -> tuple[bool, Organisation | None]:
    """The organisation filter's one rule for every dataset that has it: ``text`` is known when
    it is the slug or name of an organisation open data names, a public signatory or one named
    on a ``published`` row (by one of ``relations``), even one with nothing in the list (its
    list is empty, 200); never a private person (``Category.INDIVIDUAL``), who is refused like
    a name nobody has, so a refusal never tells one from the other."""
    named_in = [Exists(published.filter(**{relation: OuterRef("pk")})) for relation in relations]
    candidates = Organisation.objects.exclude(category=Category.INDIVIDUAL).filter(
        reduce(operator.or_, named_in, signatory_exists())
    )
    return organisation_match(candidates, text=text)


def organisations_named(value: str, named: Organisation | None) -> QuerySet:
    """The organisations the organisation filter stands for (``organisations_filtered``), but
    never a private person (``Category.INDIVIDUAL``): open data does not name them, so it finds
    nothing by their name either."""
    return organisations_filtered(text=value, named=named).exclude(category=Category.INDIVIDUAL)


class SignatoryApiFilterSet(SignatoryFilterSet):
    """``/ondertekenaars/``'s filters: q (name), category, sector, subregion."""

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(
            data, queryset, sectors=sector_list(), subregions=subregion_list(), **kwargs
        )


class PublicOrganisationFilterMixin:
    """The organisation filter's one rule in the API (``public_organisation_match``,
    ``organisations_named``), for a FilterSet whose rows (``Meta.model``) name an organisation
    (``organisation``) and others through the many-to-many ``others`` (an action's partners,
    a story's organisations): a row is found by either."""

    others: str

    def organisation_match(self, text: str) -> tuple[bool, Organisation | None]:
        return public_organisation_match(
            text, self._meta.model.objects.published(), ("organisation", self.others)
        )

    def filter_organisation(self, queryset, name: str, value: str):
        if not value:
            return queryset
        organisations = organisations_named(value, self.named_organisation)
        model = self._meta.model
        others = exists_in(getattr(model, self.others), lookup="in", value=organisations)
        return queryset.filter(Q(organisation__in=organisations) | others)


class ActionApiFilterSet(PublicOrganisationFilterMixin, ActionFilterSet):
    """``/acties/``'s filters (current actions unless ``past=1``)."""

    others = "partners"

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(
            data,
            queryset,
            action_types=action_type_list(),
            subregions=subregion_list(),
            audiences=audience_list(),
            disciplines=discipline_list(),
            **kwargs,
        )

    def filter_search(self, queryset, name: str, value: str):
        return action_public_search(queryset, text=value)  # no private person's name


class StoryApiFilterSet(PublicOrganisationFilterMixin, StoryFilterSet):
    """``/verhalen/``'s filters: q, kind, subregion, organisation."""

    others = "organisations"

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, subregions=subregion_list(), **kwargs)

    def filter_search(self, queryset, name: str, value: str):
        return story_public_search(queryset, text=value)  # no private person's name


class EventApiFilterSet(EventFilterSet):
    """``/evenementen/``'s filters: the tab (upcoming, the default, or past), subregion,
    audience and month (one of the tab's months)."""

    tab = django_filters.ChoiceFilter(
        label=_("Upcoming or past events"),
        choices=[(UPCOMING_TAB, _("Upcoming")), (PAST_TAB, _("Past"))],
        method="filter_tab",
    )

    unknown_value_messages = {
        **EventFilterSet.unknown_value_messages,
        "tab": _("There is no tab “%(value)s”: use upcoming or past."),
    }

    def __init__(self, data=None, queryset=None, **kwargs):
        self.past = data is not None and data.get("tab") == PAST_TAB
        super().__init__(
            data,
            queryset,
            subregions=subregion_list(),
            today=timezone.localdate(),
            past=self.past,
            **kwargs,
        )

    def filtered(self, queryset, *, skip=()):
        now = timezone.now()
        queryset = queryset.past(now) if self.past else queryset.upcoming(now)
        return super().filtered(queryset, skip=skip)

    def filter_tab(self, queryset, name, value):
        return queryset  # see filtered()


def filter_parameters(filterset_class: type) -> list[OpenApiParameter]:
    """The query parameters of a FilterSet for the OpenAPI document: each filter's label as
    its description; a choice filter of fixed choices lists them (the others depend on the
    database: see the vocabularies' datasets)."""
    parameters = []
    for name, item in filterset_class.base_filters.items():
        if name in NOT_FILTERS:
            continue
        many = isinstance(item, django_filters.MultipleChoiceFilter)
        choices = item.extra.get("choices") or []
        enum = [str(value) for value, _label in choices] if not callable(choices) else []
        kind = OpenApiTypes.STR
        if isinstance(item, django_filters.DateFilter):
            kind = OpenApiTypes.DATE
        elif isinstance(item, django_filters.NumberFilter):
            kind = OpenApiTypes.INT
        parameters.append(
            OpenApiParameter(
                name,
                type=kind,
                location=OpenApiParameter.QUERY,
                description=item.label,
                many=many or None,
                enum=enum or None,
            )
        )
    return parameters


def expected_form(filterset, name: str) -> str:
    """What the filter ``name`` of ``filterset`` takes, from its kind, for the API's refusal of
    a value of the wrong form (``errors.dropped_value_error``): a date, a whole number within
    its bounds, a text of at most so many characters, one of its choices."""
    item = filterset.filters[name]
    if isinstance(item, django_filters.DateFilter):
        return str(_("expected a date as YYYY-MM-DD"))
    if isinstance(item, django_filters.NumberFilter):
        low, high = item.extra.get("min_value"), item.extra.get("max_value")
        whole = issubclass(item.field_class, forms.IntegerField)
        if low is not None and high is not None:
            message = (
                _("expected a whole number from %(min)s to %(max)s")
                if whole
                else _("expected a number from %(min)s to %(max)s")
            )
            return str(message % {"min": low, "max": high})
        return str(_("expected a whole number") if whole else _("expected a number"))
    if isinstance(item, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        choices = item.extra.get("choices") or []
        allowed = ", ".join(str(value) for value, _label in choices)
        return str(_("expected one of: %(allowed)s") % {"allowed": allowed})
    if item.extra.get("max_length"):
        return str(
            _("expected a text of at most %(max)s characters") % {"max": item.extra["max_length"]}
        )
    return str(_("expected a text"))


class PublicPageFilterBackend:
    """Filters a list with its dataset's FilterSet (``Dataset.filterset_class``): the valid
    values as the page applies them; any value the page would leave out (unknown, invalid)
    is refused: ``InvalidParameters`` (400), one error per value the FilterSet dropped
    (``LenientFilterSet.dropped``). The view refuses a parameter it does not know
    (``views.refuse_unknown_parameters``), those of ``NOT_FILTERS`` (the page's sort) too."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = view.dataset.filterset_class
        if filterset_class is None:
            return queryset
        filterset = filterset_class(request.query_params.copy(), queryset=queryset)
        filterset.valid_data  # noqa: B018  (validates; fills dropped)
        if filterset.dropped:
            raise InvalidParameters(
                [
                    dropped_value_error(item, expected_form(filterset, item.parameter))
                    for item in filterset.dropped
                ]
            )
        return filterset.filtered(queryset)

    def get_schema_operation_parameters(self, view) -> list:
        return []  # the views declare them with extend_schema (filter_parameters)
