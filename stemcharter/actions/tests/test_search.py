"""Search finds what people type: a table of queries (Dutch and English, plurals, compound
words written whole, split or in part, synonyms, type, organisation and place names) and the
actions each must find. The same table runs on PostgreSQL (the full-text index) and on SQLite
(the fallback)."""

import pytest
from django.db import connection

from stemcharter.actions.selectors import action_catalogue, action_search
from stemcharter.actions.services import action_search_index
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import ActionType

pytestmark = pytest.mark.django_db

INTERNSHIP = "Proef van het labowerk"
OPEN_DAY = "Kom achter de schermen kijken"
VISIT = "Rondleiding in de staalfabriek"
KIT = "Leskoffer elektriciteit"
GUEST_LESSON = "Robots programmeren in de klas"

QUERIES = [
    # Plurals, singulars, synonyms and the English name of the type.
    ("stages", [INTERNSHIP]),
    ("stage", [INTERNSHIP]),
    ("Stages", [INTERNSHIP]),
    ("snuffelstage", [INTERNSHIP]),
    ("internships", [INTERNSHIP]),
    ("internship", [INTERNSHIP]),
    # A compound word written whole, in the plural, split, in part; the type's other name.
    ("opendeurdag", [OPEN_DAY]),
    ("opendeurdagen", [OPEN_DAY]),
    ("open deur dag", [OPEN_DAY]),
    ("opendeur", [OPEN_DAY]),
    ("opendag", [OPEN_DAY]),
    ("open day", [OPEN_DAY]),
    ("open days", [OPEN_DAY]),
    ("bedrijfsbezoek", [VISIT]),
    ("bedrijfsbezoeken", [VISIT]),
    ("company visit", [VISIT]),
    ("materiaal", [KIT]),
    ("materialen", [KIT]),
    ("lesmateriaal", [KIT]),
    ("teaching materials", [KIT]),
    ("gastles", [GUEST_LESSON]),
    ("gastlessen", [GUEST_LESSON]),
    ("guest lesson", [GUEST_LESSON]),
    # Words of the text, with their other forms and the start of a word.
    ("robot", [GUEST_LESSON]),
    ("robots", [GUEST_LESSON]),
    ("programm", [GUEST_LESSON]),
    ("labowerk", [INTERNSHIP]),
    # Organisers and partners by name.
    ("chemiebedrijf", [INTERNSHIP]),
    ("Windpark Oostende", [OPEN_DAY]),
    ("scholengroep", [KIT]),
    # Places: the location, the region (in both languages) and its province.
    ("zelzate", [INTERNSHIP]),
    ("genk", [VISIT]),
    ("ghent", [INTERNSHIP]),
    ("limburg", [VISIT]),
    ("oost-vlaanderen", [INTERNSHIP]),
    ("stages gent", [INTERNSHIP]),
    ("bedrijfsbezoek gent", []),
    # The web-search syntax.
    ('"achter de schermen"', [OPEN_DAY]),
    ('"de schermen achter"', []),
    ("robot or leskoffer", [KIT, GUEST_LESSON]),
    ("gastles -robots", []),
    ("leskoffer -gastles", [KIT]),
    # Accents or none, in the text and in what is typed.
    ("bio-ingenieur", [OPEN_DAY, GUEST_LESSON]),
    ("bio-ingénieur", [OPEN_DAY, GUEST_LESSON]),
    ("ingénieur", [OPEN_DAY, GUEST_LESSON]),
    ("creeer", [INTERNSHIP]),
    ("creëer", [INTERNSHIP]),
    ("reele analyses", [INTERNSHIP]),
    ("reële", [INTERNSHIP]),
    ("Liege", [KIT]),
    ("Liège", [KIT]),
    ("LIÈGE", [KIT]),
    # Nothing to find.
    ("ruimtevaartuig", []),
]


# title, summary, description, type, organiser, location, region
ACTIONS = [
    (INTERNSHIP, "Twee weken meedraaien met onze laboranten.",
     "Je werkt mee aan reële analyses. Creëer je eigen proef.",
     "stage", "Chemiebedrijf Noord", "Zelzate", "gent"),
    (OPEN_DAY, "Een dag voor het hele gezin.",
     "Je ziet hoe een windturbine werkt. Voor elke bio-ingenieur.",
     "opendag", "Windpark Oostende", "Oostende", "oostende"),
    (VISIT, "Zie hoe staal gewalst wordt.", "Veiligheidsschoenen krijg je van ons.",
     "bedrijfsbezoek", "Staalwerk Zuid", "Genk", "hasselt"),
    (KIT, "Een koffer vol proefjes met stroom, te leen.", "Voor de derde graad.",
     "schoolondersteuning-materiaal", "Energiehuis", "Liège", "brugge"),
    (GUEST_LESSON, "Een bio-ingénieur komt naar je school.",
     "Met een robot voor elke twee leerlingen.",
     "expert-gastles", "Codeclub", "Leuven", "leuven"),
]  # fmt: skip


