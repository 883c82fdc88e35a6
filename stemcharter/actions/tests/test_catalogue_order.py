"""The catalogue's default order (soonest first) read in parts: ongoing, upcoming, on request.

On PostgreSQL each part comes from its own index and a page sorts only the candidates of the
parts (``common.filters.QuerySetParts``); elsewhere the whole query is read. Either way every
page must hold exactly the rows one query in that order gives.
"""

import datetime

import pytest
from django.db.models import F
from django.test import RequestFactory

from stemcharter.actions.filters import ActionFilterSet
from stemcharter.actions.models import Action
from stemcharter.actions.selectors import (
    action_catalogue,
    action_type_list,
    audience_list,
    discipline_list,
)
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.common.filters import QuerySetParts
from stemcharter.organisations.selectors import subregion_list
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.tests.factories import SubregionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def filterset(**params) -> ActionFilterSet:
    return ActionFilterSet(
        RequestFactory().get("/acties/", params).GET,
        queryset=action_catalogue(),
        action_types=action_type_list(),
        subregions=subregion_list(),
        audiences=audience_list(),
        disciplines=discipline_list(),
        today=TODAY,
    )


def make_mixed_catalogue() -> dict[str, list[str]]:
    """Past, ongoing, starting today, upcoming and on-request actions (and drafts), with ties
    on the start date; returns the slugs of the current ones by kind."""
    organisation = OrganisationFactory()
    subregion = SubregionFactory()
    kinds: dict[str, list[str]] = {"ongoing": [], "upcoming": [], "on request": []}

    def make(kind: str | None, number: int, **fields) -> None:
        factory = PublishedActionFactory if kind != "draft" else ActionFactory
        action = factory(
            slug=f"actie-{number:02}",
            title=f"Actie {number:02}",
            organisation=organisation,
            subregions=[subregion],
            **fields,
        )
        if kind in kinds:
            kinds[kind].append(action.slug)

    number = 0
    for offset in (40, 30, 20, 10, 1):  # over
        number += 1
        make("past", number, timing="period", start_date=TODAY - (offset + 5) * DAY,
             end_date=TODAY - offset * DAY)  # fmt: skip
    for offset, length in ((30, 40), (12, 12), (12, 20), (5, 5), (1, 1), (1, 60)):  # ongoing
        number += 1
        make("ongoing", number, timing="period", start_date=TODAY - offset * DAY,
             end_date=TODAY + (length - offset) * DAY)  # fmt: skip
    for offset in (0, 0, 1, 3, 3, 7, 20, 90):  # from today on
        number += 1
        make("upcoming", number, timing="date", start_date=TODAY + offset * DAY,
             end_date=TODAY + offset * DAY)  # fmt: skip
    for _ in range(5):
        number += 1
        make("on request", number, timing="on_request", start_date=None, end_date=None)
    number += 1
    make("draft", number, timing="date", start_date=TODAY, end_date=TODAY)
    return kinds


def one_query_order() -> list[str]:
    rows = (
        Action.objects.published()
        .current(TODAY)
        .order_by(F("start_date").asc(nulls_last=True), "end_date", "-pk")
    )
    return list(rows.values_list("slug", flat=True))


def test_every_window_of_the_default_order_is_the_one_query_order():
    kinds = make_mixed_catalogue()
    expected = one_query_order()
    # Ongoing first (by start date), then from today on, then on request, past ones left out.
    assert set(expected[:6]) == set(kinds["ongoing"])
    assert set(expected[6:14]) == set(kinds["upcoming"])
    assert set(expected[14:]) == set(kinds["on request"])
    results = filterset().qs
    assert isinstance(results, QuerySetParts)
    assert results.count() == len(expected) == 19
    for start in range(len(expected) + 2):
        for size in (1, 4, 7, 20):
            window = [action.slug for action in results[start : start + size]]
            assert window == expected[start : start + size], (start, size)


def test_the_parts_keep_the_other_filters():
    make_mixed_catalogue()
    results = filterset(type=Action.objects.first().action_type.slug, places="1").qs
    expected = [action.slug for action in results.whole]
    assert [action.slug for action in results[0:20]] == expected
    assert len(expected) == 19


def test_with_past_actions_the_catalogue_reads_one_query_from_the_oldest():
    make_mixed_catalogue()
    results = filterset(past="1").qs
    assert not isinstance(results, QuerySetParts)
    slugs = [action.slug for action in results]
    assert slugs[:3] == ["actie-01", "actie-02", "actie-06"]  # by start date, past ones too
    assert len(slugs) == 24


def test_the_catalogue_pages_follow_the_default_order(client):
    kinds = make_mixed_catalogue()
    for number in range(20):
        PublishedActionFactory(
            slug=f"later-{number:02}",
            timing="date",
            start_date=TODAY + (100 + number) * DAY,
            end_date=TODAY + (100 + number) * DAY,
        )
    expected = one_query_order()
    first = client.get("/en/acties/")
    second = client.get("/en/acties/", {"page": "2"})
    shown = [action.slug for action in first.context["page_obj"].object_list] + [
        action.slug for action in second.context["page_obj"].object_list
    ]
    assert shown == expected
    assert first.context["paginator"].count == len(expected)
    assert set(shown[:6]) == set(kinds["ongoing"])
    assert set(shown[-5:]) == set(kinds["on request"])
