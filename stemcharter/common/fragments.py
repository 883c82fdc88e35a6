"""Rendered fragments of a page (a card) kept in the cache, keyed on what they show.

A card of an action, a story or a signatory is the same HTML for every visitor: its key is made
of the rows it shows (each one's model, id and ``updated_at``: saving any of them makes a new
key; a relation's rows as a list, so adding or removing one makes a new key too), the other
values it depends on (the heading level, today's date for "past"), the language, and the
version of the templates and translations this process runs (a deploy that changes a template
or a translation makes new keys too). A change to one action therefore leaves every other card
where it is: the model's ``card_version`` (``shown_version`` of what its card template shows,
its relations prefetched with the list, so computed when the list is loaded and kept with it)
is what the card template passes. A key is never invalidated: a change makes another key, and
the old fragment expires after ``PUBLIC_PAGES_MAX_AGE`` seconds (a minute: a bulk update that
leaves ``updated_at`` as it was shows within it, as on the page cache) or makes room. They live
in each process's memory (``settings.CACHES["fragments"]``): a key means the same HTML
everywhere, so nothing needs to be shared, and a round trip to Redis per card cost more than
rendering the card. Template tag: ``{% fragment_cache "name" value … %}…{% endfragment_cache %}``
(``templatetags/stem.py``).

A fragment whose objects are many or not at hand (a filter panel of every region, a count of
results) is keyed on ``content_generation`` instead (``common.page_cache``): it moves on with
every save or delete of public content, so such a key is never read after a change; these keys
expire after ``PUBLIC_PAGES_MAX_AGE`` (a minute), like the page cache, for the changes no signal
reports (bulk updates). ``until_content_changes`` keeps the result of a query the same way.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db.models import Model, prefetch_related_objects
from django.template.utils import get_app_template_dirs
from django.utils.translation import get_language

from .page_cache import content_generation

FRAGMENT_CACHE = "fragments"  # settings.CACHES: each process's memory
# The rows of pages of results (common.filters.KeptResults): each process's memory, fewer
# entries.
RESULTS_CACHE = "list-results"
# What a public page reads, as objects that are not copied for each reader: read only
# (common.cache_backends.ObjectMemoryCache).
PAGE_DATA_CACHE = "page-data"
# Every cache of this module: each process's own, emptied together (tests, the benchmark).
PROCESS_CACHES = (FRAGMENT_CACHE, RESULTS_CACHE, PAGE_DATA_CACHE)
T = TypeVar("T")


@cache
def templates_version() -> str:
    """A digest of every template and compiled translation this process renders with."""
    digest = hashlib.blake2b(digest_size=8)
    roots = [
        *(Path(directory) for engine in settings.TEMPLATES for directory in engine["DIRS"]),
        *(Path(directory) for directory in get_app_template_dirs("templates")),
        *(Path(directory) for directory in settings.LOCALE_PATHS),
    ]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".txt", ".mo") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _version_of(value) -> str:
    if isinstance(value, Model):
        return f"{value._meta.label_lower}:{value.pk}:{value.updated_at.isoformat()}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{key!r}:{_version_of(item)}" for key, item in value.items()) + "}"
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return "[" + ",".join(_version_of(item) for item in value) + "]"
    return repr(value)


def fragment_store():
    return caches[FRAGMENT_CACHE]


def fragment_key(name: str, values: Iterable) -> str:
    """The cache key of fragment ``name`` showing ``values`` (models, lists of models, or
    plain values), in the current language."""
    return f"fragment:{name}:{get_language()}:{templates_version()}:{_digest(values)}"


def _digest(values: Iterable) -> str:
    parts = "|".join(_version_of(value) for value in values)
    return hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()


def with_card_versions(objects: Iterable, *lookups) -> list:
    """``objects`` as a list ready for cards: ``lookups`` (as ``prefetch_related`` takes them:
    the relations the cards show) prefetched for the whole list, and each object's
    ``card_version`` computed from them, so a list kept with ``until_content_changes`` keeps
    the versions too and a page whose cards are all in the cache reads no relation at all."""
    objects = list(objects)
    prefetch_related_objects(objects, *lookups)
    for item in objects:
        item._card_version = item.card_version
    return objects


class CardRows:
    """A page of cards kept as what the page needs: each row's id and its card's key
    (``card_version``), not the objects, so a page whose cards are all in the cache unpickles
    no model instance. ``rows()`` gives an object per row for the template: its
    ``card_version`` at once; any other attribute (the card is not in the cache and is
    rendered) loads the objects of every row of the page with one call of ``load(ids)`` (a
    list ready for cards, in any order), unless the request that read the page still has them
    (``objects``). A row that ``load`` no longer finds (a bulk update took it out of the list
    within the page's minute, without a signal) is read with ``load_any`` (the model's own
    rows, the list's filters left out), as the page would have shown it; a row gone from the
    database has no attributes, so its card renders empty rather than fail."""

    def __init__(
        self,
        kept: list[tuple],
        *,
        load: Callable[[list], Iterable[Model]],
        load_any: Callable[[list], Iterable[Model]],
        objects: Iterable[Model] | None = None,
    ):
        self.kept = kept
        self._load = load
        self._load_any = load_any
        self._objects = {item.pk: item for item in objects} if objects is not None else None

    def object(self, pk) -> Model:
        if self._objects is None:
            pks = [pk for pk, _ in self.kept]
            self._objects = {item.pk: item for item in self._load(pks)}
            missing = [pk for pk in pks if pk not in self._objects]
            if missing:
                self._objects.update((item.pk, item) for item in self._load_any(missing))
        try:
            return self._objects[pk]
        except KeyError:
            raise AttributeError(pk) from None

    def rows(self) -> list["CardRow"]:
        return [CardRow(pk, version, self) for pk, version in self.kept]


class CardRow:
    """One row of ``CardRows``: ``pk`` and ``card_version`` kept, anything else read from the
    object, loaded with the rest of the page when first asked for."""

    __slots__ = ("_rows", "card_version", "pk")

    def __init__(self, pk, card_version: str, rows: CardRows):
        self.pk = pk
        self.card_version = card_version
        self._rows = rows

    def __getattr__(self, name: str):
        return getattr(self._rows.object(self.pk), name)


def card_rows_of(objects: list[Model]) -> list[tuple]:
    """What ``CardRows`` keeps of ``objects`` (ready for cards): each one's id and key."""
    return [(item.pk, item.card_version) for item in objects]


def kept_card_version(item: Model) -> str | None:
    """The ``card_version`` that ``with_card_versions`` computed for ``item``, if it did (a
    model's ``card_version`` returns it, or computes its own)."""
    return item.__dict__.get("_card_version")


def shown_version(*values) -> str:
    """A short version of ``values`` (rows, lists of rows, plain values): it changes when any
    row among them is saved (its ``updated_at``), when a list gains or loses a row, or when a
    plain value changes. For a model's ``card_version``: pass every row its card shows."""
    return _digest(values)


def forget_kept() -> None:
    """Empty this process's caches of fragments, pages of results and page data
    (``PROCESS_CACHES``): what the first request after a change to public content finds."""
    for name in PROCESS_CACHES:
        caches[name].clear()


def until_content_changes(
    name: str, compute: Callable[[], T], *values, store: str = FRAGMENT_CACHE
) -> T:
    """``compute()``, kept in this process's memory under ``name`` and ``values`` (as in
    ``fragment_key``) until public content changes (``content_generation``), at most
    ``PUBLIC_PAGES_MAX_AGE`` seconds: for the results of queries that every visitor of a
    public page shares (the vocabulary of a filter panel, the number of results of a filter).
    ``compute`` must not depend on the visitor; what it returns must pickle (model instances
    keep what was joined and prefetched). ``store``: the cache (``settings.CACHES``) to keep
    it in, a process's memory; with ``PAGE_DATA_CACHE`` every reader gets the very objects
    ``compute`` returned (no copy, nothing to unpickle), which must then be read only. Kept
    per language: what it returns may hold text already translated (a criterion's words for
    visitors, a region's name)."""
    key = f"data:{name}:{get_language()}:{content_generation()}:{_digest(values)}"
    store = caches[store]
    found = store.get(key)
    if found is not None:
        return found[0]
    value = compute()
    store.set(key, (value,), timeout=settings.PUBLIC_PAGES_MAX_AGE)
    return value