@pytest.fixture
def actions():
    made = [
        PublishedActionFactory(
            title=title,
            summary=summary,
            description=description,
            action_type=ActionType.objects.get(slug=action_type),
            organisation=OrganisationFactory(name=organiser),
            location=location,
            subregions=[Subregion.objects.get(slug=region)],
        )
        for title, summary, description, action_type, organiser, location, region in ACTIONS
    ]
    made[3].partners.set([OrganisationFactory(name="Scholengroep Brugge")])
    for action in made:
        action_search_index(action=action)
    return made


def found(text: str) -> list[str]:
    return sorted(action.title for action in action_search(action_catalogue(), text=text))


def test_search_finds_what_people_type(actions):
    wrong = {text: found(text) for text, expected in QUERIES if found(text) != sorted(expected)}
    assert wrong == {}, f"{connection.vendor}: query -> found instead of the expected"


def test_new_search_terms_of_a_type_find_its_actions(actions):
    assert found("proefdraaien") == []
    stage = ActionType.objects.get(slug="stage")
    stage.search_terms_nl += ", proefdraaien"
    stage.save()
    assert found("proefdraaien") == [INTERNSHIP]


def test_an_organisation_is_found_by_its_new_name(actions):
    organiser = actions[0].organisation
    organiser.name = "Laboratorium Zeehaven"
    organiser.save()
    assert found("zeehaven") == [INTERNSHIP]
    assert found("chemiebedrijf") == []
    partner = actions[3].partners.get()
    partner.name = "Onderwijsnet Kust"
    partner.save(update_fields=["name"])
    assert found("onderwijsnet") == [KIT]
    partner.town = "Oostende"
    partner.save(update_fields=["town"])  # not searched: the vectors stay as they are
    assert found("onderwijsnet") == [KIT]


def test_search_treats_odd_input_as_text(actions):
    for text in ["robot & !", "'", ":*", "(((", "robot <-> x", "\\", "or", "-", "a_b", "__"]:
        list(action_search(action_catalogue(), text=text))  # no syntax error
    assert found("robot:*") == [GUEST_LESSON]
    assert found("gastles)") == [GUEST_LESSON]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no search vector")
def test_the_migration_indexes_as_the_service_does(actions):
    """The data migration that refreshed the vectors without accents wrote what the service
    writes (frozen SQL against the service of its day)."""
    from importlib import import_module

    from django.apps import apps

    from stemcharter.actions.models import Action

    migration = import_module("stemcharter.actions.migrations.0014_search_vector_without_accents")
    by_service = dict(Action.objects.values_list("pk", "search_vector"))
    with connection.schema_editor() as editor:
        migration.reindex(apps, editor)
    assert dict(Action.objects.values_list("pk", "search_vector")) == by_service


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no search vector")
def test_many_actions_of_a_type_are_reindexed_by_the_task_queue(
    actions, monkeypatch, django_capture_on_commit_callbacks
):
    """Saving a type shown by more actions than ``DIRECT_REINDEX_MAX`` leaves their vectors to
    a task, enqueued when the transaction commits (tests run tasks at once); a few actions
    are refreshed in the request."""
    from stemcharter.common import search_index

    monkeypatch.setattr(search_index, "DIRECT_REINDEX_MAX", 0)
    stage = ActionType.objects.get(slug="stage")
    stage.search_terms_nl += ", proefdraaien"
    with django_capture_on_commit_callbacks() as callbacks:
        stage.save()
    assert found("proefdraaien") == []  # not in the request
    for callback in callbacks:
        callback()  # the commit: the task is enqueued, and runs at once here
    assert found("proefdraaien") == [INTERNSHIP]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no search vector")
def test_the_reindex_task_refreshes_the_actions_that_show_a_row(actions):
    from stemcharter.common.tasks import search_reindex_task

    stage = ActionType.objects.get(slug="stage")
    type_label = "vocabulary.actiontype"
    result = search_reindex_task.enqueue(index="actions", model=type_label, pk=stage.pk)
    assert result.return_value == 1
    gone = search_reindex_task.enqueue(index="actions", model=type_label, pk=0)
    assert gone.return_value == 0
