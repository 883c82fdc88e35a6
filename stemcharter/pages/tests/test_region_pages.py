"""The public region pages: ``/regio/`` (provinces and their subregions, with counts) and
``/regio/<slug>/`` (contact points, signatories, actions, stories, feeds), the way to them
from the home page, and their constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stemcharter.accounts.tests.factories import UserFactory
from stemcharter.actions.tests.factories import ActionFactory, PublishedActionFactory
from stemcharter.charter.tests.factories import SignatureFactory
from stemcharter.common.page_cache import content_generation
from stemcharter.events.tests.factories import (
    CharterEventFactory,
    EventFactory,
    PublishedEventFactory,
)
from stemcharter.organisations.tests.factories import OrganisationFactory
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.regions.models import Subregion
from stemcharter.stories.tests.factories import PublishedStoryFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LIST_URL = "/en/regio/"
TODAY = datetime.date.today()


@pytest.fixture
def gent():
    return Subregion.objects.get(slug="gent")  # seeded by the regions' data migration


@pytest.fixture
def leuven():
    return Subregion.objects.get(slug="leuven")


def page_of(subregion) -> str:
    return subregion.get_absolute_url()


def fill(subregion, *, size: int, start: int = 0) -> None:
    """``size`` signatories, current actions and stories in ``subregion``, each organisation
    also active in another subregion, and what must not show: a would-be signatory, a past
    action, drafts."""
    other = Subregion.objects.exclude(pk=subregion.pk).order_by("slug").first()
    for number in range(start, start + size):
        organisation = make_signatory(
            name=f"Ondertekenaar {number:03}", subregions=[subregion, other]
        )
        PublishedActionFactory(
            organisation=organisation,
            subregions=[subregion, other],
            title=f"Actie {number:03}",
            start_date=TODAY + datetime.timedelta(days=number + 1),
        )
        PublishedStoryFactory(
            organisation=organisation, subregions=[subregion], title=f"Verhaal {number:03}"
        )
        PublishedEventFactory(organisation=organisation, subregions=[subregion, other])


def test_list_has_every_province_with_its_subregions_and_counts(client, gent, leuven):
    fill(gent, size=2)
    SignatureFactory(organisation=OrganisationFactory(subregions=[gent]))  # not public
    PublishedActionFactory(
        subregions=[gent], start_date=TODAY - datetime.timedelta(days=10)
    )  # over
    ActionFactory(subregions=[gent])  # a draft

    response = client.get(LIST_URL)

    assert response.status_code == 200
    counts = {s.slug: (s.signatory_count, s.action_count) for s in response.context["subregions"]}
    assert counts["gent"] == (2, 2)
    assert counts["leuven"] == (0, 0)
    assert len(counts) == Subregion.objects.count()
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert '<h2 id="province-oost-vlaanderen">East Flanders</h2>' in content
    assert f'<a href="{page_of(gent)}">Ghent</a>' in content


def test_list_sends_the_home_page_choice_on_to_the_region(client, gent):
    response = client.get(LIST_URL, {"subregion": "gent"})
    assert response.status_code == 302
    assert response["Location"] == page_of(gent)
    # An unknown or empty choice: the list.
    assert client.get(LIST_URL, {"subregion": "nergens"}).status_code == 200
    assert client.get(LIST_URL, {"subregion": ""}).status_code == 200


def test_home_page_leads_to_the_region_pages(client):
    content = client.get("/en/").content.decode()
    assert f'formaction="{LIST_URL}"' in content
    assert f'href="{LIST_URL}"' in content  # and the footer


def test_region_page_shows_signatories_actions_stories_and_feeds(client, gent, leuven):
    fill(gent, size=2)
    fill(leuven, size=1, start=50)
    SignatureFactory(organisation=OrganisationFactory(name="Wacht Nog", subregions=[gent]))
    PublishedActionFactory(
        title="Voorbije Actie", subregions=[gent], start_date=TODAY - datetime.timedelta(days=9)
    )
    StoryFactory(title="Ontwerpverhaal", subregions=[gent])

    response = client.get(page_of(gent))

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "<h1>Ghent</h1>" in content
    assert [o.name for o in response.context["signatories"]] == [
        "Ondertekenaar 000",
        "Ondertekenaar 001",
    ]
    assert [a.title for a in response.context["actions"]] == ["Actie 000", "Actie 001"]
    assert [s.title for s in response.context["stories"]] == ["Verhaal 001", "Verhaal 000"]
    for absent in ("Wacht Nog", "Voorbije Actie", "Ontwerpverhaal", "Ondertekenaar 050"):
        assert absent not in content
    for name in (
        "actions:action-feed-subregion-rss",
        "actions:action-feed-subregion-atom",
        "stories:story-feed-subregion-rss",
        "stories:story-feed-subregion-atom",
    ):
        assert reverse(name, kwargs={"subregion_slug": "gent"}) in content
    assert 'type="application/rss+xml"' in content
    assert f'href="{reverse("actions:action-list")}?subregion=gent"' in content


def test_region_page_names_contact_points_and_shows_an_address_only_by_choice(client, gent):
    gent.contact_points.add(
        UserFactory(name="Hidden Hanna", email="hanna@example.org"),
        UserFactory(name="Open Olaf", email="olaf@example.org", contact_point_email_public=True),
        UserFactory(name="Gone Gert", email="gert@example.org", is_active=False),
    )
    content = client.get(page_of(gent)).content.decode()
    assert "Hidden Hanna" in content
    assert "hanna@example.org" not in content
    assert "Open Olaf" in content
    assert 'href="mailto:olaf@example.org"' in content
    assert "Gone Gert" not in content
    assert reverse("regions:subregion-contact", kwargs={"slug": "gent"}) in content
    assert "Write to the contact points" in content


def test_region_without_contact_point_offers_the_coordinators(client, leuven):
    content = client.get(page_of(leuven)).content.decode()
    assert "has no contact point yet" in content
    assert "Write to the coordinators" in content
    assert reverse("regions:subregion-contact", kwargs={"slug": "leuven"}) in content


def test_unknown_region_is_not_found(client):
    assert client.get("/en/regio/nergens/").status_code == 404


def test_a_contact_point_changing_their_name_makes_public_pages_stale(gent):
    person = UserFactory(name="Ann")
    gent.contact_points.add(person)
    before = content_generation()
    person.name = "Ann Peeters"
    person.save(update_fields=["name"])
    assert content_generation() != before

    # A login saves only last_login: nothing a public page shows.
    before = content_generation()
    person.save(update_fields=["last_login"])
    assert content_generation() == before
    # Someone who is no contact point: not on any public page.
    other = UserFactory()
    other.name = "Bob"
    other.save(update_fields=["name"])
    assert content_generation() == before


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["list", "detail"])
def test_region_pages_use_a_constant_number_of_queries(client, gent, page):
    url = LIST_URL if page == "list" else page_of(gent)
    gent.contact_points.add(UserFactory(), UserFactory(contact_point_email_public=True))
    fill(gent, size=2)
    count_queries(client, url)  # the process's own caches (content types) warm up first
    fill(gent, size=1, start=2)
    small = count_queries(client, url)
    fill(gent, size=20, start=3)
    gent.contact_points.add(*UserFactory.create_batch(3))
    assert count_queries(client, url) == small


def test_the_region_pages_are_in_the_sitemap(client, settings):
    settings.SITE_URL = "https://stem.example"
    regions = client.get("/sitemap-regions.xml").content.decode()
    assert "<loc>https://stem.example/regio/gent/</loc>" in regions
    assert "<loc>https://stem.example/en/regio/gent/</loc>" in regions
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "<loc>https://stem.example/regio/</loc>" in pages


def test_region_page_shows_its_upcoming_events_soonest_first(client, gent, leuven):
    later = CharterEventFactory(title="Later in Gent", subregions=[gent])
    sooner = PublishedEventFactory(
        title="Eerst in Gent",
        subregions=[gent],
        starts_at=later.starts_at - datetime.timedelta(days=3),
        ends_at=later.starts_at - datetime.timedelta(days=3, hours=-2),
    )
    CharterEventFactory(title="In Leuven", subregions=[leuven])
    EventFactory(title="Nog een ontwerp", subregions=[gent])  # a draft
    html = client.get(page_of(gent)).content.decode()
    assert html.index(sooner.title) < html.index(later.title)
    assert "In Leuven" not in html
    assert "Nog een ontwerp" not in html
    assert f"/evenementen/regio/{gent.slug}/agenda.ics" in html


@pytest.mark.parametrize("value", ["\x00", "gent\x00", "<script>", "a" * 300])
def test_a_garbage_region_choice_shows_the_list(client, value):
    response = client.get(LIST_URL, {"subregion": value})
    assert response.status_code == 200
