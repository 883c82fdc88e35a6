"""Lenient filter sets and pagination for the public lists (signatories, actions, stories).

A list's filters live in the URL, so a visitor may arrive with values we do not know: an old
link, a typo, a region that was renamed. Such a value never breaks the page: it is dropped,
described in ``notices``, and the other filters still apply.
"""

import copy
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .forms import CleanTextFormMixin
from .fragments import RESULTS_CACHE, CardRows, card_rows_of, until_content_changes
from .search import parse_search

T = TypeVar("T")

NOTHING_TO_SEARCH = gettext_lazy(
    "We could not search for “%(value)s”: type a word with letters or numbers."
)

# Why a filter value was left out (``DroppedValue.reason``).
UNKNOWN = "unknown"  # not one of the filter's values (``allowed`` lists them, if it can)
INVALID = "invalid"  # the filter's form field refused it (``errors`` says why)
NO_WORDS = "no_words"  # a search text without a word to search for
BEFORE_OTHER = "before_other"  # a last day before the first one (``other`` names that filter)


class DroppedValue(NamedTuple):
    """A filter value a list left out, and why, beside the page's notice in the page's words:
    what the API (which refuses rather than leaves out, ``opendata.api.filters``) needs to say
    so in its own words. ``parameter`` is the name in the query string, ``reason`` one of
    ``UNKNOWN``, ``INVALID``, ``NO_WORDS``, ``BEFORE_OTHER``."""

    parameter: str
    value: str
    reason: str
    allowed: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    other: str = ""


class _FiltersOfTheClass(OrderedDict):
    """A filter set's ``base_filters``, which django-filter deep-copies for every request
    (``BaseFilterSet.__init__``): every label, choice and field argument of every filter, a
    tenth of a warm list's time. What a request may change on its copy is the filter's own
    attributes (``parent``, ``model``, the field built for its form) and its ``extra`` (the
    choices known at request time: ``LenientFilterSet``), so each filter is copied with its own
    ``extra`` and its own ``FilterMethod`` (bound to the copy, which finds the method on the
    copy's ``parent``); what they share (labels, the list of choices a class declares) is read
    only."""

    def __deepcopy__(self, memo) -> OrderedDict:
        copies = OrderedDict()
        for name, base in self.items():
            item = copy.copy(base)
            item.extra = dict(base.extra)
            if base.method is not None:
                item.method = base.method  # a FilterMethod of the copy's own
            copies[name] = item
        return copies


def _choices_key(choices: dict[str, list[tuple]]) -> tuple:
    """The choices a request passes to its filter set, as a key: the values and the labels
    (the labels as shown, so the key of a list changes when a name does)."""
    return tuple(
        (name, tuple((str(value), str(label)) for value, label in options))
        for name, options in sorted(choices.items())
    )


class _KeptForm(NamedTuple):
    form_class: type
    known: dict[str, frozenset[str]]  # the values of each checked choice filter


class _KeptForms:
    """The filter forms built in this process, each kept under what it is built from: its
    filter set's class, the language and the choices the request passed (the vocabulary,
    the subregions, the months). A form class and its fields only depend on those; building
    them (the class, its fields and their lists of choices) cost every request of a public
    list its share of a millisecond. Nothing needs invalidating: the choices come from lists
    kept until public content changes (``common.fragments.until_content_changes``, keyed on
    ``content_generation``), so a new name or region makes a new key at once, as a card's key
    follows its rows (``shown_version``); the oldest forms make room (``LIMIT``). What a
    request changes stays its own: Django copies the class's fields into each form, and the
    lists of choices they share are tuples (``_SharedChoices``)."""

    LIMIT = 64

    def __init__(self):
        self._forms: dict[tuple, _KeptForm] = {}
        self._lock = threading.Lock()  # a process with threads (gunicorn's gthread)

    def get(self, key: tuple, build: Callable[[], _KeptForm]) -> _KeptForm:
        found = self._forms.get(key)
        if found is None:
            found = build()
            with self._lock:
                while len(self._forms) >= self.LIMIT:
                    self._forms.pop(next(iter(self._forms)))
                self._forms[key] = found
        return found

    def __len__(self) -> int:
        return len(self._forms)

    def clear(self) -> None:
        with self._lock:
            self._forms.clear()


_kept_forms = _KeptForms()


