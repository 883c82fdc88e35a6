"""Who offers what: the signatories that offer a kind of help, work in a STEM discipline, and
are active in a subregion (issue 13: matching a school's support request to signatories).

What an organisation offers is told by apps on the floors above, which this app (and
``support``, on the content floor beside ``actions``) may not import: ``actions`` knows the
published actions (their type, their disciplines, their subregions), ``charter`` the
commitments of an approved signature (the action types it promises). Each registers an
``OfferSource`` in its ``AppConfig.ready`` (``offer_source_register``); a reader asks them all
through ``offers_kind``, ``works_in`` and ``active_in``, conditions that go in a filter.

A source's functions return a queryset of its own rows that EXISTS when the organisation
offers it; they never run a query themselves. Each argument is either a value (an id) or an
expression of the asking query, one level up (``OuterRef("pk")`` of an organisation query,
``OuterRef("kind")`` of a support-request query). ``disciplines`` and ``subregions`` are a list
of ids or a queryset of ids, which the source uses as ``<relation>__in=`` on its own rows: an
expression of the asking query inside such a queryset is ``OuterRef(OuterRef(...))``. So one
condition costs no query of its own, and a list of signatories is matched in one query however
many there are.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, Q, QuerySet

from .models import Organisation

# ``(organisation=..., action_type=...)``, ``(organisation=..., disciplines=...)``,
# ``(organisation=..., subregions=...)``: a queryset that exists when the organisation matches.
SourceQuery = Callable[..., QuerySet]


@dataclass(frozen=True)
class OfferSource:
    """One app's knowledge of what organisations offer; a source may know only some of it."""

    key: str
    # The organisation offers this kind of help (an ``ActionType``).
    offers_kind: SourceQuery | None = None
    # It works in one of these STEM disciplines.
    works_in: SourceQuery | None = None
    # It is active in one of these subregions (beside its own, which this app knows).
    active_in: SourceQuery | None = None


_sources: dict[str, OfferSource] = {}


def offer_source_register(source: OfferSource) -> None:
    """Add ``source`` (once per key, at start-up: a second registration replaces the first)."""
    _sources[source.key] = source


def offer_sources() -> list[OfferSource]:
    return list(_sources.values())


def _any(conditions: list) -> Q:
    # Nothing known: no organisation matches (``pk IN ()`` on whatever model asks).
    return reduce(or_, (Q(condition) for condition in conditions), Q(pk__in=[]))


def offers_kind(*, organisation: Any, action_type: Any) -> Q:
    """A filter: ``organisation`` offers help of ``action_type`` (any source says so)."""
    return _any(
        [
            Exists(source.offers_kind(organisation=organisation, action_type=action_type))
            for source in _sources.values()
            if source.offers_kind is not None
        ]
    )


def works_in(*, organisation: Any, disciplines: Any) -> Q:
    """A filter: ``organisation`` works in one of ``disciplines`` (any source says so)."""
    return _any(
        [
            Exists(source.works_in(organisation=organisation, disciplines=disciplines))
            for source in _sources.values()
            if source.works_in is not None
        ]
    )


def active_in(*, organisation: Any, subregions: Any) -> Q:
    """A filter: ``organisation`` is active in one of ``subregions``: one of its own (its
    profile) or one a source knows (the subregions of its published actions)."""
    own = Organisation.subregions.through.objects.filter(
        organisation_id=organisation, subregion_id__in=subregions
    )
    return _any(
        [
            Exists(own),
            *(
                Exists(source.active_in(organisation=organisation, subregions=subregions))
                for source in _sources.values()
                if source.active_in is not None
            ),
        ]
    )
