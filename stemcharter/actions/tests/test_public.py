"""The public catalogue ``/acties/`` and the page of one action."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import add_image, index_published, publish
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import review_withdraw, revision_start
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory
from stemcharter.vocabulary.models import ActionType, Audience, Discipline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)

with translation.override("en"):
    LIST_URL = reverse("actions:action-list")


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [action.title for action in response.context["page_obj"].object_list]


def action_type(slug: str) -> ActionType:
    return ActionType.objects.get(slug=slug)


def subregion(slug: str) -> Subregion:
    return Subregion.objects.get(slug=slug)


def audience(slug: str) -> Audience:
    return Audience.objects.get(slug=slug)


def discipline(slug: str) -> Discipline:
    return Discipline.objects.get(slug=slug)


@pytest.fixture
def catalogue():
    """Five published actions that differ in every filter, and items that must never show."""
    lab = make_signatory(name="Zuidlab", slug="zuidlab")
    school = make_signatory(name="Atheneum Brugge", slug="atheneum-brugge")
    city = make_signatory(name="Stad Gent", slug="stad-gent")
    open_day = PublishedActionFactory(
        title="Opendag robotica",
        action_type=action_type("opendag"),
        organisation=lab,
        subregions=[subregion("gent")],
        audiences=[audience("secundair-tso")],
        start_date=TODAY + 10 * DAY,
        end_date=TODAY + 10 * DAY,
        places=25,
        summary="Kom kijken hoe robots werken.",
    )
    open_day.disciplines.set([discipline("technologie")])
    internship = PublishedActionFactory(
        title="Stage in het labo",
        action_type=action_type("stage"),
        organisation=lab,
        subregions=[subregion("brugge")],
        audiences=[audience("hoger-onderwijs")],
        timing=Action.Timing.PERIOD,
        start_date=TODAY + 40 * DAY,
        end_date=TODAY + 70 * DAY,
        places=0,
        location="Brugge",
    )
    internship.disciplines.set([discipline("wetenschappen")])
    internship.partners.set([school])
    guest_lesson = PublishedActionFactory(
        title="Gastles wiskunde",
        action_type=action_type("expert-gastles"),
        organisation=school,
        subregions=[subregion("gent"), subregion("brugge")],
        audiences=[audience("lager-onderwijs")],
        timing=Action.Timing.ON_REQUEST,
        start_date=None,
        end_date=None,
        places=None,
        location="In je school",
    )
    guest_lesson.disciplines.set([discipline("wiskunde")])
    ongoing = PublishedActionFactory(
        title="Coderen voor meisjes",
        action_type=action_type("doelgroepinitiatief"),
        organisation=city,
        subregions=[subregion("gent")],
        audiences=[audience("meisjes-vrouwen")],
        timing=Action.Timing.PERIOD,
        start_date=TODAY - 5 * DAY,
        end_date=TODAY + 5 * DAY,
        places=3,
    )
    ongoing.disciplines.set([discipline("ict")])
    past = PublishedActionFactory(
        title="Vorige opendag",
        action_type=action_type("opendag"),
        organisation=city,
        subregions=[subregion("gent")],
        start_date=TODAY - 30 * DAY,
        end_date=TODAY - DAY,
    )
    index_published()
    hidden = {}
    for status in ReviewStatus.values:
        if status != ReviewStatus.PUBLISHED:
            hidden[status] = ActionFactory(
                title=f"Verborgen {status}", status=status, organisation=lab
            )
    return {
        "lab": lab,
        "school": school,
        "city": city,
        "open_day": open_day,
        "internship": internship,
        "guest_lesson": guest_lesson,
        "ongoing": ongoing,
        "past": past,
        "hidden": hidden,
    }


CURRENT = ["Coderen voor meisjes", "Opendag robotica", "Stage in het labo", "Gastles wiskunde"]


# The list


def test_the_intro_names_the_signatories_private_persons_too(client):
    """A private person who signed may offer an action: the catalogue's intro says
    "signatories", as its description does, not "the organisations that signed"."""
    html = client.get(LIST_URL).content.decode()
    assert "offered by the signatories of the STEM-charter: organisations and private" in html
    assert "offered by the organisations that signed" not in html


def test_lists_current_published_actions_soonest_first_and_on_request_last(client, catalogue):
    response = client.get(LIST_URL)
    html = response.content.decode()
    assert titles(response) == CURRENT
    assert "4 actions found" in html
    assert "Vorige opendag" not in html
    assert "Verborgen" not in html
    assert html.count("<h1") == 1


def test_past_actions_appear_with_the_filter_marked_as_past(client, catalogue):
    response = client.get(LIST_URL, {"past": "1"})
    assert titles(response) == ["Vorige opendag", *CURRENT]
    assert '<span class="status status-past">Past</span>' in response.content.decode()
    assert "Also past actions" in [chip["label"] for chip in response.context["chips"]]


def test_an_action_ending_today_is_still_current(client, catalogue):
    catalogue["past"].end_date = TODAY
    catalogue["past"].save()
    assert "Vorige opendag" in titles(client.get(LIST_URL))


def test_working_copy_of_a_new_version_never_shows(client, catalogue):
    member = MembershipFactory(organisation=catalogue["lab"]).user
    copy = revision_start(item=catalogue["open_day"], by=member)
    Action.objects.filter(pk=copy.pk).update(title="Nieuwe titel", status="published")
    response = client.get(LIST_URL)
    assert titles(response).count("Opendag robotica") == 1
    assert "Nieuwe titel" not in response.content.decode()


def test_card_shows_the_essentials_and_links_with_the_title_only(client, catalogue):
    add_image(catalogue["open_day"], alt_text="Een robotarm pakt een blokje.")
    html = client.get(LIST_URL).content.decode()
    card = re.search(r'<li class="card action-card">.*?</li>', html, re.S)
    assert card
    card = next(
        match.group(0)
        for match in re.finditer(r'<li class="card action-card">.*?</li>', html, re.S)
        if "Opendag robotica" in match.group(0)
    )
    assert len(re.findall(r"<a ", card)) == 1
    assert f'<a href="{catalogue["open_day"].get_absolute_url()}">Opendag robotica</a>' in card
    assert "Zuidlab" in card
    assert "Open day" in card
    assert "Gent" in card
    assert "25 places available" in card
    assert re.search(
        r'<img class="card-image" lang="nl" src="/media/images/test/[^"]+/card.jpg" '
        r'alt="Een robotarm pakt een blokje." width="640" height="400" loading="lazy">',
        card,
    )


def test_card_says_on_request_and_no_places_left(client, catalogue):
    html = client.get(LIST_URL).content.decode()
    assert "On request" in html
    assert "No places left" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "opendag"}, ["Opendag robotica"]),
        ({"type": ["opendag", "stage"]}, ["Opendag robotica", "Stage in het labo"]),
        ({"subregion": "brugge"}, ["Stage in het labo", "Gastles wiskunde"]),
        # A whole province: every region in it.
        ({"province": "west-vlaanderen"}, ["Stage in het labo", "Gastles wiskunde"]),
        ({"province": ["west-vlaanderen", "oost-vlaanderen"]}, CURRENT),
        ({"province": "limburg"}, []),
        (
            {"subregion": ["gent", "brugge"]},
            CURRENT,
        ),
        ({"audience": "lager-onderwijs"}, ["Gastles wiskunde"]),
        ({"discipline": ["ict", "wiskunde"]}, ["Coderen voor meisjes", "Gastles wiskunde"]),
        ({"date_from": str(TODAY + 20 * DAY)}, ["Stage in het labo"]),
        ({"date_to": str(TODAY + 15 * DAY)}, ["Coderen voor meisjes", "Opendag robotica"]),
        (
            {"date_from": str(TODAY + 8 * DAY), "date_to": str(TODAY + 45 * DAY)},
            ["Opendag robotica", "Stage in het labo"],
        ),
        ({"places": "1"}, ["Coderen voor meisjes", "Opendag robotica", "Gastles wiskunde"]),
        ({"organisation": "zuidlab"}, ["Opendag robotica", "Stage in het labo"]),
        # A partner finds its joint action too.
        ({"organisation": "atheneum-brugge"}, ["Stage in het labo", "Gastles wiskunde"]),
        # Other text is a search in the organisations' names (folded like the directory's).
        ({"organisation": "ATHENEUM"}, ["Stage in het labo", "Gastles wiskunde"]),
        ({"organisation": "stad gent"}, ["Coderen voor meisjes"]),
        ({"organisation": "lab"}, ["Opendag robotica", "Stage in het labo"]),
        # Filters combine.
        ({"subregion": "gent", "places": "1", "type": "opendag"}, ["Opendag robotica"]),
        ({"subregion": "brugge", "audience": "hoger-onderwijs"}, ["Stage in het labo"]),
        ({"type": "opendag", "past": "1"}, ["Vorige opendag", "Opendag robotica"]),
        ({"subregion": "brugge", "type": "doelgroepinitiatief"}, []),
    ],
)
def test_filters(client, catalogue, params, expected):
    response = client.get(LIST_URL, params)
    assert titles(response) == expected
    assert response.context["notices"] == []


def test_sort_by_newest(client, catalogue):
    for days, key in enumerate(["internship", "guest_lesson", "open_day", "ongoing"]):
        Action.objects.filter(pk=catalogue[key].pk).update(
            first_published_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)
        )
    response = client.get(LIST_URL, {"sort": "newest"})
    assert titles(response) == [
        "Stage in het labo",
        "Gastles wiskunde",
        "Opendag robotica",
        "Coderen voor meisjes",
    ]


def test_active_filters_are_removable_chips(client, catalogue):
    response = client.get(
        LIST_URL, {"type": ["opendag", "stage"], "subregion": "gent", "places": "1", "q": "robot"}
    )
    html = response.content.decode()
    assert [chip["label"] for chip in response.context["chips"]] == [
        "Search: “robot”",
        "Open day",
        "Internship",
        "Ghent",
        "Only with places available",
    ]
    # Removing "Open day" keeps the other values of the same filter and the other filters.
    assert (
        'href="/en/acties/?type=stage&amp;subregion=gent&amp;places=1&amp;q=robot">'
        '<span class="visually-hidden">Remove filter: </span>Open day' in html
    )
    assert 'href="/en/acties/">Remove all filters</a>' in html
    assert "<title>1 action found – Actions – STEM-charter</title>" in html


def test_a_value_given_twice_is_one_filter_and_one_chip(client, catalogue):
    response = client.get(LIST_URL, {"subregion": ["gent", "gent"], "type": ["stage", "stage"]})
    assert [chip["label"] for chip in response.context["chips"]] == ["Internship", "Ghent"]


def test_the_organisation_filter_chip_names_the_organisation_or_the_text(client, catalogue):
    response = client.get(LIST_URL, {"organisation": "atheneum-brugge"})
    assert [chip["label"] for chip in response.context["chips"]] == ["Atheneum Brugge"]
    response = client.get(LIST_URL, {"organisation": " Atheneum "})
    assert [chip["label"] for chip in response.context["chips"]] == ["Organisation: “Atheneum”"]
    html = response.content.decode()
    assert 'name="organisation" id="filter-organisation" value="Atheneum"' in html


def test_the_organisation_filter_does_not_grow_with_the_organisations(client, catalogue):
    """A text field, not a list of the organisations (thousands at scale)."""

    def filter_form() -> str:
        html = client.get(LIST_URL).content.decode()
        form = html[html.index('<form class="filters"') : html.index("</form>")]
        # The button says how many actions there are: that number grows, the form does not.
        return re.sub(r'(id="filters-submit">)[^<]*', r"\1", form)

    before = filter_form()
    assert '<input type="search" name="organisation" id="filter-organisation"' in before
    for number in range(20):
        organiser = make_signatory(name=f"Organisator {number}", slug=f"organisator-{number}")
        PublishedActionFactory(organisation=organiser, subregions=[subregion("gent")])
    assert filter_form() == before


def test_empty_result_says_how_to_widen_the_search(client, catalogue):
    html = client.get(LIST_URL, {"q": "ruimtevaart", "date_from": str(TODAY)}).content.decode()
    assert "No actions match your search" in html
    assert "check the spelling" in html
    assert "remove one or more filters" in html
    assert "choose a wider date window" in html
    assert "include past actions</a>" in html
    assert "show all current actions" in html


@pytest.mark.parametrize(
    ("params", "message", "expected"),
    [
        (
            {"type": ["opendag", "ruimtereis"]},
            "There is no type of action “ruimtereis”, so we left it out.",
            ["Opendag robotica"],
        ),
        (
            {"subregion": ["brugge", "atlantis"]},
            "There is no region “atlantis”, so we left it out.",
            ["Stage in het labo", "Gastles wiskunde"],
        ),
        ({"audience": "marsmannetjes"}, "There is no target audience “marsmannetjes”", CURRENT),
        ({"discipline": "alchemie"}, "There is no STEM discipline “alchemie”", CURRENT),
        (
            {"organisation": "bestaat-niet"},
            "There is no organisation “bestaat-niet” with actions, so we left it out.",
            CURRENT,
        ),
        (
            {"province": "atlantis"},
            "There is no province “atlantis”, so we left it out.",
            CURRENT,
        ),
        ({"places": "ja"}, "We did not understand “ja” for places", CURRENT),
        ({"past": "ja"}, "We did not understand “ja” for past actions", CURRENT),
        ({"sort": "prijs"}, "We cannot sort by “prijs”, so we show the soonest first.", CURRENT),
        (
            {"date_from": "31-02-2025", "type": "stage"},
            "“31-02-2025” is not a date like 2025-03-31, so we left out the first day.",
            ["Stage in het labo"],
        ),
        (
            {"date_to": "morgen"},
            "“morgen” is not a date like 2025-03-31, so we left out the last day.",
            CURRENT,
        ),
        (
            {"date_from": str(TODAY + 40 * DAY), "date_to": str(TODAY)},
            "The last day is before the first day, so we left out the last day.",
            ["Stage in het labo"],
        ),
        (
            {"q": "robot " * 40, "type": "opendag"},
            "Your search text is longer than 200 characters, so we left it out.",
            ["Opendag robotica"],
        ),
        # Nothing to search for: said so, and the other filters kept (the type here).
        (
            {"q": "🚀", "type": "opendag"},
            "We could not search for “🚀”: type a word with letters or numbers.",
            ["Opendag robotica"],
        ),
        (
            {"q": "!!!"},
            "We could not search for “!!!”: type a word with letters or numbers.",
            CURRENT,
        ),
        ({"page": "abc"}, "There is no page “abc”, so we show the first page.", CURRENT),
        ({"page": "99"}, "There is no page 99, so we show the last page.", CURRENT),
    ],
)
def test_unknown_or_invalid_values_are_left_out_with_a_message(
    client, catalogue, params, message, expected
):
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert titles(response) == expected
    assert "<title>Error" not in response.content.decode()


def test_a_huge_query_string_is_never_a_server_error(client, catalogue):
    params = {
        "q": "x" * 50_000,
        "type": ["<script>"] * 50,
        "subregion": "é" * 500,
        "date_from": "9999-99-99",
        "page": "9" * 400,
        "organisation": "\x00",
        "province": ["\x00", "p" * 5000],
    }
    response = client.get(LIST_URL, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>" not in html.split("<main", 1)[1]
    assert "&lt;script&gt;" in html
    assert titles(response) == CURRENT


def test_list_is_a_get_form_with_labels_and_works_without_javascript(client, catalogue):
    html = client.get(LIST_URL).content.decode()
    assert re.search(r'<form class="filters" method="get" action="/en/acties/"', html)
    for field in ["filter-q", "filter-date-from", "filter-date-to", "filter-organisation"]:
        assert f'<label for="{field}">' in html
    assert '<input type="checkbox" name="type" value="opendag" id="filter-type-opendag">' in html
    assert '<label for="filter-subregion-gent">Ghent</label>' in html
    count = re.search(r'id="result-count"[^>]*>(\d+) actions found', html).group(1)
    assert f'<button type="submit" id="filters-submit">Show {count} results</button>' in html


def test_pagination_keeps_the_filters(client):
    gent = subregion("gent")
    for number in range(23):
        PublishedActionFactory(title=f"Actie {number:02d}", subregions=[gent])
    response = client.get(LIST_URL, {"subregion": "gent"})
    assert len(titles(response)) == 20
    html = response.content.decode()
    assert "23 actions found (showing 1 to 20)" in html
    assert 'href="?subregion=gent&amp;page=2"' in html
    assert len(titles(client.get(LIST_URL, {"subregion": "gent", "page": "2"}))) == 3


def test_htmx_request_gets_only_the_results(client, catalogue):
    response = client.get(
        LIST_URL, {"type": "opendag"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Opendag robotica" in html
    assert '<span id="result-count" data-hx-swap-oob="innerHTML">1 action found</span>' in html
    assert "HX-Request" in response.headers["Vary"]


def test_list_links_its_feeds_and_the_feeds_of_one_chosen_region(client, catalogue):
    html = client.get(LIST_URL).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/en/acties/feed/rss/"' in html
    assert 'href="/en/acties/feed/atom/"' in html
    assert "/feed/gent/" not in html
    html = client.get(LIST_URL, {"subregion": "gent"}).content.decode()
    assert 'href="/en/acties/feed/gent/rss/">Ghent (RSS)</a>' in html
    assert 'title="New actions in Ghent (Atom)" href="/en/acties/feed/gent/atom/"' in html


def test_dutch_list_has_dutch_names(client, catalogue):
    with translation.override("nl"):
        html = client.get(reverse("actions:action-list")).content.decode()
    assert '<html lang="nl">' in html
    assert ">Gent</label>" in html


# Search (SQLite: words in the text; PostgreSQL: see test_public_search_postgres.py)


def test_search_finds_words_in_title_summary_description_place_and_organisations(client, catalogue):
    assert titles(client.get(LIST_URL, {"q": "robots"})) == ["Opendag robotica"]
    assert titles(client.get(LIST_URL, {"q": "wiskunde"})) == ["Gastles wiskunde"]
    # The place of one, its organiser's name (Atheneum Brugge) and a region of the other.
    assert sorted(titles(client.get(LIST_URL, {"q": "brugge"}))) == [
        "Gastles wiskunde",
        "Stage in het labo",
    ]
    assert titles(client.get(LIST_URL, {"q": "GASTLES school"})) == ["Gastles wiskunde"]
    assert titles(client.get(LIST_URL, {"q": "gastles ruimtevaart"})) == []


def test_search_combines_with_filters_and_ranks_title_matches_first(client, catalogue):
    Action.objects.filter(pk=catalogue["ongoing"].pk).update(description="Ook met een labo.")
    index_published()
    response = client.get(LIST_URL, {"q": "labo"})
    assert titles(response) == ["Stage in het labo", "Coderen voor meisjes"]
    assert response.context["selected"]["sort"] == "relevance"
    assert titles(client.get(LIST_URL, {"q": "labo", "subregion": "gent"})) == [
        "Coderen voor meisjes"
    ]
    # Chosen explicitly, another order wins over relevance.
    assert titles(client.get(LIST_URL, {"q": "labo", "sort": "date"})) == [
        "Coderen voor meisjes",
        "Stage in het labo",
    ]


# The page of one action


@pytest.fixture
def full_action(catalogue):
    partner = make_signatory(name="Fictief Bedrijf", slug="fictief-bedrijf")
    private_partner = OrganisationFactory(name="Nog Niet Ondertekend")
    action = ActionFactory(
        title="Robotweek",
        slug="robotweek",
        summary="Een week lang robots bouwen.",
        description="## Programma\n\nWe bouwen **robots**.<script>alert(1)</script>",
        action_type=action_type("gezamenlijk-project"),
        organisation=catalogue["lab"],
        subregions=[subregion("gent")],
        audiences=[audience("secundair-tso"), audience("meisjes-vrouwen")],
        timing=Action.Timing.PERIOD,
        start_date=TODAY + 3 * DAY,
        end_date=TODAY + 7 * DAY,
        location="Technologiepark 1, Gent",
        places=12,
        participation=Action.Participation.LINK,
        participation_url="https://example.org/inschrijven",
    )
    action.partners.set([partner, private_partner])
    action.disciplines.set([discipline("technologie")])
    add_image(action, alt_text="Leerlingen solderen een printplaat.")
    add_image(action, alt_text="Een robot rijdt over een parcours.", position=1)
    review = publish(action, met=2)
    story = PublishedStoryFactory(title="Hoe de robotweek liep", organisation=catalogue["lab"])
    story.actions.set([action])
    StoryFactory(title="Nog een concept", organisation=catalogue["lab"]).actions.set([action])
    action.refresh_from_db()
    return {"action": action, "review": review, "partner": partner}


def test_detail_shows_every_field(client, full_action):
    action = full_action["action"]
    response = client.get(action.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<title lang="nl">Robotweek – STEM-charter</title>' in html
    assert '<a href="/en/acties/">Actions</a>' in html  # breadcrumbs
    for text in [
        "Een week lang robots bouwen.",
        "Joint project",
        "Technologiepark 1, Gent",
        "Secondary pupils, technical education",
        "Girls and women",
        "Technology",
        "12 places available",
        f'<time datetime="{(TODAY + 3 * DAY).isoformat()}">',
    ]:
        assert text in html, text
    assert '<a href="/en/ondertekenaars/zuidlab/">Zuidlab</a>' in html
    assert '<a href="/en/ondertekenaars/fictief-bedrijf/">Fictief Bedrijf</a>' in html
    # A partner without a public page is named, not linked.
    assert "Nog Niet Ondertekend" in html
    assert "/ondertekenaars/testorganisatie" not in html
    assert 'href="https://example.org/inschrijven" rel="noopener">Sign up' in html


def test_detail_sanitises_the_markdown_description(client, full_action):
    html = client.get(full_action["action"].get_absolute_url()).content.decode()
    assert "<h2>Programma</h2>" in html
    assert "<strong>robots</strong>" in html
    assert "<script>alert(1)" not in html


def test_detail_images_have_sizes_and_alt_and_load_lazily_after_the_first(client, full_action):
    html = client.get(full_action["action"].get_absolute_url()).content.decode()
    images = re.findall(r'<img lang="nl" src="/media/images/test/[^"]+/detail.jpg"[^>]*>', html)
    assert len(images) == 2
    assert 'alt="Leerlingen solderen een printplaat." width="1600" height="1000">' in images[0]
    assert (
        'alt="Een robot rijdt over een parcours." width="1600" height="1000" loading="lazy">'
        in (images[1])
    )


def test_detail_shows_the_criteria_it_was_reviewed_against_and_met(client, full_action):
    review = full_action["review"]
    criteria = list(review.criteria_set.criteria.all())
    html = client.get(full_action["action"].get_absolute_url()).content.decode()
    assert f"“{review.criteria_set.name_en}” (version 1)" in html
    assert "It meets these 2 criteria:" in html
    assert criteria[0].name_en in html
    assert criteria[1].name_en in html
    assert criteria[2].name_en not in html  # not met
    assert "Opmerking" not in html  # the reviewer's comments stay in the back office


def test_detail_shows_the_latest_publishing_review_after_a_new_version(client, full_action):
    action = full_action["action"]
    member = MembershipFactory(organisation=action.organisation).user
    copy = revision_start(item=action, by=member)
    Action.objects.filter(pk=copy.pk).update(title="Robotweek 2")
    html = client.get(action.get_absolute_url()).content.decode()
    assert "Robotweek 2" not in html  # still under revision: the live version stays
    copy.refresh_from_db()
    publish(copy, met=4)
    html = client.get(action.get_absolute_url()).content.decode()
    assert '<h1 id="action-title" lang="nl">Robotweek 2</h1>' in html
    assert "It meets these 4 criteria:" in html


def test_detail_lists_published_stories_only(client, full_action):
    html = client.get(full_action["action"].get_absolute_url()).content.decode()
    assert "Hoe de robotweek liep" in html
    assert "Nog een concept" not in html


def test_detail_has_plain_share_links_and_no_third_party_script(client, full_action):
    html = client.get(full_action["action"].get_absolute_url()).content.decode()
    url = "http%3A%2F%2F127.0.0.1%3A8000%2Fen%2Facties%2Frobotweek%2F"
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={url}" in html
    assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in html
    assert f"https://x.com/intent/post?url={url}&amp;text=Robotweek" in html
    assert f"https://wa.me/?text=Robotweek%20{url}" in html
    assert f"mailto:?subject=Robotweek&amp;body={url}" in html
    scripts = re.findall(r"<script[^>]*src=\"([^\"]+)\"", html)
    assert all(src.startswith("/static/") for src in scripts)


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_detail_of_a_dated_action_has_an_event_in_json_ld(client, full_action, settings):
    settings.SITE_URL = "https://stem.example"
    html = client.get(full_action["action"].get_absolute_url()).content.decode()
    [event] = json_ld(html)
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Robotweek"
    assert event["startDate"] == (TODAY + 3 * DAY).isoformat()
    assert event["endDate"] == (TODAY + 7 * DAY).isoformat()
    assert event["url"] == "https://stem.example/en/acties/robotweek/"
    assert event["location"] == {
        "@type": "Place",
        "name": "Technologiepark 1, Gent",
        "address": "Technologiepark 1, Gent",
    }
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["organizer"][0] == {
        "@type": "Organization",
        "name": "Zuidlab",
        "url": "https://stem.example/en/ondertekenaars/zuidlab/",
    }
    assert {"@type": "Organization", "name": "Nog Niet Ondertekend"} in event["organizer"]
    assert event["image"][0].startswith("https://stem.example/media/images/test/")
    assert event["image"][0].endswith("/social.jpg")


def test_json_ld_of_an_online_action(client, catalogue):
    action = PublishedActionFactory(title="Webinar", location="Online (Teams)")
    [event] = json_ld(client.get(action.get_absolute_url()).content.decode())
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation"


def test_json_ld_cannot_close_its_script_element(client, catalogue):
    action = PublishedActionFactory(title="Test </script><script>alert(1)</script>")
    html = client.get(action.get_absolute_url()).content.decode()
    [event] = json_ld(html)
    assert event["name"] == "Test </script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_detail_of_an_action_on_request_has_no_event(client, catalogue):
    html = client.get(catalogue["guest_lesson"].get_absolute_url()).content.decode()
    assert json_ld(html) == []
    assert "On request" in html


def test_detail_of_a_past_action_still_shows_marked_as_past(client, catalogue):
    response = client.get(catalogue["past"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "This action is over." in html
    assert "you can no longer sign up" in html


@pytest.mark.parametrize("status", [s for s in ReviewStatus.values if s != "published"])
def test_detail_of_an_unpublished_action_is_not_found(client, catalogue, status):
    action = catalogue["hidden"][status]
    assert client.get(reverse("actions:action-detail", args=[action.slug])).status_code == 404


def test_detail_is_not_found_for_members_and_coordinators_either(client, catalogue):
    draft = catalogue["hidden"]["draft"]
    url = reverse("actions:action-detail", args=[draft.slug])
    client.force_login(MembershipFactory(organisation=catalogue["lab"]).user)
    assert client.get(url).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(url).status_code == 404


def test_an_action_taken_offline_disappears(client, full_action):
    action = full_action["action"]
    review_withdraw(item=action, by=MembershipFactory(organisation=action.organisation).user)
    assert client.get(action.get_absolute_url()).status_code == 404
    assert "Robotweek" not in client.get(LIST_URL).content.decode()


def test_unknown_slug_is_not_found_and_sets_no_cookie(client):
    response = client.get(reverse("actions:action-detail", args=["bestaat-niet"]))
    assert response.status_code == 404
    assert not response.cookies


def test_anonymous_pages_set_no_cookies(client, full_action):
    for url in [
        LIST_URL,
        LIST_URL + "?type=x&page=abc",
        full_action["action"].get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url


def test_a_whole_province_is_one_checkbox_and_one_chip(client, catalogue):
    response = client.get(LIST_URL, {"province": "west-vlaanderen"})
    content = response.content.decode()
    assert 'name="province" value="west-vlaanderen"' in content
    assert 'id="filter-province-west-vlaanderen" checked' in content
    assert "All of West Flanders" in content
    chips = response.context["chips"]
    assert [(chip["key"], chip["value"]) for chip in chips] == [("province", "west-vlaanderen")]
    # Brussels has a single region: no separate checkbox for the whole of it.
    assert 'name="province" value="brussels-hoofdstedelijk-gewest"' not in content
