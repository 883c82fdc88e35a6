"""What the RSS and Atom feeds carry of members' text: always well-formed XML, never markup.

- Control characters: XML 1.0 (§2.2, the Char production) cannot carry most of them, so one in
  a summary made every feed that lists the item answer 500. Forms take them out at input (see
  test_text.py); the feeds take out any that are in the database already.
- Member HTML: RSS 2.0's ``<description>`` and Atom's ``<summary type="html">`` (RFC 4287
  §3.1.1.2) hold HTML, so a summary must be escaped as text in it, or a feed reader shows the
  member's markup as markup.
"""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from stemcharter.accounts.tests.factories import CoordinatorFactory
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.reviews.models import CriteriaSet, ReviewStatus
from stemcharter.reviews.services import AssessmentData, review_decide, review_start
from stemcharter.stories.models import Story
from stemcharter.stories.tests.factories import PublishedStoryFactory
from stemcharter.vocabulary.models import ActionType

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    ("actions:action-feed-rss", {}),
    ("actions:action-feed-atom", {}),
    ("actions:action-feed-subregion-rss", {"subregion_slug": "gent"}),
    ("actions:action-feed-subregion-atom", {"subregion_slug": "gent"}),
    ("stories:story-feed-rss", {}),
    ("stories:story-feed-atom", {}),
    ("stories:story-feed-subregion-rss", {"subregion_slug": "gent"}),
    ("stories:story-feed-subregion-atom", {"subregion_slug": "gent"}),
]
FEED_IDS = [f"{name.split(':')[1]}{'-gent' if kwargs else ''}" for name, kwargs in FEEDS]


def feed_entries(response) -> list[dict[str, str]]:
    """Each item of an RSS or Atom feed: its title and its summary as the XML holds them."""
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # raises on XML that is not well-formed
    if root.tag == "rss":
        return [
            {"title": item.findtext("title"), "summary": item.findtext("description")}
            for item in root.iter("item")
        ]
    entries = []
    for entry in root.iter(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        entries.append({"title": entry.findtext(f"{ATOM}title"), "summary": summary.text})
    return entries


class ReaderView(HTMLParser):
    """What a feed reader makes of an HTML summary: the elements it would build, the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.text_parts: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def publish_through_review(item) -> None:
    coordinator = CoordinatorFactory()
    criteria_set = CriteriaSet.objects.current().order_by("name_nl").first()
    review_start(item=item, by=coordinator)
    review_decide(
        item=item,
        by=coordinator,
        decision="publish",
        criteria_set=criteria_set,
        assessments=[AssessmentData(c.pk, "met") for c in criteria_set.criteria.all()],
    )


def test_feeds_stay_valid_xml_after_a_summary_with_a_vertical_tab_through_the_portal(client):
    organisation = make_signatory(name="Robotica Waasland", slug="robotica-waasland")
    client.force_login(MembershipFactory(organisation=organisation).user)
    gent = Subregion.objects.get(slug="gent")
    kwargs = {"organisation_slug": organisation.slug}

    # A word processor's manual line break (U+000B) and page break (U+000C), and a stray C1
    # control, as a paste can bring them.
    response = client.post(
        reverse("portal:story-create", kwargs=kwargs),
        {
            "kind": "youth",
            "title": "Hoe Lisa\x0bhaar stage vond",
            "summary": "Lisa koos voor techniek.\x0bNu bouwt ze robots.\x0c\x85",
            "body": "Lisa was **zestien**.\x0bZe vond een stage.",
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert story.title == "Hoe Lisa haar stage vond"
    assert story.summary == "Lisa koos voor techniek.\nNu bouwt ze robots."
    assert story.body == "Lisa was **zestien**.\nZe vond een stage."
    client.post(
        reverse("portal:story-step", kwargs={**kwargs, "pk": story.pk, "step": "links"}),
        {"subregions": [gent.pk]},
    )
    client.post(reverse("portal:story-check", kwargs={**kwargs, "pk": story.pk}))
    story.refresh_from_db()
    assert story.status == ReviewStatus.SUBMITTED
    publish_through_review(story)
    story.refresh_from_db()
    assert story.status == ReviewStatus.PUBLISHED

    for name in ("stories:story-feed-rss", "stories:story-feed-atom"):
        entries = feed_entries(client.get(reverse(name)))
        assert [entry["title"] for entry in entries] == ["Hoe Lisa haar stage vond"]
        assert ReaderView(entries[0]["summary"]).text == (
            "Lisa koos voor techniek.\nNu bouwt ze robots."
        )
    url = reverse("stories:story-feed-subregion-rss", kwargs={"subregion_slug": "gent"})
    assert len(feed_entries(client.get(url))) == 1


@pytest.fixture
def items_with_control_characters_in_the_database():
    """Text that was stored before the forms cleaned it (or by a path that skips them)."""
    gent = Subregion.objects.get(slug="gent")
    Subregion.objects.filter(pk=gent.pk).update(name_en="Ghent\x0b(city)")
    ActionType.objects.filter(slug="stage").update(name_en="Intern\x01ship")
    action = PublishedActionFactory(
        title="Open\x0bday\x1f",
        summary="Come\x0cand see\ufffe.\x7f",
        subregions=[gent],
        organisation__name="Robot\x08lab",
        action_type=ActionType.objects.get(slug="stage"),
    )
    story = PublishedStoryFactory(
        title="A\x0bstory", summary="Told\x0bby\x1bpupils.", subregions=[gent]
    )
    return action, story


@pytest.mark.parametrize(("name", "kwargs"), FEEDS, ids=FEED_IDS)
def test_feeds_stay_valid_xml_with_control_characters_already_in_the_database(
    client, items_with_control_characters_in_the_database, name, kwargs
):
    entries = feed_entries(client.get(reverse(name, kwargs=kwargs)))
    assert len(entries) == 1
    assert entries[0]["title"] in {"Open\nday", "A\nstory"}
    assert ReaderView(entries[0]["summary"]).text in {"Come\nand see.", "Told\nbypupils."}


@pytest.fixture
def items_with_markup_in_their_text():
    gent = Subregion.objects.get(slug="gent")
    markup = "<img src=x onerror=alert(1)><b>bold</b> & more"
    PublishedActionFactory(title="<i>Open</i> day", summary=markup, subregions=[gent])
    PublishedStoryFactory(title="<i>A</i> story", summary=markup, subregions=[gent])
    return markup


@pytest.mark.parametrize(("name", "kwargs"), FEEDS, ids=FEED_IDS)
def test_feed_summaries_reach_readers_as_text_not_as_markup(
    client, items_with_markup_in_their_text, name, kwargs
):
    markup = items_with_markup_in_their_text
    (entry,) = feed_entries(client.get(reverse(name, kwargs=kwargs)))
    reader = ReaderView(entry["summary"])
    assert reader.elements == []
    assert reader.text == markup
    # Titles are plain text in both formats (Atom's default type="text"): the reader shows
    # the literal title, whatever it holds.
    assert entry["title"] in {"<i>Open</i> day", "<i>A</i> story"}
