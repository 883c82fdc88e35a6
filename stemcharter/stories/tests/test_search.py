"""The search of /verhalen/ finds what people type, as the search of actions does (one
mechanism: ``common.search_index``): a table of queries (words of the title and text with
their other forms, accents or none, organisation and place names, the web-search syntax) and
the stories each must find, on PostgreSQL (the full-text index) and on SQLite (the
fallback)."""

import pytest
from django.db import connection

from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.stories.selectors import story_catalogue, story_search
from stemcharter.stories.services import story_search_index
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

INTERNSHIP = "Haar stage in het labo"
OPEN_DAY = "Foto's van de opendeurdag"
ENGINEER = "Een bio-ingénieur in de klas"
ROBOTS = "Robots bouwen met de buren"

QUERIES = [
    # Words of the title, summary and text, with their other forms and the start of a word.
    ("stages", [INTERNSHIP]),
    ("stage", [INTERNSHIP]),
    ("labo", [INTERNSHIP]),
    ("monsters", [INTERNSHIP]),
    ("fotos", [OPEN_DAY]),
    ("foto's", [OPEN_DAY]),
    ("camera's", [OPEN_DAY]),
    ("opendeurdagen", [OPEN_DAY]),
    ("open deur dag", [OPEN_DAY]),
    ("opendeur", [OPEN_DAY]),
    ("robot", [ROBOTS]),
    ("robots", [ROBOTS]),
    # Accents or none, in the text and in what is typed.
    ("bio-ingenieur", [ENGINEER]),
    ("bio-ingénieur", [ENGINEER]),
    ("creeer", [ENGINEER]),
    ("creëer", [ENGINEER]),
    ("reele", [ENGINEER]),
    ("Liege", [ROBOTS]),
    ("Liège", [ROBOTS]),
    ("Ieper", [OPEN_DAY]),
    ("ïeper", [OPEN_DAY]),
    # Organisations: the author and the others in the story.
    ("chemiebedrijf", [INTERNSHIP]),
    ("Scholengroep", [INTERNSHIP]),
    ("codeclub", [ROBOTS]),
    # Places: the region in both languages and its province.
    ("gent", [INTERNSHIP]),
    ("ghent", [INTERNSHIP]),
    ("oost-vlaanderen", [INTERNSHIP]),
    ("limburg", [ENGINEER]),
    ("stage gent", [INTERNSHIP]),
    ("stage hasselt", []),
    # The web-search syntax.
    ('"in het labo"', [INTERNSHIP]),
    ("stage or robots", [INTERNSHIP, ROBOTS]),
    ("labo -chemiebedrijf", []),
    # Nothing to find.
    ("ruimtevaartuig", []),
]

# title, summary, body, author, other organisation, region
STORIES = [
    (INTERNSHIP, "Twee weken in een echt labo.", "Ze analyseerde monsters.",
     "Chemiebedrijf Noord", "Scholengroep Brugge", "gent"),
    (OPEN_DAY, "Een dag voor het hele gezin.", "Een camera per klas, ook in Ieper.",
     "Windpark Oostende", "", "oostende"),
    (ENGINEER, "Zij creëert een reële toepassing.", "Creëer je eigen proef, zei ze.",
     "Universiteit Zuid", "", "hasselt"),
    (ROBOTS, "Samen met een school uit Liège.", "Een robot voor elke twee leerlingen.",
     "Codeclub", "", "leuven"),
]  # fmt: skip


@pytest.fixture
def stories():
    made = []
    for title, summary, body, author, other, region in STORIES:
        story = PublishedStoryFactory(
            title=title,
            summary=summary,
            body=body,
            organisation=OrganisationFactory(name=author),
            subregions=[Subregion.objects.get(slug=region)],
        )
        if other:
            story.organisations.set([OrganisationFactory(name=other)])
        story_search_index(story=story)
        made.append(story)
    return made


def found(text: str) -> list[str]:
    return sorted(story.title for story in story_search(story_catalogue(), text=text))


def test_search_finds_what_people_type(stories):
    wrong = {text: found(text) for text, expected in QUERIES if found(text) != sorted(expected)}
    assert wrong == {}, f"{connection.vendor}: query -> found instead of the expected"


def test_a_story_is_found_by_the_new_name_of_an_organisation_or_a_place(stories):
    author = stories[0].organisation
    author.name = "Laboratorium Zeehaven"
    author.save()
    assert found("zeehaven") == [INTERNSHIP]
    assert found("chemiebedrijf") == []
    other = stories[0].organisations.get()
    other.name = "Onderwijsnet Kust"
    other.save(update_fields=["name"])
    assert found("onderwijsnet") == [INTERNSHIP]
    region = Subregion.objects.get(slug="leuven")
    region.name_en = "Louvain-Région"
    region.save()
    assert found("louvain-region") == [ROBOTS]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no search vector")
def test_the_migration_indexes_as_the_service_does(stories):
    """The migration that filled the vectors of published stories wrote what the service
    writes (frozen SQL against the service of its day)."""
    from importlib import import_module

    from django.apps import apps

    from stemcharter.stories.models import Story

    migration = import_module("stemcharter.stories.migrations.0003_story_search_vector")
    by_service = dict(Story.objects.values_list("pk", "search_vector"))
    Story.objects.update(search_vector=None)
    with connection.schema_editor() as editor:
        migration.fill(apps, editor)
    assert dict(Story.objects.values_list("pk", "search_vector")) == by_service
