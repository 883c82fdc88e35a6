"""The home page and a signatory's page show actions and stories; every public page of this
issue uses a number of SQL queries that does not grow with the data."""

import datetime
import itertools
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import make_catalogue
from stemcharter.common.fragments import forget_kept
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def days_ago(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)


# Home page


def test_home_leads_with_actions_near_you(client):
    html = client.get("/en/").content.decode()
    main = html.split('<main id="main"', 1)[1]
    # The region chooser comes before anything about signing.
    assert main.index("Find an action near you") < main.index("Sign the charter")
    assert '<form class="near-you" method="get" action="/en/acties/"' in html
    assert '<label for="near-you-region">Your region</label>' in html
    assert '<select name="subregion" id="near-you-region">' in html
    assert '<optgroup label="East Flanders">' in html
    assert '<option value="gent">Ghent</option>' in html


def test_home_region_choice_leads_to_the_filtered_catalogue(client):
    gent_action = PublishedActionFactory(title="In Gent")
    gent_action.subregions.set([gent_action.subregions.model.objects.get(slug="gent")])
    PublishedActionFactory(title="Elders")
    response = client.get("/en/acties/", {"subregion": "gent"})
    assert [a.title for a in response.context["page_obj"].object_list] == ["In Gent"]


def test_home_shows_the_newest_current_actions_and_stories(client):
    for number in range(4):
        PublishedActionFactory(title=f"Actie {number}", first_published_at=days_ago(number))
    PublishedActionFactory(
        title="Voorbij",
        start_date=TODAY - 9 * DAY,
        end_date=TODAY - DAY,
        first_published_at=days_ago(0),
    )
    ActionFactory(title="Concept")
    for number in range(4):
        PublishedStoryFactory(title=f"Verhaal {number}", first_published_at=days_ago(number))
    StoryFactory(title="Verhaal in concept")
    response = client.get("/en/")
    html = response.content.decode()
    assert [a.title for a in response.context["latest_actions"]] == [
        "Actie 0",
        "Actie 1",
        "Actie 2",
    ]
    assert [s.title for s in response.context["latest_stories"]] == [
        "Verhaal 0",
        "Verhaal 1",
        "Verhaal 2",
    ]
    assert "Voorbij" not in html
    assert "concept" not in html
    assert 'href="/en/acties/">See all actions</a>' in html
    assert 'href="/en/verhalen/">Read all stories</a>' in html
    assert html.count("<h1") == 1


def test_home_without_actions_says_they_come(client):
    html = client.get("/en/").content.decode()
    assert "There are no actions yet." in html
    assert "New stories" not in html


# The signatory's page: what it promised beside what it did


def test_organisation_page_lists_its_actions_as_organiser_and_partner_and_its_stories(client):
    organisation = make_signatory(
        name="Zuidlab", slug="zuidlab", commitment="We openen onze deuren voor leerlingen."
    )
    other = make_signatory(name="Ander", slug="ander")
    PublishedActionFactory(title="Eigen opendag", organisation=organisation)
    PublishedActionFactory(title="Gezamenlijk project", organisation=other).partners.set(
        [organisation]
    )
    PublishedActionFactory(
        title="Vorig jaar",
        organisation=organisation,
        start_date=TODAY - 400 * DAY,
        end_date=TODAY - 399 * DAY,
    )
    ActionFactory(title="Nog een concept", organisation=organisation)
    PublishedActionFactory(title="Van een ander", organisation=other)
    PublishedStoryFactory(title="Ons verhaal", organisation=organisation)
    PublishedStoryFactory(
        title="Verhaal waarin we voorkomen", organisation=other
    ).organisations.set([organisation])
    StoryFactory(title="Verhaal in concept", organisation=organisation)

    response = client.get("/en/ondertekenaars/zuidlab/")
    html = response.content.decode()
    assert response.status_code == 200
    promised = html.index("What this organisation commits to")
    did = html.index("What it does")
    assert promised < did
    assert html.index("We openen onze deuren voor leerlingen.") < did
    actions = [action.title for action in response.context["actions"]]
    assert actions[:2] in (
        ["Eigen opendag", "Gezamenlijk project"],
        ["Gezamenlijk project", "Eigen opendag"],
    )
    assert actions[2] == "Vorig jaar"  # past ones after the current ones, marked past
    assert '<span class="status status-past">Past</span>' in html
    assert "Nog een concept" not in html
    assert "Van een ander" not in html
    assert {story.title for story in response.context["stories"]} == {
        "Ons verhaal",
        "Verhaal waarin we voorkomen",
    }
    assert "Verhaal in concept" not in html
    # Headings stay in order: h2 sections, h3 groups, h4 cards.
    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_organisation_page_without_actions_or_stories(client):
    make_signatory(name="Stil", slug="stil")
    html = client.get("/en/ondertekenaars/stil/").content.decode()
    assert "This organisation has not published an action yet." in html
    assert "There are no stories about this organisation yet." in html


