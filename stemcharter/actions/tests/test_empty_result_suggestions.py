"""No dead-end empty results in ``/acties/``: the same search in the whole province and in the
neighbouring subregions, with their counts, and the dated actions just outside a date window."""

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


def subregion(slug: str) -> Subregion:
    return Subregion.objects.get(slug=slug)


def action(title: str, *, where: list[str], kind: str = "opendag", days: int = 10, **kwargs):
    start = TODAY + days * DAY
    return PublishedActionFactory(
        title=title,
        action_type=ActionType.objects.get(slug=kind),
        subregions=[subregion(slug) for slug in where],
        timing=Action.Timing.PERIOD,
        start_date=start,
        end_date=kwargs.pop("end_date", start),
        **kwargs,
    )


def suggestions(html: str, title: str) -> list[tuple[str, str]]:
    """The (href, text) links of the list a suggestion heading labels."""
    part = html[html.index(f'aria-labelledby="{title}"') :]
    part = part[: part.index("</ul>")]
    return re.findall(r'<a href="([^"]+)"(?: lang="nl")?>([^<]+)</a>', part)


def test_an_empty_subregion_suggests_its_province_and_neighbours_with_their_counts(client):
    action("Opendag Aalst", where=["aalst"])
    action("Opendag Aalst 2", where=["aalst"])
    action("Opendag Eeklo en Brugge", where=["eeklo", "brugge"])
    action("Opendag Brugge", where=["brugge"])
    action("Opendag Leuven", where=["leuven"])  # not a neighbour of Gent
    action("Stage Dendermonde", where=["dendermonde"], kind="stage")
    response = client.get(LIST_URL, {"subregion": "gent", "type": "opendag"})
    html = response.content.decode()
    assert response.context["paginator"].count == 0
    assert suggestions(html, "wider-regions-title") == [
        (
            "/en/acties/?type=opendag&amp;province=oost-vlaanderen",
            "All of East Flanders: 3 actions",
        ),
        ("/en/acties/?subregion=aalst&amp;type=opendag", "Aalst: 2 actions"),
        ("/en/acties/?subregion=eeklo&amp;type=opendag", "Eeklo: 1 action"),
        ("/en/acties/?subregion=brugge&amp;type=opendag", "Bruges: 2 actions"),
    ]
    # The suggested search finds what its count says.
    response = client.get(LIST_URL, {"type": "opendag", "province": "oost-vlaanderen"})
    assert response.context["paginator"].count == 3


def test_the_counts_keep_the_other_filters_and_leave_out_subregions_without_results(client):
    action("Stage Dendermonde", where=["dendermonde"], kind="stage")
    action("Opendag Aalst", where=["aalst"])
    html = client.get(LIST_URL, {"subregion": "gent", "type": "stage"}).content.decode()
    assert [text for _href, text in suggestions(html, "wider-regions-title")] == [
        "All of East Flanders: 1 action",
        "Dendermonde: 1 action",
    ]


def test_nothing_nearby_says_nothing_about_nearby(client):
    action("Opendag Leuven", where=["leuven"])
    html = client.get(LIST_URL, {"subregion": "gent"}).content.decode()
    assert "wider-regions-title" not in html
    assert "show all current actions" in html


def test_a_chosen_province_is_not_suggested_again(client):
    action("Opendag Aalst", where=["aalst"])
    response = client.get(
        LIST_URL, {"subregion": "gent", "province": "oost-vlaanderen", "type": "stage"}
    )
    assert response.context["paginator"].count == 0
    action("Stage Brugge", where=["brugge"], kind="stage")
    response = client.get(
        LIST_URL, {"subregion": "gent", "province": "oost-vlaanderen", "type": "stage"}
    )
    assert [option["label"] for option in response.context["wider_regions"]] == ["Bruges"]


def test_a_date_window_without_results_shows_the_nearest_actions_before_and_after_it(client):
    for days in (1, 3, 5, 7):
        action(f"Voor {days}", where=["gent"], days=days)
    for days in (30, 40, 50, 60):
        action(f"Na {days}", where=["gent"], days=days)
    action("Elders", where=["leuven"], days=9)
    action("Andere soort", where=["gent"], kind="stage", days=8)
    PublishedActionFactory(
        title="Op aanvraag",
        subregions=[subregion("gent")],
        action_type=ActionType.objects.get(slug="opendag"),
        timing=Action.Timing.ON_REQUEST,
        start_date=None,
        end_date=None,
    )
    params = {
        "subregion": "gent",
        "type": "opendag",
        "date_from": str(TODAY + 10 * DAY),
        "date_to": str(TODAY + 20 * DAY),
    }
    response = client.get(LIST_URL, params)
    assert response.context["paginator"].count == 0
    html = response.content.decode()
    assert [text for _href, text in suggestions(html, "before-dates-title")] == [
        "Voor 7",
        "Voor 5",
        "Voor 3",
    ]
    assert [text for _href, text in suggestions(html, "after-dates-title")] == [
        "Na 30",
        "Na 40",
        "Na 50",
    ]
    assert (
        suggestions(html, "after-dates-title")[0][0]
        == Action.objects.get(title="Na 30").get_absolute_url()
    )
    assert 'href="/en/acties/?subregion=gent&amp;type=opendag">Search without dates</a>' in html


def test_only_a_first_day_looks_before_it_only(client):
    action("Voor", where=["gent"], days=2)
    action("Na", where=["gent"], days=30)
    response = client.get(LIST_URL, {"subregion": "gent", "date_from": str(TODAY + 40 * DAY)})
    [group] = response.context["outside_dates"]["groups"]
    assert group["key"] == "before"
    assert [action.title for action in group["actions"]] == ["Na", "Voor"]
    assert "after-dates-title" not in response.content.decode()


def test_results_make_no_suggestions(client):
    action("Opendag Gent", where=["gent"])
    response = client.get(LIST_URL, {"subregion": "gent", "date_from": str(TODAY)})
    assert response.context["paginator"].count == 1
    assert "wider_regions" not in response.context
    assert "outside_dates" not in response.context


def test_the_htmx_results_carry_the_suggestions_too(client):
    action("Opendag Aalst", where=["aalst"])
    response = client.get(
        LIST_URL, {"subregion": "gent"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "All of East Flanders: 1 action" in html
    assert "Aalst: 1 action" in html
