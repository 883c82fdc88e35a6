"""Cards keyed on what they show (``common.fragments``, each model's ``card_version``), not on
the generation of all public content: a change to one action leaves every other card in the
cache, and a change to anything a card shows (its object, its type, organiser, sector, regions,
images, signature) gives that card a new key, so the next request shows it.

How a test tells a card read from the cache from a card rendered again: after the first
request, every kept card's HTML is replaced in the cache by a marker. A card whose key did not
change comes back as its marker; a card whose key changed is rendered from the database.
"""

import datetime
import pickle
import re

import pytest
from django.core.cache import caches
from django.utils import formats, translation

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory, CharterVersionFactory
from stemcharter.common.fragments import fragment_store
from stemcharter.images.tests.factories import ImageFactory
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

MARKER = "<li>kept card {}</li>"


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request runs its view, as in the benchmark


CARD = re.compile(r'<li class="card[^"]*">.*?</li>|<li>kept card \d+</li>', re.S)


def page(client, url: str) -> str:
    """The cards on ``url`` (or their markers), one after the other."""
    response = client.get(url)
    assert response.status_code == 200, url
    return "\n".join(CARD.findall(response.content.decode()))


def card_keys(name: str) -> list[str]:
    """The keys of the cards ``name`` in the fragments' cache (as ``get`` and ``set`` take
    them: without the cache's prefix and version)."""
    return [
        key.split(":", 2)[2]
        for key in fragment_store()._cache
        if key.split(":", 2)[2].startswith(f"fragment:{name}:")
    ]


def mark_cards(name: str) -> int:
    """Replace the HTML of every kept card ``name`` by a marker; returns how many."""
    keys = card_keys(name)
    for number, key in enumerate(keys):
        fragment_store().set(key, MARKER.format(number))
    return len(keys)


def assert_shown_again(client, url: str, name: str, change, expected: str) -> None:
    """The card on ``url`` shows ``expected`` after ``change()``, rendered again: its key
    changed (a card read from the cache would be its marker)."""
    html = page(client, url)
    assert expected not in html
    assert mark_cards(name) == 1
    assert "kept card" in page(client, url)  # the marker: the card is read from the cache
    change()
    html = page(client, url)
    assert expected in html
    assert "kept card" not in html


# A change to one object leaves the other cards cached.


def test_a_change_to_one_action_leaves_the_other_cards_in_the_cache(client, english):
    changed = PublishedActionFactory(title="Robots bouwen")
    PublishedActionFactory(title="Bruggen bouwen")
    PublishedActionFactory(title="Zonnepanelen leggen")
    page(client, "/en/acties/")
    assert mark_cards("action-card") == 3
    changed.title = "Drones bouwen"
    changed.save()  # the generation of public content moves on: the page of results is read again
    html = page(client, "/en/acties/")
    assert "Drones bouwen" in html
    # The two other cards were not rendered: their markers came from the cache.
    assert html.count("kept card") == 2
    assert "Bruggen bouwen" not in html
    assert len(card_keys("action-card")) == 4  # one card rendered: the changed action's


def test_a_change_to_one_story_leaves_the_other_cards_in_the_cache(client, english):
    changed = PublishedStoryFactory(title="Robotles")
    PublishedStoryFactory(title="Brugproef")
    page(client, "/en/verhalen/")
    assert mark_cards("story-card") == 2
    changed.title = "Droneles"
    changed.save()
    html = page(client, "/en/verhalen/")
    assert "Droneles" in html
    assert html.count("kept card") == 1
    assert len(card_keys("story-card")) == 3


def test_a_change_to_one_signatory_leaves_the_other_cards_in_the_cache(client, english):
    changed = ApprovedSignatureFactory(organisation__name="Eerste Labo").organisation
    ApprovedSignatureFactory(organisation__name="Tweede Labo")
    page(client, "/en/ondertekenaars/")
    assert mark_cards("organisation-card") == 2
    changed.name = "Hernoemd Labo"
    changed.save()
    html = page(client, "/en/ondertekenaars/")
    assert "Hernoemd Labo" in html
    assert html.count("kept card") == 1
    assert len(card_keys("organisation-card")) == 3


def test_a_change_to_an_action_leaves_the_cards_of_the_home_page_in_the_cache(client, english):
    shown = PublishedActionFactory(title="Robots bouwen")
    page(client, "/en/")
    marked = mark_cards("action-card")
    assert marked == 1
    shown.organisation.description = "Niet op de kaart."  # saves public content
    shown.organisation.save(update_fields=["description"])
    html = page(client, "/en/")
    assert "kept card" in html


# An action's card shows again when anything it shows changes.