class _SharedChoices:
    """A choice field of a kept form (``_KeptForms``) whose choices are a tuple, never
    changed in place: each request's copy of the field shares it rather than copying every
    choice (``ChoiceField.__deepcopy__``). Giving a copy other choices replaces its own."""

    def __deepcopy__(self, memo):
        # What ``Field.__deepcopy__`` and ``ChoiceWidget.__deepcopy__`` copy (the widget and
        # its attributes, the messages, the validators), without ``ChoiceField``'s deep copy
        # of every choice or the widget's setter, which normalises every choice again: the
        # copy and its widget keep the same tuple.
        result = copy.copy(self)
        memo[id(self)] = result
        widget = copy.copy(self.widget)
        widget.attrs = self.widget.attrs.copy()
        memo[id(self.widget)] = widget
        result.widget = widget
        result.error_messages = self.error_messages.copy()
        result.validators = self.validators[:]
        return result


@functools.cache
def _shared_choices_class(field_class: type) -> type:
    return type(field_class.__name__, (_SharedChoices, field_class), {})


class LenientFilterSet(django_filters.FilterSet):
    """A ``FilterSet`` that leaves out unknown and invalid values with a notice.

    ``unknown_value_messages`` names the choice filters whose values are checked against their
    choices (message with ``%(value)s``); ``invalid_value_messages`` gives the notice for a
    filter whose value does not validate (``%(filter)s``, ``%(max)s`` and ``%(value)s`` are
    available). Choices known only at request time come in ``choices``. The filters named in
    ``search_filters`` are searches: a text with nothing to search for gets a notice too.
    """

    unknown_value_messages: dict[str, str] = {}
    invalid_value_messages: dict[str, str] = {}
    # The filters read as a search (``common.search``): a text without a word to search for
    # ("🚀", "!!!") is left out with a notice, rather than silently showing everything.
    search_filters: tuple[str, ...] = ()
    # What the list's query is made of beside the valid filter values and the day (a tab of
    # the page that picks another queryset): part of the key of its kept count and pages of
    # results (``filtered_count``, ``KeptResults``).
    results_variant: str = ""

    def __init__(
        self,
        data: QueryDict | None = None,
        queryset: QuerySet | None = None,
        *,
        choices: dict[str, list[tuple[str, str]]] | None = None,
        **kwargs,
    ):
        super().__init__(data, queryset, **kwargs)
        for name, options in (choices or {}).items():
            self.filters[name].extra["choices"] = options
        # What the form is built from, beside the class: its key among the kept forms.
        self._form_key = (type(self), get_language(), _choices_key(choices or {}))
        self.notices: list[str] = []
        # Each value left out, with its reason (``DroppedValue``), as ``notices`` are added.
        self.dropped: list[DroppedValue] = []
        if self.is_bound:
            self.data = self._without_unknown_values(self.data)

    @classmethod
    def get_filters(cls) -> OrderedDict:
        return _FiltersOfTheClass(super().get_filters())

    def get_form_class(self) -> type:
        """The filter form, which cleans its text like every form of ours (``common.forms``):
        built once per filter-set class, language and choices (``_KeptForms``)."""
        return _kept_forms.get(self._form_key, self._form_parts).form_class

    def _form_parts(self) -> "_KeptForm":
        form_class = super().get_form_class()
        if not issubclass(form_class, CleanTextFormMixin):
            form_class = type(form_class.__name__, (CleanTextFormMixin, form_class), {})
        for name, field in form_class.base_fields.items():
            options = self.filters[name].extra.get("choices")
            if (
                isinstance(field, forms.ChoiceField)
                and not isinstance(field, forms.ModelChoiceField)
                and isinstance(options, list | tuple)
                and isinstance(field.widget, forms.widgets.ChoiceWidget)
            ):
                # Read only from now on: shared by the forms of every request (_SharedChoices).
                # Set past the setters: they would make lists of them again.
                field._choices = field.widget._choices = tuple(field.choices)
                field.__class__ = _shared_choices_class(type(field))
        known = {
            name: frozenset(str(value) for value, _label in self.filters[name].extra["choices"])
            for name in self.unknown_value_messages
        }
        return _KeptForm(form_class, known)

    def _without_unknown_values(self, data: QueryDict) -> QueryDict:
        data = data.copy()
        # An empty value is no value: what an HTML form sends for a field left blank
        # (``?type=&q=``), so every filter, a multiple choice too, takes it as absent.
        for name in list(data):
            if not isinstance(data, QueryDict):  # a plain dict (tests, code)
                if data[name] == "":
                    del data[name]
                continue
            values = [value for value in data.getlist(name) if value != ""]
            if values:
                data.setlist(name, values)
            else:
                del data[name]
        kept = _kept_forms.get(self._form_key, self._form_parts)
        for name, message in self.unknown_value_messages.items():
            known = kept.known[name]
            values = data.getlist(name)
            unknown = [value for value in values if value not in known]
            if unknown:
                data.setlist(name, [value for value in values if value not in unknown])
                allowed = tuple(str(value) for value, _label in self.filters[name].extra["choices"])
                for value in dict.fromkeys(unknown):
                    self.notices.append(message % {"value": value[:60]})
                    self.dropped.append(DroppedValue(name, value[:60], UNKNOWN, allowed))
        return data

    def refusals(self) -> list[str]:
        """Each value left out (``dropped``), in the words of a refusal: for a download, which
        shows nothing instead (``common.csv_export.csv_refused``), where the page's
        ``notices`` ("…so we show every status") would not be true. Ask it after
        ``valid_data``, as ``notices``."""
        lines = []
        for dropped in self.dropped:
            names = {
                "value": dropped.value,
                "filter": self._filter_label(dropped.parameter),
            }
            if dropped.reason == UNKNOWN:
                line = _("There is no “%(value)s” for the filter “%(filter)s”.") % names
            elif dropped.reason == NO_WORDS:
                line = (
                    _("There is no word to search for in “%(value)s”: type letters or numbers.")
                    % names
                )
            elif dropped.reason == BEFORE_OTHER:
                line = _("“%(value)s” for the filter “%(filter)s” is before “%(other)s”.") % {
                    **names,
                    "other": self._filter_label(dropped.other),
                }
            else:
                line = _("We could not use “%(value)s” for the filter “%(filter)s”.") % names
                line = " ".join([line, *dropped.errors])
            lines.append(line)
        return lines

    def _filter_label(self, name: str) -> str:
        found = self.filters.get(name)
        return str(found.label) if found is not None and found.label else name

    @property
    def valid_data(self) -> dict:
        """The valid filter values; anything else was dropped with a notice."""
        if not hasattr(self, "_valid_data"):
            form = self.form
            if form.is_bound and not form.is_valid():
                for name in form.errors:
                    message = self.invalid_value_messages.get(
                        name, gettext_lazy("We could not use the filter “%(filter)s”.")
                    )
                    value = str(form.data.get(name, ""))[:60]
                    self.notices.append(
                        message
                        % {
                            "max": self.filters[name].extra.get("max_length", ""),
                            "filter": self.filters[name].label,
                            "value": value,
                        }
                    )
                    errors = tuple(str(error) for error in form.errors[name])
                    self.dropped.append(DroppedValue(name, value, INVALID, errors=errors))
            self._valid_data = form.cleaned_data if form.is_bound else {}
            for name, value in self._valid_data.items():
                if isinstance(value, list):  # ?subregion=gent&subregion=gent: one chip
                    self._valid_data[name] = list(dict.fromkeys(value))
            for name in self.search_filters:
                text = self._valid_data.get(name) or ""
                if text.strip() and not parse_search(text):
                    self._valid_data[name] = ""
                    self.notices.append(NOTHING_TO_SEARCH % {"value": text[:60]})
                    self.dropped.append(DroppedValue(name, text[:60], NO_WORDS))
        return self._valid_data

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.apply(queryset)

    def filtered(self, queryset: QuerySet, *, skip: Iterable[str] = ()) -> QuerySet:
        """The queryset with every valid filter except those in ``skip``, not sorted: a
        ``QuerySet`` to count or to sort another way (the counts of a filter's choices, the
        suggestions of an empty result)."""
        for name, value in self.valid_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def apply(self, queryset: QuerySet, *, skip: Iterable[str] = ()) -> QuerySet:
        """The results: ``filtered``, then sorted by ``ordered``, which may give a
        ``QuerySetParts`` rather than a ``QuerySet`` (only for the paginator)."""
        return self.ordered(self.filtered(queryset, skip=skip))

    def ordered(self, queryset: QuerySet) -> QuerySet:
        """Hook: the order of the results, after filtering."""
        return queryset


