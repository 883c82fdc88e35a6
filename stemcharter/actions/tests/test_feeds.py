"""RSS and Atom feeds of new actions and new stories, all and per subregion."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.regions.models import Subregion
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ATOM = "{http://www.w3.org/2005/Atom}"


def days_ago(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)


@pytest.fixture
def items():
    gent = Subregion.objects.get(slug="gent")
    brugge = Subregion.objects.get(slug="brugge")
    PublishedActionFactory(title="Oud in Gent", subregions=[gent], first_published_at=days_ago(9))
    PublishedActionFactory(
        title="Nieuw in Brugge", subregions=[brugge], first_published_at=days_ago(1)
    )
    PublishedActionFactory(
        title="Gent & Brugge <samen>", subregions=[gent, brugge], first_published_at=days_ago(3)
    )
    ActionFactory(title="Concept", subregions=[gent])
    PublishedStoryFactory(title="Verhaal uit Gent", subregions=[gent])
    PublishedStoryFactory(title="Verhaal uit Brugge", subregions=[brugge])
    StoryFactory(title="Verhaal in concept", subregions=[gent])


def rss_titles(response) -> tuple[str, list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel.findtext("title"), [item.findtext("title") for item in channel.iter("item")]


def atom_titles(response) -> tuple[str, list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    return feed.findtext(f"{ATOM}title"), [entry.findtext(f"{ATOM}title") for entry in entries]


def test_rss_of_new_actions_is_valid_xml_newest_first(client, items):
    title, titles = rss_titles(client.get(reverse("actions:action-feed-rss")))
    assert title == "New actions – STEM-charter"
    assert titles == ["Nieuw in Brugge", "Gent & Brugge <samen>", "Oud in Gent"]


def test_rss_items_link_to_the_public_page_with_the_organiser(client, items):
    response = client.get(reverse("actions:action-feed-rss"))
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("link").startswith("http://testserver/en/acties/testactie-")
    assert item.findtext("description") == "Een fictieve actie voor tests."
    assert item.findtext("category") == "Internship"
    assert item.findtext("pubDate")


def test_atom_of_new_actions(client, items):
    title, titles = atom_titles(client.get(reverse("actions:action-feed-atom")))
    assert title == "New actions – STEM-charter"
    assert titles == ["Nieuw in Brugge", "Gent & Brugge <samen>", "Oud in Gent"]


def test_feeds_of_one_subregion(client, items):
    url = reverse("actions:action-feed-subregion-rss", kwargs={"subregion_slug": "gent"})
    title, titles = rss_titles(client.get(url))
    assert title == "New actions in Ghent – STEM-charter"
    assert titles == ["Gent & Brugge <samen>", "Oud in Gent"]
    url = reverse("actions:action-feed-subregion-atom", kwargs={"subregion_slug": "brugge"})
    assert atom_titles(client.get(url))[1] == ["Nieuw in Brugge", "Gent & Brugge <samen>"]


def test_feed_of_an_unknown_subregion_is_not_found(client):
    url = reverse("actions:action-feed-subregion-rss", kwargs={"subregion_slug": "atlantis"})
    assert client.get(url).status_code == 404


def test_rss_links_to_itself_and_the_filtered_list(client, items):
    response = client.get(
        reverse("actions:action-feed-subregion-rss", kwargs={"subregion_slug": "gent"})
    )
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "http://testserver/en/acties/?subregion=gent"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("href") == "http://testserver/en/acties/feed/gent/rss/"


def test_stories_feeds(client, items):
    title, titles = rss_titles(client.get(reverse("stories:story-feed-rss")))
    assert title == "New stories – STEM-charter"
    assert sorted(titles) == ["Verhaal uit Brugge", "Verhaal uit Gent"]
    url = reverse("stories:story-feed-subregion-atom", kwargs={"subregion_slug": "gent"})
    title, titles = atom_titles(client.get(url))
    assert title == "New stories in Ghent – STEM-charter"
    assert titles == ["Verhaal uit Gent"]


def test_dutch_feed(client, items):
    response = client.get("/acties/feed/rss/")
    assert response.status_code == 200
    ET.fromstring(response.content)
