"""A teacher finds a guest lesson for 24 pupils: the catalogue's filter "number of pupils in
your group" (``group``) keeps the actions whose group size takes that many (an empty bound is
no limit on that side), as a chip that removes it, with the other filters and the suggestions
of an empty result, and room for that many (places count pupils, classes and copies one
each); a value that is not a size from 1 to 1000 is left out with a message."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)

with translation.override("en"):
    LIST_URL = reverse("actions:action-list")

CLASS = "Gastles robots voor een klas"
SMALL = "Gastles in kleine groepjes"
ANY = "Lezing over sterrenkunde"
LARGE = "Workshop vanaf 25 leerlingen"
UP_TO = "Bedrijfsbezoek tot 28 leerlingen"
ALL = sorted([CLASS, SMALL, ANY, LARGE, UP_TO])

# title, type, smallest group, largest group, region
ACTIONS = [
    (CLASS, "expert-gastles", 10, 30, "gent"),
    (SMALL, "expert-gastles", 1, 12, "gent"),
    (ANY, "expert-gastles", None, None, "brugge"),
    (LARGE, "opendag", 25, None, "gent"),
    (UP_TO, "bedrijfsbezoek", None, 28, "aalst"),
]


@pytest.fixture
def actions():
    for number, (title, kind, low, high, region) in enumerate(ACTIONS):
        PublishedActionFactory(
            title=title,
            action_type=ActionType.objects.get(slug=kind),
            group_min=low,
            group_max=high,
            subregions=[Subregion.objects.get(slug=region)],
            timing=Action.Timing.PERIOD,
            start_date=TODAY + (number + 1) * DAY,
            end_date=TODAY + (number + 1) * DAY,
        )


def titles(response) -> list[str]:
    assert response.status_code == 200
    return sorted(action.title for action in response.context["page_obj"].object_list)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"group": "24"}, [UP_TO, CLASS, ANY]),
        ({"group": "24", "type": "expert-gastles"}, [CLASS, ANY]),
        ({"group": "10"}, [UP_TO, CLASS, SMALL, ANY]),  # both bounds count
        ({"group": "12"}, [UP_TO, CLASS, SMALL, ANY]),
        ({"group": "30"}, [CLASS, ANY, LARGE]),
        ({"group": "1"}, [UP_TO, SMALL, ANY]),
        ({"group": "1000"}, [ANY, LARGE]),
        ({"group": " 24 "}, [UP_TO, CLASS, ANY]),
        ({"group": ""}, ALL),
    ],
)
def test_the_group_size_keeps_the_actions_that_take_it(client, actions, params, expected):
    response = client.get(LIST_URL, params)
    assert titles(response) == sorted(expected)
    assert response.context["notices"] == []


@pytest.mark.parametrize("value", ["vierentwintig", "0", "-3", "1001", "24.5", "9" * 400])
def test_a_size_that_is_not_one_is_left_out_with_a_message_and_the_other_filters_kept(
    client, actions, value
):
    response = client.get(LIST_URL, {"group": value, "type": "expert-gastles"})
    html = response.content.decode()
    shown = value[:60]
    message = f"“{shown}” is not a number of pupils from 1 to 1000, so we left out the group size."
    assert message in html
    assert titles(response) == sorted([CLASS, SMALL, ANY])
    assert [chip["key"] for chip in response.context["chips"]] == ["type"]
    assert 'name="group" id="filter-group" value=""' in html


def test_the_group_size_is_a_labelled_field_a_chip_and_counts_as_a_filter(client, actions):
    response = client.get(LIST_URL, {"group": "24", "type": "expert-gastles"})
    html = response.content.decode()
    assert '<label for="filter-group">Number of pupils in your group</label>' in html
    assert re.search(
        r'<input type="number" name="group" id="filter-group" value="24" min="1" max="1000"', html
    )
    assert 'aria-describedby="filter-group-hint"' in html
    chips = {chip["key"]: chip["label"] for chip in response.context["chips"]}
    assert chips["group"] == "For a group of 24 pupils"
    # The chip's link removes the group size and keeps the type.
    assert 'href="/en/acties/?type=expert-gastles">' in html
    assert 'Filters<span id="filters-count"> (2)</span>' in html
    one = client.get(LIST_URL, {"group": "1"})
    assert {chip["label"] for chip in one.context["chips"]} == {"For a group of 1 pupil"}


def test_an_empty_result_with_a_group_size_suggests_nearby_regions_with_that_size(client, actions):
    response = client.get(LIST_URL, {"subregion": "eeklo", "group": "24"})
    assert response.context["paginator"].count == 0
    options = {option["label"]: option["count"] for option in response.context["wider_regions"]}
    # Of Gent's three actions only the class takes 24 pupils (the workshop starts at 25, the
    # small groups stop at 12).
    assert options["Ghent"] == 1
    assert options["All of East Flanders"] == 2  # Gent's class and Aalst's visit
    [suggested] = [
        option["query"]
        for option in response.context["wider_regions"]
        if option["label"] == "Ghent"
    ]
    assert "group=24" in suggested
    follow = client.get(LIST_URL + suggested)
    assert titles(follow) == [CLASS]


@pytest.mark.parametrize(
    ("kind", "places", "group", "shown"),
    [
        ("opendag", 8, 24, False),  # 8 places for participants: not for 24 pupils
        ("opendag", 8, 8, True),
        ("opendag", None, 24, True),  # no number: the organiser does not limit it
        ("expert-gastles", 1, 24, True),  # one class can still book
        ("expert-gastles", 0, 24, False),
        ("schoolondersteuning-materiaal", 2, 24, True),  # a copy left to borrow
        ("schoolondersteuning-materiaal", 0, 24, False),
    ],
)
def test_the_group_size_needs_room_counted_in_the_types_unit(client, kind, places, group, shown):
    """The newcomer's class of 24 was offered a club with 8 free places."""
    PublishedActionFactory(
        title="Woensdagclub",
        action_type=ActionType.objects.get(slug=kind),
        places=places,
        timing=Action.Timing.ON_REQUEST,
    )
    assert (titles(client.get(LIST_URL, {"group": str(group)})) == ["Woensdagclub"]) is shown
