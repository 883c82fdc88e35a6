"""Read queries of actions: search (PostgreSQL full text and the SQLite fallback), the
catalogue's scope, and the lists shown on other pages."""

import datetime

import pytest
from django.db import connection

from stemcharter.actions.models import Action
from stemcharter.actions.selectors import (
    action_catalogue,
    action_get,
    action_latest,
    action_of_organisation,
    action_search,
    organiser_match,
)
from stemcharter.actions.services import action_search_index
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.actions.tests.public import publish
from stemcharter.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the fallback search runs where PostgreSQL is not"
)


def indexed(**fields) -> Action:
    action = PublishedActionFactory(**fields)
    action_search_index(action=action)
    return action


def found(text: str) -> list[str]:
    return [action.title for action in action_search(action_catalogue(), text=text)]


def ranked(text: str) -> list[str]:
    results = action_search(action_catalogue(), text=text).order_by("-search_rank", "pk")
    return [action.title for action in results]


# PostgreSQL: full text with Dutch stemming, ranking and the web-search syntax


@postgres_only
def test_dutch_stemming_finds_other_forms_of_a_word():
    indexed(title="Bouw een robot", description="Voor de tweede graad.")
    indexed(title="Opendag", description="Voor alle leerlingen.")
    assert found("robots") == ["Bouw een robot"]
    assert found("leerling") == ["Opendag"]


@postgres_only
def test_title_matches_rank_above_description_matches():
    indexed(title="Werkplekleren", description="Met een robot aan de slag.")
    indexed(title="Robotwedstrijd", description="Bouw een robot die rijdt.", summary="Een robot.")
    indexed(title="Niets", description="Geen enkel verband.")
    assert ranked("robot") == ["Robotwedstrijd", "Werkplekleren"]


@postgres_only
def test_web_search_syntax_phrases_and_exclusions():
    indexed(title="Robot bouwen", description="Een rode robot.")
    indexed(title="Robot programmeren", description="Een blauwe robot.")
    assert found('"robot programmeren"') == ["Robot programmeren"]
    assert found("robot -rode") == ["Robot programmeren"]
    assert sorted(found("bouwen or programmeren")) == ["Robot bouwen", "Robot programmeren"]


@postgres_only
def test_search_uses_the_gin_index():
    template = PublishedActionFactory(title="Zeldzaam woord: kwantumfysica")
    Action.objects.bulk_create(
        Action(
            title=f"Actie {number}",
            slug=f"actie-{number}",
            summary="Een actie.",
            description="Tekst over techniek en wetenschap.",
            action_type=template.action_type,
            organisation=template.organisation,
            timing=template.timing,
            start_date=template.start_date,
            end_date=template.end_date,
            participation=template.participation,
            status="published",
        )
        for number in range(3000)
    )
    for action in Action.objects.all():
        action_search_index(action=action)
    with connection.cursor() as cursor:
        # What autovacuum does in production: move the index's pending entries into place.
        cursor.execute("SELECT gin_clean_pending_list('action_search_vector_gin')")
        cursor.execute("ANALYZE actions_action")
    plan = action_search(action_catalogue(), text="kwantumfysica").explain()
    assert "Bitmap Index Scan on action_search_vector_gin" in plan, plan


@postgres_only
def test_search_treats_odd_input_as_text():
    indexed(title="Robot")
    for text in ["robot & !", "'", ":*", "(((", "robot <-> x", "\\", "or", "-"]:
        list(action_search(action_catalogue(), text=text))  # no syntax error


@postgres_only
def test_publishing_through_the_review_indexes_the_action():
    action = ActionFactory(title="Zonnepanelen op school")
    publish(action)
    assert found("zonnepaneel") == ["Zonnepanelen op school"]


# SQLite fallback