def test_organisation_page_links_to_all_its_actions_when_there_are_more(client):
    organisation = make_signatory(name="Druk", slug="druk")
    for number in range(13):
        PublishedActionFactory(title=f"Actie {number}", organisation=organisation)
    response = client.get("/en/ondertekenaars/druk/")
    assert len(response.context["actions"]) == 12
    assert (
        'href="/en/acties/?organisation=druk&amp;past=1">See all actions of this organisation'
        in (response.content.decode())
    )


# A constant number of queries, whatever the number of actions


def count_queries(client, url: str, params: dict | None = None, **kwargs) -> int:
    """The queries of the first request after a change: nothing kept in the fragments' cache
    (cards, filter panels, cached counts and vocabulary, pages of rows: ``common.fragments``)."""
    forget_kept()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {}, **kwargs)
    assert response.status_code == 200, url
    return len(queries)


# Every filter at once, chosen so that action 0001 of make_catalogue() matches them.
FILTERS = {
    "q": "actie",
    "type": ["stage", "opendag", "bedrijfsbezoek"],
    "subregion": ["arrondissement-antwerpen", "brugge", "gent"],
    "audience": ["secundair-aso", "leraren"],
    "discipline": ["ict", "technologie"],
    "date_from": str(TODAY),
    "date_to": str(TODAY + 60 * DAY),
    "places": "1",
    "group": "24",
    "organisation": "organisator-1",
    "sort": "newest",
}

# Nothing found: no action of make_catalogue() is in Gent, none starts after 60 days. The page
# suggests the whole province and the neighbouring subregions with their counts, and looks for
# actions just outside the date window; with a group size, which the counts keep.
EMPTY = {
    "subregion": "gent",
    "group": "24",
    "type": ["stage", "opendag", "bedrijfsbezoek"],
    "date_from": str(TODAY),
    "date_to": str(TODAY + 60 * DAY),
}
# Nothing in the window, the nearest actions before it.
EMPTY_DATES = {"subregion": "aalst", "date_from": str(TODAY + 100 * DAY)}


def measure(client, number: str = "0004") -> dict[str, int]:
    with translation.override("en"):
        detail = Action.objects.get(slug=f"actie-{number}").get_absolute_url()
        story = f"/en/verhalen/verhaal-{number}/"
        pages = {
            "catalogue": ("/en/acties/", {}),
            "catalogue filtered": ("/en/acties/", FILTERS),
            # A type (a plural), an organisation name (the start of it): both searched.
            "catalogue search": ("/en/acties/", {"q": "stages organisat"}),
            "catalogue past": ("/en/acties/", {"past": "1", "page": "2"}),
            "catalogue invalid": ("/en/acties/", {"type": "x", "date_from": "y", "page": "z"}),
            # A teacher's class: the group size alone, and one that is not a size.
            "catalogue group": ("/en/acties/", {"group": "24"}),
            "catalogue group invalid": ("/en/acties/", {"group": "0", "type": "stage"}),
            "catalogue empty": ("/en/acties/", EMPTY),
            "catalogue empty dates": ("/en/acties/", EMPTY_DATES),
            "action": (detail, {}),
            "stories": ("/en/verhalen/", {}),
            "stories filtered": ("/en/verhalen/", {"q": "verhaal", "subregion": "brugge"}),
            "stories by organisation name": ("/en/verhalen/", {"organisation": "organisator"}),
            "stories search": ("/en/verhalen/", {"q": "verhalen organisators"}),
            "story": (story, {}),
            "home": ("/en/", {}),
            "organisation": ("/en/ondertekenaars/organisator-0/", {}),
            "catalogue by organisation name": ("/en/acties/", {"organisation": "organisator"}),
            "directory": ("/en/ondertekenaars/", {}),
            "action feed": ("/en/acties/feed/rss/", {}),
            "action feed of a region": ("/en/acties/feed/gent/atom/", {}),
            "story feed": ("/en/verhalen/feed/rss/", {}),
            "sitemap section": ("/sitemap-actions.xml", {}),
        }
        # The first request fills per-process caches (content types); count the next one.
        client.get("/en/acties/")
        cache.clear()  # the sitemap is cached for an hour: count what builds it
        counts = {name: count_queries(client, url, params) for name, (url, params) in pages.items()}
        counts["catalogue htmx"] = count_queries(
            client, "/en/acties/", FILTERS, headers={"HX-Request": "true", "HX-Target": "results"}
        )
        return counts