def exists_in(relation, *, lookup: str = "slug__in", value: object) -> Exists:
    """The row has at least one object in a many-to-many ``relation`` (``Action.subregions``)
    whose ``lookup`` (on the related model, ``"slug__in"``, ``"province__slug__in"``) matches
    ``value``.

    ``Exists`` over the relation's table rather than a join: a row that matches through two
    related objects stays one row, so a page of results and its count stay right.
    """
    field = relation.field
    rows = relation.through.objects.filter(
        **{
            field.m2m_field_name(): OuterRef("pk"),
            f"{field.m2m_reverse_field_name()}__{lookup}": value,
        }
    )
    return Exists(rows)


def in_relation(relation, *, lookup: str = "slug__in", value: object) -> Q:
    """Like ``exists_in`` as a condition of ``counts_where``: ``pk IN (the rows of the
    relation's table that match)``. PostgreSQL hashes that list once per condition, where an
    ``EXISTS`` is probed again for every row counted (at 100,000 actions: 0.1 s against 12 s
    for nine conditions)."""
    field = relation.field
    rows = relation.through.objects.filter(
        **{f"{field.m2m_reverse_field_name()}__{lookup}": value}
    ).values(field.m2m_field_name())
    return Q(pk__in=rows)


def counts_where(queryset: QuerySet, conditions: list[Q | Exists]) -> list[int]:
    """How many rows of ``queryset`` meet each condition, in one query (``COUNT(*) FILTER``),
    in the order of the conditions: the counts of the searches an empty result suggests."""
    if not conditions:
        return []
    totals = queryset.order_by().aggregate(
        **{f"n{index}": Count("pk", filter=condition) for index, condition in enumerate(conditions)}
    )
    return [totals[f"n{index}"] for index in range(len(conditions))]


