"""The API's ``q`` never finds a row through the name of a private person
(``Category.INDIVIDUAL``), whom open data never names (``serializers.PublicOrganiserMixin``):
not as the organiser or a partner of an action, nor as the author or a named organisation of a
story; the row is still found by its own words, and the public pages (which name them) still
find it by the name. Both databases: the index on PostgreSQL, the fallback on SQLite."""

import json

import pytest

from stemcharter.actions.models import Action
from stemcharter.actions.services import ACTION_SEARCH
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.models import Category
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.stories.models import Story
from stemcharter.stories.services import STORY_SEARCH
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db


def slugs(client, url: str, text: str) -> list[str]:
    response = client.get(
        url, {"q": text, "lang": "en", **({"past": "1"} if "actions" in url else {})}
    )
    assert response.status_code == 200, response.content[:300]
    return [row["slug"] for row in json.loads(response.content)["results"]]


@pytest.fixture
def people():
    person = make_signatory(name="Fien Vanderperre", category=Category.INDIVIDUAL)
    school = make_signatory(name="Atheneum Kwantum", category=Category.EDUCATION)
    return person, school


def test_an_action_is_not_found_through_a_private_persons_name(client, people):
    person, school = people
    organised = PublishedActionFactory(title="Robotkamp", organisation=person)
    partnered = PublishedActionFactory(title="Zonnewagen", organisation=school)
    partnered.partners.add(person)
    ACTION_SEARCH.reindex(Action.objects.all())
    ACTION_SEARCH.index(organised)
    ACTION_SEARCH.index(partnered)

    for text in ("Vanderperre", "Fien Vanderperre", '"Fien Vanderperre"'):
        assert slugs(client, "/api/v1/actions/", text) == [], text
    assert slugs(client, "/api/v1/actions/", "Robotkamp") == [organised.slug]
    # A public organisation's name still finds its actions.
    assert slugs(client, "/api/v1/actions/", "Kwantum") == [partnered.slug]
    # The public page names the person, and finds the actions by the name.
    page = client.get("/acties/", {"q": "Vanderperre", "past": "1"}).content.decode()
    assert "Robotkamp" in page
    assert "Zonnewagen" in page


def test_a_story_is_not_found_through_a_private_persons_name(client, people):
    person, school = people
    written = PublishedStoryFactory(title="Mijn stage", organisation=person)
    named = PublishedStoryFactory(title="Samen bouwen", organisation=school)
    named.organisations.add(person)
    STORY_SEARCH.reindex(Story.objects.all())

    for text in ("Vanderperre", "Fien"):
        assert slugs(client, "/api/v1/stories/", text) == [], text
    assert slugs(client, "/api/v1/stories/", "stage") == [written.slug]
    assert slugs(client, "/api/v1/stories/", "Kwantum") == [named.slug]
