"""The full-text search of a model (actions, stories), described once: what it reads, how it
searches, and how its index stays up to date.

A ``SearchIndex`` names a model with a ``search_vector`` column (a ``SearchVectorField`` with a
GIN index on PostgreSQL) and:

- ``vector``: what the vector reads, weighted (``folded_vector`` for each part, so accents are
  left out as they are of what people type: ``common.search.fold``);
- ``fallback_fields``: the same fields as lookups, by weight, for SQLite, which has no
  full-text index (``common.search.fallback_search``);
- ``shown_in``: the other models whose words the vector reads (an organisation's name, a
  region's names), the fields of each that it reads, and which rows show a given one. Saving
  one of them refreshes the vectors of the rows that show it: at once when they are few,
  through the task queue when they are many (an action type shown by 100,000 actions), once
  the transaction commits (``tasks.search_reindex_task``).

``search`` reads a text as every search of the site does (``common.search.parse_search``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchRank, SearchVector
from django.db import connections, transaction
from django.db.models import F, Func, Model, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.db.models.signals import post_save

from .search import Fold, fallback_search, parse_search, search_query

SEARCH_CONFIG = "dutch"
# A change shown by at most this many indexed rows refreshes them in the request (one
# ``UPDATE`` of a few rows); more go to the task queue, so saving an action type in the admin
# does not rewrite the vectors of all its actions before the page answers.
DIRECT_REINDEX_MAX = 200

# Every index by its name, for the task queue (which receives names, not objects).
INDEXES: dict[str, "SearchIndex"] = {}


@dataclass(frozen=True)
class ShownIn:
    """The fields of a related model the vector reads, and the indexed rows that show one."""

    fields: frozenset[str]
    rows: Callable[[Model], QuerySet]


@dataclass
class SearchIndex:
    name: str
    model: type[Model]
    vector: Callable[[], SearchVector]
    fallback_fields: dict[str, int]
    shown_in: dict[type[Model], ShownIn] = field(default_factory=dict)
    # What open data may search (``public_search``): the vector as it would be without the
    # words open data does not show (a private person's name), and the conditions the SQLite
    # fallback puts on the same lookups (``search.fallback_search``). None: all of it.
    public_vector: Callable[[], SearchVector] | None = None
    public_fallback_conditions: dict[str, Q] = field(default_factory=dict)

    def __post_init__(self) -> None:
        INDEXES[self.name] = self

    # Searching

    def search(self, queryset: QuerySet, *, text: str) -> QuerySet:
        """Rows of ``queryset`` matching ``text``, annotated with ``search_rank`` (higher is
        better; 0 for all when ``text`` holds no word to search for).

        PostgreSQL reads the full-text index with the language's stemming ("robots" finds
        "robot"); elsewhere every term must appear in one of ``fallback_fields`` and a term in
        a heavier field ranks higher."""
        search = parse_search(text)
        if not search:
            return queryset.annotate(search_rank=Value(0.0))
        if connections[queryset.db].vendor == "postgresql":
            query = search_query(search, config=SEARCH_CONFIG)
            return queryset.filter(search_vector=query).annotate(
                search_rank=SearchRank(F("search_vector"), query)
            )
        return fallback_search(queryset, search, fields=self.fallback_fields)

    def public_search(self, queryset: QuerySet, *, text: str) -> QuerySet:
        """``search``, but a row is only found by words open data shows (the API's ``q``): a
        row the index finds only through a private person's name is not found. PostgreSQL
        reads the index first, then builds ``public_vector`` for those rows alone (the rank
        stays the index's); SQLite reads the fallback fields under
        ``public_fallback_conditions``."""
        if self.public_vector is None:
            return self.search(queryset, text=text)
        search = parse_search(text)
        if not search:
            return queryset.annotate(search_rank=Value(0.0))
        if connections[queryset.db].vendor == "postgresql":
            query = search_query(search, config=SEARCH_CONFIG)
            return (
                queryset.filter(search_vector=query)
                .annotate(public_search_vector=self.public_vector())
                .filter(public_search_vector=query)
                .annotate(search_rank=SearchRank(F("search_vector"), query))
            )
        return fallback_search(
            queryset,
            search,
            fields=self.fallback_fields,
            conditions=self.public_fallback_conditions,
        )

    # Keeping the index up to date

    def reindex(self, queryset: QuerySet) -> None:
        """Refresh the vectors of ``queryset`` in one statement (PostgreSQL only)."""
        if connections[queryset.db].vendor != "postgresql":
            return
        queryset.update(search_vector=self.vector())

    def index(self, row: Model) -> None:
        """Refresh the vector of one row (when it is published)."""
        self.reindex(self.model._default_manager.filter(pk=row.pk))

    def rows_showing(self, row: Model) -> QuerySet:
        """The indexed rows whose vector reads ``row`` (of a model of ``shown_in``)."""
        shown = self.shown_in[type(row)].rows(row).filter(search_vector__isnull=False)
        return self.model._default_manager.filter(pk__in=shown.values("pk"))

    def reindex_showing(self, row: Model, *, updated: Iterable[str] | None = None) -> None:
        """After ``row`` changed (only the fields ``updated``, when known): refresh the rows
        that show it, at once when they are few, else through the task queue."""
        if updated is not None and not self.shown_in[type(row)].fields & set(updated):
            return  # the vectors do not read what changed
        rows = self.rows_showing(row)
        few = list(rows.values_list("pk", flat=True)[: DIRECT_REINDEX_MAX + 1])
        if len(few) <= DIRECT_REINDEX_MAX:
            if few:
                self.reindex(self.model._default_manager.filter(pk__in=few))
            return
        from .tasks import search_reindex_task

        label = row._meta.label_lower
        transaction.on_commit(
            lambda: search_reindex_task.enqueue(index=self.name, model=label, pk=row.pk),
            using=rows.db,
        )

    def connect(self) -> None:
        """Refresh the vectors when a row of ``shown_in`` is saved (through a service or the
        admin alike); a new row is shown nowhere yet."""

        def changed(sender, instance, created, update_fields=None, **kwargs) -> None:
            if not created:
                self.reindex_showing(instance, updated=update_fields)

        for model in self.shown_in:
            post_save.connect(
                changed,
                sender=model,
                weak=False,
                dispatch_uid=f"search_{self.name}_{model._meta.label_lower}",
            )


# Parts of a vector


def folded_vector(*expressions, weight: str) -> SearchVector:
    """One weighted part of a vector: ``expressions`` without accents (``search.Fold``)."""
    return SearchVector(
        *(Fold(expression) for expression in expressions), weight=weight, config=SEARCH_CONFIG
    )


def spaced(*fields: str) -> Concat:
    """The values of ``fields`` of a row as one text, separated by spaces."""
    parts = [part for name in fields for part in (Value(" "), F(name))][1:]
    return Concat(*parts, output_field=TextField())


def subquery_value(queryset: QuerySet) -> Subquery:
    """The value of a subquery of one row and one column (``values(...)``)."""
    return Subquery(queryset.order_by())


def subquery_words(queryset: QuerySet) -> Func:
    """The values of a subquery of one column (``values(...)``), as one text."""
    return Func(
        ArraySubquery(queryset.order_by()),
        Value(" "),
        function="array_to_string",
        output_field=TextField(),
    )
