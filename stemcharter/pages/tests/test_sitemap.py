"""The sitemap: an index of paginated sections, both languages, a constant number of queries."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache

from stemcharter.actions.tests.factories import PublishedActionFactory
from stemcharter.common.sitemaps import SiteSitemap
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.regions.tests.factories import SubregionFactory
from stemcharter.stories.tests.factories import PublishedStoryFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HOST = "https://stem.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = HOST


def publish_actions(count: int) -> None:
    organisation = OrganisationFactory()
    subregion = SubregionFactory()
    PublishedActionFactory.create_batch(count, organisation=organisation, subregions=[subregion])


def index_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return [sitemap.findtext(f"{SITEMAP}loc") for sitemap in root.iter(f"{SITEMAP}sitemap")]


def section_urls(client, path: str) -> dict[str, set[str]]:
    response = client.get(path)
    assert response.status_code == 200
    urls = {}
    for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
        alternates = {link.get("hreflang") for link in url.iter(f"{XHTML}link")}
        urls[url.findtext(f"{SITEMAP}loc")] = alternates
    return urls


def test_the_index_lists_every_page_of_every_section(client, monkeypatch):
    monkeypatch.setattr(SiteSitemap, "limit", 4)  # two languages: two actions a page
    publish_actions(5)
    PublishedStoryFactory()
    locations = index_locations(client)
    # Each subregion's page (the seeded ones and the test's), two a page.
    region_pages = -(-Subregion.objects.count() // 2)
    assert locations == [
        f"{HOST}/sitemap-pages.xml",
        f"{HOST}/sitemap-pages.xml?p=2",
        f"{HOST}/sitemap-pages.xml?p=3",
        f"{HOST}/sitemap-pages.xml?p=4",
        f"{HOST}/sitemap-pages.xml?p=5",  # opendata: /open-data/ made it 9 pages, 18 URLs
        f"{HOST}/sitemap-signatories.xml",
        f"{HOST}/sitemap-actions.xml",
        f"{HOST}/sitemap-actions.xml?p=2",
        f"{HOST}/sitemap-actions.xml?p=3",
        f"{HOST}/sitemap-stories.xml",
        f"{HOST}/sitemap-regions.xml",
        *(f"{HOST}/sitemap-regions.xml?p={page}" for page in range(2, region_pages + 1)),
        f"{HOST}/sitemap-events.xml",
        f"{HOST}/sitemap-numbers.xml",  # numbers: /in-cijfers/ and each year's overview
    ]
    # Every page of the actions holds its share, each action in both languages, none twice.
    seen = []
    for location in locations[6:9]:  # opendata: after the five pages of static pages
        seen += section_urls(client, location.removeprefix(HOST))
    assert len(seen) == len(set(seen)) == 10
    assert client.get("/sitemap-actions.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_section_lists_both_languages_with_alternates(client):
    make_signatory(name="Zuidlab", slug="zuidlab")
    urls = section_urls(client, "/sitemap-signatories.xml")
    assert urls == {
        f"{HOST}/ondertekenaars/zuidlab/": {"nl", "en", "x-default"},
        f"{HOST}/en/ondertekenaars/zuidlab/": {"nl", "en", "x-default"},
    }


def test_the_sitemap_is_cached(client):
    publish_actions(1)
    assert len(section_urls(client, "/sitemap-actions.xml")) == 2
    publish_actions(1)
    assert len(section_urls(client, "/sitemap-actions.xml")) == 2  # from the cache
    response = client.get("/sitemap-actions.xml")
    # An hour on the server (cache_page); browsers and shared caches keep it no longer than any
    # public page (PUBLIC_PAGES_MAX_AGE, stemcharter.common.middleware.CacheControlMiddleware).
    assert "max-age=60" in response["Cache-Control"]
    cache.clear()
    assert len(section_urls(client, "/sitemap-actions.xml")) == 4


@pytest.mark.parametrize("count", [3, 30])
def test_a_section_page_and_the_index_read_the_same_number_of_rows_whatever_the_size(
    client, django_assert_num_queries, count
):
    publish_actions(count)
    with django_assert_num_queries(2):  # count, one page of rows
        assert len(section_urls(client, "/sitemap-actions.xml")) == 2 * count
    # per section with rows (signatories, actions, stories, regions, events): count and
    # latest change; numbers: the public figures (insight.figures.public_figures), kept until
    # public content changes (seven queries: the progress reports are one)
    with django_assert_num_queries(10 + 7):
        index_locations(client)


def test_each_address_is_reversed_once_per_language(client, monkeypatch):
    from stemcharter.actions.models import Action

    publish_actions(3)
    calls = []
    reverse_action = Action.get_absolute_url
    monkeypatch.setattr(
        Action, "get_absolute_url", lambda action: calls.append(action.pk) or reverse_action(action)
    )
    response = client.get("/sitemap-actions.xml")
    # Three actions in two languages: six addresses, each with the same three alternates.
    assert len(calls) == 6
    root = ET.fromstring(response.content)
    for url in root.iter(f"{SITEMAP}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        assert links["en"] == links["nl"].replace(HOST, f"{HOST}/en", 1)
        assert links["x-default"] == links["nl"]
        assert url.findtext(f"{SITEMAP}loc") in (links["nl"], links["en"])
