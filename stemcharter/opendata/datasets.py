"""The public datasets (issue 15): one description each, read by both the API (``/api/v1/``)
and the open-data downloads (``/open-data/``), so the two never disagree.

A dataset is registered once (``register``) from this app's ``ready()``; the API builds its
list and detail endpoints from it and the export writes its CSV and JSON from it. The
serializer is the data dictionary: each of its fields carries a ``help_text`` (lazily
translated), which the OpenAPI document and the page ``/open-data/`` both show.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Dataset:
    """One public dataset.

    ``key``: the name in URLs and file names (``actions`` → ``/api/v1/actions/``,
    ``actions.csv``), lowercase ASCII with hyphens.
    ``queryset``: called per request or export; returns public rows only (what the public pages
    show to an anonymous visitor, never a draft or a private person), ordered by a unique,
    indexed key so pages and exports are stable.
    ``serializer_class``: a Django REST framework serializer of one row; its fields, with their
    ``help_text``, are the dataset's columns.
    ``filterset_class``: the django-filter FilterSet of the matching public page, when there is
    one, so the API filters as the page does.
    ``lookup_field``: the field a detail URL names (``slug``, or ``code`` for a vocabulary).
    ``description`` says what the dataset holds: every row of ``queryset``, which is what the
    download files hold (``exports``); ``list_note`` what the API's list shows by default when
    that is less (its FilterSet's defaults, as on the page: the current actions, the upcoming
    events), for the OpenAPI document only.
    """

    key: str
    title: Promise | str
    description: Promise | str
    queryset: Callable[[], QuerySet]
    serializer_class: type
    filterset_class: type | None = None
    lookup_field: str = "slug"
    list_note: Promise | str = ""


_DATASETS: dict[str, Dataset] = {}


def register(dataset: Dataset) -> None:
    """Adds a dataset. Raises ``ValueError`` when its key is taken (two descriptions of one
    dataset would drift apart)."""
    if dataset.key in _DATASETS:
        raise ValueError(f"A dataset with the key {dataset.key!r} is registered already.")
    _DATASETS[dataset.key] = dataset


def dataset_list() -> list[Dataset]:
    """Every registered dataset, in the order registered."""
    return list(_DATASETS.values())


def dataset_get(key: str) -> Dataset:
    """The dataset with this key; raises ``KeyError`` for an unknown one."""
    return _DATASETS[key]


# --- opendata ---
def unregister(key: str) -> Dataset:
    """Takes the dataset with this key out again and returns it; raises ``KeyError`` for an
    unknown key. For tests, which register a small dataset of their own (``registered``)."""
    return _DATASETS.pop(key)


@contextmanager
def registered(*datasets: Dataset) -> Iterator[None]:
    """Registers ``datasets`` for the duration of the ``with`` block, then takes them out again
    (also when the block raises): a test's own small dataset never leaks into other tests."""
    done = []
    try:
        for dataset in datasets:
            register(dataset)
            done.append(dataset.key)
        yield
    finally:
        for key in done:
            _DATASETS.pop(key, None)


# --- end of opendata ---
