"""Read queries of stories: the public scope, search and the lists on other pages."""

import datetime

import pytest

from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.stories.models import Story
from stemcharter.stories.selectors import (
    story_catalogue,
    story_get,
    story_latest,
    story_of_organisation,
    story_organisation_match,
    story_search,
)
from stemcharter.stories.tests.factories import (
    PublishedStoryFactory,
    StoryFactory,
    index_published,
)

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)


def test_catalogue_holds_published_live_stories_newest_first():
    old = PublishedStoryFactory(first_published_at=days_ago(5))
    new = PublishedStoryFactory(first_published_at=days_ago(1))
    for status in ["draft", "submitted", "under_review", "changes_requested", "rejected"]:
        StoryFactory(status=status)
    StoryFactory(status="published", revision_of=new, slug=new.slug)
    assert list(story_catalogue()) == [new, old]
    assert story_latest(limit=1) == [new]
    assert story_get(slug=new.slug) == new
    with pytest.raises(Story.DoesNotExist):
        story_get(slug=StoryFactory(status="withdrawn").slug)


def test_search_needs_every_word_in_title_summary_or_body():
    PublishedStoryFactory(title="Robots in de klas", body="Een jaar lang.")
    PublishedStoryFactory(title="Sara", summary="Ze koos techniek.", body="Over robots.")
    index_published()

    def titles(text: str) -> list[str]:
        return sorted(story.title for story in story_search(story_catalogue(), text=text))

    assert titles("robots") == ["Robots in de klas", "Sara"]
    assert titles("ROBOTS techniek") == ["Sara"]
    assert titles('"klas"') == ["Robots in de klas"]
    assert titles("") == ["Robots in de klas", "Sara"]


def test_search_reads_organisations_regions_and_other_forms_of_words():
    gent = Subregion.objects.get(slug="gent")
    story = PublishedStoryFactory(
        title="Haar stage in het labo",
        body="Ze analyseerde monsters.",
        organisation=OrganisationFactory(name="Chemiebedrijf Noord"),
        subregions=[gent],
    )
    story.organisations.set([OrganisationFactory(name="Scholengroep Brugge")])
    PublishedStoryFactory(title="Foto's van de opendeurdag", body="Een camera per klas.")
    index_published()

    def titles(text: str) -> list[str]:
        return sorted(story.title for story in story_search(story_catalogue(), text=text))

    expected = {
        "stages": ["Haar stage in het labo"],
        "chemiebedrijf": ["Haar stage in het labo"],
        "scholengroep labo": ["Haar stage in het labo"],
        "ghent": ["Haar stage in het labo"],
        "fotos": ["Foto's van de opendeurdag"],
        "opendeurdagen": ["Foto's van de opendeurdag"],
        "camera's": ["Foto's van de opendeurdag"],
        "stage or camera": ["Foto's van de opendeurdag", "Haar stage in het labo"],
        "labo -chemiebedrijf": [],
    }
    assert {text: titles(text) for text in expected} == expected


def test_stories_of_an_organisation_as_author_or_named_in_them():
    organisation = OrganisationFactory()
    PublishedStoryFactory(title="Eigen", organisation=organisation, first_published_at=days_ago(2))
    PublishedStoryFactory(title="Genoemd", first_published_at=days_ago(1)).organisations.set(
        [organisation]
    )
    PublishedStoryFactory(title="Ander")
    StoryFactory(title="Concept", organisation=organisation)
    stories, more = story_of_organisation(organisation=organisation, limit=1)
    assert [s.title for s in stories] == ["Genoemd"]
    assert more is True
    stories, more = story_of_organisation(organisation=organisation)
    assert [s.title for s in stories] == ["Genoemd", "Eigen"]
    assert more is False
    assert story_organisation_match(organisation.slug) == (True, organisation)


def test_story_organisation_match_finds_authors_and_named_organisations_of_published_stories():
    author = OrganisationFactory(name="Café Zuidlab bvba", slug="zuidlab")
    named = OrganisationFactory(name="Atheneum Partner", slug="atheneum")
    PublishedStoryFactory(organisation=author).organisations.set([named])
    StoryFactory(organisation=OrganisationFactory(name="Alleen Concept", slug="concept"))
    assert story_organisation_match("zuidlab") == (True, author)
    assert story_organisation_match("atheneum") == (True, named)
    assert story_organisation_match("cafe") == (True, None)
    assert story_organisation_match("PARTNER") == (True, None)
    # Only organisations of published stories: a draft's author is not a choice.
    assert story_organisation_match("concept") == (False, None)
    assert story_organisation_match("bestaat-niet") == (False, None)
