"""Public pages are cacheable for anonymous visitors, and only they: every pattern of the role x
view table that a visitor may GET, in both languages, checked by construction (a new public
page is covered as soon as it has its row in table.py).

For an anonymous visitor: no cookie, ``Cache-Control: public, max-age=PUBLIC_PAGES_MAX_AGE``,
an ``ETag``, ``304 Not Modified`` without a body for a request that names it, and a ``Vary``
of only what the page depends on. For a logged-in person the same URLs are
``private, no-store``. The rule and its reasons: ``stemcharter.common.middleware``
(``CacheControlMiddleware``); private pages: ``common/tests/test_private_pages_cache.py``.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.cache import cc_delim_re

from stemcharter.actions.tests.factories import ActionFactory
from stemcharter.actions.tests.public import publish
from stemcharter.common.middleware import PRIVATE_PATH
from stemcharter.organisations.tests.factories import MembershipFactory
from stemcharter.pages.tests.access.table import TABLE
from stemcharter.pages.tests.access.test_role_view_table import PATTERNS
from stemcharter.pages.tests.access.world import build_world, url_kwargs
from stemcharter.reviews.services import revision_start

pytestmark = pytest.mark.django_db

# Pages a visitor may open that are not for a shared cache, with why.
NOT_PUBLIC = {
    "charter:sign": "the signing journey: a form that posts (CSRF cookie), the draft in the "
    "session; never_cache",
    # signing (issue 14)
    "charter:sign-invitation": "one invitation's personal link: the first visit marks it "
    "opened, and a form that posts (CSRF cookie) starts the signing; never_cache",
    "charter:sign-done": "what became of this visitor's signing (from the session), and a form "
    "that posts to send the email again; never_cache",
    "contact:contact": "a form that posts (CSRF cookie) and says it was sent (messages in the "
    "session); never_cache",
    "regions:subregion-contact": "the contact form of a region, as contact:contact; never_cache",
    "registrations:register": "a form that posts (CSRF cookie), one click for a logged-in "
    "member; never_cache",
    "registrations:registration": "one person's registration, from the secret link in their "
    "emails, with forms that post; never_cache",
    "health": "the state of the database, cache and queue right now, for load balancers; "
    "never_cache",
    # support requests: match
    "support:digest-opt-out": "one person's opt-out of the digest, from the signed link in "
    "their emails, with a form that posts; never_cache",
    # invite (issue 14)
    "organisations:do-not-contact": 'one address\'s "no more invitations", from the signed '
    "link in invitation emails, with a form that posts; never_cache",
}

# What a public page's Vary names: Cookie (a logged-in person gets another page), and for the
# lists that answer htmx with only their results, the headers that ask for those.
VARY = {"Cookie"}
VARY_HTMX = {"Cookie", "HX-Request", "HX-Target"}
# The API's one address answers in the language of ?lang= or else Accept-Language (docs/api.md).
VARY_API = {"Cookie", "Accept-Language"}
HTMX_LISTS = {"actions:action-list", "stories:story-list", "organisations:organisation-list"}

PUBLIC = sorted(
    name
    for name, row in TABLE.items()
    if row["GET"].split()[0] == "200"
    and not PRIVATE_PATH.match("/" + PATTERNS[name][0])
    and name not in NOT_PUBLIC
)


def directives(response) -> set[str]:
    return {d.strip() for d in cc_delim_re.split(response.get("Cache-Control", "")) if d.strip()}


def vary(response) -> set[str]:
    return {v.strip() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}


def urls(name: str, world) -> list[str]:
    """The page's URL in every language (robots.txt and the sitemaps have one)."""
    route, params = PATTERNS[name]
    kwargs = url_kwargs(name, route, params, world)
    found = []
    for language in ("nl", "en"):
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
        if url not in found:
            found.append(url)
    return found


def assert_public(
    response, *, max_age: int = 60, expected_vary=frozenset(VARY), etag: bool = True
) -> None:
    path = response.wsgi_request.get_full_path()
    assert response.status_code == 200, (path, response.status_code)
    assert not response.cookies, (path, response.cookies)
    assert directives(response) == {"public", f"max-age={max_age}"}, (
        path,
        response.get("Cache-Control"),
    )
    if etag:
        assert response.get("ETag"), path
    assert "Expires" not in response, path
    assert vary(response) == set(expected_vary), (path, response.get("Vary"))


def assert_private(response) -> None:
    path = response.wsgi_request.get_full_path()
    assert {"private", "no-store"} <= directives(response), (path, response.get("Cache-Control"))
    assert "public" not in directives(response), path
    assert "ETag" not in response, path


def test_public_cache_every_public_page_is_covered():
    """The enumeration finds the pages the issue names, so it is not silently empty."""
    assert {
        "public:home",
        "actions:action-list",
        "actions:action-detail",
        "actions:action-feed-rss",
        "stories:story-list",
        "stories:story-detail",
        "stories:story-feed-atom",
        "organisations:organisation-list",
        "organisations:organisation-detail",
        "charter:charter-detail",
        "sitemap",
        "sitemap-section",
        "robots",
    } <= set(PUBLIC)
    assert set(NOT_PUBLIC) <= set(TABLE)


def vary_expected(name: str) -> set[str]:
    """The ``Vary`` of the public page named ``name``: the lists htmx asks for a part of, the
    API (its language from the header), every other page."""
    if name in HTMX_LISTS:
        return VARY_HTMX
    return VARY_API if name.startswith("api:") else VARY


