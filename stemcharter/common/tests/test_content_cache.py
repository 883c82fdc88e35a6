"""What the public pages keep until public content changes (``common.fragments``:
``until_content_changes``, ``{% fragment_cache … until_content_changes %}``, ``KeptResults``;
the generation of ``common.page_cache``): read once, then from the cache, and a change shows at
once on the next request, with the page cache off as in ``bench/run``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stemcharter.actions.models import Action
from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.charter.tests.factories import ApprovedSignatureFactory
from stemcharter.common.fragments import until_content_changes
from stemcharter.common.page_cache import content_generation
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.regions.models import Subregion
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request runs its view, as in the benchmark


def queries(client, url: str, params: dict | None = None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_a_value_is_computed_once_until_public_content_changes():
    calls = []

    def compute():
        calls.append(1)
        return Action.objects.count()

    assert until_content_changes("test-count", compute) == 0
    assert until_content_changes("test-count", compute) == 0
    assert len(calls) == 1
    PublishedActionFactory()  # a save of public content moves the generation on
    assert until_content_changes("test-count", compute) == 1
    assert len(calls) == 2
    # Other values are another key.
    assert until_content_changes("test-count", compute, "other") == 1
    assert len(calls) == 3


def test_none_is_kept_too():
    calls = []
    until_content_changes("test-none", lambda: calls.append(1))
    until_content_changes("test-none", lambda: calls.append(1))
    assert len(calls) == 1


def test_the_generation_moves_on_with_every_change_to_public_content():
    first = content_generation()
    assert content_generation() == first
    organisation = OrganisationFactory()
    second = content_generation()
    assert second != first
    organisation.name = "Andere naam"
    organisation.save()
    assert content_generation() != second


def test_the_catalogue_shows_a_changed_action_at_once(client, english):
    action = PublishedActionFactory(title="Robots bouwen")
    PublishedActionFactory(title="Bruggen bouwen")
    cold, html = queries(client, "/en/acties/")
    assert "Robots bouwen" in html
    assert "2 actions found" in html
    # Again: the vocabulary, the count, the filter panel, the page's rows and the cards come
    # from the cache (``common.filters.KeptResults``): no query at all.
    warm, html_again = queries(client, "/en/acties/")
    assert warm == 0, warm
    assert warm < cold
    assert html_again == html
    action.title = "Drones bouwen"
    action.save()
    _count, html = queries(client, "/en/acties/")
    assert "Drones bouwen" in html
    assert "Robots bouwen" not in html
    PublishedActionFactory(title="Zonnepanelen leggen")
    _count, html = queries(client, "/en/acties/")
    assert "3 actions found" in html
    assert "Zonnepanelen leggen" in html


def test_a_card_shows_a_renamed_organiser_and_region_at_once(client, english):
    action = PublishedActionFactory(title="Robots bouwen")
    queries(client, "/en/acties/")
    action.organisation.name = "Nieuwe naam vzw"
    action.organisation.save()
    subregion = action.subregions.get()
    subregion.name_en = "Renamed region"
    subregion.save()
    _count, html = queries(client, "/en/acties/")
    assert "Nieuwe naam vzw" in html
    # On the card and in the filter panel.
    assert html.count("Renamed region") >= 2


def test_a_filtered_count_follows_a_change_to_a_relation(client, english):
    action = PublishedActionFactory()
    gent = Subregion.objects.get(slug="gent")
    _count, html = queries(client, "/en/acties/", {"subregion": "gent"})
    assert "No actions match your search" in html
    action.subregions.add(gent)  # a many-to-many change of public content
    _count, html = queries(client, "/en/acties/", {"subregion": "gent"})
    assert "1 action found" in html


def test_an_action_page_follows_its_action(client, english):
    action = PublishedActionFactory(title="Robots bouwen")
    url = f"/en/acties/{action.slug}/"
    _count, html = queries(client, url)
    assert "Robots bouwen" in html
    warm, _html = queries(client, url)
    assert warm == 0
    action.title = "Drones bouwen"
    action.save()
    _count, html = queries(client, url)
    assert "Drones bouwen" in html
    Action.objects.filter(pk=action.pk).update(status="withdrawn")  # no signal: a bulk update
    OrganisationFactory()  # any save of public content makes what was kept stale
    assert client.get(url).status_code == 404


def test_a_story_page_and_the_stories_follow_their_story(client, english):
    story = PublishedStoryFactory(title="Een dag bij de ingenieurs")
    url = f"/en/verhalen/{story.slug}/"
    assert "Een dag bij de ingenieurs" in queries(client, url)[1]
    assert "Een dag bij de ingenieurs" in queries(client, "/en/verhalen/")[1]
    story.title = "Een week bij de ingenieurs"
    story.save()
    assert "Een week bij de ingenieurs" in queries(client, url)[1]
    assert "Een week bij de ingenieurs" in queries(client, "/en/verhalen/")[1]


def test_the_directory_and_a_signatory_page_follow_the_signatories(client, english):
    first = ApprovedSignatureFactory(organisation__name="Eerste Labo").organisation
    _count, html = queries(client, "/en/ondertekenaars/")
    assert "Eerste Labo" in html
    assert "1 signatory" in html
    ApprovedSignatureFactory(organisation__name="Tweede Labo")
    _count, html = queries(client, "/en/ondertekenaars/")
    assert "Tweede Labo" in html
    assert "2 signatories" in html
    url = f"/en/ondertekenaars/{first.slug}/"
    assert "Eerste Labo" in queries(client, url)[1]
    first.name = "Hernoemd Labo"
    first.save()
    assert "Hernoemd Labo" in queries(client, url)[1]
    assert "Hernoemd Labo" in queries(client, "/en/ondertekenaars/")[1]


def test_the_home_page_shows_a_new_action_at_once(client, english):
    PublishedActionFactory(title="Robots bouwen")
    assert "Robots bouwen" in queries(client, "/en/")[1]
    warm, _html = queries(client, "/en/")
    assert warm == 0
    PublishedActionFactory(title="Drones bouwen")
    assert "Drones bouwen" in queries(client, "/en/")[1]


def test_the_suggestions_of_an_empty_result_follow_the_actions(client, english):
    import datetime

    today = datetime.date.today()
    action = PublishedActionFactory(
        title="Vroeg begonnen",
        start_date=today + datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=5),
    )
    params = {"date_from": str(today + datetime.timedelta(days=100))}
    _count, html = queries(client, "/en/acties/", params)
    assert "No actions match your search" in html
    assert "Vroeg begonnen" in html  # just before your dates
    warm, _html = queries(client, "/en/acties/", params)
    assert warm <= 1, warm  # the results' page only; the suggestions come from the cache
    action.title = "Later gestart"
    action.save()
    _count, html = queries(client, "/en/acties/", params)
    assert "Later gestart" in html
    assert "Vroeg begonnen" not in html


@pytest.mark.parametrize("url", ["/en/ondertekenaars/", "/en/verhalen/"])
def test_the_filter_panels_of_the_directory_and_the_stories_follow_a_renamed_region(
    client, english, url
):
    """Their panels are kept like the catalogue's (``{% fragment_cache … until_content_changes
    %}``, keyed on the valid filter values): a renamed region shows at once, a filter chosen
    shows as chosen."""
    ApprovedSignatureFactory(organisation__name="Eerste Labo")
    PublishedStoryFactory(title="Een dag bij de ingenieurs")
    cold, html = queries(client, url)
    warm, html_again = queries(client, url)
    assert html_again == html
    assert warm <= cold
    gent = Subregion.objects.get(slug="gent")
    gent.name_en = "Renamed region"
    gent.save()
    _count, html = queries(client, url)
    assert "Renamed region" in html
    _count, html = queries(client, url, {"subregion": "gent"})
    assert 'id="filter-subregion-gent" checked' in html


def test_the_directory_panel_counts_follow_a_new_signatory(client, english):
    ApprovedSignatureFactory(organisation__name="Eerste Labo", organisation__category="education")
    _count, html = queries(client, "/en/ondertekenaars/")
    assert 'id="category-count-education">1<' in html
    queries(client, "/en/ondertekenaars/")
    ApprovedSignatureFactory(organisation__name="Tweede Labo", organisation__category="education")
    _count, html = queries(client, "/en/ondertekenaars/")
    assert 'id="category-count-education">2<' in html


@pytest.mark.parametrize("url", ["/en/acties/", "/en/verhalen/", "/en/ondertekenaars/"])
def test_the_same_filters_through_another_url_reuse_the_rows(client, english, url):
    """The rows of a page of results are keyed on the valid filter values, not on the URL:
    tracking parameters, another order of the parameters or a value dropped with a notice
    read the same rows, while every link of the page still follows the request."""
    ApprovedSignatureFactory(organisation__name="Eerste Labo")
    PublishedActionFactory(title="Robots bouwen")
    PublishedStoryFactory(title="Een dag bij de ingenieurs")
    queries(client, url, {"q": "labo robots dag", "subregion": "gent"})
    for params in (
        {"subregion": "gent", "q": "labo robots dag", "utm_source": "x", "fbclid": "y"},
        {"q": "labo robots dag", "subregion": ["gent", "nergensland"]},
    ):
        warm, html = queries(client, url, params)
        assert warm == 0, (params, warm)
    # The page's own links are made from the request: the unknown value's notice is shown.
    assert "nergensland" in html


def test_each_page_of_results_is_its_own_and_follows_a_change(client, english, settings):
    for number in range(25):
        PublishedActionFactory(title=f"Actie nummer {number:02d}")
    _count, first = queries(client, "/en/acties/")
    _count, second = queries(client, "/en/acties/", {"page": "2"})
    assert first != second
    assert "Page 2 of 2" in second
    warm, again = queries(client, "/en/acties/", {"page": "2"})
    assert (warm, again) == (0, second)
    PublishedActionFactory(title="Nieuwste actie")
    _count, html = queries(client, "/en/acties/", {"page": "2", "sort": "newest"})
    assert "Nieuwste actie" not in html
    _count, html = queries(client, "/en/acties/", {"sort": "newest"})
    assert "Nieuwste actie" in html
    assert "26 actions found" in html
