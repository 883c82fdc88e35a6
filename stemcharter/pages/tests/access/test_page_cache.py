"""The app's cache of whole public pages for anonymous visitors (``common.page_cache``).

By construction, like ``test_public_cache.py``: every page of the role x view table that a
visitor may GET is stored on the first anonymous request and answered from the cache on the
second, with the same body and the same public headers; a logged-in person is never answered
from it. A change to anything a public page shows makes every stored page stale at once, and
every model of ours is either registered as shown on public pages or named below as never
shown there.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from stemcharter.common import page_cache
from stemcharter.organisations.tests.signatories import make_signatory
from stemcharter.pages.tests.access.table import TABLE
from stemcharter.pages.tests.access.test_public_cache import (
    NOT_PUBLIC,
    PUBLIC,
    assert_public,
    urls,
    vary_expected,
)
from stemcharter.pages.tests.access.world import build_world

pytestmark = pytest.mark.django_db

# Our models that no public page shows, with why; every other model must be registered with
# common.page_cache.register_public_content by its app.
NOT_ON_PUBLIC_PAGES = {
    "accounts.User": "only contact points are named, on their region's page: regions/receivers.py "
    "makes pages stale when what it shows of one changes (registering User would let every "
    "login do it); other contact details are fields of the organisation or the action",
    "audit.AuditEntry": "the back office's audit trail",
    "contact.ContactMessage": "messages to the coordinators: the back office only",
    "organisations.Membership": "who belongs to an organisation: portal and back office only",
    "organisations.Invitation": "portal only",
    "organisations.JoinRequest": "portal only",
    "organisations.DoNotContact": "addresses that want no invitations: never shown in public",
    "outreach.Prospect": "the coordinators' outreach pipeline: back office only",
    "outreach.ProspectGroup": "the groups of the pipeline: back office only",
    "outreach.ShareLink": "its visit counts are shown in the portal and the back office only; "
    "who brought whom in (/sneeuwbal/) is read from charter.Signature, registered",
    "support.Offer": "portal and back office only; public pages count requests, and the "
    "first offer and an accepted one save their request (support.SupportRequest, registered)",
    "support.Suggestion": "back office and portal only",
    "support.DigestEntry": "bookkeeping of the digest emails",
    "support.DigestPreference": "a person's choice about the digest emails",
    "support.PartnerCall": "portal only: calls for partners between signatories",
    "support.PartnerCallAnswer": "portal only",
    "registrations.Registration": "the places left on an action's or event's page: the pages go "
    "stale when an item becomes full or frees its last seat (registrations.services._locked), "
    "not on every registration, which during a spike would empty the page cache of the site",
}


def test_page_cache_every_model_of_ours_is_registered_or_named():
    ours = {
        model._meta.label: model
        for model in apps.get_models()
        if model.__module__.startswith("stemcharter.")
    }
    registered = {model._meta.label for model in page_cache.registered_public_content()}
    unaccounted = set(ours) - registered - set(NOT_ON_PUBLIC_PAGES)
    assert not unaccounted, (
        f"{sorted(unaccounted)}: register_public_content(...) in the app's AppConfig.ready, "
        "or name the model in NOT_ON_PUBLIC_PAGES with why no public page shows it"
    )
    assert set(NOT_ON_PUBLIC_PAGES) <= set(ours) - registered


# Public pages the page cache never keeps (common.page_cache.page_cache_exempt), with why.
EXEMPT = {
    "robots": "cheaper to build than to store, and the benchmark's floor",
    # --- api ---
    **{
        name: "the API (opendata/api/views.py): every request must reach its rate limit"
        for name in TABLE
        if name.startswith("api:")
    },
    # --- end of api ---
}


def test_page_cache_exempt_pages_are_public_but_never_stored():
    world = build_world()  # the API's details name rows of A's
    for name in EXEMPT:
        url = urls(name, world)[0]
        Client().get(url)
        again = Client().get(url)
        assert_public(again, expected_vary=vary_expected(name))
        assert "X-Page-Cache" not in again, url


@pytest.mark.parametrize("name", sorted(set(PUBLIC) - set(EXEMPT)))
def test_page_cache_the_second_anonymous_request_comes_from_the_cache(name):
    world = build_world()
    expected_vary = vary_expected(name)
    for url in urls(name, world):
        first = Client().get(url)
        assert first["X-Page-Cache"] == "miss", url
        second = Client().get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content, url
        assert_public(second, expected_vary=expected_vary)
        assert second["ETag"] == first["ETag"], url
        assert second["Content-Type"] == first["Content-Type"], url
        # The security headers come from the middleware outside the cache, on every answer.
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"], url
        assert second["X-Content-Type-Options"] == "nosniff", url
        # (None for the one framable page, the signatory's widget: sharekit)
        assert second.get("X-Frame-Options") == first.get("X-Frame-Options"), url
        # A hit answers a conditional request with 304, like any public page.
        again = Client().get(url, headers={"If-None-Match": first["ETag"]})
        assert (again.status_code, again.content) == (304, b""), url


@pytest.mark.parametrize("name", PUBLIC)
def test_page_cache_a_logged_in_person_never_gets_a_stored_page(name):
    world = build_world()
    for url in urls(name, world):
        Client().get(url)  # stored for anonymous visitors
        client = Client()
        client.force_login(world.users["member"])
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response, url
        assert "private" in response["Cache-Control"], url


@pytest.mark.parametrize("name", sorted(NOT_PUBLIC))
def test_page_cache_pages_not_for_a_shared_cache_are_never_stored(name):
    world = build_world()
    for url in urls(name, world):
        Client().get(url)
        response = Client().get(url)
        assert response.get("X-Page-Cache") != "hit", url


def test_page_cache_htmx_results_and_the_whole_page_are_stored_apart():
    build_world()
    whole = Client().get("/acties/")
    results = Client().get("/acties/", headers={"HX-Request": "true", "HX-Target": "results"})
    assert results["X-Page-Cache"] == "miss"
    assert results.content != whole.content
    again = Client().get("/acties/", headers={"HX-Request": "true", "HX-Target": "results"})
    assert (again["X-Page-Cache"], again.content) == ("hit", results.content)
    assert Client().get("/acties/").content == whole.content


def test_page_cache_languages_and_query_strings_are_stored_apart():
    build_world()
    dutch = Client().get("/charter/")
    english = Client().get("/en/charter/")
    assert english["X-Page-Cache"] == "miss"
    assert english.content != dutch.content
    assert Client().get("/acties/?page=1")["X-Page-Cache"] == "miss"


def test_page_cache_a_shared_link_with_tracking_parameters_is_a_hit():
    world = build_world()
    page = f"/ondertekenaars/{world.organisation.slug}/"
    plain = Client().get(page)
    assert plain["X-Page-Cache"] == "miss"
    viral = Client().get(f"{page}?fbclid=IwAR0abc123")
    assert (viral["X-Page-Cache"], viral.content) == ("hit", plain.content)
    shared = Client().get(f"{page}?utm_source=newsletter&utm_medium=email&gclid=x&mc_cid=1")
    assert (shared["X-Page-Cache"], shared.content) == ("hit", plain.content)


def test_page_cache_a_page_stored_from_a_tracked_link_does_not_repeat_its_parameters():
    build_world()
    first = Client().get("/acties/?fbclid=IwAR0first&q=robot&utm_campaign=spring")
    assert first["X-Page-Cache"] == "miss"
    # The view saw the request without them: no link of the page (the language switch, the
    # pagination) carries one visitor's tracking parameters to the next.
    assert "fbclid" not in first.content.decode()
    assert "utm_campaign" not in first.content.decode()
    later = Client().get("/acties/?q=robot")
    assert (later["X-Page-Cache"], later.content) == ("hit", first.content)
    # Other parameters still make pages of their own.
    assert Client().get("/acties/?q=robots&fbclid=x")["X-Page-Cache"] == "miss"


def test_page_cache_a_change_to_what_a_page_shows_makes_it_stale_at_once():
    world = build_world()
    signatory = world.organisation
    page = f"/ondertekenaars/{signatory.slug}/"
    assert Client().get(page)["X-Page-Cache"] == "miss"
    assert Client().get(page)["X-Page-Cache"] == "hit"
    signatory.description = "Wij bouwen bruggen naar de scholen."
    signatory.save()
    fresh = Client().get(page)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Wij bouwen bruggen naar de scholen." in fresh.content.decode()

    # Another page stored before the change is stale too (it may list the signatory).
    Client().get("/ondertekenaars/")
    make_signatory(name="Nieuwe Ondertekenaar")
    listing = Client().get("/ondertekenaars/")
    assert listing["X-Page-Cache"] == "miss"
    assert "Nieuwe Ondertekenaar" in listing.content.decode()


def test_page_cache_a_change_to_a_relation_makes_pages_stale(django_capture_on_commit_callbacks):
    world = build_world()
    signatory = world.organisation
    page = f"/ondertekenaars/{signatory.slug}/"
    Client().get(page)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        signatory.subregions.clear()
    # Once at the change and once after the commit (a request that read the old rows while
    # the transaction was open cannot store them under the new generation).
    assert len(callbacks) >= 1
    assert Client().get(page)["X-Page-Cache"] == "miss"


def test_page_cache_a_page_made_before_a_change_is_not_served_after_it():
    """The generation is read before the view runs: a page built from rows read before a
    change carries the old generation, so it is never served once the change is there."""
    build_world()
    cache.set(page_cache.GENERATION_KEY, 41)
    Client().get("/charter/")  # stored under 41
    page_cache.content_changed()
    assert Client().get("/charter/")["X-Page-Cache"] == "miss"
    # An emptied cache (a restart of Redis) forgets the generation: pages stored then are
    # new, and the next change still makes them stale.
    cache.clear()
    assert Client().get("/charter/")["X-Page-Cache"] == "miss"
    assert Client().get("/charter/")["X-Page-Cache"] == "hit"
    page_cache.content_changed()
    assert Client().get("/charter/")["X-Page-Cache"] == "miss"


def test_page_cache_a_session_cookie_or_a_private_path_bypasses_it(client):
    build_world()
    Client().get("/charter/")
    with_session = Client()
    with_session.cookies["sessionid"] = "not-a-real-session"
    assert "X-Page-Cache" not in with_session.get("/charter/")
    assert "X-Page-Cache" not in Client().get("/portal/")
    # A POST is never answered from the cache.
    assert "X-Page-Cache" not in Client().post("/charter/", {})


@pytest.mark.parametrize(
    "settings_change",
    [{"PAGE_CACHE_SECONDS": 0}, {"PUBLIC_PAGES_MAX_AGE": 0}],
    ids=["switched-off", "pages-not-public-for-long"],
)
def test_page_cache_can_be_switched_off(settings, settings_change):
    for setting, value in settings_change.items():
        setattr(settings, setting, value)
    build_world()
    Client().get("/charter/")
    assert "X-Page-Cache" not in Client().get("/charter/")


def test_page_cache_a_response_that_varies_on_another_header_is_not_stored(rf):
    request = rf.get("/charter/")
    request.user = AnonymousUser()
    varied = HttpResponse("x")
    varied["Vary"] = "User-Agent"
    assert not page_cache._may_store(request, varied)
    plain = HttpResponse("x")
    plain["Vary"] = "Accept-Language, HX-Request"
    assert page_cache._may_store(request, plain)