@sqlite_only
def test_fallback_finds_every_word_anywhere_and_ranks_the_title_first():
    PublishedActionFactory(
        title="Werkplekleren", description="Met een robot aan de slag.", location="Leuven"
    )
    PublishedActionFactory(title="Robotwedstrijd", location="Gent")
    PublishedActionFactory(title="Niets", summary="Geen verband.")
    assert ranked("ROBOT") == ["Robotwedstrijd", "Werkplekleren"]
    assert found("robot gent") == ["Robotwedstrijd"]
    assert found('"robot" -gent') == ["Werkplekleren"]
    assert found("   ") == found("")


def test_search_of_many_words_stays_a_search():
    PublishedActionFactory(title="Robot", description="een twee drie vier vijf zes zeven acht")
    text = "robot een twee drie vier vijf zes zeven acht negen tien elf twaalf"
    assert isinstance(found(text), list)


# What the catalogue may show


def test_catalogue_holds_published_live_items_only():
    published = PublishedActionFactory(title="Gepubliceerd")
    for status in ["draft", "submitted", "under_review", "changes_requested", "rejected"]:
        ActionFactory(status=status)
    ActionFactory(status="withdrawn")
    copy = ActionFactory(status="published", revision_of=published, slug=published.slug)
    assert list(action_catalogue()) == [published]
    assert action_get(slug=published.slug) == published
    assert copy not in action_catalogue()
    with pytest.raises(Action.DoesNotExist):
        action_get(slug=ActionFactory(status="draft").slug)


def test_latest_leaves_out_past_actions():
    now = datetime.datetime.now(datetime.UTC)
    PublishedActionFactory(title="Oud", first_published_at=now - datetime.timedelta(days=5))
    PublishedActionFactory(title="Nieuw", first_published_at=now)
    PublishedActionFactory(
        title="Voorbij", start_date=TODAY - 3 * DAY, end_date=TODAY - DAY, first_published_at=now
    )
    assert [a.title for a in action_latest(limit=5)] == ["Nieuw", "Oud"]


def test_actions_of_an_organisation_current_first_then_past_latest_first():
    organisation = OrganisationFactory()
    PublishedActionFactory(
        title="Lang geleden", organisation=organisation, start_date=TODAY - 90 * DAY,
        end_date=TODAY - 90 * DAY,
    )  # fmt: skip
    PublishedActionFactory(
        title="Vorige maand", organisation=organisation, start_date=TODAY - 30 * DAY,
        end_date=TODAY - 30 * DAY,
    )  # fmt: skip
    PublishedActionFactory(
        title="Op aanvraag", organisation=organisation, timing="on_request", start_date=None,
        end_date=None,
    )  # fmt: skip
    PublishedActionFactory(
        title="Volgende week", organisation=organisation, start_date=TODAY + 7 * DAY,
        end_date=TODAY + 7 * DAY,
    )  # fmt: skip
    PublishedActionFactory(title="Als partner", start_date=TODAY + DAY).partners.set([organisation])
    actions, more = action_of_organisation(organisation=organisation, limit=4)
    assert [a.title for a in actions] == [
        "Als partner",
        "Volgende week",
        "Op aanvraag",
        "Vorige maand",
    ]
    assert more is True
    assert len(action_of_organisation(organisation=organisation, limit=5)[0]) == 5
    assert action_of_organisation(organisation=organisation, limit=5)[1] is False


def test_organiser_match_finds_organisers_and_partners_of_published_actions():
    organiser = PublishedActionFactory(
        organisation=OrganisationFactory(name="Zuidlab")
    ).organisation
    partner = OrganisationFactory(name="Café Partner bvba", slug="partner")
    PublishedActionFactory(organisation=organiser).partners.set([partner])
    draft_only = OrganisationFactory(name="Alleen concept", slug="concept")
    ActionFactory(organisation=draft_only)
    # A slug names one organisation; other text is looked up in the names, folded.
    assert organiser_match(organiser.slug) == (True, organiser)
    assert organiser_match("partner") == (True, partner)
    assert organiser_match("cafe") == (True, None)
    assert organiser_match("ZUID") == (True, None)
    # Nobody with only a draft, and nobody unknown.
    assert organiser_match("concept") == (False, None)
    assert organiser_match("alleen") == (False, None)
    assert organiser_match("bestaat-niet") == (False, None)
