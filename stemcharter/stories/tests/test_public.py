"""The public list of stories ``/verhalen/`` and the page of one story."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import add_image, publish
from stemcharter.organisations.tests.factories import MembershipFactory, OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.services import revision_start
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import (
    PublishedStoryFactory,
    StoryFactory,
    index_published,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

with translation.override("en"):
    LIST_URL = reverse("stories:story-list")


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [story.title for story in response.context["page_obj"].object_list]


def days_ago(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)


@pytest.fixture
def stories():
    lab = make_signatory(name="Zuidlab", slug="zuidlab")
    school = make_signatory(name="Atheneum Brugge", slug="atheneum-brugge")
    gent = Subregion.objects.get(slug="gent")
    brugge = Subregion.objects.get(slug="brugge")
    collaboration = PublishedStoryFactory(
        title="Samen een robot bouwen",
        kind=Story.Kind.COLLABORATION,
        organisation=lab,
        subregions=[gent],
        first_published_at=days_ago(3),
        body="Een school en een bedrijf bouwden samen een robotarm.",
    )
    collaboration.organisations.set([school])
    youth = PublishedStoryFactory(
        title="Sara koos voor elektromechanica",
        kind=Story.Kind.YOUTH,
        organisation=school,
        subregions=[brugge],
        first_published_at=days_ago(1),
        summary="Waarom Sara techniek koos.",
    )
    practice = PublishedStoryFactory(
        title="Wiskunde in de keuken",
        kind=Story.Kind.PRACTICE,
        organisation=lab,
        subregions=[gent, brugge],
        first_published_at=days_ago(2),
    )
    for status in ReviewStatus.values:
        if status != ReviewStatus.PUBLISHED:
            StoryFactory(title=f"Verborgen {status}", status=status, organisation=lab)
    index_published()
    return {
        "lab": lab,
        "school": school,
        "collaboration": collaboration,
        "youth": youth,
        "practice": practice,
    }


NEWEST_FIRST = [
    "Sara koos voor elektromechanica",
    "Wiskunde in de keuken",
    "Samen een robot bouwen",
]


def test_lists_published_stories_newest_first(client, stories):
    response = client.get(LIST_URL)
    html = response.content.decode()
    assert titles(response) == NEWEST_FIRST
    assert "3 stories found" in html
    assert "Verborgen" not in html


def test_card_links_with_the_title_only(client, stories):
    add_image(stories["youth"], alt_text="Sara aan een werkbank.")
    html = client.get(LIST_URL).content.decode()
    card = next(
        match.group(0)
        for match in re.finditer(r'<li class="card story-card">.*?</li>', html, re.S)
        if "Sara koos" in match.group(0)
    )
    assert len(re.findall(r"<a ", card)) == 1
    assert "Youth story" in card
    assert "Atheneum Brugge" in card
    assert 'alt="Sara aan een werkbank." width="640" height="400"' in card
    # The first card's image loads at once (often the largest thing on a phone's first screen),
    # the others lazily.
    first = html.index('<li class="card story-card">') == html.index(card)
    assert ('width="640" height="400" loading="lazy">' in card) is not first


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "youth"}, ["Sara koos voor elektromechanica"]),
        ({"kind": ["youth", "practice"]}, NEWEST_FIRST[:2]),
        ({"subregion": "gent"}, ["Wiskunde in de keuken", "Samen een robot bouwen"]),
        ({"organisation": "zuidlab"}, ["Wiskunde in de keuken", "Samen een robot bouwen"]),
        # An organisation named in someone else's story finds it too.
        (
            {"organisation": "atheneum-brugge"},
            ["Sara koos voor elektromechanica", "Samen een robot bouwen"],
        ),
        # Other text is a search in the organisations' names (folded like the directory's).
        (
            {"organisation": "ATHENEUM"},
            ["Sara koos voor elektromechanica", "Samen een robot bouwen"],
        ),
        ({"organisation": "zuid"}, ["Wiskunde in de keuken", "Samen een robot bouwen"]),
        ({"q": "robotarm"}, ["Samen een robot bouwen"]),
        ({"q": "SARA techniek"}, ["Sara koos voor elektromechanica"]),
        ({"q": "wiskunde", "subregion": "brugge"}, ["Wiskunde in de keuken"]),
        ({"q": "sterrenkunde"}, []),
    ],
)
def test_filters(client, stories, params, expected):
    response = client.get(LIST_URL, params)
    assert titles(response) == expected
    assert response.context["notices"] == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "gedicht"}, "There is no kind of story “gedicht”, so we left it out."),
        ({"subregion": "atlantis"}, "There is no region “atlantis”, so we left it out."),
        ({"organisation": "niemand"}, "There is no organisation “niemand” with stories"),
        ({"q": "x" * 201}, "Your search text is longer than 200 characters, so we left it out."),
        (
            {"organisation": "x" * 201},
            "The organisation you typed is longer than 200 characters, so we left it out.",
        ),
        ({"page": "-1"}, "There is no page -1, so we show the first page."),
        ({"q": "🚀"}, "We could not search for “🚀”: type a word with letters or numbers."),
        ({"q": "!!! ?"}, "We could not search for “!!! ?”: type a word with letters or numbers."),
    ],
)
def test_unknown_values_are_left_out_with_a_message(client, stories, params, message):
    response = client.get(LIST_URL, params)
    assert message in response.content.decode()
    assert titles(response) == NEWEST_FIRST


def test_a_search_with_nothing_to_search_for_keeps_the_other_filters(client, stories):
    response = client.get(LIST_URL, {"q": "🚀", "kind": "youth"})
    assert "We could not search for “🚀”" in response.content.decode()
    assert titles(response) == ["Sara koos voor elektromechanica"]
    assert [chip["label"] for chip in response.context["chips"]] == ["Youth story"]


def test_chips_and_empty_result(client, stories):
    response = client.get(LIST_URL, {"kind": "youth", "subregion": "gent"})
    html = response.content.decode()
    assert [chip["label"] for chip in response.context["chips"]] == ["Youth story", "Ghent"]
    assert 'href="/en/verhalen/?subregion=gent">' in html
    assert "No stories match your search" in html


def test_the_organisation_filter_chip_names_the_organisation_or_the_text(client, stories):
    response = client.get(LIST_URL, {"organisation": "atheneum-brugge"})
    assert [chip["label"] for chip in response.context["chips"]] == ["Atheneum Brugge"]
    response = client.get(LIST_URL, {"organisation": " Atheneum "})
    assert [chip["label"] for chip in response.context["chips"]] == ["Organisation: “Atheneum”"]
    html = response.content.decode()
    assert 'name="organisation" id="filter-organisation" value="Atheneum"' in html


def test_the_organisation_filter_does_not_grow_with_the_organisations(client, stories):
    """A text field, not a list of the organisations (thousands at scale)."""

    def filter_form() -> str:
        html = client.get(LIST_URL).content.decode()
        form = html[html.index('<form class="filters"') : html.index("</form>")]
        # The button says how many stories there are: that number grows, the form does not.
        return re.sub(r'(id="filters-submit">)[^<]*', r"\1", form)

    before = filter_form()
    assert '<input type="search" name="organisation" id="filter-organisation"' in before
    gent = Subregion.objects.get(slug="gent")
    for number in range(20):
        author = make_signatory(name=f"Auteur {number}", slug=f"auteur-{number}")
        PublishedStoryFactory(
            organisation=author, subregions=[gent], first_published_at=days_ago(9)
        )
    assert filter_form() == before


def test_list_links_its_feeds(client, stories):
    html = client.get(LIST_URL, {"subregion": "brugge"}).content.decode()
    assert 'type="application/rss+xml" title="New stories (RSS)" href="/en/verhalen/feed/rss/"' in (
        html
    )
    assert 'href="/en/verhalen/feed/brugge/atom/">Bruges (Atom)</a>' in html


def test_htmx_request_gets_only_the_results(client, stories):
    response = client.get(
        LIST_URL, {"kind": "youth"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert '<span id="result-count" data-hx-swap-oob="innerHTML">1 story found</span>' in html


# The page of one story


@pytest.fixture
def full_story(stories):
    published_action = PublishedActionFactory(title="Robotweek", organisation=stories["lab"])
    draft_action = ActionFactory(title="Geheime actie", organisation=stories["lab"])
    story = StoryFactory(
        title="Hoe we samen robots bouwden",
        slug="robots-bouwen",
        kind=Story.Kind.COLLABORATION,
        summary="Een school en een bedrijf, een jaar lang.",
        body="## Het begin\n\nHet begon met een **vraag**.<img src=x onerror=alert(1)>",
        organisation=stories["lab"],
    )
    story.organisations.set([stories["school"], OrganisationFactory(name="Niet Publiek")])
    story.actions.set([published_action, draft_action])
    add_image(story, alt_text="De robot is klaar.")
    review = publish(story, met=3)
    story.refresh_from_db()
    return {"story": story, "review": review}


def test_detail_shows_the_story(client, full_story):
    response = client.get(full_story["story"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<title lang="nl">Hoe we samen robots bouwden – STEM-charter</title>' in html
    assert "<h2>Het begin</h2>" in html
    assert "<strong>vraag</strong>" in html
    assert "onerror" not in html
    assert '<a href="/en/ondertekenaars/zuidlab/">Zuidlab</a>' in html
    assert '<a href="/en/ondertekenaars/atheneum-brugge/">Atheneum Brugge</a>' in html
    assert "Niet Publiek" in html
    assert "Robotweek" in html
    assert "Geheime actie" not in html
    assert 'alt="De robot is klaar." width="1600" height="1000">' in html
    assert "It meets these 3 criteria:" in html
    assert "Opmerking" not in html
    assert "https://wa.me/?text=Hoe%20we%20samen%20robots%20bouwden%20http" in html


def test_detail_has_an_article_in_json_ld_and_open_graph(client, full_story, settings):
    settings.SITE_URL = "https://stem.example"
    story = full_story["story"]
    html = client.get(story.get_absolute_url()).content.decode()
    [article] = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    assert article["@type"] == "Article"
    assert article["headline"] == "Hoe we samen robots bouwden"
    assert article["url"] == "https://stem.example/en/verhalen/robots-bouwen/"
    assert article["author"] == {
        "@type": "Organization",
        "name": "Zuidlab",
        "url": "https://stem.example/en/ondertekenaars/zuidlab/",
    }
    assert article["publisher"]["name"] == "STEM-charter"
    assert article["datePublished"].startswith(story.first_published_at.date().isoformat())
    assert article["image"][0].endswith("/social.jpg")
    assert '<meta property="og:type" content="article">' in html
    # Link previews show the drawn share image (issue 14); the JSON-LD keeps the photo.
    assert (
        '<meta property="og:image" '
        'content="https://stem.example/en/deelbeeld/verhalen/robots-bouwen.png">' in html
    )
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:alt" lang="nl" content="Hoe we samen robots bouwden">' in html


def test_detail_keeps_the_live_version_during_a_revision(client, full_story):
    story = full_story["story"]
    copy = revision_start(item=story, by=MembershipFactory(organisation=story.organisation).user)
    Story.objects.filter(pk=copy.pk).update(title="Nieuwe titel")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Nieuwe titel" not in html
    assert "Hoe we samen robots bouwden" in html


@pytest.mark.parametrize("status", [s for s in ReviewStatus.values if s != "published"])
def test_detail_of_an_unpublished_story_is_not_found(client, status):
    story = StoryFactory(status=status)
    assert client.get(reverse("stories:story-detail", args=[story.slug])).status_code == 404