ACTIONS = "/en/acties/"


def test_an_action_card_follows_its_action(client, english):
    action = PublishedActionFactory(title="Robots bouwen")

    def change():
        action.title = "Drones bouwen"
        action.save()

    assert_shown_again(client, ACTIONS, "action-card", change, "Drones bouwen")


def test_an_action_card_follows_its_places(client, english):
    action = PublishedActionFactory()

    def change():
        action.places = 7
        action.save()

    assert_shown_again(client, ACTIONS, "action-card", change, "7 places available")


def test_an_action_card_follows_its_type(client, english):
    action = PublishedActionFactory()

    def change():
        action.action_type.name_en = "Renamed type"
        action.action_type.save()

    assert_shown_again(client, ACTIONS, "action-card", change, "Renamed type")


def test_an_action_card_follows_its_types_unit(client, english):
    action = PublishedActionFactory(places=3)

    def change():
        action.action_type.unit = "copies"
        action.action_type.save()

    assert_shown_again(client, ACTIONS, "action-card", change, "3 copies available")


def test_an_action_card_follows_its_organiser(client, english):
    action = PublishedActionFactory()

    def change():
        action.organisation.name = "Nieuwe naam vzw"
        action.organisation.save()

    assert_shown_again(client, ACTIONS, "action-card", change, "Nieuwe naam vzw")


def test_an_action_card_follows_a_renamed_region(client, english):
    action = PublishedActionFactory()

    def change():
        subregion = action.subregions.get()
        subregion.name_en = "Renamed region"
        subregion.save()

    assert_shown_again(client, ACTIONS, "action-card", change, "Renamed region")


def test_an_action_card_follows_a_region_added(client, english):
    action = PublishedActionFactory()
    other = SubregionFactory(name_en="Another region")

    def change():
        action.subregions.add(other)  # a many-to-many change: the action row stays as it was

    assert_shown_again(client, ACTIONS, "action-card", change, "Another region")


def test_an_action_card_follows_a_region_removed(client, english):
    kept, removed = SubregionFactory(), SubregionFactory(name_en="Removed region")
    action = PublishedActionFactory(subregions=[kept, removed])
    html = page(client, ACTIONS)
    assert "Removed region" in html
    assert mark_cards("action-card") == 1
    action.subregions.remove(removed)
    html = page(client, ACTIONS)
    assert "Removed region" not in html
    assert "kept card" not in html


def test_an_action_card_follows_an_image_added(client, english):
    action = PublishedActionFactory()

    def change():
        ImageFactory(owner=action, alt_text="Twee leerlingen aan een robotarm.")

    assert_shown_again(
        client, ACTIONS, "action-card", change, 'alt="Twee leerlingen aan een robotarm."'
    )


def test_an_action_card_follows_its_images_description(client, english):
    action = PublishedActionFactory()
    image = ImageFactory(owner=action, alt_text="Een robotarm.")

    def change():
        image.alt_text = "Twee leerlingen aan een robotarm."
        image.save()

    assert_shown_again(
        client, ACTIONS, "action-card", change, 'alt="Twee leerlingen aan een robotarm."'
    )


def test_an_action_card_follows_the_language(client):
    PublishedActionFactory()
    page(client, "/en/acties/")
    assert mark_cards("action-card") == 1
    with translation.override("nl"):
        assert "Organisator" in page(client, "/acties/")


# A story's card.

STORIES = "/en/verhalen/"


def test_a_story_card_follows_its_story(client, english):
    story = PublishedStoryFactory()

    def change():
        story.kind = "youth"
        story.save()

    assert_shown_again(client, STORIES, "story-card", change, "Youth story")


def test_a_story_card_follows_its_organisation(client, english):
    story = PublishedStoryFactory()

    def change():
        story.organisation.name = "Nieuwe naam vzw"
        story.organisation.save()

    assert_shown_again(client, STORIES, "story-card", change, "Nieuwe naam vzw")


def test_a_story_card_follows_a_renamed_region(client, english):
    story = PublishedStoryFactory()

    def change():
        subregion = story.subregions.get()
        subregion.name_en = "Renamed region"
        subregion.save()

    assert_shown_again(client, STORIES, "story-card", change, "Renamed region")


def test_a_story_card_follows_a_region_added(client, english):
    story = PublishedStoryFactory()
    other = SubregionFactory(name_en="Another region")

    def change():
        story.subregions.add(other)

    assert_shown_again(client, STORIES, "story-card", change, "Another region")


def test_a_story_card_follows_an_image_added(client, english):
    story = PublishedStoryFactory()

    def change():
        ImageFactory(owner=story, alt_text="Sara aan een werkbank.")

    assert_shown_again(client, STORIES, "story-card", change, 'alt="Sara aan een werkbank."')