def test_public_pages_use_a_constant_number_of_queries(client):
    make_catalogue(10)
    small = measure(client)
    make_catalogue(490, start=10)
    assert Action.objects.published().count() == 500
    large = measure(client)
    assert large == small
    # And small in absolute terms: one query per card would be dozens.
    assert max(large.values()) <= 20, large


# The budget of each public page: the same at 3 and at 20 actions (and their stories and
# organisers), and pinned, so that any new query on a public page is a decision.
BUDGETS = {
    # home and organisation: one query more for the support requests' counts (support).
    "home": 11,
    "catalogue": 8,
    "catalogue filtered": 9,
    "catalogue search": 8,
    "catalogue past": 8,
    "catalogue invalid": 8,
    "catalogue group": 8,
    "catalogue group invalid": 8,
    "catalogue empty": 9,
    "catalogue empty dates": 8,
    "catalogue htmx": 9,
    "catalogue by organisation name": 9,
    "action": 8,
    "stories": 5,
    "stories filtered": 5,
    "stories by organisation name": 6,
    "stories search": 5,
    "story": 8,
    # organisation: one query more for "Promised and delivered" (progress.proof: the
    # organisation's events, requests and stories per year; its actions of the committed
    # types are a second one when a commitment names types, none here).
    # report: two more, its published progress reports and its "did not report" years.
    "organisation": 14,
    "directory": 6,
    "action feed": 1,
    "action feed of a region": 2,
    "story feed": 1,
    "sitemap section": 2,
}


@pytest.mark.parametrize("size", [3, 20])
def test_each_public_page_keeps_its_query_budget(client, size):
    make_catalogue(size)
    assert measure(client, number="0000") == BUDGETS


def test_the_query_count_test_sees_full_pages(client):
    """Guard for the test above: the measured pages really hold many cards and relations."""
    make_catalogue(30)
    response = client.get("/en/acties/")
    assert len(response.context["page_obj"].object_list) == 20
    html = response.content.decode()
    assert html.count('<img class="card-image"') == 20
    response = client.get("/en/acties/", {"q": "stages organisat"})
    assert response.context["page_obj"].paginator.count == 4  # actions 0000, 0009, 0018, 0027
    response = client.get("/en/verhalen/", {"q": "verhalen organisators"})
    assert response.context["page_obj"].paginator.count == 8
    response = client.get("/en/acties/", FILTERS)
    assert "Actie 0001" in [action.title for action in response.context["page_obj"].object_list]
    response = client.get("/en/acties/", EMPTY)
    assert response.context["paginator"].count == 0
    assert len(response.context["wider_regions"]) > 1
    # The group size keeps a class (10 to 30) and the actions without a size (two in three:
    # 20), less those with no places left (actions 0007 and 0021): 18.
    response = client.get("/en/acties/", {"group": "24", "past": "1"})
    assert response.context["paginator"].count == 18
    response = client.get("/en/acties/", EMPTY_DATES)
    assert response.context["paginator"].count == 0
    [before] = response.context["outside_dates"]["groups"]
    assert len(before["actions"]) == 3
    response = client.get("/en/ondertekenaars/organisator-0/")
    assert len(response.context["actions"]) == 12
    assert len(response.context["stories"]) > 1
    response = client.get("/en/acties/actie-0004/")
    assert "Verhaal 0004" in response.content.decode()