def query_string(query: QueryDict, **changes) -> str:
    """``query`` with some parameters replaced or, with ``None`` or ``""``, removed, as
    ``?a=1&b=2`` (``?`` when nothing is left): a link to the same list with other filters."""
    query = query.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


class QuerySetParts:
    """A queryset whose order puts its rows in parts, one after the other, for a paginator.

    The catalogue's order (soonest first) lists the ongoing actions, then the upcoming ones,
    then those on request: read in one index, the first page walks past every row the filters
    drop before it finds the first one that stays. Here each part (``parts``, the same rows as
    ``whole`` split in that order, each ordered as ``whole``) reads at most the end of the page
    from its own index, and ``whole`` sorts only those candidates: one query, in the same order
    (the first *n* rows of the whole are among the first *n* of each part). On a database that
    cannot limit the parts of a ``UNION`` (SQLite), ``whole`` is read as it is.
    ``count()`` is the count of ``whole``.
    """

    ordered = True  # ordered like ``whole``: the paginator must not warn.

    def __init__(self, parts: Iterable[QuerySet], *, whole: QuerySet):
        self.parts = list(parts)
        self.whole = whole

    def count(self) -> int:
        return self.whole.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None or index.stop is None:
            raise TypeError("QuerySetParts takes a slice with a stop, as a paginator does.")
        start, stop = index.start or 0, index.stop
        features = connections[self.whole.db].features
        if not features.supports_slicing_ordering_in_compound:
            return list(self.whole[start:stop])
        first, *others = (part.values("pk")[:stop] for part in self.parts)
        candidates = first.union(*others, all=True)
        return list(self.whole.filter(pk__in=candidates)[start:stop])