def test_a_story_card_follows_its_images_description(client, english):
    story = PublishedStoryFactory()
    image = ImageFactory(owner=story, alt_text="Een werkbank.")

    def change():
        image.alt_text = "Sara aan een werkbank."
        image.save()

    assert_shown_again(client, STORIES, "story-card", change, 'alt="Sara aan een werkbank."')


# A signatory's card.

SIGNATORIES = "/en/ondertekenaars/"


def test_a_signatory_card_follows_its_organisation(client, english):
    organisation = ApprovedSignatureFactory().organisation

    def change():
        organisation.town = "Hasselt"
        organisation.save()

    assert_shown_again(client, SIGNATORIES, "organisation-card", change, "Hasselt")


def test_a_signatory_card_follows_its_sector(client, english):
    organisation = ApprovedSignatureFactory().organisation

    def change():
        organisation.sector.name_en = "Renamed sector"
        organisation.sector.save()

    assert_shown_again(client, SIGNATORIES, "organisation-card", change, "Renamed sector")


def test_a_signatory_card_follows_a_renamed_region(client, english):
    subregion = SubregionFactory()
    ApprovedSignatureFactory(organisation__subregions=[subregion])

    def change():
        subregion.name_en = "Renamed region"
        subregion.save()

    assert_shown_again(client, SIGNATORIES, "organisation-card", change, "Renamed region")


def test_a_signatory_card_follows_a_region_added(client, english):
    organisation = ApprovedSignatureFactory().organisation
    other = SubregionFactory(name_en="Another region")

    def change():
        organisation.subregions.add(other)

    assert_shown_again(client, SIGNATORIES, "organisation-card", change, "Another region")


def test_a_signatory_card_follows_its_signature(client, english):
    signature = ApprovedSignatureFactory()
    decided = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
    expected = formats.date_format(decided, "DATE_FORMAT")

    def change():
        signature.decided_at = decided
        signature.charter_version = CharterVersionFactory(number=2)
        signature.save()

    assert_shown_again(
        client,
        SIGNATORIES,
        "organisation-card",
        change,
        f"Signed on {expected} (charter version 2)",
    )


# A page of results is kept as its rows' ids and cards' keys (common.fragments.CardRows).


def kept_pages() -> list:
    store = caches["list-results"]
    return [pickle.loads(value)[0] for value in store._cache.values()]  # noqa: S301 (our own)


@pytest.mark.parametrize(
    ("url", "name", "make", "queries_to_load"),
    [
        # The rows by id, then the regions and the images the cards show.
        ("/en/acties/", "action-card", lambda: PublishedActionFactory.create_batch(3), 3),
        ("/en/verhalen/", "story-card", lambda: PublishedStoryFactory.create_batch(3), 3),
        # The rows by id (sector joined, signature annotated), then the regions.
        (
            "/en/ondertekenaars/",
            "organisation-card",
            lambda: ApprovedSignatureFactory.create_batch(3),
            2,
        ),
    ],
)
def test_a_kept_page_holds_ids_and_keys_and_loads_its_rows_only_for_a_card_to_render(
    client, english, django_assert_num_queries, url, name, make, queries_to_load
):
    make()
    first = page(client, url)
    assert first.count("<li class=") == 3
    (kept,) = kept_pages()
    assert len(kept) == 3
    assert all(isinstance(pk, int) and isinstance(key, str) for pk, key in kept)
    with django_assert_num_queries(0):  # every card in the cache: no row read
        assert page(client, url) == first
    for key in card_keys(name):  # the cards expired, the page of results is still kept
        fragment_store().delete(key)
    with django_assert_num_queries(queries_to_load):  # the page's rows, in one batch
        assert page(client, url) == first


def test_a_row_taken_out_by_a_bulk_update_is_shown_as_the_kept_page_has_it(client, english):
    """A bulk update sends no signal: the page of results is kept its minute, and a card that
    must be rendered meanwhile is read from the row as it is, not a failure."""
    PublishedActionFactory(title="Bruggen bouwen")
    withdrawn = PublishedActionFactory(title="Robots bouwen")
    assert "Robots bouwen" in page(client, ACTIONS)
    Action.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    for key in card_keys("action-card"):
        fragment_store().delete(key)
    html = page(client, ACTIONS)
    assert "Robots bouwen" in html
    assert "Bruggen bouwen" in html
    PublishedActionFactory(title="Zonnepanelen leggen")  # a save: the page is read again
    html = page(client, ACTIONS)
    assert "Robots bouwen" not in html
    assert "Zonnepanelen leggen" in html