@pytest.mark.parametrize("name", PUBLIC)
def test_public_cache_anonymous_pages_are_public_with_a_validator(name):
    world = build_world()
    expected_vary = vary_expected(name)
    for url in urls(name, world):
        client = Client()
        response = client.get(url)
        assert_public(response, expected_vary=expected_vary)
        assert not client.cookies, (url, client.cookies)

        again = client.get(url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b"", url
        assert again["ETag"] == response["ETag"], url
        assert directives(again) == directives(response), url
        assert vary(again) == vary(response), url

        # A HEAD has no body to make an ETag from (ConditionalGetMiddleware skips it).
        assert_public(client.head(url), expected_vary=expected_vary, etag=False)

        # Another ETag (an older version of the page) gets the whole page.
        stale = client.get(url, headers={"If-None-Match": '"an-older-version"'})
        assert stale.status_code == 200, url
        assert stale.content == response.content, url


@pytest.mark.parametrize("name", PUBLIC)
def test_public_cache_the_same_pages_logged_in_are_private(name):
    world = build_world()
    for url in urls(name, world):
        client = Client()
        client.force_login(world.users["member"])
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_private(response)


@pytest.mark.parametrize("name", PUBLIC)
def test_public_cache_a_post_never_gets_a_public_header(name):
    world = build_world()
    for url in urls(name, world):
        response = Client().post(url, {})
        assert "public" not in directives(response), (url, response.get("Cache-Control"))


@pytest.mark.parametrize("name", sorted(NOT_PUBLIC))
def test_public_cache_pages_not_for_a_shared_cache_stay_private(name):
    world = build_world()
    for url in urls(name, world):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert_private(response)


@pytest.mark.parametrize("name", sorted(HTMX_LISTS))
def test_public_cache_htmx_results_are_public_and_vary_on_the_htmx_headers(name):
    world = build_world()
    url = urls(name, world)[0]
    client = Client()
    page = client.get(url)
    results = client.get(url, headers={"HX-Request": "true", "HX-Target": "results"})
    assert_public(results, expected_vary=VARY_HTMX)
    assert results.content != page.content
    assert results["ETag"] != page["ETag"]


def test_public_cache_the_language_comes_from_the_path_not_from_accept_language(client):
    """So Vary leaves Accept-Language out: the same URL is the same page for every browser."""
    build_world()
    dutch = client.get("/")
    asked_in_english = client.get("/", headers={"Accept-Language": "en"})
    assert asked_in_english["Content-Language"] == "nl"
    assert asked_in_english["ETag"] == dutch["ETag"]
    assert client.get("/en/", headers={"Accept-Language": "nl"})["Content-Language"] == "en"
    assert "Accept-Language" not in vary(dutch)


@pytest.mark.parametrize("max_age", [30, 300])
def test_public_cache_the_lifetime_is_a_setting(client, settings, max_age):
    settings.PUBLIC_PAGES_MAX_AGE = max_age
    assert_public(client.get("/charter/"), max_age=max_age)
    # A view's own lifetime is a ceiling at most: the sitemaps (cache_page, an hour on the
    # server) are kept no longer than the setting downstream.
    assert_public(client.get(reverse("sitemap")), max_age=min(max_age, 3600))


def test_public_cache_zero_means_ask_every_time(client, settings):
    settings.PUBLIC_PAGES_MAX_AGE = 0
    response = client.get("/charter/")
    assert directives(response) == {"public", "max-age=0", "no-cache"}
    assert response.get("ETag")


@pytest.mark.parametrize(
    "path", ["/deze-pagina-bestaat-niet/", "/acties/bestaat-niet/", "/en/verhalen/bestaat-niet/"]
)
def test_public_cache_error_pages_are_not_kept(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert directives(response) == {"no-cache"}, response.get("Cache-Control")
    assert not response.cookies


def test_public_cache_a_page_showing_a_message_of_the_session_is_private(client):
    """Logging out leaves "You have signed out" in a new session; the page that shows it
    saves the session (a cookie) and is for this visitor alone. The next page is public."""
    world = build_world()
    client.force_login(world.users["member"])
    client.post(reverse("account_logout"))
    with_message = client.get("/")
    assert with_message.cookies
    assert 'class="notice' in with_message.content.decode()
    assert_private(with_message)
    assert_public(client.get("/"))


def test_public_cache_a_published_change_changes_the_page_and_its_etag(client):
    """Within the lifetime a cache asks again with the ETag it has: after a publication the
    page differs, and so does its ETag, so the cache gets the new page instead of a 304."""
    world = build_world()
    list_url = reverse("actions:action-list")
    signatory_url = reverse("organisations:organisation-detail", args=[world.organisation.slug])
    before = {url: client.get(url) for url in (list_url, signatory_url)}

    publish(ActionFactory(organisation=world.organisation, title="Nieuwe open bedrijvendag"))

    for url, old in before.items():
        new = client.get(url, headers={"If-None-Match": old["ETag"]})
        assert new.status_code == 200, url
        assert "Nieuwe open bedrijvendag" in new.content.decode(), url
        assert new["ETag"] != old["ETag"], url


def test_public_cache_a_new_version_published_changes_the_detail_page_etag(client):
    world = build_world()
    detail_url = world.action.get_absolute_url()
    old = client.get(detail_url)

    member = MembershipFactory(organisation=world.organisation).user
    working_copy = revision_start(item=world.action, by=member)
    working_copy.title = "Gastles: hoe werkt een windmolen, nieuwe versie"
    working_copy.save()
    publish(working_copy)

    new = client.get(detail_url, headers={"If-None-Match": old["ETag"]})
    assert new.status_code == 200
    assert "nieuwe versie" in new.content.decode()
    assert new["ETag"] != old["ETag"]