def lenient_page(
    queryset, *, per_page: int, number: str | None, notices: list[str], count: int | None = None
) -> Page:
    """The requested page; a page that does not exist shows the nearest one, with a notice.
    ``count``: the number of rows of ``queryset`` when it is known (``filtered_count``)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property.
    raw = number or "1"
    try:
        number = int(raw)
    except ValueError:
        notices.append(
            _("There is no page “%(page)s”, so we show the first page.") % {"page": raw[:20]}
        )
        return paginator.page(1)
    if number < 1:
        notices.append(
            _("There is no page %(page)s, so we show the first page.") % {"page": number}
        )
        return paginator.page(1)
    if number > paginator.num_pages:
        notices.append(_("There is no page %(page)s, so we show the last page.") % {"page": number})
        return paginator.page(paginator.num_pages)
    return paginator.page(number)


def filtered_count(filterset) -> int:
    """The number of results of a public list's ``filterset``, kept until public content
    changes (``common.fragments.until_content_changes``, at most a minute): a count grows with
    the rows it counts (60,000 current actions at the large scale of ``bench/``), and the same
    filters are counted again for every visitor and every page of the results. Keyed on the
    valid filter values (what the query is made of) and the day (the current actions)."""
    return _kept_for_filters("count", filterset, lambda: filterset.qs.count())


def _kept_for_filters(kind: str, filterset, compute: Callable[[], T], *values, **options) -> T:
    """``compute()`` (which builds ``filterset.qs`` only on a miss) kept until public content
    changes, under the filter set's class and ``results_variant``, its valid filter values
    (what the query is made of, its order included), the day (``filterset.today``, for
    "current"), and ``values``."""
    return until_content_changes(
        f"{kind}:{type(filterset).__name__}:{filterset.results_variant}",
        compute,
        sorted(filterset.valid_data.items()),
        getattr(filterset, "today", None),
        *values,
        **options,
    )


class KeptResults:
    """The results of a public list's ``filterset`` for a paginator, each page's rows kept
    until public content changes (``common.fragments.until_content_changes``, at most a
    minute), like the number of results: the page of results is the one query a warm list
    still ran (at 100,000 actions 15 to 110 ms in the database, and as much again in Python to
    build and compile it; a search ranks every match). Keyed on the valid filter values (what
    the query is made of, its order included), the day and the rows asked for: the same
    filters asked through another URL (tracking parameters, another order of the parameters,
    a value that was dropped with a notice) read the same rows. With ``rows`` (a list's
    ``*_card_list``: the relations its cards show prefetched, each card's key computed), a
    page is kept as its rows' ids and cards' keys (``common.fragments.CardRows``): a warm page
    reads and unpickles nothing but those, its cards are keyed on their own rows, and the
    objects are loaded (one batch, by id, from ``filterset.queryset``) only if a card must be
    rendered when the page was kept by an earlier request. Without ``rows``, the objects (with
    what the list joins). Every link of the page is still made from the request. Kept in
    ``RESULTS_CACHE`` (fewer entries than the fragments: a page of objects weighs about 45
    times a card's HTML). ``count``: ``filtered_count``."""

    ordered = True  # ordered as the filter set sorts: the paginator must not warn.

    def __init__(self, filterset, *, count: int, rows: Callable[[list], list] = list):
        self.filterset = filterset
        self._count = count
        self._rows = rows

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None or index.stop is None:
            raise TypeError("KeptResults takes a slice with a stop, as a paginator does.")
        start, stop = index.start or 0, index.stop
        filterset, rows = self.filterset, self._rows
        if rows is list:
            return _kept_for_filters(
                "results",
                filterset,
                lambda: list(filterset.qs[start:stop]),
                start,
                stop,
                store=RESULTS_CACHE,
            )
        read = []

        def compute() -> list[tuple]:
            read.extend(rows(filterset.qs[start:stop]))
            return card_rows_of(read)

        kept = _kept_for_filters("card-rows", filterset, compute, start, stop, store=RESULTS_CACHE)
        return CardRows(
            kept,
            load=lambda pks: rows(filterset.queryset.filter(pk__in=pks)),
            load_any=lambda pks: rows(filterset.queryset.model._base_manager.filter(pk__in=pks)),
            objects=read if read else None,
        ).rows()


def kept_results(filterset, *, rows: Callable[[list], list] = list) -> KeptResults:
    """``filterset``'s results for ``lenient_page``: its number (``filtered_count``) and its
    pages of rows (``KeptResults``, each page made ready by ``rows``), kept until public
    content changes."""
    return KeptResults(filterset, count=filtered_count(filterset), rows=rows)


def catalogue_context(
    *, filterset, request, per_page: int, rows: Callable[[list], list] = list
) -> dict:
    """What every public catalogue page shows around its results: the page of results (each
    page's rows made ready by ``rows``: ``KeptResults``), the active filters as chips,
    notices about ignored values, and (with exactly one region chosen) that region, for its
    feeds."""
    results = kept_results(filterset, rows=rows)
    page = lenient_page(
        results,
        per_page=per_page,
        number=request.GET.get("page"),
        notices=filterset.notices,
        count=results.count(),
    )
    chips = filterset.chips()
    selected = filterset.selected()
    chosen = selected.get("subregion") or []
    subregions = {subregion.slug: subregion for subregion in filterset.subregions}
    return {
        "filterset": filterset,
        "selected": selected,
        "chips": chips,
        "filters_active": bool(chips),
        "subregions": filterset.subregions,
        "page_obj": page,
        "paginator": page.paginator,
        "notices": filterset.notices,
        "feed_subregion": subregions.get(chosen[0]) if len(chosen) == 1 else None,
    }


class HtmxResultsMixin:
    """htmx may swap in only the results when the filter form changes; any other request
    (and a history restore) gets the whole page, so the page works without JavaScript."""

    results_template_name = ""

    def get_context_data(self, **kwargs):
        # The filter form's action and the base of its chips' links: this page, without a query.
        return {**super().get_context_data(**kwargs), "list_url": self.request.path}

    def _is_results_request(self) -> bool:
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx) and htmx.target == "results" and not htmx.history_restore_request

    def get_template_names(self) -> list[str]:
        if self._is_results_request():
            return [self.results_template_name]
        return super().get_template_names()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response
